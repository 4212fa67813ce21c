using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PSGitHubSync.Emulator;
using Xunit;

namespace PSGitHubSync.Tests.Emulator.Postman;

/// <summary>
/// Seeding from every example collection in tests/fixtures/postman-collections: GET serves each one's content
/// unchanged — the file's <c>item</c> (and other top-level keys) — with Postman's metadata added: <c>info._postman_id</c>,
/// <c>updatedAt</c>, ..., and <c>id</c>/<c>uid</c> on every folder, request and saved response that lacks them.
/// </summary>
public sealed class PostmanExampleSeedingTests : IAsyncLifetime
{
    private const string Workspace = "4e9a1c2d-0000-4000-8000-00000000e4a1";
    private readonly IReadOnlyList<string> _files = PostmanReference.Examples();
    private EmulatorServer _server = null!;

    public async Task InitializeAsync()
    {
        var config = new PostmanConfig
        {
            BaseDirectory = PostmanReference.ExamplesFolder,
            ApiKeys = { new PostmanApiKeyConfig { Value = PostmanWorld.AliceKey, User = "alice", UserId = PostmanWorld.AliceId, Workspaces = { "*" } } },
            Workspaces = { new PostmanWorkspaceConfig { Id = Workspace, Name = "Examples" } },
        };
        config.Workspaces[0].Collections.AddRange(_files.Select(f => new PostmanCollectionConfig { File = Path.GetFileName(f) }));
        _server = await PostmanWorld.StartAsync(config);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Every_example_is_seeded()
    {
        Assert.Equal(21, _files.Count);
        Assert.Equal(_files.Count, _server.Postman.Collections(Workspace).Count);
    }

    [Fact]
    public async Task Each_get_returns_the_files_content_with_postman_metadata_added()
    {
        var listed = await PostmanHttp.GetAsync(_server, "/collections?workspace=" + Workspace);
        var summaries = listed.Json.GetProperty("collections").EnumerateArray().ToArray();
        Assert.Equal(_files.Count, summaries.Length);
        var failures = new List<string>();
        for (int i = 0; i < _files.Count; i++)
        {
            var file = JsonNode.Parse(File.ReadAllText(_files[i]))!.AsObject();
            string id = summaries[i].GetProperty("id").GetString()!;
            var response = await PostmanHttp.GetAsync(_server, "/collections/" + id);
            PostmanHttp.AssertStatus(HttpStatusCode.OK, response);
            var served = JsonNode.Parse(response.Body)!["collection"]!.AsObject();
            string name = Path.GetFileName(_files[i]);

            var info = served["info"]!.AsObject();
            Check(failures, name, id == info["_postman_id"]!.GetValue<string>(), "info._postman_id is not the collection id");
            Check(failures, name, file["info"]!["name"]!.GetValue<string>() == info["name"]!.GetValue<string>(), "info.name differs");
            Check(failures, name, summaries[i].GetProperty("name").GetString() == info["name"]!.GetValue<string>(), "listed name differs");
            Check(failures, name, info["updatedAt"]!.GetValue<string>() == summaries[i].GetProperty("updatedAt").GetString(), "updatedAt differs from the listing");
            Check(failures, name, info["uid"]!.GetValue<string>() == $"{PostmanWorld.AliceId}-{id}", "info.uid is not ownerId-id");
            Check(failures, name, JsonNode.DeepEquals(file["info"]!["description"], info["description"]), "info.description differs");

            foreach (var (key, value) in file)
            {
                if (key == "info")
                {
                    continue;
                }

                Check(failures, name, served.ContainsKey(key), $"top-level '{key}' is missing");
                string? difference = SameWithAddedIds(value, served[key], "$." + key, elementsAreItems: key == "item");
                Check(failures, name, difference is null, difference ?? "");
            }

            Check(failures, name, served.Select(p => p.Key).Where(k => k != "info").SequenceEqual(file.Select(p => p.Key).Where(k => k != "info")), "top-level keys differ");
            Check(failures, name, EveryItemHasIds(served["item"]!.AsArray()), "an item or response lacks id/uid");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Mutation_of_a_seeded_example_moves_updated_at_on()
    {
        var summary = _server.Postman.Collections(Workspace)[1];
        var before = await PostmanHttp.GetAsync(_server, "/collections/" + summary.Id);
        var served = JsonNode.Parse(before.Body)!["collection"]!.AsObject();
        served["item"]!.AsArray().RemoveAt(0);

        _server.Postman.ReplaceCollection(summary.Id, served.ToJsonString());
        var after = await PostmanHttp.GetAsync(_server, "/collections/" + summary.Id);

        var beforeInfo = before.Json.GetProperty("collection").GetProperty("info");
        var afterInfo = after.Json.GetProperty("collection").GetProperty("info");
        Assert.True(PostmanHttp.Time(afterInfo.GetProperty("updatedAt")) > PostmanHttp.Time(beforeInfo.GetProperty("updatedAt")));
        Assert.Equal(beforeInfo.GetProperty("createdAt").GetString(), afterInfo.GetProperty("createdAt").GetString());
        Assert.Equal(
            before.Json.GetProperty("collection").GetProperty("item").GetArrayLength() - 1,
            after.Json.GetProperty("collection").GetProperty("item").GetArrayLength());
    }

    private static void Check(List<string> failures, string file, bool condition, string message)
    {
        if (!condition)
        {
            failures.Add($"{file}: {message}");
        }
    }

    /// <summary>
    /// Null when <paramref name="actual"/> equals <paramref name="expected"/> except for "id"/"uid" added to objects in
    /// item arrays and response arrays; otherwise where they differ.
    /// </summary>
    private static string? SameWithAddedIds(JsonNode? expected, JsonNode? actual, string path, bool elementsAreItems)
    {
        switch (expected)
        {
            case JsonObject expectedObject:
                if (actual is not JsonObject actualObject)
                {
                    return $"{path}: expected an object";
                }

                foreach (var (key, value) in expectedObject)
                {
                    if (!actualObject.ContainsKey(key))
                    {
                        return $"{path}.{key}: missing";
                    }

                    bool items = key is "item" or "response";
                    if (SameWithAddedIds(value, actualObject[key], $"{path}.{key}", items) is { } difference)
                    {
                        return difference;
                    }
                }

                var extra = actualObject.Select(p => p.Key).Where(k => !expectedObject.ContainsKey(k)).ToArray();
                return extra.Length == 0 ? null : $"{path}: unexpected {string.Join(", ", extra)}";

            case JsonArray expectedArray:
                if (actual is not JsonArray actualArray || actualArray.Count != expectedArray.Count)
                {
                    return $"{path}: expected an array of {expectedArray.Count}";
                }

                for (int i = 0; i < expectedArray.Count; i++)
                {
                    var element = actualArray[i];
                    if (elementsAreItems && expectedArray[i] is JsonObject source && element is JsonObject served)
                    {
                        // Only the ids Postman adds may be extra; what the file had stays.
                        var copy = served.DeepClone().AsObject();
                        if (!source.ContainsKey("id"))
                        {
                            copy.Remove("id");
                        }

                        if (!source.ContainsKey("uid"))
                        {
                            copy.Remove("uid");
                        }

                        element = copy;
                    }

                    if (SameWithAddedIds(expectedArray[i], element, $"{path}[{i}]", elementsAreItems: false) is { } difference)
                    {
                        return difference;
                    }
                }

                return null;

            default:
                return JsonNode.DeepEquals(expected, actual) ? null : $"{path}: {expected?.ToJsonString()} != {actual?.ToJsonString()}";
        }
    }

    private static bool EveryItemHasIds(JsonArray items) => items.OfType<JsonObject>().All(item =>
        item["id"] is not null
        && item["uid"]?.GetValue<string>() == $"{PostmanWorld.AliceId}-{(item["id"] is JsonValue v && v.TryGetValue(out string? s) ? s : item["id"]!.ToJsonString())}"
        && (item["item"] is not JsonArray children || EveryItemHasIds(children))
        && (item["response"] is not JsonArray responses || responses.OfType<JsonObject>().All(r => r["id"] is not null && r["uid"] is not null)));
}
