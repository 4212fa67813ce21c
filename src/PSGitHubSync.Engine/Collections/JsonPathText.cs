using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PSGitHubSync.Engine.Collections;

/// <summary>
/// One step of a JSON path: a property name or an array index.
/// </summary>
internal readonly struct JsonPathSegment : IEquatable<JsonPathSegment>
{
    private JsonPathSegment(string? property, int index)
    {
        Property = property;
        Index = index;
    }

    /// <summary>The property name, or null for an array index.</summary>
    public string? Property { get; }

    /// <summary>The array index (meaningful when <see cref="Property"/> is null).</summary>
    public int Index { get; }

    /// <summary>True for an array index.</summary>
    public bool IsIndex => Property is null;

    public static JsonPathSegment Of(string property) => new(property ?? throw new ArgumentNullException(nameof(property)), -1);

    public static JsonPathSegment Of(int index) => new(null, index);

    public bool Equals(JsonPathSegment other) => string.Equals(Property, other.Property, StringComparison.Ordinal) && Index == other.Index;

    public override bool Equals(object? obj) => obj is JsonPathSegment other && Equals(other);

    public override int GetHashCode() => Property is null ? Index : StringComparer.Ordinal.GetHashCode(Property);

    public override string ToString() => Property ?? Index.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Writes and reads the JSONPath-like locations used in messages and findings:
/// <c>$.item[3].request.url</c>, with <c>$['odd name']</c> for names that are not identifiers.
/// </summary>
internal static class JsonPathText
{
    public const string Root = "$";

    public static string Format(IEnumerable<JsonPathSegment> segments)
    {
        var builder = new StringBuilder(Root);
        foreach (var segment in segments)
        {
            Append(builder, segment);
        }

        return builder.ToString();
    }

    public static string Property(string parent, string name)
    {
        var builder = new StringBuilder(parent);
        Append(builder, JsonPathSegment.Of(name));
        return builder.ToString();
    }

    public static string Index(string parent, int index) =>
        parent + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    public static void Append(StringBuilder builder, JsonPathSegment segment)
    {
        if (segment.IsIndex)
        {
            builder.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            return;
        }

        var name = segment.Property!;
        if (IsIdentifier(name))
        {
            builder.Append('.').Append(name);
            return;
        }

        builder.Append("['");
        foreach (var c in name)
        {
            if (c == '\'' || c == '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        builder.Append("']");
    }

    /// <summary>Parses a path written by <see cref="Format"/>; returns null when the text is not such a path.</summary>
    public static List<JsonPathSegment>? TryParse(string? path)
    {
        if (path is null || path.Length == 0 || path[0] != '$')
        {
            return null;
        }

        var segments = new List<JsonPathSegment>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var start = ++i;
                while (i < path.Length && path[i] != '.' && path[i] != '[')
                {
                    i++;
                }

                if (i == start)
                {
                    return null;
                }

                segments.Add(JsonPathSegment.Of(path.Substring(start, i - start)));
            }
            else if (path[i] == '[')
            {
                i++;
                var segment = i < path.Length && path[i] == '\''
                    ? ReadQuotedName(path, ref i)
                    : ReadIndex(path, ref i);
                if (segment is null)
                {
                    return null;
                }

                segments.Add(segment.Value);
            }
            else
            {
                return null;
            }
        }

        return segments;
    }

    // ['name'] from the quote at i, with \' and \\ escapes; i ends after the ']'. Null when it is not closed.
    private static JsonPathSegment? ReadQuotedName(string path, ref int i)
    {
        i++;
        var name = new StringBuilder();
        var closed = false;
        while (i < path.Length)
        {
            var c = path[i++];
            if (c == '\\' && i < path.Length)
            {
                name.Append(path[i++]);
            }
            else if (c == '\'')
            {
                closed = true;
                break;
            }
            else
            {
                name.Append(c);
            }
        }

        if (!closed || i >= path.Length || path[i] != ']')
        {
            return null;
        }

        i++;
        return JsonPathSegment.Of(name.ToString());
    }

    // [index] from the first digit at i; i ends after the ']'. Null when it is not a non-negative integer.
    private static JsonPathSegment? ReadIndex(string path, ref int i)
    {
        var start = i;
        while (i < path.Length && path[i] >= '0' && path[i] <= '9')
        {
            i++;
        }

        if (i == start || i >= path.Length || path[i] != ']' ||
            !int.TryParse(path.Substring(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return null;
        }

        i++;
        return JsonPathSegment.Of(index);
    }

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_' || name[0] == '$'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_' || c == '$'))
            {
                return false;
            }
        }

        return true;
    }
}
