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

/// <summary>What is not a collection is refused by the pass with the DOM path's error id and message, whatever the buffer size.</summary>
public class CollectionStreamRefusalTests
{
    public static IEnumerable<object[]> NotCollections() => new[]
    {
        "", "   ", "[]", "42", "\"text\"", "null", "{}", "{\"info\": {}}", "{\"item\": []}", "{\"info\": [], \"item\": []}",
        "{\"info\": {\"name\": \"x\"}, \"item\": {}}", "{\"requests\": [], \"order\": []}", "{\"collection\": []}", "{\"collection\": {\"item\": []}}",
        "{\"info\": {\"name\": \"x\"}, \"item\": [}", "{\"info\": {\"name\": \"x\"}, \"item\": [],}", "{\"info\": {\"name\": \"x\"}, \"item\": []} trailing",
        "{\"info\": {\"name\": nope}, \"item\": []}", "{\"info\": {\"name\": \"x\"}, \"item\": [", "{\"info\": {\"name\": \"x\u0001\"}, \"item\": []}",
        "{\"info\": {\"name\": \"x\"}, \"item\": []", "{'info': {}}", "{\"info\": {\"name\": \"x\"}, \"item\": [1.]}",
        new string('[', 300) + new string(']', 300),
        "{\"info\": {\"name\": \"x\"}, \"item\": [" + new string('[', 300) + new string(']', 300) + "]}",
    }.Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(NotCollections))]
    public void Is_refused_as_the_DOM_path_refuses_it(string json)
    {
        foreach (var size in new[] { 1, 2, 5, 4096 })
        {
            StreamingOracle.AssertSame(StreamingOracle.CompareCollection(Encoding.UTF8.GetBytes(json), "broken.json", redact: true, size));
        }
    }

    [Theory]
    [InlineData(new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}' })]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}' })]
    [InlineData(new byte[] { (byte)'{', (byte)'\n', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)' ', (byte)'"', 0xE2, 0x82, (byte)'"', (byte)'}' })]
    [InlineData(new byte[] { (byte)'[', (byte)'1', (byte)',', (byte)',', (byte)']', 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { (byte)'"', 0xF0, 0x9F, 0x98 })]
    public void Bytes_that_are_not_UTF8_are_refused_with_their_offset_line_and_column(byte[] json)
    {
        foreach (var size in new[] { 1, 2, 3, 4096 })
        {
            StreamingOracle.AssertSame(StreamingOracle.CompareCollection(json, "latin1.json", redact: false, size));
        }
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"name\": \"x\"}")]
    [InlineData("{\"environment\": {\"name\": \"x\"}}")]
    [InlineData("{\"environment\": 3, \"name\": \"x\"}")]
    [InlineData("{\"values\": [,]}")]
    [InlineData("")]
    public void What_is_not_an_environment_is_refused_as_the_DOM_path_refuses_it(string json)
    {
        foreach (var size in new[] { 1, 4096 })
        {
            StreamingOracle.AssertSame(StreamingOracle.CompareEnvironment(Encoding.UTF8.GetBytes(json), "broken.postman_environment.json", redact: false, size));
        }
    }
}
