using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Http;
using PSGitHubSync.Engine.IO;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>
/// The GitHub operations on one repository that backup and schema sync need, over the Git
/// Data API and the Contents API. Request bodies are written by hand (so that a tree entry
/// deletion really sends <c>"sha": null</c>) and answers are read with System.Text.Json.
/// Failures are mapped to the engine's stable error ids.
/// </summary>
public sealed class GitHubRepositoryClient
{
    private readonly GitHubConnection _connection;

    /// <summary>Creates the client for <paramref name="repository"/>.</summary>
    public GitHubRepositoryClient(GitHubConnection connection, RepositoryName repository)
    {
        _connection = connection;
        Repository = repository;
    }

    /// <summary>The repository.</summary>
    public RepositoryName Repository { get; }

    /// <summary>The connection (for request counting).</summary>
    public GitHubConnection Connection => _connection;

    private string Base => Repository.ApiPath;

    /// <summary>Reads the repository: default branch, archived, permissions.</summary>
    /// <exception cref="SyncException"><c>RepositoryNotFound</c>.</exception>
    public async Task<RepositoryDetails> GetRepositoryAsync(CancellationToken cancellationToken)
    {
        var response = await _connection.GetAsync(Base, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) throw RepositoryNotFound();
        Ensure(response, "GET", Base);
        using var document = JsonDocument.Parse(response.Body);
        var root = document.RootElement;
        var permissions = root.TryGetProperty("permissions", out var p) ? p : default;
        return new RepositoryDetails(
            root.GetProperty("default_branch").GetString() ?? "main",
            root.TryGetProperty("archived", out var archived) && archived.ValueKind == JsonValueKind.True,
            root.TryGetProperty("private", out var isPrivate) && isPrivate.ValueKind == JsonValueKind.True,
            permissions.ValueKind == JsonValueKind.Object && permissions.TryGetProperty("push", out var push) ? push.ValueKind == JsonValueKind.True : (bool?)null,
            root.TryGetProperty("html_url", out var html) ? html.GetString() ?? string.Empty : string.Empty,
            root.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : -1);
    }

    /// <summary>Reads a branch's head commit and tree; null when the branch does not exist.</summary>
    public async Task<BranchHead?> GetBranchAsync(string branch, CancellationToken cancellationToken)
    {
        var path = $"{Base}/branches/{EscapePath(branch)}";
        var response = await _connection.GetAsync(path, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        Ensure(response, "GET", path);
        using var document = JsonDocument.Parse(response.Body);
        var commit = document.RootElement.GetProperty("commit");
        var tree = commit.GetProperty("commit").GetProperty("tree").GetProperty("sha").GetString()!;
        var isProtected = document.RootElement.TryGetProperty("protected", out var p) && p.ValueKind == JsonValueKind.True;
        return new BranchHead(branch, commit.GetProperty("sha").GetString()!, tree, isProtected);
    }

    /// <summary>
    /// Reads a file with the Contents API at <paramref name="reference"/> (a branch or commit;
    /// null: the default branch). Null when the file does not exist; <c>BranchNotFound</c> when the
    /// reference does not; <c>RepositoryEmpty</c> when the repository has no commits.
    /// </summary>
    public async Task<RepositoryFile?> GetFileAsync(string path, string? reference, CancellationToken cancellationToken)
    {
        var url = ContentsUrl(path, reference);
        var response = await _connection.GetAsync(url, cancellationToken).ConfigureAwait(false);
        if (IsMissingContent(response, reference)) return null;
        Ensure(response, "GET", url);
        using var document = JsonDocument.Parse(response.Body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || root.GetProperty("type").GetString() != "file") return null;
        var sha = root.GetProperty("sha").GetString()!;
        byte[] content;
        var encoded = root.TryGetProperty("content", out var c) ? c.GetString() ?? string.Empty : string.Empty;
        if (encoded.Length == 0 && root.TryGetProperty("size", out var size) && size.GetInt64() > 0)
        {
            content = await GetBlobAsync(sha, cancellationToken).ConfigureAwait(false);   // files over 1 MB come without content
        }
        else
        {
            content = Convert.FromBase64String(encoded.Replace("\n", string.Empty));
        }
        return new RepositoryFile(path, sha, content);
    }

    /// <summary>
    /// Reads a UTF-8 text file's content at <paramref name="reference"/> in one request, whatever its
    /// size up to GitHub's 100 MB (the Contents API's raw media type: files over 1 MB otherwise need a
    /// second request for the blob). Null when the file does not exist or is a directory; the same
    /// errors as <see cref="GetFileAsync"/>.
    /// </summary>
    public async Task<byte[]?> GetTextFileAsync(string path, string? reference, CancellationToken cancellationToken)
    {
        var url = ContentsUrl(path, reference);
        var response = await _connection.GetAsync(url, "application/vnd.github.raw+json", cancellationToken).ConfigureAwait(false);
        if (IsMissingContent(response, reference)) return null;
        Ensure(response, "GET", url);
        // A directory (or a symlink to one) still answers with a JSON listing: not a file.
        var type = response.Header("Content-Type") ?? string.Empty;
        if (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)) return null;
        return new UTF8Encoding(false).GetBytes(response.Body);
    }

    /// <summary>
    /// Copies a file's bytes at <paramref name="reference"/> into <paramref name="destination"/> (a seekable stream, such as a
    /// temporary file) as they arrive, in one request whatever the size up to GitHub's 100 MB (the Contents API's raw media
    /// type), never as text. False when the file does not exist or is a directory; the same errors as <see cref="GetFileAsync"/>.
    /// </summary>
    public async Task<bool> DownloadFileAsync(string path, string? reference, Stream destination, CancellationToken cancellationToken)
    {
        var url = ContentsUrl(path, reference);
        var response = await _connection.GetToStreamAsync(url, "application/vnd.github.raw+json", destination, cancellationToken).ConfigureAwait(false);
        if (IsMissingContent(response, reference)) return false;
        Ensure(response, "GET", url);
        // A directory (or a symlink to one) still answers with a JSON listing: not a file.
        var type = response.Header("Content-Type") ?? string.Empty;
        return !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
    }

    private string ContentsUrl(string path, string? reference) =>
        $"{Base}/contents/{EscapePath(path)}" + (reference is null ? string.Empty : "?ref=" + Uri.EscapeDataString(reference));

    /// <summary>True for a 404 of a missing file; <c>BranchNotFound</c> / <c>RepositoryEmpty</c> for the other 404s of the Contents API.</summary>
    private bool IsMissingContent(ApiResponse response, string? reference)
    {
        if (response.StatusCode != HttpStatusCode.NotFound) return false;
        var message = response.ErrorMessage;
        if (message.IndexOf("No commit found for the ref", StringComparison.OrdinalIgnoreCase) >= 0) throw BranchNotFound(reference ?? "(default)");
        if (message.IndexOf("repository is empty", StringComparison.OrdinalIgnoreCase) >= 0) throw RepositoryEmpty();
        return true;
    }

    /// <summary>Reads a blob's bytes.</summary>
    public async Task<byte[]> GetBlobAsync(string sha, CancellationToken cancellationToken)
    {
        var path = $"{Base}/git/blobs/{sha}";
        var response = await _connection.GetAsync(path, cancellationToken).ConfigureAwait(false);
        Ensure(response, "GET", path);
        using var document = JsonDocument.Parse(response.Body);
        var content = document.RootElement.GetProperty("content").GetString() ?? string.Empty;
        var encoding = document.RootElement.GetProperty("encoding").GetString();
        return encoding == "base64" ? Convert.FromBase64String(content.Replace("\n", string.Empty)) : Encoding.UTF8.GetBytes(content);
    }

    /// <summary>
    /// The files (path → blob sha) of a tree or commit that are <paramref name="scope"/> itself or under it
    /// (an empty scope: the whole tree), read recursively in one request. GitHub truncates a recursive
    /// listing of a large repository (100,000 entries or 7 MB); then the tree is walked down to the scope
    /// one level at a time instead, so files are never missed.
    /// </summary>
    /// <exception cref="SyncException"><c>GitHubRequestFailed</c>, also when even the scope's own listing is truncated.</exception>
    public Task<IReadOnlyDictionary<string, string>> GetTreeAsync(string treeOrCommit, string scope, CancellationToken cancellationToken)
        => GetTreeAsync(treeOrCommit, scope, cancellationToken, linksAndSubmodules: null);

    /// <summary>
    /// Like <see cref="GetTreeAsync(string, string, CancellationToken)"/>: the regular files (modes 100644 and 100755) only.
    /// Symbolic links (mode 120000) and submodules (mode 160000), which are never written anywhere as files or links,
    /// are added to <paramref name="linksAndSubmodules"/> (path, mode) when it is given.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> GetTreeAsync(string treeOrCommit, string scope, CancellationToken cancellationToken, ICollection<KeyValuePair<string, string>>? linksAndSubmodules)
    {
        scope = scope.Trim('/');
        var (files, truncated) = await ListTreeAsync(treeOrCommit, recursive: true, cancellationToken, linksAndSubmodules: linksAndSubmodules).ConfigureAwait(false);
        if (!truncated) return files;
        if (scope.Length == 0) throw TreeTooLarge(treeOrCommit, scope);

        var segments = scope.Split('/');
        var tree = treeOrCommit;
        for (var i = 0; i < segments.Length; i++)
        {
            var (entries, _) = await ListTreeAsync(tree, recursive: false, cancellationToken, includeTrees: true).ConfigureAwait(false);
            if (!entries.TryGetValue(segments[i], out var entry)) return new Dictionary<string, string>(StringComparer.Ordinal);
            var isTree = entry.StartsWith(TreeMarker, StringComparison.Ordinal);
            if (i == segments.Length - 1 && !isTree) return new Dictionary<string, string>(StringComparer.Ordinal) { [scope] = entry };
            if (!isTree) return new Dictionary<string, string>(StringComparer.Ordinal);
            tree = entry.Substring(TreeMarker.Length);
        }

        var special = linksAndSubmodules is null ? null : new List<KeyValuePair<string, string>>();
        var (under, stillTruncated) = await ListTreeAsync(tree, recursive: true, cancellationToken, linksAndSubmodules: special).ConfigureAwait(false);
        if (stillTruncated) throw TreeTooLarge(treeOrCommit, scope);
        foreach (var entry in special ?? Enumerable.Empty<KeyValuePair<string, string>>()) linksAndSubmodules!.Add(new KeyValuePair<string, string>(scope + "/" + entry.Key, entry.Value));
        return under.ToDictionary(e => scope + "/" + e.Key, e => e.Value, StringComparer.Ordinal);
    }

    private const string TreeMarker = "tree:";

    private async Task<(Dictionary<string, string> Files, bool Truncated)> ListTreeAsync(string tree, bool recursive, CancellationToken cancellationToken, bool includeTrees = false, ICollection<KeyValuePair<string, string>>? linksAndSubmodules = null)
    {
        var path = $"{Base}/git/trees/{EscapePath(tree)}" + (recursive ? "?recursive=1" : string.Empty);
        var response = await _connection.GetAsync(path, cancellationToken).ConfigureAwait(false);
        Ensure(response, "GET", path);
        using var document = JsonDocument.Parse(response.Body);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in document.RootElement.GetProperty("tree").EnumerateArray())
        {
            var type = entry.GetProperty("type").GetString();
            var sha = entry.GetProperty("sha").GetString()!;
            var mode = entry.TryGetProperty("mode", out var m) ? m.GetString() : null;
            if (mode is "120000" || type == "commit")
            {
                // A symbolic link (a blob holding the target) or a submodule: never a file to read or write.
                linksAndSubmodules?.Add(new KeyValuePair<string, string>(entry.GetProperty("path").GetString()!, mode ?? "160000"));
                continue;
            }
            if (type == "blob") result[entry.GetProperty("path").GetString()!] = sha;
            else if (includeTrees && type == "tree") result[entry.GetProperty("path").GetString()!] = TreeMarker + sha;
        }
        var truncated = document.RootElement.TryGetProperty("truncated", out var t) && t.ValueKind == JsonValueKind.True;
        return (result, truncated);
    }

    private SyncException TreeTooLarge(string tree, string scope) =>
        new(SyncErrorId.GitHubRequestFailed, SyncErrorCategory.LimitsExceeded,
            $"{Repository} is too large for GitHub to list {(scope.Length == 0 ? "its files" : "the files under " + scope)} in one request (GitHub truncates a tree listing at 100,000 entries or 7 MB), so nothing was compared or written. Keep the schema in a smaller folder or repository.",
            Repository.ToString());

    /// <summary>Uploads a blob (base64) and returns its sha.</summary>
    public Task<string> CreateBlobAsync(byte[] content, CancellationToken cancellationToken) =>
        CreateBlobAsync(FileContent.FromBytes(content), cancellationToken);

    /// <summary>
    /// Uploads a blob and returns its sha; the request body is base64 encoded from <paramref name="content"/> as it is
    /// sent (a large file is never held as bytes or text), and made afresh for a retry.
    /// </summary>
    public async Task<string> CreateBlobAsync(FileContent content, CancellationToken cancellationToken)
    {
        var length = GitDataRequestBody.BlobLength(content.Length);
        var path = $"{Base}/git/blobs";
        var response = await _connection.SendStreamedAsync(HttpMethod.Post, path,
            () => new StreamedJsonContent((stream, token) => GitDataRequestBody.WriteBlobAsync(stream, content, token), length, cancellationToken), cancellationToken).ConfigureAwait(false);
        EnsureWrite(response, "POST", path);
        using var document = JsonDocument.Parse(response.Body);
        return document.RootElement.GetProperty("sha").GetString()!;
    }

    /// <summary>
    /// Creates a tree from <paramref name="baseTree"/> with <paramref name="changes"/> (inline
    /// UTF-8 content, an existing blob sha, or a deletion sent as <c>"sha": null</c>). The body is written
    /// into the request from each change's content, one inline file at a time.
    /// </summary>
    public async Task<string> CreateTreeAsync(string? baseTree, IEnumerable<TreeChange> changes, CancellationToken cancellationToken)
    {
        var entries = changes.ToList();
        Task Write(Stream stream, CancellationToken token) => GitDataRequestBody.WriteTreeAsync(stream, baseTree, entries, token);
        var length = await StreamedJsonContent.MeasureAsync(Write, cancellationToken).ConfigureAwait(false);
        var path = $"{Base}/git/trees";
        var response = await _connection.SendStreamedAsync(HttpMethod.Post, path, () => new StreamedJsonContent(Write, length, cancellationToken), cancellationToken).ConfigureAwait(false);
        EnsureWrite(response, "POST", path);
        using var document = JsonDocument.Parse(response.Body);
        return document.RootElement.GetProperty("sha").GetString()!;
    }

    /// <summary>Creates a commit and returns its sha and html url.</summary>
    public async Task<(string Sha, string HtmlUrl)> CreateCommitAsync(string message, string tree, IReadOnlyList<string> parents, CommitterIdentity? committer, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var body = Json(writer =>
        {
            writer.WriteString("message", message);
            writer.WriteString("tree", tree);
            writer.WriteStartArray("parents");
            foreach (var parent in parents) writer.WriteStringValue(parent);
            writer.WriteEndArray();
            // No identity: GitHub names the authenticated account (a GitHub App's bot) as author and committer.
            foreach (var role in committer is null ? Array.Empty<string>() : new[] { "author", "committer" })
            {
                writer.WriteStartObject(role);
                writer.WriteString("name", committer!.Name);
                writer.WriteString("email", committer.Email);
                writer.WriteString("date", now);
                writer.WriteEndObject();
            }
        });
        var path = $"{Base}/git/commits";
        var response = await _connection.SendAsync(HttpMethod.Post, path, body, cancellationToken).ConfigureAwait(false);
        EnsureWrite(response, "POST", path);
        using var document = JsonDocument.Parse(response.Body);
        var sha = document.RootElement.GetProperty("sha").GetString()!;
        var html = document.RootElement.TryGetProperty("html_url", out var h) ? h.GetString() ?? string.Empty : string.Empty;
        return (sha, html);
    }

    /// <summary>
    /// Moves <c>refs/heads/branch</c> to <paramref name="commitSha"/>, never forced. False when
    /// GitHub refuses because it is not a fast forward (someone else pushed meanwhile).
    /// </summary>
    public async Task<bool> FastForwardAsync(string branch, string commitSha, CancellationToken cancellationToken)
    {
        var body = Json(writer =>
        {
            writer.WriteString("sha", commitSha);
            writer.WriteBoolean("force", false);
        });
        var path = $"{Base}/git/refs/heads/{EscapePath(branch)}";
        var response = await _connection.SendAsync(new HttpMethod("PATCH"), path, body, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode == 422 && response.ErrorMessage.IndexOf("fast forward", StringComparison.OrdinalIgnoreCase) >= 0) return false;
        EnsureWrite(response, "PATCH", path, branch);
        return true;
    }

    /// <summary>
    /// Creates or updates one file with the Contents API (a commit of its own); the only write
    /// that works on an empty repository, where it makes the first commit.
    /// </summary>
    public async Task<(string CommitSha, string HtmlUrl)> PutFileAsync(string path, byte[] content, string message, string? branch, string? existingSha, CommitterIdentity? committer, CancellationToken cancellationToken)
    {
        var body = Json(writer =>
        {
            writer.WriteString("message", message);
            writer.WriteString("content", Convert.ToBase64String(content));
            if (branch is not null) writer.WriteString("branch", branch);
            if (existingSha is not null) writer.WriteString("sha", existingSha);
            if (committer is not null)
            {
                writer.WriteStartObject("committer");
                writer.WriteString("name", committer.Name);
                writer.WriteString("email", committer.Email);
                writer.WriteEndObject();
            }
        });
        var url = $"{Base}/contents/{EscapePath(path)}";
        var response = await _connection.SendAsync(HttpMethod.Put, url, body, cancellationToken).ConfigureAwait(false);
        EnsureWrite(response, "PUT", url, branch);
        using var document = JsonDocument.Parse(response.Body);
        var commit = document.RootElement.GetProperty("commit");
        return (commit.GetProperty("sha").GetString()!, commit.TryGetProperty("html_url", out var h) ? h.GetString() ?? string.Empty : string.Empty);
    }

    /// <summary>
    /// Reads a ref with the singular <c>git/ref</c> endpoint (GitHub's plural <c>git/refs/{ref}</c>
    /// answers an array for a prefix match, which is never what is meant here). Null when missing.
    /// </summary>
    public async Task<string?> GetRefAsync(string reference, CancellationToken cancellationToken)
    {
        var path = $"{Base}/git/ref/{EscapePath(StripRefs(reference))}";
        var response = await _connection.GetAsync(path, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if ((int)response.StatusCode == 409) return null;   // an empty repository has no refs
        Ensure(response, "GET", path);
        using var document = JsonDocument.Parse(response.Body);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? document.RootElement.GetProperty("object").GetProperty("sha").GetString()
            : null;
    }

    /// <summary>Creates <paramref name="reference"/> (full name, <c>refs/...</c>) at <paramref name="sha"/>.</summary>
    public async Task CreateRefAsync(string reference, string sha, CancellationToken cancellationToken)
    {
        var body = Json(writer =>
        {
            writer.WriteString("ref", reference.StartsWith("refs/", StringComparison.Ordinal) ? reference : "refs/" + reference);
            writer.WriteString("sha", sha);
        });
        var path = $"{Base}/git/refs";
        var response = await _connection.SendAsync(HttpMethod.Post, path, body, cancellationToken).ConfigureAwait(false);
        EnsureWrite(response, "POST", path);
    }

    /// <summary>
    /// Points a bookkeeping ref (never a branch) at <paramref name="sha"/>, creating it when
    /// missing. It is forced: such refs record a state and may move sideways.
    /// </summary>
    public async Task SetStateRefAsync(string reference, string sha, bool exists, CancellationToken cancellationToken)
    {
        if (!exists)
        {
            var create = Json(writer =>
            {
                writer.WriteString("ref", reference.StartsWith("refs/", StringComparison.Ordinal) ? reference : "refs/" + reference);
                writer.WriteString("sha", sha);
            });
            var createPath = $"{Base}/git/refs";
            var created = await _connection.SendAsync(HttpMethod.Post, createPath, create, cancellationToken).ConfigureAwait(false);
            // 422 "Reference already exists": another run created it meanwhile, or a retried request already had; move it.
            if ((int)created.StatusCode != 422 || created.ErrorMessage.IndexOf("already exists", StringComparison.OrdinalIgnoreCase) < 0)
            {
                EnsureWrite(created, "POST", createPath);
                return;
            }
        }
        var body = Json(writer =>
        {
            writer.WriteString("sha", sha);
            writer.WriteBoolean("force", true);
        });
        var path = $"{Base}/git/refs/{EscapePath(StripRefs(reference))}";
        var response = await _connection.SendAsync(new HttpMethod("PATCH"), path, body, cancellationToken).ConfigureAwait(false);
        EnsureWrite(response, "PATCH", path);
    }

    /// <summary>Creates an annotated tag object on <paramref name="commitSha"/> and returns its sha.</summary>
    public async Task<string> CreateAnnotatedTagAsync(string tag, string message, string commitSha, CommitterIdentity? tagger, CancellationToken cancellationToken)
    {
        var body = Json(writer =>
        {
            writer.WriteString("tag", tag);
            writer.WriteString("message", message);
            writer.WriteString("object", commitSha);
            writer.WriteString("type", "commit");
            if (tagger is not null)
            {
                writer.WriteStartObject("tagger");
                writer.WriteString("name", tagger.Name);
                writer.WriteString("email", tagger.Email);
                writer.WriteString("date", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }
        });
        var path = $"{Base}/git/tags";
        var response = await _connection.SendAsync(HttpMethod.Post, path, body, cancellationToken).ConfigureAwait(false);
        EnsureWrite(response, "POST", path);
        using var document = JsonDocument.Parse(response.Body);
        return document.RootElement.GetProperty("sha").GetString()!;
    }

    /// <summary>Reads the commit a tag ref points at (peeling an annotated tag); null when the tag does not exist.</summary>
    public async Task<string?> GetTagCommitAsync(string tag, CancellationToken cancellationToken)
    {
        var path = $"{Base}/git/ref/tags/{EscapePath(tag)}";
        var response = await _connection.GetAsync(path, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        Ensure(response, "GET", path);
        using var document = JsonDocument.Parse(response.Body);
        if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
        var target = document.RootElement.GetProperty("object");
        var sha = target.GetProperty("sha").GetString()!;
        if (target.GetProperty("type").GetString() != "tag") return sha;
        var tagPath = $"{Base}/git/tags/{sha}";
        var tagResponse = await _connection.GetAsync(tagPath, cancellationToken).ConfigureAwait(false);
        Ensure(tagResponse, "GET", tagPath);
        using var tagDocument = JsonDocument.Parse(tagResponse.Body);
        return tagDocument.RootElement.GetProperty("object").GetProperty("sha").GetString();
    }

    /// <summary>Reads the release of <paramref name="tag"/>: its web address, or null when there is none.</summary>
    public async Task<string?> GetReleaseUrlAsync(string tag, CancellationToken cancellationToken)
    {
        var path = $"{Base}/releases/tags/{EscapePath(tag)}";
        var response = await _connection.GetAsync(path, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        Ensure(response, "GET", path);
        using var document = JsonDocument.Parse(response.Body);
        return document.RootElement.TryGetProperty("html_url", out var url) ? url.GetString() : string.Empty;
    }

    /// <summary>Publishes a release for an existing tag and returns its web address.</summary>
    public async Task<string> CreateReleaseAsync(string tag, string name, string? notes, CancellationToken cancellationToken)
    {
        var body = Json(writer =>
        {
            writer.WriteString("tag_name", tag);
            writer.WriteString("name", name);
            if (notes is not null) writer.WriteString("body", notes);
            writer.WriteBoolean("draft", false);
            writer.WriteBoolean("prerelease", false);
        });
        var path = $"{Base}/releases";
        var response = await _connection.SendAsync(HttpMethod.Post, path, body, cancellationToken).ConfigureAwait(false);
        EnsureWrite(response, "POST", path);
        using var document = JsonDocument.Parse(response.Body);
        return document.RootElement.TryGetProperty("html_url", out var url) ? url.GetString() ?? string.Empty : string.Empty;
    }

    /// <summary>
    /// The commits reachable from <paramref name="reference"/> that changed <paramref name="path"/> (null: any),
    /// newest first, following the Link header's <c>next</c> pages until <paramref name="max"/> (null: all).
    /// Empty when the reference does not exist or the repository is empty. <paramref name="pageSize"/>: at most 100 (GitHub's limit).
    /// </summary>
    public async Task<IReadOnlyList<CommitDetails>> ListCommitsAsync(string reference, string? path, int? max, CancellationToken cancellationToken, int pageSize = 100)
    {
        var result = new List<CommitDetails>();
        var page = Math.Max(1, Math.Min(100, pageSize));
        var perPage = max is { } m && m > 0 && m < page ? m : page;
        string? url = $"{Base}/commits?sha={Uri.EscapeDataString(reference)}&per_page={perPage}" + (path is null ? string.Empty : "&path=" + Uri.EscapeDataString(path));
        while (url is not null && (max is null || result.Count < max))
        {
            var response = await _connection.GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound || (int)response.StatusCode == 409) break;
            Ensure(response, "GET", url);
            using (var document = JsonDocument.Parse(response.Body))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Array) break;
                foreach (var entry in document.RootElement.EnumerateArray())
                {
                    if (max is not null && result.Count >= max) break;
                    result.Add(ReadCommit(entry));
                }
            }
            url = NextPage(response.Header("Link"));
        }
        return result;
    }

    /// <summary>True when <paramref name="sha"/> (all 40 hex digits) is a commit of the repository.</summary>
    public async Task<bool> CommitExistsAsync(string sha, CancellationToken cancellationToken)
    {
        var path = $"{Base}/git/commits/{Uri.EscapeDataString(sha)}";
        var response = await _connection.GetAsync(path, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound || (int)response.StatusCode == 422 || (int)response.StatusCode == 409) return false;
        Ensure(response, "GET", path);
        return true;
    }

    private CommitDetails ReadCommit(JsonElement entry)
    {
        var sha = entry.GetProperty("sha").GetString()!;
        var commit = entry.GetProperty("commit");
        var author = commit.TryGetProperty("author", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
        var committer = commit.TryGetProperty("committer", out var c) && c.ValueKind == JsonValueKind.Object ? c : author;
        var name = author.ValueKind == JsonValueKind.Object && author.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty;
        var date = committer.ValueKind == JsonValueKind.Object && committer.TryGetProperty("date", out var d)
            && DateTimeOffset.TryParse(d.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : DateTimeOffset.MinValue;
        var message = commit.TryGetProperty("message", out var text) ? text.GetString() ?? string.Empty : string.Empty;
        var html = entry.TryGetProperty("html_url", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() ?? string.Empty : string.Empty;
        return new CommitDetails(sha, message, name, date, html.Length == 0 ? CommitWebUrl(sha) : html);
    }

    /// <summary>
    /// The <c>rel="next"</c> address of a Link header as the server wrote it; null when there is none. The
    /// connection requests it only when it stays on the API root (<see cref="ApiRootScope"/>), else refuses
    /// with <c>UrlOutsideApiRoot</c>: the token is never sent elsewhere.
    /// </summary>
    private static string? NextPage(string? link)
    {
        if (string.IsNullOrEmpty(link)) return null;
        foreach (var part in link!.Split(','))
        {
            var pieces = part.Split(';');
            if (pieces.Length < 2 || !Array.Exists(pieces, p => p.Trim().Equals("rel=\"next\"", StringComparison.OrdinalIgnoreCase))) continue;
            var target = pieces[0].Trim();
            if (target.StartsWith("<", StringComparison.Ordinal) && target.EndsWith(">", StringComparison.Ordinal)) target = target.Substring(1, target.Length - 2);
            return target.Length == 0 ? null : target;
        }
        return null;
    }

    private static string StripRefs(string reference) =>
        reference.StartsWith("refs/", StringComparison.Ordinal) ? reference.Substring(5) : reference;

    /// <summary>The web address of a commit.</summary>
    public string CommitWebUrl(string sha) =>
        new Uri(_connection.Endpoint.Server, $"{Repository.Owner}/{Repository.Name}/commit/{sha}").AbsoluteUri;

    private static string EscapePath(string path)
    {
        var parts = path.Split('/');
        for (var i = 0; i < parts.Length; i++) parts[i] = Uri.EscapeDataString(parts[i]);
        return string.Join("/", parts);
    }

    /// <summary>
    /// The encoder of request bodies: relaxed escaping, because they are JSON for an API, not HTML, and
    /// escaping every non-ASCII character would make inline file content up to six times larger than the file.
    /// </summary>
    internal static System.Text.Encodings.Web.JavaScriptEncoder BodyEncoder => System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = BodyEncoder }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private void Ensure(ApiResponse response, string method, string path)
    {
        if (response.IsSuccess) return;
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new SyncException(SyncErrorId.TokenInvalid, SyncErrorCategory.AuthenticationError,
                string.Format(CultureInfo.InvariantCulture, Resources.Messages.TokenInvalid, _connection.Endpoint.Server), Repository.ToString());
        }
        if ((int)response.StatusCode == 409 && response.ErrorMessage.IndexOf("empty", StringComparison.OrdinalIgnoreCase) >= 0) throw RepositoryEmpty();
        if (response.StatusCode == HttpStatusCode.NotFound) throw RepositoryNotFound();
        throw new SyncException(SyncErrorId.GitHubRequestFailed, SyncErrorCategory.NotSpecified,
            string.Format(CultureInfo.InvariantCulture, Resources.Messages.GitHubRequestFailed, (int)response.StatusCode, response.StatusCode, method, path, response.ErrorMessage)
            + (response.RequestId is null ? string.Empty : $" (GitHub request id {response.RequestId})"),
            Repository.ToString());
    }

    private void EnsureWrite(ApiResponse response, string method, string path, string? branch = null)
    {
        if (response.IsSuccess) return;
        var message = response.ErrorMessage;
        var status = (int)response.StatusCode;
        if (status == 403 || (status == 422 && message.IndexOf("protected branch", StringComparison.OrdinalIgnoreCase) >= 0)
            || (status == 404 && method != "GET"))
        {
            string why;
            if (message.IndexOf("archived", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                why = $"the repository {Repository} is archived (read-only). Unarchive it in its Settings, or back up to another repository.";
            }
            else if (message.IndexOf("protected branch", StringComparison.OrdinalIgnoreCase) >= 0 || message.IndexOf("branch protection", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                why = $"the branch {branch} is protected and refuses direct pushes. Back up to an unprotected branch ('branch:' in the definitions file), or allow this account to bypass the protection.";
            }
            else if (_connection.App is { } app)
            {
                why = $"GitHub App {app.AppId} may read {Repository} but not write to it (GitHub said: {message}): it lacks the repository permission 'Contents: Read and write'. "
                    + "Add that permission on the app's settings page (Permissions & events), then accept the new permission on the installation.";
            }
            else
            {
                why = $"the token may read {Repository} but not write to it (GitHub said: {message}). Give it write access: classic tokens need the 'repo' scope and a collaborator role with write; fine-grained tokens need 'Contents: Read and write' on this repository; apps need contents write.";
            }
            throw new SyncException(SyncErrorId.PushDenied, SyncErrorCategory.PermissionDenied, "Cannot push: " + why, Repository.ToString());
        }
        Ensure(response, method, path);
    }

    private SyncException RepositoryNotFound() =>
        new(SyncErrorId.RepositoryNotFound, SyncErrorCategory.ObjectNotFound,
            string.Format(CultureInfo.InvariantCulture, Resources.Messages.RepositoryNotFound, Repository, _connection.Endpoint.Server), Repository.ToString());

    private SyncException RepositoryEmpty() =>
        new(SyncErrorId.RepositoryEmpty, SyncErrorCategory.InvalidOperation,
            $"The repository {Repository} has no commits yet.", Repository.ToString());

    /// <summary>The <c>BranchNotFound</c> failure, with the command that creates the branch.</summary>
    public SyncException BranchNotFound(string branch) =>
        new(SyncErrorId.BranchNotFound, SyncErrorCategory.ObjectNotFound,
            $"The branch '{branch}' does not exist in {Repository}; branches are never created silently. Create it first, for example: "
            + $"git push origin HEAD:refs/heads/{branch} (from a clone), or on GitHub: Branches > New branch. Or set 'branch:' to an existing branch.",
            Repository.ToString());
}

/// <summary>What a repository says about itself.</summary>
public sealed class RepositoryDetails
{
    /// <summary>Creates the value.</summary>
    public RepositoryDetails(string defaultBranch, bool archived, bool isPrivate, bool? canPush, string htmlUrl, long size)
    {
        DefaultBranch = defaultBranch;
        Archived = archived;
        Private = isPrivate;
        CanPush = canPush;
        HtmlUrl = htmlUrl;
        Size = size;
    }

    /// <summary>The default branch's name.</summary>
    public string DefaultBranch { get; }

    /// <summary>True when the repository is archived (read-only).</summary>
    public bool Archived { get; }

    /// <summary>True for a private repository.</summary>
    public bool Private { get; }

    /// <summary>The user's push permission (not necessarily the token's).</summary>
    public bool? CanPush { get; }

    /// <summary>The repository's web address.</summary>
    public string HtmlUrl { get; }

    /// <summary>GitHub's size in KB (0 for an empty repository), or -1.</summary>
    public long Size { get; }
}

/// <summary>A branch's head.</summary>
public sealed class BranchHead
{
    /// <summary>Creates the value.</summary>
    public BranchHead(string name, string commitSha, string treeSha, bool isProtected)
    {
        Name = name;
        CommitSha = commitSha;
        TreeSha = treeSha;
        Protected = isProtected;
    }

    /// <summary>The branch name.</summary>
    public string Name { get; }

    /// <summary>The head commit.</summary>
    public string CommitSha { get; }

    /// <summary>The head commit's tree.</summary>
    public string TreeSha { get; }

    /// <summary>True when branch protection is on.</summary>
    public bool Protected { get; }
}

/// <summary>A file read from a repository.</summary>
public sealed class RepositoryFile
{
    /// <summary>Creates the value.</summary>
    public RepositoryFile(string path, string sha, byte[] content)
    {
        Path = path;
        Sha = sha;
        Content = content;
    }

    /// <summary>The path in the repository.</summary>
    public string Path { get; }

    /// <summary>The blob sha.</summary>
    public string Sha { get; }

    /// <summary>The bytes.</summary>
    public byte[] Content { get; }
}

/// <summary>One entry of a tree to create: new content, an existing blob, or a deletion.</summary>
public sealed class TreeChange
{
    private TreeChange(string path, FileContent? source, string? blobSha, bool isDeletion)
    {
        Path = path;
        Source = source;
        BlobSha = blobSha;
        IsDeletion = isDeletion;
    }

    /// <summary>The path in the repository.</summary>
    public string Path { get; }

    /// <summary>UTF-8 content sent inline, or null (read whole from <see cref="Source"/>).</summary>
    public byte[]? Content => Source?.ToArray();

    /// <summary>The content sent inline (in memory or in a temporary file), or null.</summary>
    public FileContent? Source { get; }

    /// <summary>An uploaded blob's sha, or null.</summary>
    public string? BlobSha { get; }

    /// <summary>True when the path is removed.</summary>
    public bool IsDeletion { get; }

    /// <summary>Content sent inline in the create-tree request.</summary>
    public static TreeChange Inline(string path, byte[] content) => new(path, FileContent.FromBytes(content), null, false);

    /// <summary>Content sent inline in the create-tree request, read from <paramref name="content"/> when the request is written.</summary>
    public static TreeChange Inline(string path, FileContent content) => new(path, content ?? throw new ArgumentNullException(nameof(content)), null, false);

    /// <summary>A blob uploaded beforehand.</summary>
    public static TreeChange Blob(string path, string sha) => new(path, null, sha, false);

    /// <summary>A deletion (<c>"sha": null</c>).</summary>
    public static TreeChange Delete(string path) => new(path, null, null, true);
}
