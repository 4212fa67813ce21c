using System;

namespace PSGitHubSync.Engine.IO;

/// <summary>Strict UTF-8 checks for local and downloaded text, with positions people can find in an editor.</summary>
public static class Utf8Text
{
    /// <summary>
    /// The offset of the first byte that does not start a well-formed UTF-8 sequence (The Unicode Standard, table 3-7:
    /// no overlong forms, no encoded surrogates, nothing above U+10FFFF, no truncated sequence), or -1 when all is UTF-8.
    /// </summary>
    public static int IndexOfInvalid(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b < 0x80) { i++; continue; }
            int length;
            byte low = 0x80, high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) length = 2;
            else if (b >= 0xE0 && b <= 0xEF)
            {
                length = 3;
                if (b == 0xE0) low = 0xA0;
                else if (b == 0xED) high = 0x9F;
            }
            else if (b >= 0xF0 && b <= 0xF4)
            {
                length = 4;
                if (b == 0xF0) low = 0x90;
                else if (b == 0xF4) high = 0x8F;
            }
            else return i;
            if (i + length > bytes.Length) return i;
            var second = bytes[i + 1];
            if (second < low || second > high) return i;
            for (var k = 2; k < length; k++)
            {
                if ((bytes[i + k] & 0xC0) != 0x80) return i;
            }
            i += length;
        }
        return -1;
    }

    /// <summary>The 1-based line and column (in characters, counting each UTF-8 sequence once) of a byte offset.</summary>
    public static (int Line, int Column) Position(ReadOnlySpan<byte> bytes, int offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n') { line++; column = 1; }
            else if ((bytes[i] & 0xC0) != 0x80) column++;
        }
        return (line, column);
    }
}
