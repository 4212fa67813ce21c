using System.Text;
using PSGitHubSync.Engine.Collections;
using Xunit;

namespace PSGitHubSync.Tests.Collections;

/// <summary>
/// The streaming schema check (<see cref="CollectionSchemaStream"/>) finds exactly what
/// <see cref="CollectionSchemas.FindAll(System.Text.Json.JsonElement, string)"/> finds on the whole document: on the
/// example collections, and on small invalid collections for each way the pieces could fail to compose.
/// </summary>
public class CollectionSchemaStreamTests
{
    private const string BadRequest = "{\"name\":\"bad\",\"request\":{\"url\":\"https://example.com\",\"header\":5}}";
    private const string GoodRequest = "{\"name\":\"good\",\"request\":{\"url\":\"https://example.com\",\"method\":\"GET\"}}";

    /// <summary>Each invalid fixture: its name and the collection's properties after <c>info</c>.</summary>
    private static readonly (string Name, string Body)[] Fixtures =
    {
        ("deep in nested folders", "\"item\":[{\"name\":\"a\",\"item\":[{\"name\":\"b\",\"item\":[" + GoodRequest + ",{\"name\":\"c\",\"item\":[" + BadRequest + "]}]}]}]"),
        ("at top level", "\"item\":[" + GoodRequest + "," + BadRequest + ",{\"name\":\"no request\"}]"),
        ("in root properties", "\"variable\":{\"key\":\"x\"},\"item\":[" + BadRequest + "],\"auth\":{\"type\":5},\"event\":[{\"listen\":5}]"),
        ("folder item not an array", "\"item\":[{\"name\":\"f\",\"item\":\"oops\"},{\"name\":\"g\",\"item\":{\"request\":5}}]"),
        ("items that are not objects", "\"item\":[1,\"x\",null,true,[],[" + BadRequest + "],{\"name\":\"f\",\"item\":[2,[3],null]}]"),
        ("dual under oneOf, broken grandchild", "\"item\":[{\"name\":\"d\",\"request\":\"https://example.com\",\"item\":[{\"name\":\"c\",\"item\":[" + BadRequest + "]}]}," + BadRequest + "]"),
        ("dual under anyOf, broken grandchild", "\"item\":[{\"name\":\"f\",\"item\":[" + GoodRequest + ",{\"name\":\"d\",\"item\":[{\"name\":\"c\",\"item\":[" + BadRequest + "]}],\"request\":\"https://example.com\"}]}," + BadRequest + "]"),
        ("dual with a broken request", "\"item\":[{\"name\":\"d\",\"request\":5,\"item\":[" + BadRequest + "]},{\"name\":\"f\",\"item\":[{\"name\":\"d2\",\"item\":[" + GoodRequest + "],\"request\":{\"url\":5}}]}]"),
        ("dual matching both branches", "\"item\":[{\"name\":\"d\",\"request\":\"https://example.com\",\"item\":[" + GoodRequest + "]}]"),
        ("folder valid only without its items, with request-only properties broken", "\"item\":[{\"name\":\"f\",\"id\":5,\"response\":[{\"code\":\"x\"}],\"item\":[{\"name\":\"g\",\"response\":\"x\",\"item\":[" + BadRequest + "]}]}]"),
        ("folder broken itself and in its items", "\"item\":[{\"name\":5,\"item\":[" + BadRequest + "," + BadRequest + "]}]"),
        ("duplicate property names", "\"item\":[{\"name\":\"r\",\"request\":\"https://example.com\",\"request\":{\"header\":5}},{\"name\":\"f\",\"item\":[" + BadRequest + "],\"item\":[" + GoodRequest + "]},{\"name\":\"n\",\"name\":5,\"item\":[" + BadRequest + "]}]"),
        ("duplicate item in the collection", "\"item\":[" + BadRequest + "],\"item\":[" + GoodRequest + "," + BadRequest + "]"),
        ("escapes in property names", "\"it\\u0065m\":[{\"n\\u0061me\":5,\"requ\\u0065st\":{\"h\\u0065ader\":5,\"url\":{\"query\":[{\"key\":5}]}},\"item\":[" + BadRequest + "]},{\"name\":\"f\",\"it\\u0065m\":[" + BadRequest + "]}],\"v\\u0061riable\":[{\"a/b~c\":1,\"key\":5}]"),
        ("escapes in values", "\"item\":[{\"name\":\"caf\\u00e9 \\\"x\\\" \\ud83d\\ude00\",\"request\":{\"method\":\"G\\u0045T\",\"header\":[{\"key\":\"k\",\"value\":5}]}}]"),
    };

    public static IEnumerable<object[]> Cases() =>
        Fixtures.SelectMany(f => new[] { new object[] { f.Name, "2.1.0" }, new object[] { f.Name, "2.0.0" } });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Invalid_fixtures_give_the_whole_document_findings(string name, string version)
    {
        var body = Fixtures.Single(f => f.Name == name).Body;
        var json = Collection(version, body);

        var (findings, _) = SchemaStreamOracle.AssertSame(json);
        SchemaStreamOracle.AssertSame(json, bufferSize: 1);

        Assert.NotEmpty(findings);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Enveloped_fixtures_give_the_whole_document_findings(string name, string version)
    {
        var body = Fixtures.Single(f => f.Name == name).Body;
        var json = "{\"meta\":{\"item\":[5]},\"collection\":" + Collection(version, body) + ",\"after\":{\"item\":[]}}";

        var (findings, _) = SchemaStreamOracle.AssertSame(json, bufferSize: 7);

        Assert.NotEmpty(findings);
    }

    [Fact]
    public void Of_two_envelope_collections_the_last_is_checked()
    {
        var valid = Collection("2.1.0", "\"item\":[" + GoodRequest + "]");
        var invalid = Collection("2.1.0", "\"item\":[" + BadRequest + "]");

        Assert.NotEmpty(SchemaStreamOracle.AssertSame("{\"collection\":" + valid + ",\"collection\":" + invalid + "}").Findings);
        Assert.Empty(SchemaStreamOracle.AssertSame("{\"collection\":" + invalid + ",\"collection\":" + valid + "}").Findings);
    }

    [Fact]
    public void Broken_grandchildren_of_a_dual_item_do_not_count_but_those_of_a_folder_do()
    {
        var dual = Collection("2.1.0", "\"item\":[{\"name\":\"d\",\"request\":\"https://example.com\",\"item\":[" + BadRequest + "]}]");
        var folder = Collection("2.1.0", "\"item\":[{\"name\":\"f\",\"item\":[" + BadRequest + "]}]");

        Assert.Empty(SchemaStreamOracle.AssertSame(dual).Findings);
        Assert.Contains(SchemaStreamOracle.AssertSame(folder).Findings, f => f.JsonPath == "$.item[0].item[0].request.header");
    }

    [Fact]
    public void More_than_MaxFindings_are_cut_in_document_order()
    {
        var folders = string.Join(",", Enumerable.Range(0, 30).Select(i => "{\"name\":\"f" + i + "\",\"item\":[" + string.Join(",", Enumerable.Repeat(BadRequest, 9)) + "]}"));
        var json = Collection("2.1.0", "\"item\":[" + folders + "],\"variable\":[{\"key\":5}]");

        var (findings, _) = SchemaStreamOracle.AssertSame(json, bufferSize: 4096);

        Assert.Equal(CollectionSchemas.MaxFindings, findings.Count);
        Assert.Equal("$.item[0].item[0].request.header", findings[0].JsonPath);
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles.Examples), MemberType = typeof(ReferenceFiles))]
    public void Example_collections_give_the_whole_document_findings(string name)
    {
        SchemaStreamOracle.AssertSame(ReferenceFiles.ReadExample(name), bufferSize: 512);
    }

    [Fact]
    public void A_valid_collection_has_no_findings()
    {
        var json = Collection("2.1.0", "\"item\":[" + GoodRequest + ",{\"name\":\"f\",\"item\":[" + GoodRequest + ",{\"name\":\"g\",\"item\":[]}]}]");

        Assert.Empty(SchemaStreamOracle.AssertSame(json).Findings);
    }

    [Fact]
    public void The_largest_piece_is_about_the_largest_item_not_the_collection()
    {
        var json = LargeCollectionGenerator.Generate(8_000_000, out var requests);
        Assert.True(requests > 100, "many requests");

        var (_, peak) = SchemaStreamOracle.AssertSame(json, bufferSize: 64 * 1024);

        // An item of the generated collection is some kilobytes; the whole is 8 MB.
        Assert.True(peak < 64 * 1024, $"largest piece {peak:N0} bytes of {json.Length:N0}");
        Assert.True(peak > 100, "pieces were checked");
    }

    [Fact]
    public void A_dual_item_is_checked_whole_and_only_it()
    {
        var big = "{\"name\":\"f\",\"item\":[" + string.Join(",", Enumerable.Repeat(GoodRequest, 2000)) + "]}";
        var dual = "{\"name\":\"d\",\"request\":\"https://example.com\",\"item\":[" + BadRequest + "]}";
        var json = Collection("2.1.0", "\"item\":[" + big + "," + dual + "]");

        var (_, peak) = SchemaStreamOracle.AssertSame(json);

        Assert.InRange(peak, Encoding.UTF8.GetByteCount(dual) - 10, Encoding.UTF8.GetByteCount(big) / 10);
    }

    internal static string Collection(string version, string body) =>
        "{\"info\":{\"name\":\"Fixture\",\"schema\":\"https://schema.getpostman.com/json/collection/v" + version + "/collection.json\"}," + body + "}";
}
