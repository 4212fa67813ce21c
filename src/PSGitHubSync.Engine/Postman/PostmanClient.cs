using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Http;
using PSGitHubSync.Engine.IO;
using PSGitHubSync.Engine.Resources;

namespace PSGitHubSync.Engine.Postman;

/// <summary>
/// The Postman API operations backup and restore need: workspaces, collections (listed with
/// <c>updatedAt</c>, paginated), environments, and collection updates. Names resolve within
/// one workspace only, never across the account.
/// </summary>
public sealed class PostmanClient
{
    private const int PageSize = 100;
    private readonly PostmanConnection _connection;
    private readonly object _gate = new();
    private Task<IReadOnlyList<PostmanWorkspace>>? _workspaces;

    /// <summary>Creates the client.</summary>
    public PostmanClient(PostmanConnection connection) => _connection = connection;

    /// <summary>The connection (for request counting).</summary>
    public PostmanConnection Connection => _connection;

    /// <summary>Finds a workspace by id, or by name (case-insensitive).</summary>
    /// <exception cref="SyncException"><c>WorkspaceNotFound</c>, <c>CollectionAmbiguous</c> (two workspaces of that name), <c>ApiKeyInvalid</c>.</exception>
    public async Task<PostmanWorkspace> ResolveWorkspaceAsync(string nameOrId, CancellationToken cancellationToken)
    {
        Task<IReadOnlyList<PostmanWorkspace>> listing;
        lock (_gate) listing = _workspaces ??= ListWorkspacesAsync(cancellationToken);   // one listing per client, however many integrations ask
        var workspaces = await listing.ConfigureAwait(false);
        var byId = workspaces.FirstOrDefault(w => string.Equals(w.Id, nameOrId, StringComparison.OrdinalIgnoreCase));
        if (byId is not null) return byId;
        var byName = workspaces.Where(w => string.Equals(w.Name, nameOrId, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (byName.Length == 1) return byName[0];
        if (byName.Length > 1)
        {
            throw new SyncException(SyncErrorId.CollectionAmbiguous, SyncErrorCategory.InvalidArgument,
                $"The workspace name '{nameOrId}' matches {byName.Length} workspaces ({string.Join(", ", byName.Select(w => w.Id))}). Use the workspace id instead of its name.", nameOrId);
        }
        var known = string.Join(", ", workspaces.Select(w => $"'{w.Name}'").Take(20));
        throw new SyncException(SyncErrorId.WorkspaceNotFound, SyncErrorCategory.ObjectNotFound,
            $"The Postman workspace '{nameOrId}' was not found with this API key. Check the name or id (the key sees: {(known.Length == 0 ? "no workspaces" : known)}); the key's user must be a member of the workspace.", nameOrId);
    }

    /// <summary>
    /// The workspaces the key can see whose name (or id) matches <paramref name="selector"/>: a wildcard
    /// (<c>*</c>: all of them), or one name or id (as <see cref="ResolveWorkspaceAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<PostmanWorkspace>> SelectWorkspacesAsync(string selector, CancellationToken cancellationToken)
    {
        if (!IsWildcard(selector)) return new[] { await ResolveWorkspaceAsync(selector, cancellationToken).ConfigureAwait(false) };
        Task<IReadOnlyList<PostmanWorkspace>> listing;
        lock (_gate) listing = _workspaces ??= ListWorkspacesAsync(cancellationToken);
        var pattern = Wildcard(selector);
        return (await listing.ConfigureAwait(false))
            .Where(w => pattern.IsMatch(w.Name) || string.Equals(w.Id, selector, StringComparison.OrdinalIgnoreCase))
            .OrderBy(w => w.Name, StringComparer.OrdinalIgnoreCase).ThenBy(w => w.Id, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>True when <paramref name="selector"/> is a wildcard (<c>*</c> or <c>?</c>).</summary>
    public static bool IsWildcard(string selector) => selector.IndexOfAny(new[] { '*', '?' }) >= 0;

    /// <summary>
    /// A wildcard (<c>*</c> any run of characters, <c>?</c> one character) as a whole-name, case-insensitive
    /// pattern in which every character matches, line breaks included: names are data.
    /// </summary>
    internal static Regex Wildcard(string selector) =>
        new("\\A" + Regex.Escape(selector).Replace("\\*", ".*").Replace("\\?", ".") + "\\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);

    /// <summary>Lists the workspaces the key can see.</summary>
    public async Task<IReadOnlyList<PostmanWorkspace>> ListWorkspacesAsync(CancellationToken cancellationToken)
    {
        using var document = await GetJsonAsync("workspaces", cancellationToken).ConfigureAwait(false);
        return document.RootElement.GetProperty("workspaces").EnumerateArray()
            .Select(w => new PostmanWorkspace(Text(w, "id")!, Text(w, "name") ?? string.Empty))
            .ToArray();
    }

    /// <summary>Lists a workspace's collections with their <c>updatedAt</c>, following pagination.</summary>
    public async Task<IReadOnlyList<PostmanCollectionSummary>> ListCollectionsAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var result = new List<PostmanCollectionSummary>();
        for (var offset = 0; ; offset += PageSize)
        {
            using var document = await GetJsonAsync($"collections?workspace={Uri.EscapeDataString(workspaceId)}&limit={PageSize}&offset={offset}", cancellationToken).ConfigureAwait(false);
            var page = document.RootElement.GetProperty("collections").EnumerateArray()
                .Select(c => new PostmanCollectionSummary(Text(c, "id")!, Text(c, "uid") ?? Text(c, "id")!, Text(c, "name") ?? string.Empty, Text(c, "updatedAt")))
                .ToArray();
            result.AddRange(page);
            var total = document.RootElement.TryGetProperty("meta", out var meta) && meta.TryGetProperty("total", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : -1;
            if (page.Length < PageSize || (total >= 0 && result.Count >= total)) return result;
        }
    }

    /// <summary>Lists a workspace's environments.</summary>
    public async Task<IReadOnlyList<PostmanCollectionSummary>> ListEnvironmentsAsync(string workspaceId, CancellationToken cancellationToken)
    {
        using var document = await GetJsonAsync($"environments?workspace={Uri.EscapeDataString(workspaceId)}", cancellationToken).ConfigureAwait(false);
        return document.RootElement.GetProperty("environments").EnumerateArray()
            .Select(e => new PostmanCollectionSummary(Text(e, "id")!, Text(e, "uid") ?? Text(e, "id")!, Text(e, "name") ?? string.Empty, Text(e, "updatedAt")))
            .ToArray();
    }

    /// <summary>
    /// Picks the collections <paramref name="selector"/> names among <paramref name="collections"/>:
    /// an id or uid, a name (case-insensitive; two collections of that name is an error listing
    /// both ids), or a wildcard (<c>*</c>, <c>?</c>) matching names.
    /// </summary>
    /// <exception cref="SyncException"><c>CollectionNotFound</c>, <c>CollectionAmbiguous</c>.</exception>
    public static IReadOnlyList<PostmanCollectionSummary> Select(IReadOnlyList<PostmanCollectionSummary> collections, string selector, string workspaceName)
    {
        if (IsWildcard(selector))
        {
            var pattern = Wildcard(selector);
            return collections.Where(c => pattern.IsMatch(c.Name)).OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Id, StringComparer.Ordinal).ToArray();
        }
        var exact = collections.FirstOrDefault(c => string.Equals(c.Id, selector, StringComparison.OrdinalIgnoreCase) || string.Equals(c.Uid, selector, StringComparison.OrdinalIgnoreCase));
        if (exact is not null) return new[] { exact };
        var named = collections.Where(c => string.Equals(c.Name, selector, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (named.Length == 1) return named;
        if (named.Length > 1)
        {
            throw new SyncException(SyncErrorId.CollectionAmbiguous, SyncErrorCategory.InvalidArgument,
                $"The name '{selector}' matches {named.Length} collections in the workspace '{workspaceName}': {string.Join(", ", named.Select(c => c.Uid))}. Put the id you mean in 'collection:' instead of the name.", selector);
        }
        throw new SyncException(SyncErrorId.CollectionNotFound, SyncErrorCategory.ObjectNotFound,
            $"The collection '{selector}' is not in the Postman workspace '{workspaceName}'. Check the name (or use its id), and that the collection is in that workspace and not only elsewhere in the account.", selector);
    }

    /// <summary>Downloads a collection (the API's <c>{ "collection": ... }</c> envelope) as UTF-8 bytes.</summary>
    public Task<byte[]> GetCollectionAsync(string uid, CancellationToken cancellationToken) =>
        GetBytesAsync($"collections/{Uri.EscapeDataString(uid)}", cancellationToken);

    /// <summary>Downloads an environment (the API's <c>{ "environment": ... }</c> envelope) as UTF-8 bytes.</summary>
    public Task<byte[]> GetEnvironmentAsync(string uid, CancellationToken cancellationToken) =>
        GetBytesAsync($"environments/{Uri.EscapeDataString(uid)}", cancellationToken);

    /// <summary>
    /// Downloads a collection (the API's <c>{ "collection": ... }</c> envelope) into <paramref name="destination"/> (a seekable
    /// stream, such as a temporary file) as it arrives, never as text; a retry starts the stream over.
    /// </summary>
    /// <exception cref="SyncException"><c>CollectionNotFound</c>, <c>ApiKeyInvalid</c>, <c>PostmanRequestFailed</c>, <c>ServerUnreachable</c>.</exception>
    /// <remarks>Bytes that are not UTF-8 are replaced with U+FFFD, with a warning that says how many and where (see <see cref="Utf8RepairingStream"/>).</remarks>
    public Task DownloadCollectionAsync(string uid, System.IO.Stream destination, CancellationToken cancellationToken) =>
        DownloadTextAsync("collection", uid, $"collections/{Uri.EscapeDataString(uid)}", destination, cancellationToken);

    /// <summary>Downloads an environment (the API's <c>{ "environment": ... }</c> envelope) into <paramref name="destination"/>, as <see cref="DownloadCollectionAsync"/> does.</summary>
    public Task DownloadEnvironmentAsync(string uid, System.IO.Stream destination, CancellationToken cancellationToken) =>
        DownloadTextAsync("environment", uid, $"environments/{Uri.EscapeDataString(uid)}", destination, cancellationToken);

    private async Task DownloadTextAsync(string kind, string uid, string path, System.IO.Stream destination, CancellationToken cancellationToken)
    {
        var repairing = new Utf8RepairingStream(destination);
        await DownloadAsync(path, repairing, cancellationToken).ConfigureAwait(false);
        repairing.Complete();
        await repairing.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (repairing.Replacements > 0)
        {
            _connection.Warn(string.Format(CultureInfo.InvariantCulture, Messages.PostmanSentInvalidUtf8, kind, uid, repairing.Replacements, repairing.FirstReplacedOffset));
        }
    }

    /// <summary>Replaces a collection's content (<paramref name="collectionJson"/> is the bare collection).</summary>
    public async Task UpdateCollectionAsync(string uid, string collectionJson, CancellationToken cancellationToken)
    {
        var body = "{\"collection\":" + collectionJson + "}";
        var response = await _connection.SendAsync(HttpMethod.Put, $"collections/{Uri.EscapeDataString(uid)}", body, cancellationToken).ConfigureAwait(false);
        Ensure(response, "PUT", "collections/" + uid);
    }

    /// <summary>
    /// Replaces a collection's content with <paramref name="collection"/> (a file holding the bare collection, such as a
    /// temporary file), sent as <c>{"collection": …}</c> straight from the file.
    /// </summary>
    public async Task UpdateCollectionAsync(string uid, IO.FileContent collection, CancellationToken cancellationToken)
    {
        var body = await CollectionEnvelope.CreateAsync(collection, cancellationToken).ConfigureAwait(false);
        var response = await _connection.SendStreamedAsync(HttpMethod.Put, $"collections/{Uri.EscapeDataString(uid)}", body, cancellationToken).ConfigureAwait(false);
        Ensure(response, "PUT", "collections/" + uid);
    }

    /// <summary>
    /// Creates a collection in <paramref name="workspaceId"/> from <paramref name="collection"/> (a file holding the bare
    /// collection), sent straight from the file, and returns its id, uid and name.
    /// </summary>
    public async Task<PostmanCollectionSummary> CreateCollectionAsync(string workspaceId, IO.FileContent collection, CancellationToken cancellationToken)
    {
        var body = await CollectionEnvelope.CreateAsync(collection, cancellationToken).ConfigureAwait(false);
        var url = $"collections?workspace={Uri.EscapeDataString(workspaceId)}";
        var response = await _connection.SendStreamedAsync(HttpMethod.Post, url, body, cancellationToken).ConfigureAwait(false);
        Ensure(response, "POST", url);
        return Created(response);
    }

    /// <summary>
    /// Creates a collection in <paramref name="workspaceId"/> from <paramref name="collectionJson"/> (the bare
    /// collection) and returns its id, uid and name.
    /// </summary>
    public async Task<PostmanCollectionSummary> CreateCollectionAsync(string workspaceId, string collectionJson, CancellationToken cancellationToken)
    {
        var body = "{\"collection\":" + collectionJson + "}";
        var url = $"collections?workspace={Uri.EscapeDataString(workspaceId)}";
        var response = await _connection.SendAsync(HttpMethod.Post, url, body, cancellationToken).ConfigureAwait(false);
        Ensure(response, "POST", url);
        return Created(response);
    }

    private static PostmanCollectionSummary Created(ApiResponse response)
    {
        using var document = JsonDocument.Parse(response.Body);
        var created = document.RootElement.TryGetProperty("collection", out var c) ? c : document.RootElement;
        var id = Text(created, "id") ?? string.Empty;
        return new PostmanCollectionSummary(id, Text(created, "uid") ?? id, Text(created, "name") ?? string.Empty, null);
    }

    /// <summary>Finds an API in a workspace by id or name (case-insensitive).</summary>
    /// <exception cref="SyncException"><c>ApiNotFound</c>, <c>CollectionAmbiguous</c>.</exception>
    public async Task<PostmanWorkspace> ResolveApiAsync(PostmanWorkspace workspace, string nameOrId, CancellationToken cancellationToken)
    {
        // The API list is paginated (v10: limit at most 100, then meta.nextCursor).
        var list = new List<PostmanWorkspace>();
        string? cursor = null;
        do
        {
            using var document = await GetJsonAsync($"apis?workspaceId={Uri.EscapeDataString(workspace.Id)}&limit=100" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)), cancellationToken).ConfigureAwait(false);
            list.AddRange(document.RootElement.GetProperty("apis").EnumerateArray()
                .Select(a => new PostmanWorkspace(Text(a, "id")!, Text(a, "name") ?? string.Empty)));
            cursor = document.RootElement.TryGetProperty("meta", out var meta) ? Text(meta, "nextCursor") : null;
        }
        while (!string.IsNullOrEmpty(cursor));
        var apis = list.ToArray();
        var byId = apis.FirstOrDefault(a => string.Equals(a.Id, nameOrId, StringComparison.OrdinalIgnoreCase));
        if (byId is not null) return byId;
        var named = apis.Where(a => string.Equals(a.Name, nameOrId, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (named.Length == 1) return named[0];
        if (named.Length > 1)
        {
            throw new SyncException(SyncErrorId.CollectionAmbiguous, SyncErrorCategory.InvalidArgument,
                $"The API name '{nameOrId}' matches {named.Length} APIs in the workspace '{workspace.Name}' ({string.Join(", ", named.Select(a => a.Id))}). Use the API id instead.", nameOrId);
        }
        throw new SyncException(SyncErrorId.ApiNotFound, SyncErrorCategory.ObjectNotFound,
            $"The Postman API '{nameOrId}' is not in the workspace '{workspace.Name}' (it has: {(apis.Length == 0 ? "no APIs" : string.Join(", ", apis.Select(a => $"'{a.Name}'")))}).", nameOrId);
    }

    /// <summary>The id of an API's schema (Postman APIs have one), or null when the API has none yet.</summary>
    public async Task<string?> GetSchemaIdAsync(string apiId, CancellationToken cancellationToken)
    {
        using var document = await GetJsonAsync($"apis/{Uri.EscapeDataString(apiId)}?include=schemas", cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        if (root.TryGetProperty("api", out var api)) root = api;
        if (!root.TryGetProperty("schemas", out var schemas) || schemas.ValueKind != JsonValueKind.Array) return null;
        return schemas.EnumerateArray().Select(s => Text(s, "id")).FirstOrDefault(id => id is not null);
    }

    /// <summary>Reads every file of an API schema: path → bytes (UTF-8 of the content Postman holds).</summary>
    public async Task<IReadOnlyDictionary<string, byte[]>> GetSchemaFilesAsync(string apiId, string schemaId, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        string? cursor = null;
        do
        {
            var query = $"apis/{Uri.EscapeDataString(apiId)}/schemas/{Uri.EscapeDataString(schemaId)}/files" + (cursor is null ? string.Empty : "?cursor=" + Uri.EscapeDataString(cursor));
            using var list = await GetJsonAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var file in list.RootElement.GetProperty("files").EnumerateArray())
            {
                if (Text(file, "type") is null or "file") paths.Add(Text(file, "path") ?? Text(file, "name")!);
            }
            cursor = list.RootElement.TryGetProperty("meta", out var meta) ? Text(meta, "nextCursor") : null;
        }
        while (!string.IsNullOrEmpty(cursor));

        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            result[path] = SchemaFileBody.ContentOf(await GetBytesAsync(SchemaFilePath(apiId, schemaId, path), cancellationToken).ConfigureAwait(false));
        }
        return result;
    }

    /// <summary>Creates or replaces one schema file.</summary>
    public async Task PutSchemaFileAsync(string apiId, string schemaId, string path, byte[] content, CancellationToken cancellationToken)
    {
        // Written from the bytes as the request is sent: the file is never a string (nor two).
        Task Write(System.IO.Stream stream, CancellationToken token) => SchemaFileBody.WriteAsync(stream, content, token);
        var length = await StreamedJsonContent.MeasureAsync(Write, cancellationToken).ConfigureAwait(false);
        var url = SchemaFilePath(apiId, schemaId, path);
        var response = await _connection.SendStreamedAsync(HttpMethod.Put, url, () => new StreamedJsonContent(Write, length, cancellationToken), cancellationToken).ConfigureAwait(false);
        Ensure(response, "PUT", url);
    }

    /// <summary>Deletes one schema file.</summary>
    public async Task DeleteSchemaFileAsync(string apiId, string schemaId, string path, CancellationToken cancellationToken)
    {
        var url = SchemaFilePath(apiId, schemaId, path);
        var response = await _connection.SendAsync(HttpMethod.Delete, url, null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NotFound) Ensure(response, "DELETE", url);
    }

    /// <summary>Creates an API version named <paramref name="name"/> from the schema.</summary>
    public async Task CreateApiVersionAsync(string apiId, string schemaId, string name, string? notes, CancellationToken cancellationToken)
    {
        using var stream = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteStartArray("schemas");
            writer.WriteStartObject();
            writer.WriteString("id", schemaId);
            writer.WriteEndObject();
            writer.WriteEndArray();
            if (notes is not null) writer.WriteString("releaseNotes", notes);
            writer.WriteEndObject();
        }
        var url = $"apis/{Uri.EscapeDataString(apiId)}/versions";
        var response = await _connection.SendAsync(HttpMethod.Post, url, Encoding.UTF8.GetString(stream.ToArray()), cancellationToken).ConfigureAwait(false);
        Ensure(response, "POST", url);
    }

    /// <summary>The names of an API's versions (following pagination).</summary>
    public async Task<IReadOnlyList<string>> GetApiVersionNamesAsync(string apiId, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        string? cursor = null;
        do
        {
            using var document = await GetJsonAsync($"apis/{Uri.EscapeDataString(apiId)}/versions?limit=100" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)), cancellationToken).ConfigureAwait(false);
            if (document.RootElement.TryGetProperty("versions", out var versions) && versions.ValueKind == JsonValueKind.Array)
            {
                names.AddRange(versions.EnumerateArray().Select(v => Text(v, "name")).OfType<string>());
            }
            cursor = document.RootElement.TryGetProperty("meta", out var meta) ? Text(meta, "nextCursor") : null;
        }
        while (!string.IsNullOrEmpty(cursor));
        return names;
    }

    private static string SchemaFilePath(string apiId, string schemaId, string path) =>
        $"apis/{Uri.EscapeDataString(apiId)}/schemas/{Uri.EscapeDataString(schemaId)}/files/{Uri.EscapeDataString(path)}";

    private async Task<byte[]> GetBytesAsync(string path, CancellationToken cancellationToken)
    {
        // The bytes as they arrive: never a string and its bytes at once.
        using var buffer = new System.IO.MemoryStream();
        await DownloadAsync(path, buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private async Task DownloadAsync(string path, System.IO.Stream destination, CancellationToken cancellationToken)
    {
        var response = await _connection.GetToStreamAsync(path, null, destination, cancellationToken).ConfigureAwait(false);
        Ensure(response, "GET", path);
    }

    private async Task<JsonDocument> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        var response = await _connection.GetAsync(path, cancellationToken).ConfigureAwait(false);
        Ensure(response, "GET", path);
        return JsonDocument.Parse(response.Body);
    }

    private void Ensure(ApiResponse response, string method, string path)
    {
        if (response.IsSuccess) return;
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new SyncException(SyncErrorId.ApiKeyInvalid, SyncErrorCategory.AuthenticationError,
                $"Postman refused the API key ({response.ErrorMessage}). Create a key in Postman (Settings > API keys) and store it where the integration's apiKey reference points (for example $env:POSTMAN_API_KEY).",
                _connection.ServerName);
        }
        if (response.StatusCode == HttpStatusCode.NotFound && path.StartsWith("collections/", StringComparison.Ordinal))
        {
            throw new SyncException(SyncErrorId.CollectionNotFound, SyncErrorCategory.ObjectNotFound,
                $"Postman has no collection {path.Substring("collections/".Length)} (it may have been deleted just now): {response.ErrorMessage}", path);
        }
        throw new SyncException(SyncErrorId.PostmanRequestFailed, SyncErrorCategory.NotSpecified,
            string.Format(CultureInfo.InvariantCulture, "Postman answered {0} to {1} {2}: {3}", (int)response.StatusCode, method, path, response.ErrorMessage), _connection.ServerName);
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>A Postman workspace.</summary>
public sealed class PostmanWorkspace
{
    /// <summary>Creates the value.</summary>
    public PostmanWorkspace(string id, string name)
    {
        Id = id;
        Name = name;
    }

    /// <summary>The id.</summary>
    public string Id { get; }

    /// <summary>The name.</summary>
    public string Name { get; }
}

/// <summary>A collection (or environment) as a workspace listing shows it.</summary>
public sealed class PostmanCollectionSummary
{
    /// <summary>Creates the value.</summary>
    public PostmanCollectionSummary(string id, string uid, string name, string? updatedAt)
    {
        Id = id;
        Uid = uid;
        Name = name;
        UpdatedAt = updatedAt;
    }

    /// <summary>The id.</summary>
    public string Id { get; }

    /// <summary>The uid (owner-id).</summary>
    public string Uid { get; }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>When Postman last saw a change, as Postman wrote it.</summary>
    public string? UpdatedAt { get; }
}
