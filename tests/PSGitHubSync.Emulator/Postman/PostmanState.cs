using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using PSGitHubSync.Emulator.RateLimiting;

namespace PSGitHubSync.Emulator.Postman;

/// <summary>A collection as listed (and as the in-process mutation methods report it).</summary>
public sealed record PostmanCollectionSummary(string Id, string Uid, string Name, string WorkspaceId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record PostmanWorkspaceSummary(string Id, string Name, string Type, long OwnerId);

public sealed record PostmanApiSummary(string Id, string Name, string WorkspaceId, IReadOnlyList<string> SchemaIds);

public sealed record PostmanVersionSummary(string Id, string Name, string? ReleaseNotes, DateTimeOffset CreatedAt);

/// <summary>
/// The emulated Postman world (<see cref="EmulatorServer.Postman"/>): what the API serves, plus the in-process
/// mutations tests use to play a Postman user (edit a collection, add one, change schema files) and the request
/// counters. Thread-safe. Ids are workspace/collection/environment/API ids (or uids where Postman accepts them).
/// </summary>
public sealed partial class PostmanState
{
    private readonly object _sync = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, PostmanKey> _keys = new(StringComparer.Ordinal);
    private readonly List<PostmanWorkspace> _workspaces = new();
    private readonly Dictionary<string, PostmanWorkspace> _workspacesById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PostmanCollection> _collections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PostmanEnvironment> _environments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PostmanApi> _apis = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly string _baseDirectory;
    private int _total;
    private int _added;

    internal PostmanState(PostmanConfig? config, TimeProvider time)
    {
        _time = time;
        config ??= new PostmanConfig();
        if (config.RateLimitPerMinute <= 0)
        {
            throw new ArgumentException("postman.rateLimitPerMinute must be positive.");
        }

        RateLimitPerMinute = config.RateLimitPerMinute;
        Latency = config.Latency;
        _baseDirectory = config.BaseDirectory ?? Directory.GetCurrentDirectory();
        RateLimiter = new RateLimiter(time, RateLimitWindow);

        SeedKeys(config);
        var workspaceRefs = SeedWorkspaces(config);
        GrantWorkspaces(config, workspaceRefs);
        SeedContent(config);
    }

    /// <summary>Requests per minute and key, unless a key sets its own.</summary>
    public int RateLimitPerMinute { get; }

    /// <summary>
    /// Hostile mode: every error answer (401 for a wrong key included) echoes the request's API key in its message,
    /// as a careless server or gateway does; change it at any time.
    /// </summary>
    public bool EchoApiKey { get; set; }

    /// <summary>Delay added to every Postman API request; change it at any time (null: none).</summary>
    public PostmanLatency? Latency { get; set; }

    /// <summary>Requests answered by the Postman API, all routes.</summary>
    public int TotalRequests => Volatile.Read(ref _total);

    /// <summary>Requests per route, e.g. "GET /collections/{collectionId}" (unmatched paths: "GET (unknown)").</summary>
    public IReadOnlyDictionary<string, int> RequestCounts => new SortedDictionary<string, int>(_counts, StringComparer.Ordinal);

    public IReadOnlyList<PostmanWorkspaceSummary> Workspaces
    {
        get
        {
            lock (_sync)
            {
                return _workspaces.Select(w => new PostmanWorkspaceSummary(w.Id, w.Name, w.Type, w.OwnerId)).ToArray();
            }
        }
    }

    /// <summary>Postman counts a key's requests per minute.</summary>
    internal static TimeSpan RateLimitWindow { get; } = TimeSpan.FromMinutes(1);

    internal RateLimiter RateLimiter { get; }

    internal TimeProvider Time => _time;

    internal object Sync => _sync;

    /// <summary>How many requests the route (e.g. "GET /collections/{collectionId}") has answered.</summary>
    public int RequestCount(string route) => _counts.TryGetValue(route, out int count) ? count : 0;

    public void ResetRequestCounts()
    {
        _counts.Clear();
        Interlocked.Exchange(ref _total, 0);
    }

    /// <summary>Starts every key's rate-limit window afresh.</summary>
    public void ResetRateLimits() => RateLimiter.Reset();

    /// <summary>The collections of a workspace (id or name), in order.</summary>
    public IReadOnlyList<PostmanCollectionSummary> Collections(string workspace)
    {
        lock (_sync)
        {
            return RequireWorkspace(workspace).Collections.Select(Summary).ToArray();
        }
    }

    public PostmanCollectionSummary? FindCollection(string idOrUid)
    {
        lock (_sync)
        {
            return _collections.TryGetValue(idOrUid, out var collection) ? Summary(collection) : null;
        }
    }

    /// <summary>The collection exactly as GET /collections/{id} serves it, without the envelope.</summary>
    public string GetCollectionJson(string idOrUid) => Encoding.UTF8.GetString(Serve(RequireCollection(idOrUid), envelope: false));

    /// <summary>Replaces a collection's content (bare or envelope), as if a user edited it in Postman: updatedAt moves on.</summary>
    public PostmanCollectionSummary ReplaceCollection(string idOrUid, string json)
    {
        var collection = RequireCollection(idOrUid);
        var parsed = PostmanCollectionContent.Parse(Encoding.UTF8.GetBytes(json));
        lock (_sync)
        {
            return Summary(Replace(collection, parsed, collection.Workspace.OwnerId));
        }
    }

    /// <summary>Moves a collection's updatedAt on without changing its content.</summary>
    public DateTimeOffset TouchCollection(string idOrUid)
    {
        var collection = RequireCollection(idOrUid);
        lock (_sync)
        {
            collection.UpdatedAt = NextTime(collection.UpdatedAt);
            return collection.UpdatedAt;
        }
    }

    /// <summary>Adds a collection (bare or envelope) to a workspace (id or name), as if a user created it.</summary>
    public PostmanCollectionSummary AddCollection(string workspace, string json, string? id = null)
    {
        var parsed = PostmanCollectionContent.Parse(Encoding.UTF8.GetBytes(json));
        lock (_sync)
        {
            return Summary(Add(RequireWorkspace(workspace), parsed, id, RequireWorkspace(workspace).OwnerId));
        }
    }

    /// <summary>
    /// Adds a collection whose content is <paramref name="content"/> served byte for byte (never parsed, so it may be
    /// anything, not JSON at all), listed under <paramref name="name"/>.
    /// </summary>
    public PostmanCollectionSummary AddRawCollection(string workspace, string name, string content, string? id = null)
    {
        lock (_sync)
        {
            var target = RequireWorkspace(workspace);
            id ??= PostmanIds.Uuid($"{target.Id}/added/{++_added}");
            if (_collections.ContainsKey(id))
            {
                throw new ArgumentException($"A collection with id '{id}' exists already.");
            }

            var now = NextTime(PostmanIds.Epoch);
            var collection = new PostmanCollection
            {
                Id = id,
                Uid = PostmanIds.Uid(target.OwnerId, id),
                Workspace = target,
                Name = name,
                CreatedAt = now,
                UpdatedAt = now,
                LastUpdatedBy = target.OwnerId,
                Raw = Encoding.UTF8.GetBytes(content),
            };
            Register(collection);
            return Summary(collection);
        }
    }

    /// <summary>Renames a workspace (id or name), as if a user renamed it in Postman; its id stays.</summary>
    public PostmanWorkspaceSummary RenameWorkspace(string workspace, string name)
    {
        lock (_sync)
        {
            var target = RequireWorkspace(workspace);
            target.Name = string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("A workspace needs a name.") : name;
            return new PostmanWorkspaceSummary(target.Id, target.Name, target.Type, target.OwnerId);
        }
    }

    /// <summary>Deletes a collection, as if a user deleted it in Postman.</summary>
    public bool RemoveCollection(string idOrUid)
    {
        lock (_sync)
        {
            if (!_collections.TryGetValue(idOrUid, out var collection))
            {
                return false;
            }

            collection.Workspace.Collections.Remove(collection);
            _collections.Remove(collection.Id);
            _collections.Remove(collection.Uid);
            return true;
        }
    }

    /// <summary>The APIs of a workspace (id or name).</summary>
    public IReadOnlyList<PostmanApiSummary> Apis(string workspace)
    {
        lock (_sync)
        {
            return RequireWorkspace(workspace).Apis.Select(a => new PostmanApiSummary(a.Id, a.Name, a.Workspace.Id, a.Schemas.Select(s => s.Id).ToArray())).ToArray();
        }
    }

    /// <summary>The current files of an API's schema (null: its first schema), path to content.</summary>
    public IReadOnlyDictionary<string, string> GetSchemaFiles(string apiId, string? schemaId = null)
    {
        lock (_sync)
        {
            return RequireSchema(apiId, schemaId).Files.ToDictionary(f => f.Key, f => f.Value.Content, StringComparer.Ordinal);
        }
    }

    /// <summary>Creates or replaces one schema file, as if a user edited it in Postman.</summary>
    public void PutSchemaFile(string apiId, string path, string content, string? schemaId = null)
    {
        lock (_sync)
        {
            var api = RequireApi(apiId);
            PutFile(api, RequireSchema(apiId, schemaId), NormalizePath(path) ?? throw new ArgumentException($"Invalid schema file path '{path}'."), content, api.Workspace.OwnerId);
        }
    }

    public bool DeleteSchemaFile(string apiId, string path, string? schemaId = null)
    {
        lock (_sync)
        {
            var schema = RequireSchema(apiId, schemaId);
            bool removed = NormalizePath(path) is { } normalized && schema.Files.Remove(normalized);
            if (removed)
            {
                schema.UpdatedAt = NextTime(schema.UpdatedAt);
            }

            return removed;
        }
    }

    /// <summary>Replaces all files of a schema.</summary>
    public void ReplaceSchemaFiles(string apiId, IReadOnlyDictionary<string, string> files, string? schemaId = null)
    {
        lock (_sync)
        {
            var api = RequireApi(apiId);
            var schema = RequireSchema(apiId, schemaId);
            var normalized = files.Select(f => (Path: NormalizePath(f.Key) ?? throw new ArgumentException($"Invalid schema file path '{f.Key}'."), f.Value)).ToArray();
            schema.Files.Clear();
            foreach (var (path, content) in normalized)
            {
                PutFile(api, schema, path, content, api.Workspace.OwnerId);
            }
        }
    }

    public IReadOnlyList<PostmanVersionSummary> Versions(string apiId)
    {
        lock (_sync)
        {
            return RequireApi(apiId).Versions.Select(v => new PostmanVersionSummary(v.Id, v.Name, v.ReleaseNotes, v.CreatedAt)).ToArray();
        }
    }

    internal void Count(string route)
    {
        _counts.AddOrUpdate(route, 1, (_, count) => count + 1);
        Interlocked.Increment(ref _total);
    }

    internal PostmanKey? FindKey(string value)
    {
        lock (_sync)
        {
            return _keys.TryGetValue(value, out var key) ? key : null;
        }
    }

    internal IReadOnlyList<PostmanWorkspace> VisibleWorkspaces(PostmanKey key) => _workspaces.Where(key.CanSee).ToArray();

    internal PostmanWorkspace? VisibleWorkspace(PostmanKey key, string id) =>
        _workspacesById.TryGetValue(id, out var workspace) && key.CanSee(workspace) ? workspace : null;

    internal PostmanCollection? VisibleCollection(PostmanKey key, string idOrUid) =>
        _collections.TryGetValue(idOrUid, out var collection) && key.CanSee(collection.Workspace) ? collection : null;

    internal PostmanEnvironment? VisibleEnvironment(PostmanKey key, string idOrUid) =>
        _environments.TryGetValue(idOrUid, out var environment) && key.CanSee(environment.Workspace) ? environment : null;

    internal PostmanApi? VisibleApi(PostmanKey key, string id) =>
        _apis.TryGetValue(id, out var api) && key.CanSee(api.Workspace) ? api : null;

    internal IEnumerable<PostmanCollection> VisibleCollections(PostmanKey key) => _workspaces.Where(key.CanSee).SelectMany(w => w.Collections);

    internal IEnumerable<PostmanEnvironment> VisibleEnvironments(PostmanKey key) => _workspaces.Where(key.CanSee).SelectMany(w => w.Environments);

    /// <summary>The collection as served (bare, or in its envelope), building its content first when it has not been read yet.</summary>
    internal byte[] Serve(PostmanCollection collection, bool envelope)
    {
        if (collection.Raw is { } raw)
        {
            return raw;
        }

        while (true)
        {
            Materialize(collection);
            lock (_sync)
            {
                if (collection.Body is { } body)
                {
                    return PostmanCollectionContent.Compose(collection.Info, body.Rest, envelope);
                }
            }
        }
    }

    /// <summary>Replaces the content (caller holds the lock): name and description from the new info, updatedAt moves on.</summary>
    internal PostmanCollection Replace(PostmanCollection collection, JsonObject parsed, long userId)
    {
        var body = PostmanCollectionContent.ToBody(parsed, collection.Id, collection.Workspace.OwnerId);
        collection.Body = body;
        collection.Source = null;
        collection.Generated = null;
        collection.Version++;
        collection.Name = body.Name ?? collection.Name;
        collection.DescriptionJson = body.DescriptionJson;
        collection.UpdatedAt = NextTime(collection.UpdatedAt);
        collection.LastUpdatedBy = userId;
        return collection;
    }

    /// <summary>Adds a collection to a workspace (caller holds the lock).</summary>
    internal PostmanCollection Add(PostmanWorkspace workspace, JsonObject parsed, string? id, long userId)
    {
        id ??= PostmanIds.Uuid($"{workspace.Id}/added/{++_added}");
        if (_collections.ContainsKey(id))
        {
            throw new ArgumentException($"A collection with id '{id}' exists already.");
        }

        var body = PostmanCollectionContent.ToBody(parsed, id, workspace.OwnerId);
        var now = NextTime(PostmanIds.Epoch);
        var collection = new PostmanCollection
        {
            Id = id,
            Uid = PostmanIds.Uid(workspace.OwnerId, id),
            Workspace = workspace,
            Name = body.Name ?? "Untitled",
            DescriptionJson = body.DescriptionJson,
            CreatedAt = now,
            UpdatedAt = now,
            LastUpdatedBy = userId,
            Body = body,
        };
        Register(collection);
        return collection;
    }

    /// <summary>Creates or replaces a schema file (caller holds the lock).</summary>
    internal PostmanSchemaFile PutFile(PostmanApi api, PostmanSchema schema, string path, string content, long userId)
    {
        var now = NextTime(schema.UpdatedAt);
        schema.Files.TryGetValue(path, out var existing);
        var file = new PostmanSchemaFile(
            existing?.Id ?? PostmanIds.Uuid(schema.Id + "/file/" + path),
            path,
            path[(path.LastIndexOf('/') + 1)..],
            content,
            existing?.CreatedAt ?? now,
            now,
            existing?.CreatedBy ?? userId,
            userId);
        schema.Files[path] = file;
        schema.UpdatedAt = now;
        schema.UpdatedBy = userId;
        api.UpdatedAt = NextTime(api.UpdatedAt);
        api.UpdatedBy = userId;
        return file;
    }

    /// <summary>Publishes a version: a snapshot of every schema's files (caller holds the lock).</summary>
    internal PostmanVersion Publish(PostmanApi api, string? id, string name, string? releaseNotes, IEnumerable<PostmanSchema> schemas)
    {
        var now = NextTime(api.Versions.Count > 0 ? api.Versions[^1].CreatedAt : PostmanIds.Epoch);
        var version = new PostmanVersion
        {
            Id = id ?? PostmanIds.Uuid($"{api.Id}/version/{api.Versions.Count}/{name}"),
            Name = name,
            ReleaseNotes = releaseNotes,
            CreatedAt = now,
            UpdatedAt = now,
        };
        foreach (var schema in schemas)
        {
            version.Schemas[schema.Id] = (schema.Type, schema.Files.Values.ToArray());
        }

        api.Versions.Add(version);
        return version;
    }

    /// <summary>A schema file path as stored: no leading '/', no empty, '.' or '..' segments, no backslashes. Null when invalid.</summary>
    internal static string? NormalizePath(string path)
    {
        path = path.TrimStart('/');
        if (path.Length == 0 || path.Contains('\\', StringComparison.Ordinal))
        {
            return null;
        }

        return path.Split('/').Any(s => s.Length == 0 || s == "." || s == "..") ? null : path;
    }

    /// <summary>Now (to the millisecond), but always after <paramref name="previous"/>: every change moves a timestamp on.</summary>
    internal DateTimeOffset NextTime(DateTimeOffset previous)
    {
        var now = PostmanIds.Milliseconds(_time.GetUtcNow());
        return now > previous ? now : previous.AddMilliseconds(1);
    }

    private static PostmanCollectionSummary Summary(PostmanCollection c) => new(c.Id, c.Uid, c.Name, c.Workspace.Id, c.CreatedAt, c.UpdatedAt);

    private void Register(PostmanCollection collection)
    {
        _collections[collection.Id] = collection;
        _collections[collection.Uid] = collection;
        collection.Workspace.Collections.Add(collection);
    }

    private PostmanWorkspace RequireWorkspace(string idOrName)
    {
        lock (_sync)
        {
            return _workspacesById.TryGetValue(idOrName, out var workspace)
                ? workspace
                : _workspaces.FirstOrDefault(w => string.Equals(w.Name, idOrName, StringComparison.OrdinalIgnoreCase))
                    ?? throw new KeyNotFoundException($"No Postman workspace '{idOrName}'.");
        }
    }

    private PostmanCollection RequireCollection(string idOrUid)
    {
        lock (_sync)
        {
            return _collections.TryGetValue(idOrUid, out var collection) ? collection : throw new KeyNotFoundException($"No Postman collection '{idOrUid}'.");
        }
    }

    private PostmanApi RequireApi(string id)
    {
        lock (_sync)
        {
            return _apis.TryGetValue(id, out var api) ? api : throw new KeyNotFoundException($"No Postman API '{id}'.");
        }
    }

    private PostmanSchema RequireSchema(string apiId, string? schemaId)
    {
        var api = RequireApi(apiId);
        lock (_sync)
        {
            return (schemaId is null ? api.Schemas.FirstOrDefault() : api.Schemas.FirstOrDefault(s => s.Id == schemaId))
                ?? throw new KeyNotFoundException($"No schema '{schemaId}' in Postman API '{apiId}'.");
        }
    }
}
