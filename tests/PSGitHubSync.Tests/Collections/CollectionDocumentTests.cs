using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PSGitHubSync.Engine.Collections;
using PSGitHubSync.Engine.Errors;
using Xunit;
using static PSGitHubSync.Tests.Collections.TestCollections;

namespace PSGitHubSync.Tests.Collections;

public class CollectionDocumentTests
{
    [Fact]
    public void The_reference_examples_are_there()
    {
        // Locating them must succeed (a missing folder fails every example test, it never skips).
        Assert.True(ReferenceFiles.ExampleNames().Length >= 20, "expected the 21 example collections of tests/fixtures/postman-collections");
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles.Examples), MemberType = typeof(ReferenceFiles))]
    public void Every_real_example_parses_and_validates(string example)
    {
        var bytes = ReferenceFiles.ReadExample(example);
        var document = CollectionDocument.Parse(bytes, example);

        var expected = JsonNode.Parse(bytes)!;
        Assert.Equal((string?)expected["info"]!["name"], document.Name);
        Assert.Equal((string?)expected["info"]!["_postman_id"], document.PostmanId);
        Assert.Equal(example.StartsWith("v20-", StringComparison.Ordinal) ? "2.0.0" : "2.1.0", document.FormatVersion);
        Assert.Equal(JsonValueKind.Object, document.Root.ValueKind);
        Assert.True(document.Root.TryGetProperty("item", out _));
        Assert.False(document.WasEnveloped);
        Assert.Equal(example, document.SourceName);
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles.Examples), MemberType = typeof(ReferenceFiles))]
    public void The_stream_overload_reads_the_same_collection(string example)
    {
        var bytes = ReferenceFiles.ReadExample(example);
        using var stream = new MemoryStream(bytes);
        var fromStream = CollectionDocument.Parse(stream, example);
        var fromBytes = CollectionDocument.Parse(bytes, example);

        Assert.Equal(fromBytes.Name, fromStream.Name);
        Assert.Equal(fromBytes.PostmanId, fromStream.PostmanId);
        Assert.Equal(fromBytes.FormatVersion, fromStream.FormatVersion);
        Assert.Equal(DomNormalizer.Normalize(fromBytes), DomNormalizer.Normalize(fromStream));
    }

    [Fact]
    public void Accepts_the_postman_api_envelope()
    {
        var inner = ReferenceFiles.ReadExample("auth-inherited.json");
        var enveloped = Encoding.UTF8.GetBytes("{\"collection\": " + Encoding.UTF8.GetString(inner) + "}");

        var document = CollectionDocument.Parse(enveloped, "api");

        Assert.True(document.WasEnveloped);
        Assert.Equal("Inherited auth and nested folders", document.Name);
        Assert.True(document.Root.TryGetProperty("info", out _));
        Assert.False(document.Root.TryGetProperty("collection", out _));
        Assert.Equal(DomNormalizer.Normalize(CollectionDocument.Parse(inner, "file")), DomNormalizer.Normalize(document));
    }

    [Fact]
    public void Accepts_a_utf8_byte_order_mark()
    {
        var json = Bytes(Collection("With BOM", Request("One")));
        var withBom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(json).ToArray();

        Assert.Equal("With BOM", CollectionDocument.Parse(withBom, "bom.json").Name);
        Assert.Equal("With BOM", CollectionDocument.Parse(new MemoryStream(withBom), "bom.json").Name);
    }

    [Theory]
    [InlineData("https://schema.getpostman.com/json/collection/v2.1.0/collection.json", "2.1.0")]
    [InlineData("http://schema.getpostman.com/json/collection/v2.1.0/collection.json", "2.1.0")]
    [InlineData("http://schema.getpostman.com/json/draft-07/collection/v2.1.0/collection.json", "2.1.0")]
    [InlineData("https://schema.getpostman.com/json/draft-07/collection/v2.1.0/", "2.1.0")]
    [InlineData("https://schema.postman.com/collection/json/v2.1.0/draft-07/collection.json", "2.1.0")]
    [InlineData("https://schema.getpostman.com/json/collection/v2.0.0/collection.json", "2.0.0")]
    [InlineData("https://schema.getpostman.com/json/draft-07/collection/v2.0.0/collection.json", "2.0.0")]
    [InlineData("https://schema.getpostman.com/json/collection/v1.0.0/collection.json", null)]
    [InlineData("https://schema.getpostman.com/json/collection/v2.2.0/collection.json", null)]
    [InlineData("https://schema.getpostman.com/json/collection/v2.1.1/collection.json", null)]
    [InlineData("https://example.com/openapi/v2.1.0/spec.json", null)]
    [InlineData("", null)]
    public void Detects_the_format_version_from_the_schema_url(string url, string? expected)
    {
        Assert.Equal(expected, CollectionDocument.DetectVersion(url));
    }

    [Fact]
    public void Keeps_a_v20_collection_as_v20()
    {
        var document = CollectionDocument.Parse(ReferenceFiles.ReadExample("v20-response-body-null.json"), "v20.json");
        Assert.Equal("2.0.0", document.FormatVersion);
    }

    [Fact]
    public void A_v20_auth_block_is_validated_with_the_v20_schema()
    {
        // v2.0 auth attributes are an object; the v2.1 schema requires an array.
        var v20 = Collection("Old auth");
        v20["info"]!["schema"] = V20;
        v20["auth"] = new JsonObject { ["type"] = "bearer", ["bearer"] = new JsonObject { ["token"] = "{{token}}" } };
        Assert.Equal("2.0.0", Parse(v20).FormatVersion);

        var v21 = JsonNode.Parse(v20.ToJsonString())!;
        v21["info"]!["schema"] = V21;
        var document = Parse(v21);
        Assert.Equal("2.1.0", document.FormatVersion);
        AssertFinding(document, "$.auth.bearer");
    }

    [Fact]
    public void Not_json_is_an_invalid_collection()
    {
        var error = AssertInvalid(() => CollectionDocument.Parse(Bytes("{ \"info\": "), "broken.json"), path: null);
        Assert.Contains("not valid JSON", error.Message);
        Assert.Contains("line 1", error.Message);
        Assert.DoesNotContain("LineNumber", error.Message);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    [Fact]
    public void The_json_error_does_not_echo_fragments_of_the_file()
    {
        var error = AssertInvalid(() => Parse("{\"variable\": [{\"key\": \"token\", \"value\": nqX7secretish}]}", "unquoted.json"), path: null);
        Assert.DoesNotContain("nqX", error.Message);
    }

    [Fact]
    public void Not_json_from_a_stream_is_an_invalid_collection()
    {
        var error = AssertInvalid(() => CollectionDocument.Parse(new MemoryStream(Bytes("<html>")), "page.html"), path: null);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void Nesting_deeper_than_any_collection_is_refused_as_invalid()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 300)) + string.Concat(Enumerable.Repeat("]", 300));
        var json = "{\"info\": {\"name\": \"x\", \"schema\": \"" + V21 + "\"}, \"item\": [], \"variable\": [{\"key\": \"k\", \"value\": " + deep + "}]}";
        var error = AssertInvalid(() => Parse(json, "deep.json"), path: null);
        Assert.Contains("depth", error.Message);
    }

    [Fact]
    public void An_empty_file_is_an_invalid_collection()
    {
        AssertInvalid(() => CollectionDocument.Parse(Array.Empty<byte>(), "empty.json"), path: null);
    }

    [Fact]
    public void An_array_is_an_invalid_collection()
    {
        var error = AssertInvalid(() => Parse("[{\"info\": {}}]", "array.json"), "$");
        Assert.Contains("an array", error.Message);
    }

    [Fact]
    public void A_collection_without_info_is_invalid()
    {
        var error = AssertInvalid(() => Parse("{\"item\": []}", "noinfo.json"), "$");
        Assert.Contains("'info'", error.Message);
    }

    [Fact]
    public void A_v1_collection_is_invalid_and_says_so()
    {
        const string v1 = """
            {
              "id": "2412a72c-1d8e-491b-aced-93809c0e94e9",
              "name": "Legacy",
              "order": ["a"],
              "folders": [],
              "requests": [ { "id": "a", "name": "A", "url": "https://example.com", "method": "GET" } ]
            }
            """;
        var error = AssertInvalid(() => Parse(v1, "legacy.json"), "$");
        Assert.Contains("v1", error.Message);
        Assert.Contains("v2.1", error.Message);
    }

    [Fact]
    public void An_unknown_schema_version_is_a_finding_and_read_as_v21()
    {
        var collection = Collection("Future");
        collection["info"]!["schema"] = "https://schema.getpostman.com/json/collection/v3.0.0/collection.json";
        var document = Parse(collection);
        Assert.Equal("2.1.0", document.FormatVersion);
        Assert.Contains("v3.0.0", AssertFinding(document, "$.info.schema").Message);
    }

    [Fact]
    public void A_missing_schema_url_is_a_finding()
    {
        var document = Parse("{\"info\": {\"name\": \"x\"}, \"item\": []}");
        Assert.Equal("info.schema: missing", AssertFinding(document, "$.info").Kind);
    }

    [Fact]
    public void A_missing_item_array_is_invalid()
    {
        var collection = Collection("No items");
        collection.Remove("item");
        var error = AssertInvalid(() => Parse(collection), "$");
        Assert.Contains("item", error.Message);
        collection["item"] = new JsonObject();
        Assert.Contains("not the array", AssertInvalid(() => Parse(collection), "$").Message);
    }

    [Fact]
    public void A_missing_name_is_reported_at_info()
    {
        var collection = Collection("x");
        ((JsonObject)collection["info"]!).Remove("name");
        Assert.Contains("name", AssertFinding(Parse(collection), "$.info").Message);
    }

    [Fact]
    public void A_wrong_url_reports_the_path_of_the_url()
    {
        var collection = Collection("Bad url", Request("ok"), Request("ok 2"), Request("ok 3"), Request("bad"));
        collection["item"]![3]!["request"]!["url"] = 42;
        var finding = Assert.Single(Parse(collection, "bad-url.json").Findings);
        Assert.Equal("$.item[3].request.url", finding.JsonPath);
        Assert.Equal("item[].request.url: type", finding.Kind);
    }

    [Fact]
    public void A_problem_deep_in_folders_reports_its_own_path()
    {
        var bad = Request("bad");
        bad["request"]!["header"] = new JsonArray(new JsonObject { ["key"] = "Accept" });
        var collection = Collection("Nested", Folder("Payments", Folder("Refunds", Request("ok"), bad)));
        var finding = AssertFinding(Parse(collection), "$.item[0].item[0].item[1].request.header[0]");
        Assert.StartsWith("item[].request.header[]:", finding.Kind, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_a_finding_in_document_order()
    {
        var first = Request("first");
        first["request"]!["method"] = 7;
        var second = Request("second");
        second["request"]!["url"] = true;
        var collection = Collection("Two problems", Request("ok"), first, second);
        var document = Parse(collection);
        Assert.Equal(new[] { "$.item[1].request.method", "$.item[2].request.url" }, document.Findings.Select(f => f.JsonPath).ToArray());
    }

    [Fact]
    public void An_item_that_is_neither_a_request_nor_a_folder_is_reported_at_the_item()
    {
        var collection = Collection("Odd", Request("ok"), new JsonObject { ["name"] = "neither" });
        Assert.Contains("request", AssertFinding(Parse(collection), "$.item[1]").Message);
    }

    [Fact]
    public void An_item_of_the_wrong_type_is_reported()
    {
        var collection = Collection("Odd", Request("ok"));
        ((JsonArray)collection["item"]!).Add("just a string");
        AssertFinding(Parse(collection), "$.item[1]");
    }

    [Fact]
    public void Problems_inside_the_api_envelope_carry_the_envelope_path()
    {
        var collection = Collection("Enveloped", Request("bad"));
        collection["item"]![0]!["request"]!["url"] = 5;
        var envelope = new JsonObject { ["collection"] = collection };
        AssertFinding(Parse(envelope), "$.collection.item[0].request.url");
    }

    [Fact]
    public void A_property_name_that_is_not_an_identifier_is_quoted_in_the_path()
    {
        var collection = Collection("Quoted");
        collection["protocolProfileBehavior"] = 5;
        AssertFinding(Parse(collection), "$.protocolProfileBehavior");
        Assert.Equal("$.item[0]['odd key'].x", JsonPathText.Format(new[]
        {
            JsonPathSegment.Of("item"), JsonPathSegment.Of(0), JsonPathSegment.Of("odd key"), JsonPathSegment.Of("x"),
        }));
    }

    [Theory]
    [InlineData("$")]
    [InlineData("$.item[3].request.url")]
    [InlineData("$.item[0]['odd key']['it\\'s'].x[12]")]
    [InlineData("$.auth.bearer[0].value")]
    public void Json_paths_round_trip(string path)
    {
        var segments = JsonPathText.TryParse(path);
        Assert.NotNull(segments);
        Assert.Equal(path, JsonPathText.Format(segments!));
    }

    [Fact]
    public void Duplicate_json_keys_still_parse()
    {
        var json = "{\"info\": {\"name\": \"a\", \"name\": \"b\", \"schema\": \"" + V21 + "\"}, \"item\": []}";
        Assert.NotNull(Parse(json));
    }

    internal static CollectionFinding AssertFinding(CollectionDocument document, string path)
    {
        Assert.Contains(document.Findings, f => f.JsonPath == path);
        var finding = document.Findings.First(f => f.JsonPath == path);
        Assert.False(string.IsNullOrWhiteSpace(finding.Message));
        Assert.StartsWith(path + ": ", finding.ToString(), StringComparison.Ordinal);
        return finding;
    }

    internal static SyncException AssertInvalid(Func<object> parse, string? path)
    {
        var error = Assert.Throws<SyncException>(() => parse());
        Assert.Equal(CollectionErrorIds.InvalidCollection, error.ErrorId);
        Assert.Equal(SyncErrorCategory.InvalidData, error.Category);
        Assert.NotNull(error.Target);
        Assert.Contains((string)error.Target!, error.Message);
        Assert.Contains("export", error.Message, StringComparison.OrdinalIgnoreCase);
        if (path is not null)
        {
            Assert.Contains("at " + path + ":", error.Message);
        }

        return error;
    }
}
