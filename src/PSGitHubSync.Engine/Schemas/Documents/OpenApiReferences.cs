using System;

namespace PSGitHubSync.Engine.Schemas.Documents;

/// <summary>Follows one <c>$ref</c> inside the set: to another file (relative path) and a JSON pointer in it.</summary>
internal static class OpenApiReferences
{
    /// <summary>
    /// The node <paramref name="reference"/> names, written in <paramref name="fromFile"/>; false when it is a
    /// URL, leaves the set, names a missing file, is not a JSON pointer or names nothing (the reference walk
    /// reports those that are wrong).
    /// </summary>
    public static bool TryResolve(CheckContext context, string fromFile, string reference, out string file, out DocNode node, out string pointer)
    {
        file = fromFile;
        node = null!;
        pointer = JsonPointer.Root;
        reference = reference.Trim();
        if (reference.Length == 0) return false;
        var hash = reference.IndexOf('#');
        var filePart = hash < 0 ? reference : reference.Substring(0, hash);
        var fragment = hash < 0 ? "" : reference.Substring(hash + 1);
        if (filePart.Length > 0)
        {
            if (SetPaths.IsAbsoluteUri(filePart)) return false;
            var resolved = SetPaths.Resolve(SetPaths.DirectoryOf(fromFile), filePart, out _);
            if (resolved is null || !context.Set.Contains(resolved)) return false;
            file = resolved;
        }
        if (!JsonPointer.TryParse(fragment, out var tokens)) return false;
        var root = context.Parse(file).Root;
        if (root is null) return false;
        var found = JsonPointer.Resolve(root, tokens, out _);
        if (found is null) return false;
        node = found;
        pointer = fragment.Length == 0 ? JsonPointer.Root : "#" + (fragment.StartsWith("/", StringComparison.Ordinal) ? fragment : "/" + fragment);
        return true;
    }
}
