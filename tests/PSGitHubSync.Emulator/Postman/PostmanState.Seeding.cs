using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PSGitHubSync.Emulator.Postman;

/// <summary>
/// How <see cref="PostmanState"/> builds its world from the configuration: keys, workspaces and their content, and the
/// content of a seeded or generated collection when it is first read.
/// </summary>
public sealed partial class PostmanState
{
    private static readonly HashSet<string> WorkspaceTypes = new(StringComparer.Ordinal) { "personal", "team", "private", "public", "partner" };

    /// <summary>The API keys and the users they belong to (ids as configured, or the next free one).</summary>
    private void SeedKeys(PostmanConfig config)
    {
        var users = new Dictionary<string, PostmanUser>(StringComparer.OrdinalIgnoreCase);
        var usedUserIds = new HashSet<long>(config.ApiKeys.Where(k => k.UserId > 0).Select(k => k.UserId));
        long nextUserId = 12345678;
        foreach (var key in config.ApiKeys)
        {
            if (string.IsNullOrWhiteSpace(key.Value))
            {
                throw new ArgumentException("A postman API key has no value.");
            }

            if (_keys.ContainsKey(key.Value))
            {
                throw new ArgumentException($"The postman API key of user '{key.User}' is configured twice.");
            }

            string username = string.IsNullOrWhiteSpace(key.User) ? "user" + (_keys.Count + 1).ToString(CultureInfo.InvariantCulture) : key.User;
            if (!users.TryGetValue(username, out var user))
            {
                long id = key.UserId;
                if (id <= 0)
                {
                    while (!usedUserIds.Add(nextUserId))
                    {
                        nextUserId++;
                    }

                    id = nextUserId;
                }

                user = new PostmanUser(id, username, key.FullName ?? username, key.Email ?? username + "@example.com");
                users[username] = user;
            }

            _keys[key.Value] = new PostmanKey { Value = key.Value, User = user, RateLimit = key.RateLimitPerMinute is > 0 ? key.RateLimitPerMinute : null };
        }
    }

    /// <summary>The workspaces, in order; returns them by id and by name for the keys' workspace lists.</summary>
    private Dictionary<string, PostmanWorkspace> SeedWorkspaces(PostmanConfig config)
    {
        var workspaceRefs = new Dictionary<string, PostmanWorkspace>(StringComparer.OrdinalIgnoreCase);
        foreach (var seed in config.Workspaces)
        {
            if (string.IsNullOrWhiteSpace(seed.Name))
            {
                throw new ArgumentException("A postman workspace has no name.");
            }

            string type = string.IsNullOrWhiteSpace(seed.Type) ? "team" : seed.Type;
            if (!WorkspaceTypes.Contains(type))
            {
                throw new ArgumentException($"Postman workspace '{seed.Name}': unknown type '{type}'.");
            }

            var workspace = new PostmanWorkspace
            {
                Id = string.IsNullOrWhiteSpace(seed.Id) ? PostmanIds.Uuid("workspace/" + seed.Name) : seed.Id,
                Name = seed.Name,
                Type = type,
                Visibility = string.IsNullOrWhiteSpace(seed.Visibility) ? type : seed.Visibility,
                Description = seed.Description,
            };
            if (!_workspacesById.TryAdd(workspace.Id, workspace))
            {
                throw new ArgumentException($"Postman workspace id '{workspace.Id}' is used twice.");
            }

            _workspaces.Add(workspace);
            workspaceRefs.TryAdd(workspace.Id, workspace);
            workspaceRefs.TryAdd(workspace.Name, workspace);
        }

        return workspaceRefs;
    }

    /// <summary>Which workspaces each key sees ('*': all).</summary>
    private void GrantWorkspaces(PostmanConfig config, Dictionary<string, PostmanWorkspace> workspaceRefs)
    {
        foreach (var key in config.ApiKeys)
        {
            var state = _keys[key.Value];
            foreach (var reference in key.Workspaces)
            {
                if (reference == "*")
                {
                    state.AllWorkspaces = true;
                }
                else if (workspaceRefs.TryGetValue(reference, out var workspace))
                {
                    state.WorkspaceIds.Add(workspace.Id);
                }
                else
                {
                    throw new ArgumentException($"The postman API key of user '{state.User.Username}' names an unknown workspace '{reference}'.");
                }
            }
        }
    }

    /// <summary>Each workspace's owner, collections (seeded and generated), environments and APIs, in configured order.</summary>
    private void SeedContent(PostmanConfig config)
    {
        int order = 0;
        for (int w = 0; w < config.Workspaces.Count; w++)
        {
            var seed = config.Workspaces[w];
            var workspace = _workspaces[w];
            workspace.OwnerId = seed.OwnerId
                ?? _keys.Values.FirstOrDefault(k => k.CanSee(workspace))?.User.Id
                ?? 12345678;
            for (int c = 0; c < seed.Collections.Count; c++)
            {
                AddSeededCollection(workspace, seed.Collections[c], c, order++);
            }

            if (seed.Generate is { } generate)
            {
                AddGenerated(workspace, generate, seed.Collections.Count, ref order);
            }

            for (int e = 0; e < seed.Environments.Count; e++)
            {
                AddSeededEnvironment(workspace, seed.Environments[e], e, order++);
            }

            for (int a = 0; a < seed.Apis.Count; a++)
            {
                AddSeededApi(workspace, seed.Apis[a], a, order++);
            }
        }
    }

    private void AddSeededCollection(PostmanWorkspace workspace, PostmanCollectionConfig seed, int position, int order)
    {
        string id = string.IsNullOrWhiteSpace(seed.Id) ? PostmanIds.Uuid($"{workspace.Id}/collection/{position}") : seed.Id;
        string where = $"Postman workspace '{workspace.Name}', collection {position + 1}";
        byte[]? source = null;
        JsonObject? parsed = null;
        try
        {
            if (seed.Raw is not null || seed.RawBase64 is not null)
            {
                // Served as it is, never parsed.
            }
            else if (seed.Utf8Json is { } utf8)
            {
                source = utf8;
            }
            else if (seed.File is { } file)
            {
                parsed = PostmanCollectionContent.Parse(File.ReadAllBytes(Path.Combine(_baseDirectory, file)));
            }
            else if (seed.Collection is { } inline)
            {
                parsed = PostmanCollectionContent.Unwrap(inline.DeepClone());
            }
            else if (seed.Inline is { } extension && extension.ContainsKey("info"))
            {
                parsed = PostmanCollectionContent.Unwrap(JsonSerializer.SerializeToNode(extension, PostmanJson.Options));
            }
            else
            {
                throw new ArgumentException($"{where}: no file, collection or info/item content.");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new ArgumentException($"{where}: {e.Message}", e);
        }

        var created = PostmanIds.Milliseconds(seed.CreatedAt ?? PostmanIds.Epoch.AddMinutes(order));
        var collection = new PostmanCollection
        {
            Id = id,
            Uid = string.IsNullOrWhiteSpace(seed.Uid) ? PostmanIds.Uid(workspace.OwnerId, id) : seed.Uid,
            Workspace = workspace,
            Name = seed.Name ?? "",
            CreatedAt = created,
            UpdatedAt = PostmanIds.Milliseconds(seed.UpdatedAt ?? created),
            LastUpdatedBy = workspace.OwnerId,
            IsPublic = seed.IsPublic,
            Fork = seed.Fork,
            Source = source,
            Raw = seed.RawBase64 is { } rawBytes ? Convert.FromBase64String(rawBytes) : seed.Raw is null ? null : Encoding.UTF8.GetBytes(seed.Raw),
        };
        if (parsed is not null)
        {
            var body = PostmanCollectionContent.ToBody(parsed, id, workspace.OwnerId);
            collection.Body = body;
            collection.DescriptionJson = body.DescriptionJson;
            collection.Name = seed.Name ?? body.Name ?? "Untitled";
        }
        else if (seed.Name is null)
        {
            collection.Name = source is null ? "Untitled" : PostmanCollectionContent.ScanName(source) ?? "Untitled";
        }

        if (_collections.ContainsKey(collection.Id) || _collections.ContainsKey(collection.Uid))
        {
            throw new ArgumentException($"{where}: id '{collection.Id}' is used twice.");
        }

        Register(collection);
    }

    private void AddGenerated(PostmanWorkspace workspace, PostmanGenerateConfig generate, int firstPosition, ref int order)
    {
        if (generate.Count < 0 || generate.MinBytes < 0 || generate.MaxBytes < generate.MinBytes)
        {
            throw new ArgumentException($"Postman workspace '{workspace.Name}': generate needs count >= 0 and 0 <= minBytes <= maxBytes.");
        }

        for (int i = 0; i < generate.Count; i++)
        {
            string id = PostmanIds.Uuid($"{workspace.Id}/generated/{generate.Seed}/{i}");
            var created = PostmanIds.Epoch.AddMinutes(order++);
            var collection = new PostmanCollection
            {
                Id = id,
                Uid = PostmanIds.Uid(workspace.OwnerId, id),
                Workspace = workspace,
                Name = PostmanCollectionGenerator.DefaultName(generate.NamePrefix, i),
                DescriptionJson = PostmanCollectionGenerator.DescriptionJson(generate.Seed, i),
                CreatedAt = created,
                UpdatedAt = created,
                LastUpdatedBy = workspace.OwnerId,
                Generated = new GeneratedSource(generate.Seed, i, PostmanCollectionGenerator.TargetSize(generate.Seed, i, generate.MinBytes, generate.MaxBytes)),
            };
            if (_collections.ContainsKey(id))
            {
                throw new ArgumentException($"Postman workspace '{workspace.Name}': generated collection {firstPosition + i + 1} collides with another id.");
            }

            Register(collection);
        }
    }

    private void AddSeededEnvironment(PostmanWorkspace workspace, PostmanEnvironmentConfig seed, int position, int order)
    {
        if (string.IsNullOrWhiteSpace(seed.Name))
        {
            throw new ArgumentException($"Postman workspace '{workspace.Name}': environment {position + 1} has no name.");
        }

        string id = string.IsNullOrWhiteSpace(seed.Id) ? PostmanIds.Uuid($"{workspace.Id}/environment/{position}") : seed.Id;
        var environment = new PostmanEnvironment
        {
            Id = id,
            Uid = PostmanIds.Uid(workspace.OwnerId, id),
            Name = seed.Name,
            Workspace = workspace,
            IsPublic = seed.IsPublic,
            CreatedAt = PostmanIds.Epoch.AddMinutes(order),
            UpdatedAt = PostmanIds.Epoch.AddMinutes(order),
            Values = seed.Values.Select(v => new PostmanVariableConfig { Key = v.Key, Value = v.Value, Enabled = v.Enabled, Type = v.Type }).ToList(),
        };
        if (!_environments.TryAdd(environment.Id, environment) || !_environments.TryAdd(environment.Uid, environment))
        {
            throw new ArgumentException($"Postman workspace '{workspace.Name}': environment id '{id}' is used twice.");
        }

        workspace.Environments.Add(environment);
    }

    private void AddSeededApi(PostmanWorkspace workspace, PostmanApiConfig seed, int position, int order)
    {
        if (string.IsNullOrWhiteSpace(seed.Name))
        {
            throw new ArgumentException($"Postman workspace '{workspace.Name}': API {position + 1} has no name.");
        }

        string id = string.IsNullOrWhiteSpace(seed.Id) ? PostmanIds.Uuid($"{workspace.Id}/api/{position}") : seed.Id;
        var created = PostmanIds.Epoch.AddMinutes(order);
        var api = new PostmanApi
        {
            Id = id,
            Name = seed.Name,
            Summary = seed.Summary,
            Description = seed.Description,
            Workspace = workspace,
            CreatedAt = created,
            UpdatedAt = created,
            CreatedBy = workspace.OwnerId,
            UpdatedBy = workspace.OwnerId,
        };
        var schema = new PostmanSchema
        {
            Id = string.IsNullOrWhiteSpace(seed.SchemaId) ? PostmanIds.Uuid($"{id}/schema/0") : seed.SchemaId,
            Type = string.IsNullOrWhiteSpace(seed.SchemaType) ? "openapi:3" : seed.SchemaType,
            CreatedAt = created,
            UpdatedAt = created,
            CreatedBy = workspace.OwnerId,
            UpdatedBy = workspace.OwnerId,
        };
        api.Schemas.Add(schema);
        foreach (var file in seed.Files)
        {
            string path = NormalizePath(file.Path) ?? throw new ArgumentException($"Postman API '{seed.Name}': invalid schema file path '{file.Path}'.");
            string content;
            try
            {
                content = file.Content ?? (file.File is { } name
                    ? File.ReadAllText(Path.Combine(_baseDirectory, name))
                    : throw new ArgumentException($"Postman API '{seed.Name}': schema file '{path}' has neither content nor file."));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ArgumentException($"Postman API '{seed.Name}', schema file '{path}': {e.Message}", e);
            }

            schema.Files[path] = new PostmanSchemaFile(PostmanIds.Uuid(schema.Id + "/file/" + path), path, path[(path.LastIndexOf('/') + 1)..], content, created, created, workspace.OwnerId, workspace.OwnerId);
        }

        foreach (var version in seed.Versions)
        {
            if (string.IsNullOrWhiteSpace(version.Name))
            {
                throw new ArgumentException($"Postman API '{seed.Name}': a version has no name.");
            }

            var published = new PostmanVersion
            {
                Id = string.IsNullOrWhiteSpace(version.Id) ? PostmanIds.Uuid($"{id}/version/{api.Versions.Count}/{version.Name}") : version.Id,
                Name = version.Name,
                ReleaseNotes = version.ReleaseNotes,
                CreatedAt = created,
                UpdatedAt = created,
            };
            published.Schemas[schema.Id] = (schema.Type, schema.Files.Values.ToArray());
            api.Versions.Add(published);
        }

        if (!_apis.TryAdd(api.Id, api))
        {
            throw new ArgumentException($"Postman API id '{api.Id}' is used twice.");
        }

        workspace.Apis.Add(api);
    }

    /// <summary>Builds a seeded or generated collection's content on its first read (outside the lock; the first one built wins).</summary>
    private void Materialize(PostmanCollection collection)
    {
        byte[]? source;
        GeneratedSource? generated;
        int version;
        CollectionInfo info;
        lock (_sync)
        {
            if (collection.Body is not null)
            {
                return;
            }

            (source, generated, version, info) = (collection.Source, collection.Generated, collection.Version, collection.Info);
        }

        CollectionBody body;
        if (source is not null)
        {
            body = PostmanCollectionContent.ToBody(PostmanCollectionContent.Parse(source), info.Id, collection.Workspace.OwnerId);
        }
        else if (generated is not null)
        {
            int restBytes = generated.TargetBytes - PostmanCollectionContent.Overhead(info);
            body = new CollectionBody(info.Name, info.DescriptionJson, PostmanCollectionGenerator.GenerateRest(generated.Seed, generated.Index, restBytes, info.Id, collection.Workspace.OwnerId));
        }
        else
        {
            throw new InvalidOperationException($"Collection {info.Id} has no content.");
        }

        lock (_sync)
        {
            if (collection.Body is null && collection.Version == version)
            {
                collection.Body = body;
                collection.Source = null;
                collection.Generated = null;
                collection.DescriptionJson = body.DescriptionJson;
            }
        }
    }
}
