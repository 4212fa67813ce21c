using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PSGitHubSync.Emulator;

namespace PSGitHubSync.Tests.Emulator.Postman;

/// <summary>The Postman workspaces, keys and APIs most Postman emulator tests run against.</summary>
internal static class PostmanWorld
{
    /// <summary>alice (user 12345678): Payments and Platform.</summary>
    public const string AliceKey = "PMAK-alice000000000000000000000000-0000000000000000000000000000000001";

    /// <summary>bob: Platform only.</summary>
    public const string BobKey = "PMAK-bob00000000000000000000000000-0000000000000000000000000000000002";

    /// <summary>carol: every workspace, 3 requests a minute.</summary>
    public const string LimitedKey = "PMAK-carol0000000000000000000000000-0000000000000000000000000000000003";

    public const long AliceId = 12345678;

    public const string Payments = "1f0df51a-8658-4ee8-a2a1-d2567dfa09a9";
    public const string Platform = "2c8a9e3b-7d7e-4f31-9f0a-6c1e3f8b5a21";
    public const string Secret = "3d9b0f4c-8e8f-4a42-8a1b-7d2f4a9c6b32";

    public const string PaymentsCollection = "c0000000-0000-4000-8000-000000000001";
    public const string LedgerCollection = "c0000000-0000-4000-8000-000000000002";
    public const string PaymentsEnvironment = "e0000000-0000-4000-8000-000000000001";
    public const string PaymentsApi = "a0000000-0000-4000-8000-000000000001";
    public const string PaymentsSchema = "50000000-0000-4000-8000-000000000001";

    public const string OpenApi = "openapi: 3.0.3\ninfo:\n  title: Payments\n  version: 1.0.0\npaths:\n  /payments:\n    $ref: paths/payments.yaml\n";
    public const string PaymentsPath = "get:\n  responses:\n    '200':\n      description: OK\n";

    public static readonly DateTimeOffset PaymentsUpdatedAt = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    public static string Collection(string name, params string[] requests) => new JsonObject
    {
        ["info"] = new JsonObject { ["name"] = name, ["schema"] = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },
        ["item"] = new JsonArray(requests.Select(r => (JsonNode)new JsonObject
        {
            ["name"] = r,
            ["request"] = new JsonObject { ["method"] = "GET", ["url"] = "https://api.example.com/" + r },
        }).ToArray()),
    }.ToJsonString();

    public static PostmanConfig Config() => new()
    {
        ApiKeys =
        {
            new PostmanApiKeyConfig { Value = AliceKey, User = "alice", UserId = AliceId, Workspaces = { "Payments", Platform } },
            new PostmanApiKeyConfig { Value = BobKey, User = "bob", Workspaces = { "Platform" } },
            new PostmanApiKeyConfig { Value = LimitedKey, User = "carol", Workspaces = { "*" }, RateLimitPerMinute = 3 },
        },
        Workspaces =
        {
            new PostmanWorkspaceConfig
            {
                Id = Payments,
                Name = "Payments",
                Description = "Payments team",
                Collections =
                {
                    new PostmanCollectionConfig
                    {
                        Id = PaymentsCollection,
                        Collection = JsonNode.Parse(Collection("Payments API", "list-payments", "get-payment")),
                        UpdatedAt = PaymentsUpdatedAt,
                    },
                    PostmanCollectionConfig.FromJson("{\"collection\":" + Collection("Ledger", "entries") + "}", id: LedgerCollection),
                },
                Environments =
                {
                    new PostmanEnvironmentConfig
                    {
                        Id = PaymentsEnvironment,
                        Name = "Payments prod",
                        Values =
                        {
                            new PostmanVariableConfig { Key = "baseUrl", Value = "https://pay.example.com" },
                            new PostmanVariableConfig { Key = "token", Value = "s3cr3t", Type = "secret", Enabled = false },
                        },
                    },
                },
                Apis =
                {
                    new PostmanApiConfig
                    {
                        Id = PaymentsApi,
                        Name = "Payments API",
                        Summary = "Moves money",
                        SchemaId = PaymentsSchema,
                        Files =
                        {
                            new PostmanSchemaFileConfig { Path = "openapi.yaml", Content = OpenApi },
                            new PostmanSchemaFileConfig { Path = "paths/payments.yaml", Content = PaymentsPath },
                        },
                        Versions = { new PostmanVersionConfig { Name = "1.0.0", ReleaseNotes = "First" } },
                    },
                },
            },
            new PostmanWorkspaceConfig
            {
                Id = Platform,
                Name = "Platform",
                Collections = { PostmanCollectionConfig.FromJson(Collection("Platform health", "ping")) },
                Apis = { new PostmanApiConfig { Name = "Second API", SchemaType = "openapi:3_1" }, new PostmanApiConfig { Name = "Third API" } },
            },
            new PostmanWorkspaceConfig { Id = Secret, Name = "Secret", Type = "private" },
        },
    };

    public static Task<EmulatorServer> StartAsync(PostmanConfig? postman = null) =>
        EmulatorServer.StartAsync(new EmulatorConfig { Postman = postman ?? Config() });
}

/// <summary>Calls the emulated Postman API like a Postman client (X-Api-Key; Accept v10 for the API Builder routes).</summary>
internal static class PostmanHttp
{
    public const string V10 = "application/vnd.api.v10+json";

    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public static Task<EmulatorResponse> GetAsync(EmulatorServer server, string path, string? key = PostmanWorld.AliceKey, bool v10 = false) =>
        SendAsync(server, HttpMethod.Get, path, key, v10: v10);

    public static async Task<EmulatorResponse> SendAsync(
        EmulatorServer server, HttpMethod method, string path, string? key = PostmanWorld.AliceKey, object? json = null, bool v10 = false, string? rawBody = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(server.PostmanUrl, path.TrimStart('/')));
        request.Headers.Accept.ParseAdd(v10 ? V10 : "application/json");
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        }

        if (json is not null || rawBody is not null)
        {
            request.Content = new StringContent(rawBody ?? JsonSerializer.Serialize(json), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        using var response = await Client.SendAsync(request).ConfigureAwait(false);
        return new EmulatorResponse(response, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    /// <summary>A request to an absolute URL (control endpoints, raw paths).</summary>
    public static async Task<EmulatorResponse> SendRawAsync(HttpMethod method, Uri url, string? body = null, string? key = null, string? accept = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        }

        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await Client.SendAsync(request).ConfigureAwait(false);
        return new EmulatorResponse(response, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    public static void AssertStatus(HttpStatusCode expected, EmulatorResponse response) =>
        Xunit.Assert.True(expected == response.Status, $"expected {(int)expected}, got {(int)response.Status}: {response.Body}");

    /// <summary>The classic error's name and message.</summary>
    public static (string? Name, string? Message) Error(EmulatorResponse response)
    {
        var error = response.Json.GetProperty("error");
        return (error.GetProperty("name").GetString(), error.GetProperty("message").GetString());
    }

    public static DateTimeOffset Time(JsonElement element) =>
        DateTimeOffset.ParseExact(element.GetString()!, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
}
