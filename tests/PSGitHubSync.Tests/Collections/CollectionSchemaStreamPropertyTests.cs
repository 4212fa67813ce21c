using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Xunit;

namespace PSGitHubSync.Tests.Collections;

/// <summary>
/// The streaming schema check against the whole-document check over generated collections: nested folders and
/// requests with random mutations (a request dropped, values of the wrong type, folders that are also requests,
/// items that are not objects, <c>item</c> that is not an array), and the collections of <see cref="RandomPostmanJson"/>
/// (escapes, a BOM, the envelope), read with small buffers.
/// </summary>
public class CollectionSchemaStreamPropertyTests
{
    private static readonly Func<Random, JsonObject, JsonNode?>[] Mutations =
    {
        (_, item) => Remove(item, "request"),
        (_, item) => item["name"] = 5,
        (r, item) => item["request"] = r.Next(2) == 0 ? 5 : "https://example.com/",
        (_, item) => item["request"] is JsonObject request ? request["header"] = 5 : null,
        (_, item) => item["request"] is JsonObject request ? request["url"] = JsonNode.Parse("{\"query\":[{\"key\":5}]}") : null,
        (_, item) => item["item"] = "not an array",
        (_, item) => item["request"] = JsonNode.Parse("{\"url\":\"https://example.com/\"}"),
        (_, item) => item["item"] = JsonNode.Parse("[{\"name\":\"broken\",\"request\":{\"header\":5}},{\"name\":\"folder\",\"item\":[{\"name\":\"r\"}]}]"),
        (_, item) => item["response"] = "x",
        (_, item) => item["response"] = JsonNode.Parse("[{\"code\":\"200\",\"cookie\":[{\"value\":1}]}]"),
        (_, item) => item["id"] = 5,
        (_, item) => item["auth"] = JsonNode.Parse("{\"type\":5}"),
        (_, item) => item["variable"] = JsonNode.Parse("{\"key\":\"x\"}"),
        (_, item) => item["event"] = JsonNode.Parse("[{\"listen\":\"test\",\"script\":{\"exec\":5}}]"),
    };

    [Property(MaxTest = 200)]
    public void Mutated_collections_give_the_whole_document_findings(int seed, PositiveInt buffer, bool v20)
    {
        var random = new Random(seed);
        var collection = Generate(random, v20);
        var items = new List<(JsonArray Parent, int Index)>();
        Items(collection, items);
        for (var i = random.Next(0, 5); i > 0 && items.Count > 0; i--)
        {
            var (parent, index) = items[random.Next(items.Count)];
            if (random.Next(8) == 0)
            {
                parent[index] = random.Next(3) switch { 0 => 5, 1 => JsonNode.Parse("[]"), _ => null };
                continue;
            }

            if (parent[index] is JsonObject item)
            {
                Mutations[random.Next(Mutations.Length)](random, item);
            }
        }

        SchemaStreamOracle.AssertSame(collection.ToJsonString(), 1 + (buffer.Get % 96));
    }

    [Property(MaxTest = 200)]
    public void Random_collection_text_gives_the_whole_document_findings(int seed, PositiveInt buffer)
    {
        var json = new RandomPostmanJson(seed).Collection();
        try
        {
            PSGitHubSync.Engine.Collections.CollectionDocument.Parse(json, "random.json");
        }
        catch (PSGitHubSync.SyncException)
        {
            return; // not a collection: refused before any schema check
        }

        SchemaStreamOracle.AssertSame(json, 1 + (buffer.Get % 64));
    }

    private static JsonObject Generate(Random random, bool v20)
    {
        var version = v20 ? "2.0.0" : "2.1.0";
        var root = JsonNode.Parse("{\"info\":{\"name\":\"Generated\",\"schema\":\"https://schema.getpostman.com/json/collection/v" + version + "/collection.json\"}}")!.AsObject();
        root["item"] = Children(random, 0);
        if (random.Next(3) == 0)
        {
            root["variable"] = random.Next(4) == 0 ? JsonNode.Parse("{\"key\":1}") : JsonNode.Parse("[{\"key\":\"a\",\"value\":\"b\"}]");
        }

        return root;
    }

    private static JsonArray Children(Random random, int depth)
    {
        var items = new JsonArray();
        for (var i = random.Next(depth == 0 ? 1 : 0, 5); i > 0; i--)
        {
            var item = new JsonObject { ["name"] = "item " + random.Next(1000) };
            if (depth < 4 && random.Next(3) == 0)
            {
                item["item"] = Children(random, depth + 1);
            }
            else
            {
                item["request"] = JsonNode.Parse("{\"method\":\"GET\",\"url\":\"https://example.com/" + random.Next(100) + "\",\"header\":[{\"key\":\"k\",\"value\":\"v\"}]}");
                item["response"] = new JsonArray();
            }

            items.Add(item);
        }

        return items;
    }

    private static void Items(JsonNode? node, List<(JsonArray Parent, int Index)> items)
    {
        if (node is JsonObject obj && obj["item"] is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                items.Add((array, i));
                Items(array[i], items);
            }
        }
    }

    private static JsonNode? Remove(JsonObject item, string name)
    {
        item.Remove(name);
        return null;
    }
}
