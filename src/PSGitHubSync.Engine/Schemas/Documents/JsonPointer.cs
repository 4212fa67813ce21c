using System;
using System.Collections.Generic;
using System.Globalization;

namespace PSGitHubSync.Engine.Schemas.Documents;

/// <summary>JSON pointers (RFC 6901) in URI-fragment form (<c>#/paths/~1pets</c>) over <see cref="DocNode"/>s.</summary>
internal static class JsonPointer
{
    public const string Root = "#";

    public static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");

    public static string Append(string pointer, string token) => pointer + "/" + Escape(token);

    public static string Append(string pointer, int index) => pointer + "/" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Splits a fragment (the part after <c>#</c>, or a whole <c>#/...</c> pointer) into unescaped tokens.
    /// False when the fragment is not a JSON pointer (for example a plain-name anchor).
    /// </summary>
    public static bool TryParse(string fragment, out List<string> tokens)
    {
        tokens = new List<string>();
        var text = fragment.StartsWith("#", StringComparison.Ordinal) ? fragment.Substring(1) : fragment;
        try
        {
            text = Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return false;
        }
        if (text.Length == 0) return true;
        if (text[0] != '/') return false;
        foreach (var part in text.Substring(1).Split('/'))
        {
            tokens.Add(part.Replace("~1", "/").Replace("~0", "~"));
        }
        return true;
    }

    /// <summary>
    /// The node the tokens name, or null; <paramref name="deepest"/> is the last node that was found on
    /// the way (for a position when the pointer ends in a missing key).
    /// </summary>
    public static DocNode? Resolve(DocNode root, IReadOnlyList<string> tokens, out DocNode deepest)
    {
        deepest = root;
        var current = root;
        foreach (var token in tokens)
        {
            DocNode? next = null;
            if (current.Kind == DocNodeKind.Mapping)
            {
                next = current.Get(token);
            }
            else if (current.Kind == DocNodeKind.Sequence
                && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < current.Items.Count)
            {
                next = current.Items[index];
            }
            if (next is null) return null;
            current = next;
            deepest = current;
        }
        return current;
    }

    /// <summary>Resolves a <c>#/...</c> pointer; null when it is not a pointer or names nothing.</summary>
    public static DocNode? Resolve(DocNode root, string pointer, out DocNode deepest)
    {
        deepest = root;
        return TryParse(pointer, out var tokens) ? Resolve(root, tokens, out deepest) : null;
    }
}
