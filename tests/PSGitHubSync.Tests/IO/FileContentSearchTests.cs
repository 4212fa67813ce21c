using System.Text;
using PSGitHubSync.Engine.IO;
using Xunit;

namespace PSGitHubSync.Tests.IO;

/// <summary>Restore looks for redaction placeholders in a version without reading it into memory: a search in pieces.</summary>
public sealed class FileContentSearchTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "psgithubsync-search-" + Guid.NewGuid().ToString("N") + ".json");

    public void Dispose() => File.Delete(_file);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65_536 - 8)]     // the pattern spans the first piece's end
    [InlineData(65_536 - 1)]
    [InlineData(65_536)]
    [InlineData(200_000)]
    public void A_pattern_is_found_wherever_it_is_also_across_pieces_on_disk_and_in_memory(int at)
    {
        var pattern = Encoding.UTF8.GetBytes("<redacted:");
        var bytes = new byte[at + pattern.Length + 1000];
        bytes.AsSpan().Fill((byte)'x');
        pattern.CopyTo(bytes, at);
        File.WriteAllBytes(_file, bytes);

        Assert.True(FileContent.FromFile(_file).Contains(pattern));
        Assert.True(FileContent.FromBytes(bytes).Contains(pattern));
    }

    [Fact]
    public void A_pattern_that_is_only_cut_in_two_far_apart_is_not_found()
    {
        var pattern = Encoding.UTF8.GetBytes("<redacted:");
        var bytes = new byte[300_000];
        bytes.AsSpan().Fill((byte)'x');
        pattern.AsSpan(0, 5).CopyTo(bytes.AsSpan(65_531));         // the first half at the end of a piece
        pattern.AsSpan(5).CopyTo(bytes.AsSpan(131_072));          // the rest elsewhere
        File.WriteAllBytes(_file, bytes);

        Assert.False(FileContent.FromFile(_file).Contains(pattern));
        Assert.False(FileContent.FromBytes(Array.Empty<byte>()).Contains(pattern));
    }
}
