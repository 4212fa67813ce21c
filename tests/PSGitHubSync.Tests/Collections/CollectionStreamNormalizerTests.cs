using System.Text;
using PSGitHubSync.Engine.Collections;
using Xunit;

namespace PSGitHubSync.Tests.Collections;

/// <summary>The streaming pass against the DOM path it replaces, over every example collection in the repository.</summary>
public class CollectionStreamNormalizerTests
{
    private static readonly int[] BufferSizes = { 1, 2, 3, 7, 64, 4096, CollectionStreamNormalizer.DefaultBufferSize };

    public static IEnumerable<object[]> Collections()
    {
        foreach (var name in ReferenceFiles.ExampleNames())
        {
            yield return new object[] { Path.Combine(ReferenceFiles.ExamplesDirectory, name) };
        }

        foreach (var file in Directory.GetFiles(DemoCollections, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            yield return new object[] { file };
        }
    }

    private static string DemoCollections => Path.Combine(Emulator.ReferenceFiles.RepositoryRoot, "tests", "demo", "collections");

    [Theory]
    [MemberData(nameof(Collections))]
    public void Every_example_gives_the_bytes_secrets_requests_and_findings_of_the_DOM_path(string file)
    {
        var bytes = File.ReadAllBytes(file);
        foreach (var redact in new[] { false, true })
        {
            foreach (var size in BufferSizes)
            {
                StreamingOracle.AssertSame(StreamingOracle.CompareCollection(bytes, Path.GetFileName(file), redact, size));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Collections))]
    public void Every_example_in_the_api_envelope_gives_the_same_result(string file)
    {
        var bytes = Encoding.UTF8.GetBytes("{\"collection\": " + Encoding.UTF8.GetString(File.ReadAllBytes(file)) + "}");
        StreamingOracle.AssertSame(StreamingOracle.CompareCollection(bytes, Path.GetFileName(file), redact: true, 5));
    }
}
