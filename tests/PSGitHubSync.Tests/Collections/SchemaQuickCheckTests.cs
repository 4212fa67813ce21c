using System.Text.Json;
using FsCheck;
using FsCheck.Xunit;
using PSGitHubSync.Emulator.Postman;
using PSGitHubSync.Engine.Collections;
using Xunit;

namespace PSGitHubSync.Tests.Collections;

/// <summary>
/// The quick check never calls valid what the schema library calls invalid (and when it is sure it agrees both ways),
/// at every place a collection is checked, and it is sure about ordinary collections (so the library is asked little).
/// </summary>
public sealed class SchemaQuickCheckTests
{
    /// <summary>Places in the schema and which values of a collection to check there.</summary>
    private static readonly string[] DefinitionPlaces =
    {
        "/definitions/item", "/definitions/item-group", "/definitions/request", "/definitions/url", "/definitions/header-list",
        "/definitions/auth", "/definitions/event-list", "/definitions/variable-list", "/definitions/response", "/definitions/description",
    };

    private static void AssertAgrees(JsonElement value, string version, string pointer, List<string>? unknown = null)
    {
        var set = CollectionSchemas.GetSet(version);
        var quick = set.Quick.Check(value, pointer);
        if (quick == QuickVerdict.Unknown)
        {
            unknown?.Add(pointer);
            return;
        }

        var schema = set.At(pointer);
        var library = schema.Evaluate(value, CollectionSchemas.FlagOptions).IsValid;
        Assert.True(library == (quick == QuickVerdict.Valid), $"v{version} {pointer}: quick {quick}, library {(library ? "valid" : "invalid")} for {Shorten(value.GetRawText())}");
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text.Substring(0, 300) + "…";

    /// <summary>Every value of a collection checked at the places it could be checked.</summary>
    private static void AssertAgreesEverywhere(JsonElement collection, string version, List<string>? unknown = null)
    {
        AssertAgrees(collection, version, string.Empty, unknown);
        Walk(collection, topLevel: true);

        void Walk(JsonElement node, bool topLevel)
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty("item", out var items) || items.ValueKind != JsonValueKind.Array) return;
            foreach (var item in items.EnumerateArray())
            {
                AssertAgrees(item, version, topLevel ? "/properties/item/items" : "/definitions/item-group/properties/item/items", unknown);
                foreach (var place in DefinitionPlaces) AssertAgrees(item, version, place, unknown);
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("request", out var request))
                {
                    AssertAgrees(request, version, "/definitions/request", unknown);
                    if (request.ValueKind == JsonValueKind.Object && request.TryGetProperty("url", out var url)) AssertAgrees(url, version, "/definitions/url", unknown);
                }

                Walk(item, topLevel: false);
            }
        }
    }

    public static IEnumerable<object[]> Examples() => ReferenceFiles.Examples();

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_example_collections_are_judged_as_the_library_judges_them(string name)
    {
        using var document = JsonDocument.Parse(ReferenceFiles.ReadExample(name), new JsonDocumentOptions { AllowTrailingCommas = false });
        var root = document.RootElement.TryGetProperty("collection", out var inner) ? inner : document.RootElement;
        foreach (var version in new[] { "2.0.0", "2.1.0" }) AssertAgreesEverywhere(root, version);
    }

    [Property(MaxTest = 150)]
    public void Random_collections_are_judged_as_the_library_judges_them(int seed)
    {
        var json = new RandomPostmanJson(seed).Collection();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.AsMemory(json.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }) ? 3 : 0));
        }
        catch (JsonException)
        {
            return;
        }

        using (document)
        {
            var root = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("collection", out var inner) ? inner : document.RootElement;
            AssertAgreesEverywhere(root, seed % 2 == 0 ? "2.1.0" : "2.0.0");
        }
    }

    [Theory]
    [InlineData("{\"name\":\"r\",\"request\":{\"method\":\"GET\",\"url\":\"https://example.com\"}}", "/properties/item/items")]
    [InlineData("{\"name\":\"r\",\"request\":{\"method\":\"FETCH\",\"url\":\"https://example.com\"}}", "/definitions/item")]
    [InlineData("{\"name\":\"r\",\"request\":\"https://example.com\",\"item\":[]}", "/properties/item/items")]
    [InlineData("{\"name\":\"r\",\"request\":\"https://example.com\",\"item\":[]}", "/definitions/item-group/properties/item/items")]
    [InlineData("{\"name\":\"f\",\"item\":[5]}", "/definitions/item-group")]
    [InlineData("{\"major\":1,\"minor\":-1,\"patch\":0}", "/definitions/version")]
    [InlineData("{\"major\":1,\"minor\":1,\"patch\":0,\"identifier\":\"abcdefghijk\"}", "/definitions/version")]
    [InlineData("{\"key\":\"k\",\"type\":\"secret\"}", "/definitions/variable")]
    [InlineData("{\"key\":\"k\",\"type\":\"number\",\"value\":1}", "/definitions/variable")]
    [InlineData("{\"listen\":\"test\",\"script\":{\"exec\":[\"a\",5]}}", "/definitions/event")]
    [InlineData("{\"type\":\"bearer\",\"bearer\":[{\"key\":\"token\",\"value\":\"x\",\"type\":\"string\"}]}", "/definitions/auth")]
    [InlineData("{\"type\":\"bearer\",\"bearer\":{\"token\":\"x\"}}", "/definitions/auth")]
    public void Hand_picked_values_are_judged_as_the_library_judges_them(string json, string pointer)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var version in new[] { "2.0.0", "2.1.0" }) AssertAgrees(document.RootElement, version, pointer);
    }

    [Fact]
    public void An_ordinary_collection_is_judged_without_the_library()
    {
        var bytes = PostmanCollectionGenerator.Generate(11, 0, 400_000, 500_000);
        using var document = JsonDocument.Parse(bytes);
        var unknown = new List<string>();

        AssertAgreesEverywhere(document.RootElement, "2.1.0", unknown);

        Assert.Empty(unknown);
        Assert.Equal(QuickVerdict.Valid, CollectionSchemas.GetSet("2.1.0").Quick.Check(document.RootElement, string.Empty));
    }

    [Theory]
    [InlineData("{\"$ref\":\"#/definitions/missing\"}", "{}")]
    [InlineData("{\"enum\":5}", "\"a\"")]
    [InlineData("{\"minimum\":\"zero\"}", "1")]
    [InlineData("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/nowhere\"}}}", "{\"a\":1}")]
    [InlineData("{\"$ref\":\"https://example.com/other.json\"}", "{}")]
    [InlineData("{\"type\":\"number\",\"minimum\":1}", "0.99999999999999999999")]
    public void A_schema_or_value_it_cannot_decide_is_never_called_valid(string schema, string value)
    {
        using var schemaDocument = JsonDocument.Parse(schema);
        using var valueDocument = JsonDocument.Parse(value);
        var check = new SchemaQuickCheck(schemaDocument.RootElement.Clone());

        Assert.NotEqual(QuickVerdict.Valid, check.Check(valueDocument.RootElement, string.Empty));
        Assert.NotEqual(QuickVerdict.Valid, check.Check(valueDocument.RootElement, string.Empty));   // asked again: the node stays undecided
    }
}
