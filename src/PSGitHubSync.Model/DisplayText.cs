using System;
using System.Globalization;
using System.Text;

namespace PSGitHubSync;

/// <summary>
/// Makes text that came from data (collection, request, file and workspace names) safe to show
/// to people: in the console, in commit messages, in error messages. Control characters (C0, DEL,
/// C1, such as NUL or the ESC that starts an ANSI sequence), line and paragraph separators and
/// bidirectional formatting characters (such as U+202E, which shows text backwards) are replaced
/// by a visible escape (<c>\x1b</c>, <c>\u202e</c>), so nothing can recolour a terminal, hide or
/// fake a line, or disguise a name; everything else is kept as it is.
/// </summary>
public static class DisplayText
{
    /// <summary>True for C0 and C1 control characters, DEL, U+2028/U+2029 and the bidirectional formatting characters.</summary>
    public static bool IsControlOrBidi(char c) =>
        c < '\u0020' || c is >= '\u007F' and <= '\u009F'
        || c is '\u061C' or '\u200E' or '\u200F' or '\u2028' or '\u2029'
        || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>One line: every control character, line breaks and tabs included, becomes a visible escape.</summary>
    public static string Line(string? text) => Escape(text, keepLineBreaks: false);

    /// <summary>
    /// Several lines: line feeds and tabs stay (a carriage return before a line feed is dropped);
    /// every other control character becomes a visible escape.
    /// </summary>
    public static string Lines(string? text) => Escape(text, keepLineBreaks: true);

    /// <summary>True when <paramref name="text"/> holds nothing that <see cref="Lines"/> would change.</summary>
    public static bool IsClean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return true;
        foreach (var c in text!)
        {
            if (IsControlOrBidi(c) && c is not '\n' and not '\t') return false;
        }
        return true;
    }

    private static string Escape(string? text, bool keepLineBreaks)
    {
        if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
        var value = text!;
        var clean = true;
        foreach (var c in value)
        {
            if (IsControlOrBidi(c) && !(keepLineBreaks && c is '\n' or '\t'))
            {
                clean = false;
                break;
            }
        }
        if (clean) return value;

        var builder = new StringBuilder(value.Length + 16);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!IsControlOrBidi(c) || keepLineBreaks && c is '\n' or '\t')
            {
                builder.Append(c);
            }
            else if (keepLineBreaks && c == '\r' && i + 1 < value.Length && value[i + 1] == '\n')
            {
                // CRLF is a line break written on Windows: it becomes LF.
            }
            else if (c <= '\u00FF')
            {
                builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }
}
