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
            var (kind, length) = Scan(bytes, i);
            if (kind != Utf8Sequence.Valid) return i;   // a sequence cut by the end is truncated
            i += length;
        }
        return -1;
    }

    /// <summary>
    /// The sequence at <paramref name="i"/>: valid (and its length); ill-formed (and the length of its maximal subpart, at
    /// least 1: what one U+FFFD replaces, The Unicode Standard 3.9); or cut by the end of <paramref name="bytes"/> while
    /// well-formed so far (length 0).
    /// </summary>
    internal static (Utf8Sequence Kind, int Length) Scan(ReadOnlySpan<byte> bytes, int i)
    {
        var b = bytes[i];
        if (b < 0x80) return (Utf8Sequence.Valid, 1);
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
        else return (Utf8Sequence.Invalid, 1);

        if (i + 1 >= bytes.Length) return (Utf8Sequence.Cut, 0);
        var second = bytes[i + 1];
        if (second < low || second > high) return (Utf8Sequence.Invalid, 1);
        for (var k = 2; k < length; k++)
        {
            if (i + k >= bytes.Length) return (Utf8Sequence.Cut, 0);
            if ((bytes[i + k] & 0xC0) != 0x80) return (Utf8Sequence.Invalid, k);
        }
        return (Utf8Sequence.Valid, length);
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

/// <summary>What <see cref="Utf8Text.Scan"/> finds at a position.</summary>
internal enum Utf8Sequence
{
    /// <summary>A well-formed sequence.</summary>
    Valid,

    /// <summary>An ill-formed one.</summary>
    Invalid,

    /// <summary>Well-formed so far, cut by the end of the bytes.</summary>
    Cut,
}
