using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PSGitHubSync.Tests.Collections;

/// <summary>
/// The real Postman material in shared/reference beside the repository. Not finding it is a
/// failure, never a skip: the tests below are only meaningful against it.
/// </summary>
internal static class ReferenceFiles
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string PostmanCollectionDirectory => Root.Value;

    public static string ExamplesDirectory => Path.Combine(Root.Value, "examples");

    public static string[] ExampleNames() =>
        Directory.GetFiles(ExamplesDirectory, "*.json").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray()!;

    public static IEnumerable<object[]> Examples() => ExampleNames().Select(n => new object[] { n });

    public static byte[] ReadExample(string name) => File.ReadAllBytes(Path.Combine(ExamplesDirectory, name));

    private static string Locate()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PSGitHubSync.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException($"No directory containing PSGitHubSync.sln above {AppContext.BaseDirectory}; cannot find shared/reference.");
        }

        var reference = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "reference", "postman-collection"));
        if (!Directory.Exists(Path.Combine(reference, "examples")))
        {
            throw new InvalidOperationException($"The Postman reference material is missing: {reference} (expected shared/reference beside the repository).");
        }

        return reference;
    }
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
