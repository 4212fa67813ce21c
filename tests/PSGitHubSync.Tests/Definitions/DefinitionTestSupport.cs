using System.Text;
using PSGitHubSync.Engine.Definitions;
using Xunit;

namespace PSGitHubSync.Tests.Definitions;

/// <summary>Shared inputs and helpers for the definitions-file tests.</summary>
internal static class DefinitionTestSupport
{
    /// <summary>A made-up file name used by <see cref="DefinitionLoader.Parse"/> calls that never touch the disk.</summary>
    public static readonly string FakeFile = Path.Combine(Path.GetTempPath(), "psgithubsync-definitions-tests", "psgithubsync.yml");

    // Shaped like real tokens (the right prefix and length), but made up.
    public const string ClassicToken = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";
    public const string OAuthToken = "gho_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";
    public const string AppToken = "ghs_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";
    public const string FineGrainedToken = "github_pat_11ABCDEFG0123456789abc_defghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTU";
    public const string PostmanKey = "PMAK-0123456789abcdef01234567-0123456789abcdef0123456789abcdef01";
    public const string LegacyToken = "0123456789abcdef0123456789abcdef01234567";

    public static IReadOnlyList<string> AllTokens { get; } = new[] { ClassicToken, OAuthToken, AppToken, FineGrainedToken, PostmanKey, LegacyToken };

    /// <summary>Normalizes a C# literal to LF line endings (the source file may be checked out with CRLF).</summary>
    public static string Lf(string text) => text.Replace("\r\n", "\n");

    /// <summary>The lines of <paramref name="text"/>, each with its own ending ("\n", "\r\n" or "" for an unterminated last line).</summary>
    public static List<string> LinesWithEndings(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            lines.Add(text.Substring(start, i + 1 - start));
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text.Substring(start));
        return lines;
    }

    /// <summary>
    /// Asserts that <paramref name="updated"/> is <paramref name="original"/> with exactly one contiguous block of whole
    /// lines inserted (every original line present, in order, byte-identical including its ending) and returns that block.
    /// An original without a final newline may get one at its very end (the block then follows it).
    /// </summary>
    public static string AssertSingleInsertedBlock(string original, string updated, string newline)
    {
        var baseText = original;
        if (original.Length > 0 && !original.EndsWith("\n", StringComparison.Ordinal))
        {
            // Without a final newline the only way to add lines is after the end: the text must start with all of it.
            Assert.StartsWith(original, updated, StringComparison.Ordinal);
            baseText = original + newline;
        }
        var oldLines = LinesWithEndings(baseText);
        var newLines = LinesWithEndings(updated);
        Assert.True(newLines.Count > oldLines.Count, "no line was added");
        var prefix = 0;
        while (prefix < oldLines.Count && oldLines[prefix] == newLines[prefix]) prefix++;
        var suffix = 0;
        while (suffix < oldLines.Count - prefix && oldLines[oldLines.Count - 1 - suffix] == newLines[newLines.Count - 1 - suffix]) suffix++;
        Assert.True(prefix + suffix == oldLines.Count,
            $"the original lines are not all kept in order around one inserted block: first changed original line is {prefix + 1}: '{(prefix < oldLines.Count ? oldLines[prefix] : "")}'");
        var inserted = newLines.Skip(prefix).Take(newLines.Count - oldLines.Count).ToList();
        foreach (var line in inserted)
        {
            // The new lines use the file's own line ending.
            if (newline == "\r\n") Assert.True(line.EndsWith("\r\n", StringComparison.Ordinal) || !line.EndsWith("\n", StringComparison.Ordinal), $"line without CRLF: '{line}'");
            else Assert.DoesNotContain("\r", line);
        }
        return string.Concat(inserted);
    }

    /// <summary>A fresh folder under the temp directory, removed on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "psgs-defs-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public string Write(string name, string text, bool bom = false)
        {
            var path = File(name);
            var bytes = new UTF8Encoding(false).GetBytes(text);
            if (bom) bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(bytes).ToArray();
            System.IO.File.WriteAllBytes(path, bytes);
            return path;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
