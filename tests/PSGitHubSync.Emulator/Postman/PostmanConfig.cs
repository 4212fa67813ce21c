using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PSGitHubSync.Emulator;

/// <summary>
/// The emulated Postman API (<c>EmulatorConfig.Postman</c>, JSON key <c>postman</c>): API keys, workspaces with their
/// collections, environments and APIs, the per-minute rate limit and injected latency. Invalid values make
/// <see cref="EmulatorServer.StartAsync"/> throw ArgumentException.
/// </summary>
public sealed class PostmanConfig
{
    /// <summary>The API keys the emulator accepts (X-Api-Key header or apikey query parameter).</summary>
    public List<PostmanApiKeyConfig> ApiKeys { get; set; } = new();

    /// <summary>Requests per minute and API key (Postman: 300). Past it: 429 rateLimited.</summary>
    public int RateLimitPerMinute { get; set; } = 300;

    public List<PostmanWorkspaceConfig> Workspaces { get; set; } = new();

    /// <summary>Delay added to every Postman API request (not to control endpoints). Null: none.</summary>
    public PostmanLatency? Latency { get; set; }

    /// <summary>
    /// The folder relative <c>file</c> paths are resolved against. Null: the current directory (standalone mode sets
    /// it to the config file's folder).
    /// </summary>
    public string? BaseDirectory { get; set; }
}

/// <summary>An API key (PMAK-...) of a user, and the workspaces that user can see.</summary>
public sealed class PostmanApiKeyConfig
{
    public string Value { get; set; } = "";

    /// <summary>The user's Postman username.</summary>
    public string User { get; set; } = "";

    /// <summary>The user's numeric id (0: assigned, 12345678 upwards).</summary>
    public long UserId { get; set; }

    public string? FullName { get; set; }

    public string? Email { get; set; }

    /// <summary>Workspace ids or names the key can see; "*" means all.</summary>
    public List<string> Workspaces { get; set; } = new();

    /// <summary>This key's per-minute limit (null: <see cref="PostmanConfig.RateLimitPerMinute"/>).</summary>
    public int? RateLimitPerMinute { get; set; }
}

public sealed class PostmanWorkspaceConfig
{
    /// <summary>Null: a deterministic UUID derived from the name.</summary>
    public string? Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>personal | team | private | public | partner.</summary>
    public string Type { get; set; } = "team";

    /// <summary>Null: the same as <see cref="Type"/>.</summary>
    public string? Visibility { get; set; }

    public string? Description { get; set; }

    /// <summary>
    /// The user id that owns the workspace's elements (the prefix of every uid). Null: the user id of the first API
    /// key that can see the workspace.
    /// </summary>
    public long? OwnerId { get; set; }

    public List<PostmanCollectionConfig> Collections { get; set; } = new();

    /// <summary>Synthetic collections added after <see cref="Collections"/>.</summary>
    public PostmanGenerateConfig? Generate { get; set; }

    public List<PostmanEnvironmentConfig> Environments { get; set; } = new();

    public List<PostmanApiConfig> Apis { get; set; } = new();
}

/// <summary>
/// One collection: from a <see cref="File"/>, from <see cref="Collection"/> (inline JSON), from the entry itself when it
/// carries <c>info</c> and <c>item</c>, or (in process) from <see cref="Utf8Json"/> — bare v2.x or a
/// <c>{"collection":...}</c> envelope. Content is parsed lazily, on first read.
/// </summary>
public sealed class PostmanCollectionConfig
{
    public string? File { get; set; }

    /// <summary>Null: a deterministic UUID derived from the workspace and the collection's position.</summary>
    public string? Id { get; set; }

    /// <summary>Null: <c>ownerId-id</c>.</summary>
    public string? Uid { get; set; }

    /// <summary>Null: the content's <c>info.name</c>.</summary>
    public string? Name { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>Null: <see cref="CreatedAt"/>.</summary>
    public DateTimeOffset? UpdatedAt { get; set; }

    public bool IsPublic { get; set; }

    /// <summary>Served byte for byte (UTF-8 of this text) instead of a collection, never parsed: a collection whose content is broken (needs <see cref="Name"/>).</summary>
    public string? Raw { get; set; }

    /// <summary>Like <see cref="Raw"/>, but these bytes (base64): content that is not even UTF-8, as a broken server might send.</summary>
    public string? RawBase64 { get; set; }

    /// <summary>Set when the collection is a fork (listed as <c>fork</c> by GET /collections).</summary>
    public PostmanForkConfig? Fork { get; set; }

    private JsonNode? _collection;

    /// <summary>Inline content: a bare collection or an envelope. Reads <see cref="Utf8Json"/> when only that is set (so that ToJson keeps it).</summary>
    public JsonNode? Collection
    {
        get => _collection ?? (Utf8Json is { } utf8 ? JsonNode.Parse(utf8) : null);
        set => _collection = value;
    }

    /// <summary>
    /// In-process content, UTF-8 JSON (bare or envelope), kept as is until first read: the cheap way to seed thousands.
    /// Not a JSON key of its own: the config file gets it as <see cref="Collection"/>.
    /// </summary>
    [JsonIgnore]
    public byte[]? Utf8Json { get; set; }

    /// <summary>Any other keys: when they include <c>info</c>, the entry itself is the (bare) collection.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Inline { get; set; }

    /// <summary>A collection seeded from in-memory JSON (bare or envelope).</summary>
    public static PostmanCollectionConfig FromJson(string json, string? id = null, string? name = null) =>
        new() { Utf8Json = System.Text.Encoding.UTF8.GetBytes(json), Id = id, Name = name };
}

public sealed class PostmanForkConfig
{
    public string Label { get; set; } = "";

    /// <summary>The uid of the collection it was forked from.</summary>
    public string From { get; set; } = "";

    public DateTimeOffset? CreatedAt { get; set; }
}

/// <summary>Deterministic synthetic v2.1 collections (nested folders, requests with methods, headers, bodies, examples).</summary>
public sealed class PostmanGenerateConfig
{
    public int Count { get; set; }

    /// <summary>Smallest size, in bytes of the collection JSON as GET /collections/{id} serves it (without the envelope).</summary>
    public int MinBytes { get; set; } = 50_000;

    public int MaxBytes { get; set; } = 500_000;

    public int Seed { get; set; } = 1;

    /// <summary>Collection names are "<c>NamePrefix</c> 0001", "... 0002", ...</summary>
    public string NamePrefix { get; set; } = "Generated Collection";
}

public sealed class PostmanEnvironmentConfig
{
    public string? Id { get; set; }

    public string Name { get; set; } = "";

    public bool IsPublic { get; set; }

    public List<PostmanVariableConfig> Values { get; set; } = new();
}

public sealed class PostmanVariableConfig
{
    public string Key { get; set; } = "";

    public string Value { get; set; } = "";

    public bool Enabled { get; set; } = true;

    /// <summary>default | secret.</summary>
    public string Type { get; set; } = "default";
}

/// <summary>An API (Postman v10 API Builder) with one schema made of files, and its published versions.</summary>
public sealed class PostmanApiConfig
{
    public string? Id { get; set; }

    public string Name { get; set; } = "";

    public string? Summary { get; set; }

    public string? Description { get; set; }

    /// <summary>openapi:3_1 | openapi:3 | openapi:2 | openapi:1 | raml:1 | raml:0_8 | graphql | proto:2 | proto:3 | wsdl:1 | wsdl:2 | asyncapi:2.</summary>
    public string SchemaType { get; set; } = "openapi:3";

    /// <summary>Null: a deterministic UUID.</summary>
    public string? SchemaId { get; set; }

    public List<PostmanSchemaFileConfig> Files { get; set; } = new();

    public List<PostmanVersionConfig> Versions { get; set; } = new();
}

/// <summary>A schema file: <see cref="Content"/> inline, or read from <see cref="File"/>.</summary>
public sealed class PostmanSchemaFileConfig
{
    /// <summary>The path in the schema, folders allowed (e.g. <c>components/schemas.yaml</c>).</summary>
    public string Path { get; set; } = "";

    public string? Content { get; set; }

    public string? File { get; set; }
}

/// <summary>A published version: a snapshot of the schema files as seeded.</summary>
public sealed class PostmanVersionConfig
{
    public string? Id { get; set; }

    public string Name { get; set; } = "";

    public string? ReleaseNotes { get; set; }
}

/// <summary>Injected latency: <see cref="Milliseconds"/> plus a random 0..<see cref="JitterMilliseconds"/>.</summary>
public sealed class PostmanLatency
{
    public int Milliseconds { get; set; }

    public int JitterMilliseconds { get; set; }
}
