using System.Net;
using PSGitHubSync.Emulator;
using Xunit;

namespace PSGitHubSync.Tests.Emulator.Postman;

/// <summary>The <c>postman</c> section of the config file, and what makes it invalid.</summary>
public sealed class PostmanConfigTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("psgithubsync-postman-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Camel_case_json_seeds_inline_collections_files_environments_and_apis()
    {
        File.WriteAllText(Path.Combine(_directory, "orders.json"), PostmanWorld.Collection("Orders", "list-orders"));
        File.WriteAllText(Path.Combine(_directory, "openapi.yaml"), "openapi: 3.0.0\n");
        var config = EmulatorConfig.FromJson($$"""
            {
              "postman": {
                "rateLimitPerMinute": 50,
                "baseDirectory": {{System.Text.Json.JsonSerializer.Serialize(_directory)}},
                "apiKeys": [ { "value": "PMAK-json", "user": "dana", "userId": 777, "workspaces": ["Shop"] } ],
                "workspaces": [ {
                  "id": "ws-shop", "name": "Shop",
                  "collections": [
                    { "file": "orders.json", "id": "orders", "updatedAt": "2025-01-01T00:00:00Z" },
                    { "info": { "name": "Inline", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" }, "item": [] },
                    { "id": "wrapped", "collection": { "collection": { "info": { "name": "Wrapped" }, "item": [ { "name": "r", "request": "https://x.example" } ] } } }
                  ],
                  "environments": [ { "name": "Shop env", "values": [ { "key": "k", "value": "v" } ] } ],
                  "apis": [ { "id": "shop-api", "name": "Shop API", "files": [ { "path": "openapi.yaml", "file": "openapi.yaml" } ] } ]
                } ]
              }
            }
            """);
        await using var server = await EmulatorServer.StartAsync(config);

        var listed = await PostmanHttp.GetAsync(server, "/collections?workspace=ws-shop", "PMAK-json");
        var orders = await PostmanHttp.GetAsync(server, "/collections/777-orders", "PMAK-json");
        var wrapped = await PostmanHttp.GetAsync(server, "/collections/wrapped", "PMAK-json");
        var environments = await PostmanHttp.GetAsync(server, "/environments?workspace=ws-shop", "PMAK-json");
        var file = await PostmanHttp.GetAsync(server, $"/apis/shop-api/schemas/{server.Postman.Apis("Shop")[0].SchemaIds[0]}/files/openapi.yaml", "PMAK-json", v10: true);

        Assert.Equal(new[] { "Orders", "Inline", "Wrapped" }, listed.Json.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("2025-01-01T00:00:00.000Z", orders.Json.GetProperty("collection").GetProperty("info").GetProperty("updatedAt").GetString());
        Assert.Equal("777", orders.Json.GetProperty("collection").GetProperty("info").GetProperty("lastUpdatedBy").GetString());
        Assert.Equal("r", wrapped.Json.GetProperty("collection").GetProperty("item")[0].GetProperty("name").GetString());
        Assert.Equal("Shop env", environments.Json.GetProperty("environments")[0].GetProperty("name").GetString());
        Assert.Equal("openapi: 3.0.0\n", file.Json.GetProperty("content").GetString());
        Assert.Equal("50", listed.Header("X-RateLimit-Limit"));
        Assert.Contains("\"postman\"", config.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Config_without_postman_writes_no_postman_key()
    {
        Assert.DoesNotContain("postman", new EmulatorConfig().ToJson(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("""{ "apiKeys": [ { "value": "PMAK-1", "workspaces": ["Nope"] } ] }""", "unknown workspace 'Nope'")]
    [InlineData("""{ "apiKeys": [ { "value": "PMAK-1" }, { "value": "PMAK-1" } ] }""", "configured twice")]
    [InlineData("""{ "apiKeys": [ { "value": "" } ] }""", "no value")]
    [InlineData("""{ "rateLimitPerMinute": 0 }""", "rateLimitPerMinute")]
    [InlineData("""{ "workspaces": [ { "name": "W", "collections": [ { "file": "/nonexistent/c.json" } ] } ] }""", "collection 1")]
    [InlineData("""{ "workspaces": [ { "name": "W", "collections": [ { "id": "x" } ] } ] }""", "no file, collection")]
    [InlineData("""{ "workspaces": [ { "name": "W", "collections": [ { "collection": { "info": { "name": "n" } } } ] } ] }""", "'item'")]
    [InlineData("""{ "workspaces": [ { "name": "W", "generate": { "count": 1, "minBytes": 10, "maxBytes": 5 } } ] }""", "minBytes <= maxBytes")]
    [InlineData("""{ "workspaces": [ { "name": "W", "type": "galactic" } ] }""", "unknown type")]
    [InlineData("""{ "workspaces": [ { "name": "W", "id": "same" }, { "name": "V", "id": "same" } ] }""", "used twice")]
    [InlineData("""{ "workspaces": [ { "name": "W", "apis": [ { "name": "A", "files": [ { "path": "../x", "content": "" } ] } ] } ] }""", "invalid schema file path")]
    public async Task Invalid_postman_config_fails_start_with_argument_exception(string postman, string reason)
    {
        var config = EmulatorConfig.FromJson("{ \"postman\": " + postman + " }");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => EmulatorServer.StartAsync(config));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_postman_config_every_postman_request_is_unauthorized()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorConfig());

        var response = await PostmanHttp.GetAsync(server, "/workspaces");

        PostmanHttp.AssertStatus(HttpStatusCode.Unauthorized, response);
        Assert.Empty(server.Postman.Workspaces);
    }
}
