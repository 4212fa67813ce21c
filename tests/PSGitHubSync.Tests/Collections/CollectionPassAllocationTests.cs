using PSGitHubSync.Emulator.Postman;
using PSGitHubSync.Engine.Collections;
using Xunit;

namespace PSGitHubSync.Tests.Collections;

/// <summary>
/// What the streaming pass allocates per byte of the benchmark's generated collections (bytes asked of the GC on this
/// thread, kept or not, schema check off): what is left is what the pass reports (a few short strings and objects per
/// request), not a string or a document per value. Measured at about 0.75 bytes per input byte after the pass stopped
/// allocating per value (it was 2.9), of which about 0.33 is the request index's identities
/// (<c>BackupManifest.ShortIdentity</c>); the bound leaves a margin for the runtime, not room for a string per value.
/// </summary>
public class CollectionPassAllocationTests
{
    private const double MaxBytesPerInputByte = 1.0;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_generated_multi_megabyte_collection_allocates_less_than_its_size(bool redact)
    {
        var json = PostmanCollectionGenerator.Generate(7, 0, 6 * 1024 * 1024, (6 * 1024 * 1024) + 8192, "Large Collection", "b3a7c0de-0000-4000-8000-000000000030", 583231);
        var options = new CollectionPassOptions { RedactSecrets = redact, CheckSchema = false };
        CollectionStreamNormalizer.NormalizeCollection(new MemoryStream(json), Stream.Null, "warm-up", options);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = CollectionStreamNormalizer.NormalizeCollection(new MemoryStream(json), Stream.Null, "generated", options);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(result.Requests.Count > 1_000, $"{result.Requests.Count} requests indexed");
        var ratio = allocated / (double)json.Length;
        Assert.True(ratio < MaxBytesPerInputByte, $"allocated {allocated:N0} bytes for {json.Length:N0} ({ratio:F3} per byte, bound {MaxBytesPerInputByte})");
    }

    [Fact]
    public void A_request_list_in_chunks_keeps_every_request_in_order()
    {
        var list = new ChunkedList<int>();
        for (var i = 0; i < (3 * ChunkedList<int>.ChunkLength) + 5; i++)
        {
            list.Add(i);
        }

        Assert.Equal((3 * ChunkedList<int>.ChunkLength) + 5, list.Count);
        Assert.Equal(Enumerable.Range(0, list.Count), list);
        Assert.Equal(64, list[64]);
        Assert.Equal(ChunkedList<int>.ChunkLength, list[ChunkedList<int>.ChunkLength]);
    }
}
