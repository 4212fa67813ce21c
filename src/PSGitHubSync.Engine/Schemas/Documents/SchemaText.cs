using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;

namespace PSGitHubSync.Engine.Schemas.Documents;

/// <summary>Turns a schema file's bytes into text, for reading only: the bytes themselves are never changed.</summary>
internal static class SchemaText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Decodes UTF-8 (with or without a byte order mark) or UTF-16/UTF-32 with a byte order mark.
    /// Returns null with a reason for bytes that are not such text (or hold NUL characters).
    /// </summary>
    public static string? TryDecode(ImmutableArray<byte> content, out string? error)
    {
        error = null;
        var bytes = content.IsDefault ? ReadOnlySpan<byte>.Empty : content.AsSpan();
        try
        {
            string text;
            if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            {
                text = StrictUtf8.GetString(bytes.Slice(3).ToArray());
            }
            else if (bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xFE && bytes[2] == 0 && bytes[3] == 0)
            {
                text = new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true).GetString(bytes.Slice(4).ToArray());
            }
            else if (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF)
            {
                text = new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true).GetString(bytes.Slice(4).ToArray());
            }
            else if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
            {
                text = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes.Slice(2).ToArray());
            }
            else if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
            {
                text = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes.Slice(2).ToArray());
            }
            else
            {
                text = StrictUtf8.GetString(bytes.ToArray());
            }
            if (text.IndexOf('\0') >= 0)
            {
                error = "The file holds NUL characters; it is not a text file.";
                return null;
            }
            return text;
        }
        catch (DecoderFallbackException ex)
        {
            error = "The file is not UTF-8 text (nor UTF-16 with a byte order mark)"
                + (ex.Index >= 0 ? $": invalid byte sequence near byte {ex.Index}" : "") + "; save it as UTF-8.";
            return null;
        }
    }

    /// <summary>True when the first character that is not white space opens a JSON object or array.</summary>
    public static bool LooksLikeJson(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) continue;
            return c == '{' || c == '[';
        }
        return false;
    }

    /// <summary>True when the text is empty or only white space.</summary>
    public static bool IsBlank(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c)) return false;
        }
        return true;
    }

    /// <summary>The first line, without its line ending.</summary>
    public static string FirstLine(string text)
    {
        var end = text.IndexOfAny(new[] { '\r', '\n' });
        return end < 0 ? text : text.Substring(0, end);
    }
}

/// <summary>Maps character offsets in a text to 1-based line and column.</summary>
internal sealed class LineIndex
{
    private readonly List<int> _starts = new() { 0 };

    public LineIndex(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') _starts.Add(i + 1);
        }
    }

    /// <summary>How many lines the text has.</summary>
    public int LineCount => _starts.Count;

    /// <summary>The 1-based line and column of a 0-based character offset.</summary>
    public (int Line, int Column) Position(int offset)
    {
        var index = _starts.BinarySearch(offset);
        if (index < 0) index = ~index - 1;
        if (index < 0) index = 0;
        return (index + 1, offset - _starts[index] + 1);
    }
}
