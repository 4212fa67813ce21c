using System.Text;
using FsCheck;
using FsCheck.Xunit;
using PSGitHubSync.Emulator;
using PSGitHubSync.Engine.IO;
using PSGitHubSync.Tests.Backup;
using Xunit;

namespace PSGitHubSync.Tests.IO;

/// <summary>
/// What the Postman API sends is kept even where it is not UTF-8: each ill-formed sequence becomes U+FFFD exactly as
/// .NET's decoder makes it (what reading the answer as text did before downloads were streamed), piece by piece,
/// and the backup says so instead of refusing the collection.
/// </summary>
public sealed class Utf8RepairingStreamTests
{
    private static (byte[] Output, Utf8RepairingStream Stream) Repair(byte[] input, IEnumerable<int> cuts)
    {
        using var output = new MemoryStream();
        var repairing = new Utf8RepairingStream(output);
        var position = 0;
        foreach (var cut in cuts)
        {
            var length = Math.Min(cut, input.Length - position);
            if (length <= 0) break;
            repairing.Write(input, position, length);
            position += length;
        }

        if (position < input.Length) repairing.Write(input, position, input.Length - position);
        repairing.Complete();
        return (output.ToArray(), repairing);
    }

    /// <summary>The oracle: decode with replacement, encode again.</summary>
    private static byte[] Decoded(byte[] input) => new UTF8Encoding(false).GetBytes(Encoding.UTF8.GetString(input));

    /// <summary>Bytes that are often almost UTF-8: ASCII, lead bytes, continuation bytes and the boundary values of table 3-7.</summary>
    private static byte[] Mix(byte[] picks) => picks.Select(p => Interesting[p % Interesting.Length]).ToArray();

    private static readonly byte[] Interesting =
    {
        0x41, 0x7B, 0x22, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
        0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF, 0xBB, 0xBD,
    };

    [Property(MaxTest = 500)]
    public bool Any_bytes_written_in_any_pieces_come_out_as_decoding_and_encoding_them_again(byte[] picks, bool raw, PositiveInt[] cuts)
    {
        var input = raw ? picks : Mix(picks);
        var (output, stream) = Repair(input, cuts.Select(c => c.Get % 7 + 1));
        var firstInvalid = Utf8Text.IndexOfInvalid(input);
        return output.AsSpan().SequenceEqual(Decoded(input))
            && (stream.Replacements > 0) == (firstInvalid >= 0)
            && stream.FirstReplacedOffset == (firstInvalid >= 0 ? firstInvalid : null);
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0xE9, 0x62 }, 1)]                       // Latin-1 é between letters
    [InlineData(new byte[] { 0xE2, 0x82 }, 1)]                             // a sequence cut by the end: one U+FFFD
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x41 }, 1)]                 // cut by a letter: one U+FFFD, then the letter
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 3)]                       // an encoded surrogate: three
    [InlineData(new byte[] { 0xC0, 0xAF }, 2)]                             // an overlong '/': two
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80, 0xE2, 0x82, 0xAC }, 0)] // 😀€ is UTF-8
    public void Each_maximal_subpart_is_one_replacement_whatever_the_pieces(byte[] input, int replacements)
    {
        for (var piece = 1; piece <= input.Length; piece++)
        {
            var (output, stream) = Repair(input, Enumerable.Repeat(piece, input.Length));
            Assert.Equal(Decoded(input), output);
            Assert.Equal(replacements, stream.Replacements);
        }
    }

    [Fact]
    public void Rewinding_for_a_retry_starts_over()
    {
        using var output = new MemoryStream();
        var repairing = new Utf8RepairingStream(output);
        repairing.Write(new byte[] { 0x61, 0xFF, 0xE2 }, 0, 3);

        repairing.Position = 0;
        repairing.SetLength(0);
        repairing.Write(new byte[] { 0x82, 0xAC, 0x62 }, 0, 3);   // a new answer: the cut sequence of the old one is forgotten
        repairing.Complete();

        Assert.Equal(Decoded(new byte[] { 0x82, 0xAC, 0x62 }), output.ToArray());
        Assert.Equal(2, repairing.Replacements);
        Assert.Equal(0, repairing.FirstReplacedOffset);
    }

    [Fact]
    public async Task A_collection_Postman_sends_with_bytes_that_are_not_UTF8_is_backed_up_with_replacements_and_a_warning()
    {
        var json = "{\"collection\":{\"info\":{\"name\":\"Latin\",\"schema\":\"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"},"
            + "\"item\":[{\"name\":\"caf#\",\"request\":{\"method\":\"GET\",\"url\":\"https://example.com\"}}]}}";
        var bytes = Encoding.UTF8.GetBytes(json);
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xE9;   // é in Latin-1
        await using var world = await BackupWorld.StartAsync(c =>
        {
            var postman = (Dictionary<string, object?>)c["postman"]!;
            postman["workspaces"] = ((object[])postman["workspaces"]!).Append(new Dictionary<string, object?>
            {
                ["name"] = "Legacy",
                ["collections"] = new object[] { new Dictionary<string, object?> { ["name"] = "Latin", ["rawBase64"] = Convert.ToBase64String(bytes) } },
            }).ToArray();
        });
        var integrations = world.Integrations("  - name: legacy\n    type: collection-backup\n    source: { workspace: Legacy, collection: Latin }\n    repository: contoso/api-backups\n");
        var warnings = new List<string>();

        var outcome = Assert.Single(await world.RunAsync(integrations, world.Session(warnings: warnings)));

        Assert.Null(outcome.Error);
        var committed = Encoding.UTF8.GetString(world.Repository.ReadFile("main", "Postman Collections/Latin.postman_collection.json")!);
        Assert.Contains("\"name\": \"caf\uFFFD\"", committed, StringComparison.Ordinal);
        var warning = Assert.Single(warnings, w => w.Contains("not UTF-8", StringComparison.Ordinal));
        Assert.Contains("1 byte sequence(s)", warning, StringComparison.Ordinal);
        Assert.Contains($"the first at byte {Array.IndexOf(bytes, (byte)0xE9)}", warning, StringComparison.Ordinal);
    }
}
