using System.Diagnostics;
using System.Text;
using PSGitHubSync.Engine.Collections;
using Xunit;
using Xunit.Abstractions;

namespace PSGitHubSync.Tests.Collections;

[CollectionDefinition(nameof(LargeCollectionTests), DisableParallelization = true)]
public class LargeCollectionTestGroup
{
}

/// <summary>A 30 MB collection (generated here, never committed) parses, validates and normalizes in bounded time and memory.</summary>
[Collection(nameof(LargeCollectionTests))]
public class LargeCollectionTests
{
    private const long Size = 30L * 1024 * 1024;
    private readonly ITestOutputHelper _output;

    public LargeCollectionTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void A_30_MB_collection_parses_validates_and_normalizes()
    {
        var bytes = LargeCollectionGenerator.Generate(Size, out var requests);
        Assert.True(bytes.Length >= Size);

        // Build the schema first so that the measurement is about the collection.
        CollectionDocument.Parse(Encoding.UTF8.GetBytes("{\"info\":{\"name\":\"w\",\"schema\":\"" + TestCollections.V21 + "\"},\"item\":[]}"), "warm-up");

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        var document = CollectionDocument.Parse(bytes, "large.json");
        var parseTime = watch.Elapsed;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(document);

        watch.Restart();
        var normalized = DomNormalizer.Normalize(document);
        var normalizeTime = watch.Elapsed;

        _output.WriteLine($"{bytes.Length / 1e6:F1} MB, {requests} requests: parse+validate {parseTime.TotalMilliseconds:F0} ms, retained {retained / 1e6:F1} MB; normalize {normalizeTime.TotalMilliseconds:F0} ms");

        // The document keeps the input bytes plus an index of the tokens: a small multiple of the file.
        Assert.True(retained < 3 * bytes.Length, $"retained {retained} bytes for a {bytes.Length}-byte file");

        Assert.Equal("Large generated collection", document.Name);
        var text = Encoding.UTF8.GetString(normalized);
        Assert.DoesNotContain("\"uid\"", text);
        Assert.DoesNotContain("\"updatedAt\"", text);
        Assert.Contains("\"id\": \"request-" + (requests - 1) + "\"", text);

        using var stream = new MemoryStream(normalized);
        var reparsed = CollectionDocument.Parse(stream, "large normalized");
        Assert.Equal(normalized, DomNormalizer.Normalize(reparsed));
        Assert.Empty(PSGitHubSync.Engine.Backup.RequestIndex.Compare(DomRequestIndex.FromJson(DomNormalizer.Normalize(document)), DomRequestIndex.FromJson(DomNormalizer.Normalize(reparsed))));
        Assert.Empty(DomSecretScanner.Scan(document));
    }

    [Fact]
    public void A_problem_at_the_end_of_a_large_collection_is_located()
    {
        var bytes = LargeCollectionGenerator.Generate(8L * 1024 * 1024, out _);
        var text = Encoding.UTF8.GetString(bytes);
        var last = text.LastIndexOf("\"method\": \"GET\"", StringComparison.Ordinal);
        var broken = Encoding.UTF8.GetBytes(text.Substring(0, last) + "\"method\": 42" + text.Substring(last + "\"method\": \"GET\"".Length));

        var finding = Assert.Single(CollectionDocument.Parse(broken, "large.json").Findings);
        Assert.Matches(@"^\$\.item\[\d+\]\.item\[99\]\.request\.method$", finding.JsonPath);
    }
}
