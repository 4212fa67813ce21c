using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PSGitHubSync.Emulator.Postman;

/// <summary>
/// The emulated Postman API under <c>/postman</c>: the subset collection backup and schema sync use. Shapes follow
/// Postman's published OpenAPI description (learning.postman.com/api-docs): the classic error shape
/// <c>{"error":{"name","message"}}</c> for workspaces, collections and environments, the v10 problem shape
/// <c>{"type","title","detail"}</c> for the API Builder routes (which require <c>Accept: application/vnd.api.v10+json</c>).
/// </summary>
internal static class PostmanEndpoints
{
    public const string Prefix = "/postman";

    private const int DefaultV10Limit = 10;
    private const int MaxV10Limit = 100;

    public static void Map(IEndpointRouteBuilder routes, PostmanPipeline pipeline)
    {
        var group = routes.MapGroup(Prefix);
        void On(string method, string pattern, Func<PostmanRequest, PostmanResult> handler, bool v10 = false)
        {
            string route = method + " " + pattern.Replace("{**filePath}", "{file-path}", StringComparison.Ordinal);
            group.MapMethods(pattern, new[] { method }, (HttpContext http) => pipeline.ExecuteAsync(http, route, handler, v10));
        }

        On("GET", "/me", GetMe);
        On("GET", "/workspaces", GetWorkspaces);
        On("GET", "/workspaces/{workspaceId}", GetWorkspace);
        On("GET", "/collections", GetCollections);
        On("POST", "/collections", CreateCollection);
        On("GET", "/collections/{collectionId}", GetCollection);
        On("PUT", "/collections/{collectionId}", UpdateCollection);
        On("GET", "/environments", GetEnvironments);
        On("GET", "/environments/{environmentId}", GetEnvironment);
        On("GET", "/apis", GetApis, v10: true);
        On("GET", "/apis/{apiId}", GetApi, v10: true);
        On("GET", "/apis/{apiId}/schemas/{schemaId}", GetSchema, v10: true);
        On("GET", "/apis/{apiId}/schemas/{schemaId}/files", GetSchemaFiles, v10: true);
        On("GET", "/apis/{apiId}/schemas/{schemaId}/files/{**filePath}", GetSchemaFile, v10: true);
        On("PUT", "/apis/{apiId}/schemas/{schemaId}/files/{**filePath}", PutSchemaFile, v10: true);
        On("DELETE", "/apis/{apiId}/schemas/{schemaId}/files/{**filePath}", DeleteSchemaFile, v10: true);
        On("GET", "/apis/{apiId}/versions", GetVersions, v10: true);
        On("POST", "/apis/{apiId}/versions", CreateVersion, v10: true);
        On("GET", "/apis/{apiId}/versions/{versionId}", GetVersion, v10: true);
        On("GET", "/apis/{apiId}/tasks/{taskId}", GetTask, v10: true);

        // Anything else under /postman: authenticated like the rest, then Postman's 404.
        group.Map("/{**rest}", (HttpContext http) => pipeline.ExecuteAsync(http, http.Request.Method.ToUpperInvariant() + " (unknown)", NotFound));
        group.Map("/", (HttpContext http) => pipeline.ExecuteAsync(http, http.Request.Method.ToUpperInvariant() + " (unknown)", NotFound));
    }

    private static PostmanResult NotFound(PostmanRequest request) =>
        PostmanJson.Error(404, "notFound", "Requested resource not found");

    private static string Time(DateTimeOffset time) => PostmanIds.Timestamp(time);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- user and workspaces

    private static PostmanResult GetMe(PostmanRequest request)
    {
        var user = request.Key.User;
        return PostmanJson.Ok(new
        {
            user = new
            {
                id = user.Id,
                username = user.Username,
                email = user.Email,
                fullName = user.FullName,
                avatar = "",
                isPublic = false,
                teamId = 1,
                teamName = "PSGitHubSync Emulator",
                teamDomain = "psgithubsync-emulator",
                roles = new[] { "user" },
            },
            operations = new[] { new { name = "api_usage", limit = 1_000_000, usage = request.State.TotalRequests, overage = 0 } },
        });
    }

    private static PostmanResult GetWorkspaces(PostmanRequest request)
    {
        string? type = request.Query("type");
        lock (request.State.Sync)
        {
            return PostmanJson.Ok(new
            {
                workspaces = request.State.VisibleWorkspaces(request.Key)
                    .Where(w => type is null || string.Equals(w.Type, type, StringComparison.OrdinalIgnoreCase))
                    .Select(w => new { id = w.Id, name = w.Name, type = w.Type, visibility = w.Visibility, createdBy = Text(w.OwnerId) })
                    .ToArray(),
            });
        }
    }

    private static PostmanResult GetWorkspace(PostmanRequest request)
    {
        lock (request.State.Sync)
        {
            if (request.State.VisibleWorkspace(request.Key, request.RouteValue("workspaceId")) is not { } w)
            {
                return WorkspaceNotFound();
            }

            return PostmanJson.Ok(new
            {
                workspace = new
                {
                    id = w.Id,
                    name = w.Name,
                    type = w.Type,
                    description = w.Description ?? "",
                    visibility = w.Visibility,
                    createdBy = Text(w.OwnerId),
                    updatedBy = Text(w.OwnerId),
                    createdAt = Time(w.CreatedAt),
                    updatedAt = Time(w.UpdatedAt),
                    collections = w.Collections.Select(c => new { id = c.Id, name = c.Name, uid = c.Uid }).ToArray(),
                    environments = w.Environments.Select(e => new { id = e.Id, name = e.Name, uid = e.Uid }).ToArray(),
                    mocks = Array.Empty<object>(),
                    monitors = Array.Empty<object>(),
                    apis = w.Apis.Select(a => new { id = a.Id, name = a.Name, uid = PostmanIds.Uid(w.OwnerId, a.Id) }).ToArray(),
                },
            });
        }
    }

    private static PostmanResult WorkspaceNotFound() =>
        new(404, PostmanJson.Serialize(new { error = new { name = "workspaceNotFoundError", message = "workspace not found", statusCode = 404 } }));

    // ---------------------------------------------------------------- collections

    private static PostmanResult GetCollections(PostmanRequest request)
    {
        if (!TryNonNegative(request.Query("offset"), 0, out int offset) || !TryNonNegative(request.Query("limit"), -1, out int limit))
        {
            return PostmanJson.Error(400, "invalidParamsError", "The limit and offset query parameters must be non-negative integers.");
        }

        string? workspaceId = request.Query("workspace");
        string? name = request.Query("name");
        lock (request.State.Sync)
        {
            IEnumerable<PostmanCollection> collections = workspaceId is null
                ? request.State.VisibleCollections(request.Key)
                : request.State.VisibleWorkspace(request.Key, workspaceId)?.Collections ?? Enumerable.Empty<PostmanCollection>();
            if (name is not null)
            {
                collections = collections.Where(c => c.Name.Contains(name, StringComparison.OrdinalIgnoreCase));
            }

            var all = collections.ToArray();
            var page = all.Skip(offset).Take(limit < 0 ? int.MaxValue : limit);
            return PostmanJson.Ok(new
            {
                collections = page.Select(c => new
                {
                    id = c.Id,
                    name = c.Name,
                    owner = Text(c.Workspace.OwnerId),
                    createdAt = Time(c.CreatedAt),
                    updatedAt = Time(c.UpdatedAt),
                    uid = c.Uid,
                    fork = c.Fork is { } fork ? new { label = fork.Label, createdAt = Time(fork.CreatedAt ?? c.CreatedAt), from = fork.From } : null,
                    isPublic = c.IsPublic,
                }).ToArray(),
                meta = new { total = all.Length, offset, limit = limit < 0 ? all.Length : limit },
            });
        }
    }

    private static PostmanResult GetCollection(PostmanRequest request)
    {
        PostmanCollection? collection;
        lock (request.State.Sync)
        {
            collection = request.State.VisibleCollection(request.Key, request.RouteValue("collectionId"));
        }

        return collection is null ? CollectionNotFound() : new PostmanResult(200, request.State.Serve(collection, envelope: true));
    }

    private static PostmanResult UpdateCollection(PostmanRequest request)
    {
        if (!TryCollectionBody(request, out var parsed, out var error))
        {
            return error!;
        }

        lock (request.State.Sync)
        {
            if (request.State.VisibleCollection(request.Key, request.RouteValue("collectionId")) is not { } collection)
            {
                return CollectionNotFound();
            }

            request.State.Replace(collection, parsed!, request.Key.User.Id);
            return PostmanJson.Ok(new { collection = new { id = collection.Id, name = collection.Name, uid = collection.Uid } });
        }
    }

    private static PostmanResult CreateCollection(PostmanRequest request)
    {
        if (!TryCollectionBody(request, out var parsed, out var error))
        {
            return error!;
        }

        string? workspaceId = request.Query("workspace");
        lock (request.State.Sync)
        {
            var workspace = workspaceId is null
                ? request.State.VisibleWorkspaces(request.Key).FirstOrDefault()
                : request.State.VisibleWorkspace(request.Key, workspaceId);
            if (workspace is null)
            {
                return WorkspaceNotFound();
            }

            var collection = request.State.Add(workspace, parsed!, id: null, request.Key.User.Id);
            return PostmanJson.Ok(new { collection = new { id = collection.Id, name = collection.Name, uid = collection.Uid } });
        }
    }

    private static bool TryCollectionBody(PostmanRequest request, out JsonObject? collection, out PostmanResult? error)
    {
        collection = null;
        error = null;
        JsonNode? root;
        try
        {
            root = request.Body.Length == 0 ? null : JsonNode.Parse(request.Body);
        }
        catch (JsonException e)
        {
            error = PostmanJson.Error(400, "malformedRequestError", "The request body is not valid JSON: " + e.Message);
            return false;
        }

        if (root is not JsonObject envelope || envelope["collection"] is not JsonObject inner)
        {
            error = PostmanJson.Error(400, "paramMissingError", "Parameter is missing in the request.", new { param = new[] { "collection" } });
            return false;
        }

        var problems = new List<string>();
        if (inner["info"] is not JsonObject info)
        {
            problems.Add(": must have required property 'info'");
        }
        else if (info["name"] is not JsonValue)
        {
            problems.Add("info: must have required property 'name'");
        }

        if (inner["item"] is not JsonArray)
        {
            problems.Add(": must have required property 'item'");
        }

        if (problems.Count > 0)
        {
            error = PostmanJson.Error(400, "malformedRequestError", $"Found {problems.Count} errors with the supplied collection.", problems);
            return false;
        }

        envelope.Remove("collection");
        collection = inner;
        return true;
    }

    private static PostmanResult CollectionNotFound() =>
        PostmanJson.Error(404, "instanceNotFoundError", "We could not find the collection you are looking for");

    // ---------------------------------------------------------------- environments

    private static PostmanResult GetEnvironments(PostmanRequest request)
    {
        string? workspaceId = request.Query("workspace");
        lock (request.State.Sync)
        {
            var environments = workspaceId is null
                ? request.State.VisibleEnvironments(request.Key)
                : request.State.VisibleWorkspace(request.Key, workspaceId)?.Environments ?? Enumerable.Empty<PostmanEnvironment>();
            return PostmanJson.Ok(new
            {
                environments = environments.Select(e => new
                {
                    id = e.Id,
                    name = e.Name,
                    createdAt = Time(e.CreatedAt),
                    owner = Text(e.Workspace.OwnerId),
                    uid = e.Uid,
                    updatedAt = Time(e.UpdatedAt),
                    isPublic = e.IsPublic,
                }).ToArray(),
            });
        }
    }

    private static PostmanResult GetEnvironment(PostmanRequest request)
    {
        lock (request.State.Sync)
        {
            if (request.State.VisibleEnvironment(request.Key, request.RouteValue("environmentId")) is not { } e)
            {
                return PostmanJson.Error(404, "instanceNotFoundError", "We could not find the environment you are looking for");
            }

            return PostmanJson.Ok(new
            {
                environment = new
                {
                    id = e.Id,
                    name = e.Name,
                    owner = Text(e.Workspace.OwnerId),
                    createdAt = Time(e.CreatedAt),
                    updatedAt = Time(e.UpdatedAt),
                    values = e.Values.Select(v => new { key = v.Key, value = v.Value, enabled = v.Enabled, type = v.Type }).ToArray(),
                    isPublic = e.IsPublic,
                },
            });
        }
    }

    // ---------------------------------------------------------------- APIs (v10)

    private static PostmanResult ApiNotFound() =>
        PostmanJson.Problem(404, "instanceNotFoundError", "We could not find the API you are looking for", "We could not find the API you are looking for.");

    private static PostmanResult SchemaNotFound() =>
        PostmanJson.Problem(404, "instanceNotFoundError", "We could not find the schema you are looking for", "We could not find the schema you are looking for.");

    private static PostmanResult FileNotFound() =>
        PostmanJson.Problem(404, "instanceNotFoundError", "We could not find the file you are looking for", "We could not find the file you are looking for.");

    private static PostmanResult VersionNotFound() =>
        PostmanJson.Problem(404, "instanceNotFoundError", "We could not find the version you are looking for", "We could not find the version you are looking for.");

    private static PostmanResult BadParameter(string detail) =>
        PostmanJson.Problem(400, "invalidParamsError", "Invalid request parameters", detail);

    private static object ApiBase(PostmanApi api) => new
    {
        id = api.Id,
        name = api.Name,
        summary = api.Summary ?? "",
        createdAt = Time(api.CreatedAt),
        createdBy = api.CreatedBy,
        updatedAt = Time(api.UpdatedAt),
        updatedBy = api.UpdatedBy,
        description = api.Description ?? "",
    };

    private static PostmanResult GetApis(PostmanRequest request)
    {
        if (request.Query("workspaceId") is not { Length: > 0 } workspaceId)
        {
            return BadParameter("The workspaceId query parameter is required.");
        }

        if (!TryPage(request, out int offset, out int limit, out var error))
        {
            return error!;
        }

        lock (request.State.Sync)
        {
            if (request.State.VisibleWorkspace(request.Key, workspaceId) is not { } workspace)
            {
                return PostmanJson.Problem(404, "instanceNotFoundError", "We could not find the workspace you are looking for", "We could not find the workspace you are looking for.");
            }

            return PostmanJson.Ok(new
            {
                apis = workspace.Apis.Skip(offset).Take(limit).Select(ApiBase).ToArray(),
                meta = PageMeta(workspace.Apis.Count, offset, limit),
            });
        }
    }

    private static PostmanResult GetApi(PostmanRequest request)
    {
        var include = (request.Query("include") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        lock (request.State.Sync)
        {
            if (request.State.VisibleApi(request.Key, request.RouteValue("apiId")) is not { } api)
            {
                return ApiNotFound();
            }

            var body = JsonSerializer.SerializeToNode(ApiBase(api), PostmanJson.Options)!.AsObject();
            if (include.Contains("schemas"))
            {
                body["schemas"] = JsonSerializer.SerializeToNode(api.Schemas.Select(s => new { id = s.Id }).ToArray(), PostmanJson.Options);
            }

            if (include.Contains("versions"))
            {
                body["versions"] = JsonSerializer.SerializeToNode(api.Versions.Select(v => new { id = v.Id, name = v.Name }).ToArray(), PostmanJson.Options);
            }

            if (include.Contains("collections"))
            {
                body["collections"] = new JsonArray();
            }

            return new PostmanResult(200, PostmanJson.Serialize(body));
        }
    }

    /// <summary>The schema's files now, or as published in the <c>versionId</c> query parameter's version. False: 404 result.</summary>
    private static bool TryFiles(PostmanRequest request, out PostmanApi? api, out PostmanSchema? schema, out string type, out IReadOnlyList<PostmanSchemaFile> files, out PostmanResult? error)
    {
        (schema, type, files, error) = (null, "", Array.Empty<PostmanSchemaFile>(), null);
        api = request.State.VisibleApi(request.Key, request.RouteValue("apiId"));
        if (api is null)
        {
            error = ApiNotFound();
            return false;
        }

        string schemaId = request.RouteValue("schemaId");
        schema = api.Schemas.FirstOrDefault(s => s.Id == schemaId);
        if (request.Query("versionId") is { Length: > 0 } versionId)
        {
            var version = api.Versions.FirstOrDefault(v => v.Id == versionId);
            if (version is null)
            {
                error = VersionNotFound();
                return false;
            }

            if (!version.Schemas.TryGetValue(schemaId, out var published))
            {
                error = SchemaNotFound();
                return false;
            }

            (type, files) = published;
            return true;
        }

        if (schema is null)
        {
            error = SchemaNotFound();
            return false;
        }

        (type, files) = (schema.Type, schema.Files.Values.ToArray());
        return true;
    }

    private static object FileMetadata(PostmanSchemaFile f) => new
    {
        id = f.Id,
        name = f.Name,
        path = f.Path,
        createdAt = Time(f.CreatedAt),
        createdBy = Text(f.CreatedBy),
        updatedAt = Time(f.UpdatedAt),
        updatedBy = Text(f.UpdatedBy),
    };

    private static PostmanResult GetSchema(PostmanRequest request)
    {
        lock (request.State.Sync)
        {
            if (!TryFiles(request, out _, out var schema, out string type, out var files, out var error))
            {
                return error!;
            }

            string schemaId = request.RouteValue("schemaId");
            var created = schema?.CreatedAt ?? PostmanIds.Epoch;
            var updated = schema?.UpdatedAt ?? created;
            string createdBy = Text(schema?.CreatedBy ?? 0);
            string updatedBy = Text(schema?.UpdatedBy ?? 0);
            if (string.Equals(request.Query("bundled"), "true", StringComparison.OrdinalIgnoreCase))
            {
                if (files.Count != 1)
                {
                    return PostmanJson.Problem(422, "unsupportedOperationError", "Bundling is not emulated", "The emulator bundles single-file schemas only.");
                }

                return PostmanJson.Ok(new { id = schemaId, type, createdBy, updatedBy, createdAt = Time(created), updatedAt = Time(updated), content = files[0].Content });
            }

            return PostmanJson.Ok(new
            {
                id = schemaId,
                type,
                files = new { data = files.Select(FileMetadata).ToArray(), meta = new { } },
                createdAt = Time(created),
                createdBy,
                updatedAt = Time(updated),
                updatedBy,
            });
        }
    }

    private static PostmanResult GetSchemaFiles(PostmanRequest request)
    {
        if (!TryPage(request, out int offset, out int limit, out var pageError))
        {
            return pageError!;
        }

        lock (request.State.Sync)
        {
            if (!TryFiles(request, out _, out _, out _, out var files, out var error))
            {
                return error!;
            }

            string? next = offset + limit < files.Count ? EncodeCursor(offset + limit) : null;
            return PostmanJson.Ok(new
            {
                meta = new { nextCursor = next },
                files = files.Skip(offset).Take(limit).Select(FileMetadata).ToArray(),
            });
        }
    }

    /// <summary>The file path of a files/{file-path} route, decoded once from the raw target (so %2F and '/' both separate folders).</summary>
    private static string? FilePath(PostmanRequest request)
    {
        string raw = request.RawPath();
        int schemas = raw.IndexOf("/schemas/", StringComparison.Ordinal);
        int files = schemas < 0 ? -1 : raw.IndexOf("/files/", schemas + "/schemas/".Length, StringComparison.Ordinal);
        string encoded = files < 0 ? request.RouteValue("filePath") : raw[(files + "/files/".Length)..];
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(encoded);
        }
        catch (UriFormatException)
        {
            return null;
        }

        return PostmanState.NormalizePath(decoded);
    }

    private static PostmanResult GetSchemaFile(PostmanRequest request)
    {
        lock (request.State.Sync)
        {
            if (!TryFiles(request, out _, out _, out _, out var files, out var error))
            {
                return error!;
            }

            string? path = FilePath(request);
            if (files.FirstOrDefault(f => f.Path == path) is not { } file)
            {
                return FileNotFound();
            }

            return PostmanJson.Ok(new
            {
                id = file.Id,
                name = file.Name,
                path = file.Path,
                content = file.Content,
                createdAt = Time(file.CreatedAt),
                createdBy = Text(file.CreatedBy),
                updatedAt = Time(file.UpdatedAt),
                updatedBy = Text(file.UpdatedBy),
            });
        }
    }

    private static PostmanResult PutSchemaFile(PostmanRequest request)
    {
        if (request.Query("versionId") is not null)
        {
            return BadParameter("Published versions cannot be changed.");
        }

        string? content;
        try
        {
            content = request.Body.Length == 0 ? null : JsonNode.Parse(request.Body)?["content"] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
        }
        catch (JsonException)
        {
            return BadParameter("The request body is not valid JSON.");
        }

        if (content is null)
        {
            return BadParameter("The content property is required and must be a string.");
        }

        lock (request.State.Sync)
        {
            if (!TryFiles(request, out var api, out var schema, out _, out _, out var error))
            {
                return error!;
            }

            if (FilePath(request) is not { } path)
            {
                return BadParameter("Invalid file path.");
            }

            var file = request.State.PutFile(api!, schema!, path, content, request.Key.User.Id);
            return PostmanJson.Ok(new
            {
                createdBy = Text(file.CreatedBy),
                createdAt = Time(file.CreatedAt),
                name = file.Name,
                path = file.Path,
                updatedBy = Text(file.UpdatedBy),
                id = file.Id,
                updatedAt = Time(file.UpdatedAt),
            });
        }
    }

    private static PostmanResult DeleteSchemaFile(PostmanRequest request)
    {
        lock (request.State.Sync)
        {
            if (request.Query("versionId") is not null)
            {
                return BadParameter("Published versions cannot be changed.");
            }

            if (!TryFiles(request, out var api, out var schema, out _, out _, out var error))
            {
                return error!;
            }

            if (FilePath(request) is not { } path || !schema!.Files.Remove(path))
            {
                return FileNotFound();
            }

            schema.UpdatedAt = request.State.NextTime(schema.UpdatedAt);
            schema.UpdatedBy = request.Key.User.Id;
            api!.UpdatedAt = request.State.NextTime(api.UpdatedAt);
            return new PostmanResult(204, null);
        }
    }

    private static object VersionSummary(PostmanVersion v) => new
    {
        id = v.Id,
        name = v.Name,
        createdAt = Time(v.CreatedAt),
        updatedAt = Time(v.UpdatedAt),
        releaseNotes = v.ReleaseNotes ?? "",
    };

    private static PostmanResult GetVersions(PostmanRequest request)
    {
        if (!TryPage(request, out int offset, out int limit, out var pageError))
        {
            return pageError!;
        }

        lock (request.State.Sync)
        {
            if (request.State.VisibleApi(request.Key, request.RouteValue("apiId")) is not { } api)
            {
                return ApiNotFound();
            }

            return PostmanJson.Ok(new
            {
                meta = PageMeta(api.Versions.Count, offset, limit),
                versions = api.Versions.Skip(offset).Take(limit).Select(VersionSummary).ToArray(),
            });
        }
    }

    private static PostmanResult GetVersion(PostmanRequest request)
    {
        lock (request.State.Sync)
        {
            if (request.State.VisibleApi(request.Key, request.RouteValue("apiId")) is not { } api)
            {
                return ApiNotFound();
            }

            if (api.Versions.FirstOrDefault(v => v.Id == request.RouteValue("versionId")) is not { } v)
            {
                return VersionNotFound();
            }

            return PostmanJson.Ok(new
            {
                version = new
                {
                    id = v.Id,
                    name = v.Name,
                    createdAt = Time(v.CreatedAt),
                    updatedAt = Time(v.UpdatedAt),
                    releaseNotes = v.ReleaseNotes ?? "",
                    schemas = v.Schemas.Select(s => new { id = s.Key, type = s.Value.Type }).ToArray(),
                    collections = Array.Empty<object>(),
                },
            });
        }
    }

    private static PostmanResult CreateVersion(PostmanRequest request)
    {
        JsonObject? body;
        try
        {
            body = request.Body.Length == 0 ? null : JsonNode.Parse(request.Body) as JsonObject;
        }
        catch (JsonException)
        {
            return BadParameter("The request body is not valid JSON.");
        }

        string? name = body?["name"] is JsonValue nameValue && nameValue.TryGetValue(out string? n) ? n : null;
        string? releaseNotes = body?["releaseNotes"] is JsonValue notesValue && notesValue.TryGetValue(out string? r) ? r : null;
        var schemaIds = (body?["schemas"] as JsonArray)?.Select(s => s?["id"] is JsonValue idValue && idValue.TryGetValue(out string? id) ? id : null).ToArray();
        if (string.IsNullOrWhiteSpace(name))
        {
            return BadParameter("The name property is required.");
        }

        if (schemaIds is null || schemaIds.Length == 0 || schemaIds.Any(id => id is null))
        {
            return BadParameter("The schemas property is required: a list of {\"id\": schemaId}.");
        }

        lock (request.State.Sync)
        {
            if (request.State.VisibleApi(request.Key, request.RouteValue("apiId")) is not { } api)
            {
                return ApiNotFound();
            }

            var schemas = new List<PostmanSchema>();
            foreach (string? id in schemaIds)
            {
                if (api.Schemas.FirstOrDefault(s => s.Id == id) is not { } schema)
                {
                    return SchemaNotFound();
                }

                schemas.Add(schema);
            }

            if (api.Versions.Any(v => v.Name == name))
            {
                return BadParameter($"A version named '{name}' exists already.");
            }

            var version = request.State.Publish(api, id: null, name, releaseNotes, schemas);
            string taskId = PostmanIds.Uuid($"{api.Id}/task/{version.Id}");
            api.Tasks[taskId] = new PostmanTask(taskId, api.Id, version.Id, version.CreatedAt);
            return new PostmanResult(
                202,
                PostmanJson.Serialize(VersionSummary(version)),
                new Dictionary<string, string> { ["Location"] = request.Url($"/apis/{api.Id}/tasks/{taskId}") });
        }
    }

    private static PostmanResult GetTask(PostmanRequest request)
    {
        lock (request.State.Sync)
        {
            if (request.State.VisibleApi(request.Key, request.RouteValue("apiId")) is not { } api)
            {
                return ApiNotFound();
            }

            if (!api.Tasks.TryGetValue(request.RouteValue("taskId"), out var task))
            {
                return PostmanJson.Problem(404, "instanceNotFoundError", "We could not find the task you are looking for", "We could not find the task you are looking for.");
            }

            return PostmanJson.Ok(new
            {
                id = task.Id,
                meta = new { url = $"/apis/{api.Id}/versions", model = "api-version", action = "create" },
                status = "completed",
                details = new { resources = new[] { new { id = task.VersionId, url = $"/apis/{api.Id}/versions/{task.VersionId}" } } },
                createdAt = Time(task.CreatedAt),
                updatedAt = Time(task.CreatedAt),
            });
        }
    }

    // ---------------------------------------------------------------- paging

    private static bool TryNonNegative(string? text, int fallback, out int value)
    {
        if (text is null)
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>v10 paging: <c>limit</c> (default 10, at most 100) and an opaque <c>cursor</c>.</summary>
    private static bool TryPage(PostmanRequest request, out int offset, out int limit, out PostmanResult? error)
    {
        error = null;
        offset = 0;
        if (!TryNonNegative(request.Query("limit"), DefaultV10Limit, out limit) || limit == 0)
        {
            error = BadParameter("The limit query parameter must be a positive integer.");
            return false;
        }

        limit = Math.Min(limit, MaxV10Limit);
        if (request.Query("cursor") is { Length: > 0 } cursor && (DecodeCursor(cursor) is not { } decoded || (offset = decoded) < 0))
        {
            error = BadParameter("The cursor query parameter is invalid.");
            return false;
        }

        return true;
    }

    private static object PageMeta(int total, int offset, int limit) => new
    {
        limit,
        total,
        nextCursor = offset + limit < total ? EncodeCursor(offset + limit) : null,
    };

    private static string EncodeCursor(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes("offset:" + offset.ToString(CultureInfo.InvariantCulture)));

    private static int? DecodeCursor(string cursor)
    {
        try
        {
            string text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out int offset) ? offset : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
