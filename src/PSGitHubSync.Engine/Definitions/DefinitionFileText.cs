using System;
using System.IO;
using System.Text;

namespace PSGitHubSync.Engine.Definitions;

/// <summary>
/// Reads a definitions file's bytes as text: UTF-8 (a BOM is accepted), or UTF-16 when it starts with a UTF-16
/// byte order mark. Anything else is refused with the line and column, never read with U+FFFD in place of what
/// could not be read.
/// </summary>
internal static class DefinitionFileText
{
    /// <summary>Reads the file at <paramref name="fullPath"/>.</summary>
    /// <exception cref="DefinitionFileException"><c>InvalidEncoding</c>: anything else (Latin-1, UTF-16 without a byte order mark), with the line and column.</exception>
    public static string Read(string fullPath) => Decode(File.ReadAllBytes(fullPath), fullPath);

    /// <summary>See <see cref="Read"/>; <paramref name="file"/> names the file in the problem.</summary>
    public static string Decode(byte[] bytes, string file)
    {
        // Windows PowerShell 5.1 writes UTF-16 LE with a byte order mark by default (Out-File, >): read it strictly.
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            try
            {
                return new UnicodeEncoding(bigEndian: bytes[0] == 0xFE, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes, 2, bytes.Length - 2);
            }
            catch (DecoderFallbackException)
            {
                throw EncodingProblem(file, 1, 1, "The file starts with a UTF-16 byte order mark but is not valid UTF-16");
            }
        }
        var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        var body = new ReadOnlySpan<byte>(bytes, offset, bytes.Length - offset);
        var nul = body.IndexOf((byte)0);
        if (nul >= 0)
        {
            var (line, column) = IO.Utf8Text.Position(body, nul);
            throw EncodingProblem(file, line, column, $"The file contains a NUL character (offset {offset + nul}); it is probably UTF-16 without a byte order mark");
        }
        var invalid = IO.Utf8Text.IndexOfInvalid(body);
        if (invalid >= 0)
        {
            var (line, column) = IO.Utf8Text.Position(body, invalid);
            throw EncodingProblem(file, line, column,
                $"The file is not UTF-8: byte 0x{body[invalid]:X2} (offset {offset + invalid}) cannot be read as UTF-8; it was probably saved as Latin-1/Windows-1252");
        }
        return new UTF8Encoding(false, true).GetString(bytes, offset, bytes.Length - offset);
    }

    private static DefinitionFileException EncodingProblem(string file, int line, int column, string what) =>
        new(file, new[]
        {
            new DefinitionProblem(DefinitionProblemId.InvalidEncoding,
                what + ". Save it as UTF-8 (in an editor: Save with Encoding > UTF-8; in PowerShell: Set-Content -Encoding utf8).", file, line, column),
        });
}
