using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PSGitHubSync.Tests.Collections;

/// <summary>
/// The example collections written for these tests (tests/fixtures/postman-collections): every auth type, form data,
/// file and GraphQL bodies, scripts, saved responses, variables, v2.0 and v2.1, nested folders, odd URLs and the
/// older fields real exports carry. Not finding them is a failure, never a skip.
/// </summary>
internal static class ReferenceFiles
{
    public static string ExamplesDirectory => Emulator.ReferenceFiles.PostmanExampleCollections;

    public static string[] ExampleNames() =>
        Directory.GetFiles(ExamplesDirectory, "*.json").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray()!;

    public static IEnumerable<object[]> Examples() => ExampleNames().Select(n => new object[] { n });

    public static byte[] ReadExample(string name) => File.ReadAllBytes(Path.Combine(ExamplesDirectory, name));
}

/// <summary>Small helpers to build collections in tests.</summary>
internal static class TestCollections
{
    public const string V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";
    public const string V20 = "https://schema.getpostman.com/json/collection/v2.0.0/collection.json";

    public static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);

    public static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    public static PSGitHubSync.Engine.Collections.CollectionDocument Parse(string json, string source = "test.json") =>
        PSGitHubSync.Engine.Collections.CollectionDocument.Parse(Bytes(json), source);

    public static PSGitHubSync.Engine.Collections.CollectionDocument Parse(JsonNode node, string source = "test.json") =>
        PSGitHubSync.Engine.Collections.CollectionDocument.Parse(Bytes(node), source);

    /// <summary>A request item.</summary>
    public static JsonObject Request(string name, string method = "GET", string url = "https://example.com/", string? id = null)
    {
        var item = new JsonObject();
        if (id is not null)
        {
            item["id"] = id;
        }

        item["name"] = name;
        item["request"] = new JsonObject { ["method"] = method, ["header"] = new JsonArray(), ["url"] = url };
        item["response"] = new JsonArray();
        return item;
    }

    /// <summary>A folder.</summary>
    public static JsonObject Folder(string name, params JsonNode[] items) => Folder(name, null, items);

    public static JsonObject Folder(string name, string? id, params JsonNode[] items)
    {
        var folder = new JsonObject();
        if (id is not null)
        {
            folder["id"] = id;
        }

        folder["name"] = name;
        folder["item"] = new JsonArray(items);
        return folder;
    }

    public static JsonObject Collection(string name, params JsonNode[] items) => new()
    {
        ["info"] = new JsonObject { ["_postman_id"] = "c0ffee00-0000-4000-8000-000000000001", ["name"] = name, ["schema"] = V21 },
        ["item"] = new JsonArray(items),
    };

    public static JsonNode ParseNode(byte[] utf8) => JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = 256 })!;
}
