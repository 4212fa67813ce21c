using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PSGitHubSync.Emulator;
using PSGitHubSync.Emulator.Postman;
using Xunit;

namespace PSGitHubSync.Tests.Emulator.Postman;

/// <summary>Synthetic v2.1 collections: valid against the official schema, in the size range asked for, deterministic.</summary>
public sealed class PostmanGeneratorTests
{
    [Theory]
    [InlineData(1, 0, 50_000, 60_000)]
    [InlineData(1, 1, 50_000, 60_000)]
    [InlineData(42, 7, 20_000, 40_000)]
    public void Generated_collections_are_valid_v21_of_the_requested_size(int seed, int index, int min, int max)
    {
        byte[] bytes = PostmanCollectionGenerator.Generate(seed, index, min, max);

        Assert.InRange(bytes.Length, min, max);
        using var document = JsonDocument.Parse(bytes);
        var errors = PostmanReference.ValidateV21(document.RootElement);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20)));
    }

    [Fact]
    public void Large_collections_land_in_the_benchmark_range()
    {
        foreach (int index in new[] { 0, 1, 2 })
        {
            byte[] bytes = PostmanCollectionGenerator.Generate(7, index, 50_000, 500_000);
            Assert.InRange(bytes.Length, 50_000, 500_000);
            Assert.InRange(bytes.Length, PostmanCollectionGenerator.TargetSize(7, index, 50_000, 500_000) - PostmanCollectionGenerator.Slack, PostmanCollectionGenerator.TargetSize(7, index, 50_000, 500_000));
        }

        Assert.NotEqual(PostmanCollectionGenerator.TargetSize(7, 0, 50_000, 500_000), PostmanCollectionGenerator.TargetSize(7, 1, 50_000, 500_000));
    }

    [Fact]
    public void Generated_collections_have_nested_folders_methods_headers_and_bodies()
    {
        var collection = JsonNode.Parse(PostmanCollectionGenerator.Generate(3, 0, 80_000, 100_000))!;
        var requests = new List<JsonObject>();
        int deepest = Walk(collection["item"]!.AsArray(), 1, requests);

        Assert.True(deepest >= 2, $"deepest folder level {deepest}");
        var methods = requests.Select(r => r["request"]!["method"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "GET", "POST", "PUT", "DELETE" }, methods);
        Assert.Contains(requests, r => r["request"]!["body"]?["mode"]?.GetValue<string>() == "raw");
        Assert.All(requests, r => Assert.NotEmpty(r["request"]!["header"]!.AsArray()));
        Assert.Contains(requests, r => r["response"]!.AsArray().Count > 0);
        Assert.All(requests, r => Assert.Equal("12345678-" + r["id"]!.GetValue<string>(), r["uid"]!.GetValue<string>()));
        Assert.Equal(requests.Count, requests.Select(r => r["id"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        Assert.Equal(PostmanCollectionGenerator.Generate(5, 3, 30_000, 50_000), PostmanCollectionGenerator.Generate(5, 3, 30_000, 50_000));
        Assert.NotEqual(PostmanCollectionGenerator.Generate(5, 3, 30_000, 50_000), PostmanCollectionGenerator.Generate(5, 4, 30_000, 50_000));
        Assert.NotEqual(PostmanCollectionGenerator.Generate(5, 3, 30_000, 50_000), PostmanCollectionGenerator.Generate(6, 3, 30_000, 50_000));
    }

    [Fact]
    public async Task Generate_config_serves_valid_collections_in_range_lazily()
    {
        var config = new PostmanConfig
        {
            ApiKeys = { new PostmanApiKeyConfig { Value = PostmanWorld.AliceKey, User = "alice", Workspaces = { "Bench" } } },
            Workspaces = { new PostmanWorkspaceConfig { Name = "Bench", Generate = new PostmanGenerateConfig { Count = 3, MinBytes = 30_000, MaxBytes = 45_000, Seed = 9 } } },
        };
        await using var server = await PostmanWorld.StartAsync(config);
        var summaries = server.Postman.Collections("Bench");

        Assert.Equal(new[] { "Generated Collection 0001", "Generated Collection 0002", "Generated Collection 0003" }, summaries.Select(s => s.Name));
        foreach (var summary in summaries)
        {
            var response = await PostmanHttp.GetAsync(server, "/collections/" + summary.Id);
            PostmanHttp.AssertStatus(HttpStatusCode.OK, response);
            int bare = System.Text.Encoding.UTF8.GetByteCount(response.Body) - "{\"collection\":}".Length;
            Assert.InRange(bare, 30_000, 45_000);
            var collection = response.Json.GetProperty("collection");
            Assert.Equal(summary.Id, collection.GetProperty("info").GetProperty("_postman_id").GetString());
            Assert.Equal(server.Postman.GetCollectionJson(summary.Id), collection.GetRawText());
        }

        using var first = JsonDocument.Parse(server.Postman.GetCollectionJson(summaries[0].Id));
        Assert.Empty(PostmanReference.ValidateV21(first.RootElement));
    }

    [Fact]
    public async Task Seeding_a_thousand_large_collections_is_cheap()
    {
        string shared = "{\"collection\":" + System.Text.Encoding.UTF8.GetString(PostmanCollectionGenerator.Generate(1, 0, 200_000, 210_000)) + "}";
        var config = new PostmanConfig
        {
            ApiKeys = { new PostmanApiKeyConfig { Value = PostmanWorld.AliceKey, User = "alice", Workspaces = { "*" } } },
            Workspaces =
            {
                new PostmanWorkspaceConfig { Name = "Generated", Generate = new PostmanGenerateConfig { Count = 1000, MinBytes = 50_000, MaxBytes = 500_000 } },
                new PostmanWorkspaceConfig { Name = "In memory" },
            },
        };
        config.Workspaces[1].Collections.AddRange(Enumerable.Range(0, 1000).Select(i => PostmanCollectionConfig.FromJson(shared)));

        await using var server = await PostmanWorld.StartAsync(config);
        var listed = await PostmanHttp.GetAsync(server, "/collections");

        Assert.Equal(2000, listed.Json.GetProperty("collections").GetArrayLength());
        var last = server.Postman.Collections("In memory")[999];
        Assert.StartsWith("Generated Collection", last.Name, StringComparison.Ordinal);
        var served = await PostmanHttp.GetAsync(server, "/collections/" + last.Id);
        Assert.Equal(last.Id, served.Json.GetProperty("collection").GetProperty("info").GetProperty("_postman_id").GetString());
    }

    private static int Walk(JsonArray items, int depth, List<JsonObject> requests)
    {
        int deepest = 0;
        foreach (var item in items.OfType<JsonObject>())
        {
            if (item["item"] is JsonArray children)
            {
                deepest = Math.Max(deepest, Math.Max(depth, Walk(children, depth + 1, requests)));
            }
            else
            {
                requests.Add(item);
            }
        }

        return deepest;
    }
}
