using System.Text;
using PSGitHubSync.Engine.Collections;
using Xunit;

namespace PSGitHubSync.Tests.Collections;

/// <summary>
/// What the streaming pass allocates (<see cref="GC.GetAllocatedBytesForCurrentThread"/>, every byte the pass
/// asks for, kept or not) does not grow with the size of the document: only with the requests it indexes and
/// the largest single string.
/// </summary>
public class CollectionStreamMemoryTests
{
    private const int Buffer = 64 * 1024;

    [Fact]
    public void Twenty_times_the_bytes_in_the_same_requests_allocates_no_more()
    {
        var small = Generate(requests: 200, bodyBytes: 2_000, out _);
        var large = Generate(requests: 200, bodyBytes: 40_000, out _);
        Assert.True(large.Length > 8_000_000, "a multi-MB collection");

        var smallAllocated = Allocated(small);
        var largeAllocated = Allocated(large);

        Assert.True(largeAllocated <= smallAllocated + Buffer, $"{large.Length:N0} bytes allocated {largeAllocated:N0}, {small.Length:N0} bytes allocated {smallAllocated:N0}");

        // What is left scales with what the pass reports: per request its index entry and two secrets (path, name, place),
        // and the small objects held back for the scanner.
        Assert.True(largeAllocated < (4 * Buffer) + (200 * 8_192), $"allocated {largeAllocated:N0} bytes for {large.Length:N0}");
        Assert.True(largeAllocated * 5 < large.Length, $"allocated {largeAllocated:N0} bytes for {large.Length:N0}");
    }

    [Fact]
    public void A_single_huge_string_costs_about_its_own_size()
    {
        var json = Generate(requests: 3, bodyBytes: 6_000_000, out var largest);

        var allocated = Allocated(json);

        Assert.True(allocated < (3L * largest) + (16 * Buffer), $"allocated {allocated:N0} bytes for a {largest:N0}-byte string in {json.Length:N0} bytes");
    }

    private static long Allocated(byte[] json)
    {
        var options = new CollectionPassOptions { RedactSecrets = true, CheckSchema = false, BufferSize = Buffer };
        CollectionStreamNormalizer.NormalizeCollection(new MemoryStream(json), Stream.Null, "warm-up", options);
        var input = new MemoryStream(json);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = CollectionStreamNormalizer.NormalizeCollection(input, Stream.Null, "generated", options);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(json.Length > 0 ? result.Requests.Count : 0, result.Requests.Count);
        return allocated;
    }

    /// <summary>A collection of folders of requests, each with headers, an auth block holding a token, and a body of the given size.</summary>
    private static byte[] Generate(int requests, int bodyBytes, out int largestString)
    {
        var body = new string('x', bodyBytes - 20) + " \\\"escaped\\\" é";
        largestString = Encoding.UTF8.GetByteCount(body);
        var json = new StringBuilder("{\"info\":{\"name\":\"Memory\",\"schema\":\"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\",\"updatedAt\":\"2025\"},\"item\":[");
        for (var i = 0; i < requests; i++)
        {
            json.Append(i % 20 == 0 ? (i == 0 ? string.Empty : "]},") + "{\"name\":\"Folder " + i + "\",\"item\":[" : ",");
            json.Append("{\"name\":\"Request ").Append(i).Append("\",\"id\":\"r").Append(i).Append("\",\"uid\":\"u\",\"request\":{\"method\":\"post\",")
                .Append("\"header\":[{\"key\":\"Content-Type\",\"value\":\"application/json\"},{\"value\":\"Bearer abcdefghijkl\",\"key\":\"Authorization\"}],")
                .Append("\"auth\":{\"type\":\"bearer\",\"bearer\":[{\"key\":\"token\",\"value\":\"s3cr3t\",\"type\":\"string\"}]},")
                .Append("\"body\":{\"mode\":\"raw\",\"raw\":\"").Append(body).Append("\"}},\"response\":[]}");
        }

        json.Append("]}]}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }
}
