using System;
using System.Collections.Generic;
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
/// Data API and the Contents API, with failures mapped to the engine's stable error ids by
/// <see cref="GitHubFailures"/>.
/// </summary>
/// <remarks>
/// Octokit's typed clients send what they fit (the repository, refs created and moved, annotated tags, releases, commit
/// and blob reads); new commits send Octokit's <c>NewCommit</c> through its connection (its answer model has no
/// <c>html_url</c>); branch reads (the tree sha is wanted) and ref reads (the plural <c>git/refs</c> answers a prefix with
/// an array) stay on Octokit's connection with answers read here. Blob and tree uploads and raw file downloads stream
/// through <see cref="GitHubConnection"/> itself (bodies written on the fly from temporary files, <c>"sha": null</c>
/// deletions, request size control), the same transport Octokit's requests go through.
/// </remarks>
public sealed partial class GitHubRepositoryClient
{
    private readonly GitHubConnection _connection;
    private readonly GitHubApi _api;

    /// <summary>Creates the client for <paramref name="repository"/>.</summary>
    public GitHubRepositoryClient(GitHubConnection connection, RepositoryName repository)
    {
        _connection = connection;
        _api = new GitHubApi(connection);
        Repository = repository;
    }

    /// <summary>The repository.</summary>
    public RepositoryName Repository { get; }

    /// <summary>The connection (for request counting).</summary>
    public GitHubConnection Connection => _connection;

    private string Base => Repository.ApiPath;

    /// <summary>Reads the repository: default branch, archived, permissions (<see cref="ReadRepositoryAsync"/>, failures from the error table).</summary>
    /// <exception cref="SyncException"><c>RepositoryNotFound</c>, <c>TokenInvalid</c>, <c>GitHubRequestFailed</c>.</exception>
    public async Task<RepositoryDetails> GetRepositoryAsync(CancellationToken cancellationToken)
    {
        var answer = await ReadRepositoryAsync(cancellationToken).ConfigureAwait(false);
        Ensure(answer, "GET", Base);
        return answer.Value!;
    }

    /// <summary>Reads a branch's head commit and tree; null when the branch does not exist.</summary>
    public async Task<BranchHead?> GetBranchAsync(string branch, CancellationToken cancellationToken)
    {
        var path = $"{Base}/branches/{EscapePath(branch)}";
        var response = await _api.SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
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
        var response = await _api.SendAsync(HttpMethod.Get, url, null, cancellationToken).ConfigureAwait(false);
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
    /// Copies a file's bytes at <paramref name="reference"/> into <paramref name="destination"/> (a seekable stream, such as a
    /// temporary file) as they arrive, in one request whatever the size up to GitHub's 100 MB (the Contents API's raw media
    /// type), never as text. False when the file does not exist or is a directory; the same errors as <see cref="GetFileAsync"/>.
    /// </summary>
    public async Task<bool> DownloadFileAsync(string path, string? reference, Stream destination, CancellationToken cancellationToken)
    {
        var url = ContentsUrl(path, reference);
        var response = new GitHubAnswer(await _connection.GetToStreamAsync(url, "application/vnd.github.raw+json", destination, cancellationToken).ConfigureAwait(false));
        if (IsMissingContent(response, reference)) return false;
        Ensure(response, "GET", url);
        // A directory (or a symlink to one) still answers with a JSON listing: not a file.
        var type = response.Header("Content-Type") ?? string.Empty;
        return !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
    }

    private string ContentsUrl(string path, string? reference) =>
        $"{Base}/contents/{EscapePath(path)}" + (reference is null ? string.Empty : "?ref=" + Uri.EscapeDataString(reference));

    /// <summary>True for a 404 of a missing file; <c>BranchNotFound</c> / <c>RepositoryEmpty</c> for the other 404s of the Contents API.</summary>
    private bool IsMissingContent(GitHubAnswer response, string? reference)
    {
        if (response.StatusCode != HttpStatusCode.NotFound) return false;
        var message = response.ErrorMessage;
        if (message.IndexOf("No commit found for the ref", StringComparison.OrdinalIgnoreCase) >= 0) throw BranchNotFound(reference ?? "(default)");
        if (message.IndexOf("repository is empty", StringComparison.OrdinalIgnoreCase) >= 0) throw GitHubFailures.RepositoryEmpty(Repository);
        return true;
    }

    /// <summary>Reads a blob's bytes.</summary>
    public async Task<byte[]> GetBlobAsync(string sha, CancellationToken cancellationToken)
    {
        var answer = await _api.CallAsync(c => c.Git.Blob.Get(Repository.Owner, Repository.Name, sha), cancellationToken).ConfigureAwait(false);
        Ensure(answer, "GET", $"{Base}/git/blobs/{sha}");
        var blob = answer.Value!;
        var content = blob.Content ?? string.Empty;
        return blob.Encoding.StringValue == "base64" ? Convert.FromBase64String(content.Replace("\n", string.Empty)) : Encoding.UTF8.GetBytes(content);
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
        var response = await _api.SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
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
        var response = new GitHubAnswer(await _connection.SendStreamedAsync(HttpMethod.Post, path,
            () => new StreamedJsonContent((stream, token) => GitDataRequestBody.WriteBlobAsync(stream, content, token), length, cancellationToken), cancellationToken).ConfigureAwait(false));
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
        var response = new GitHubAnswer(await _connection.SendStreamedAsync(HttpMethod.Post, path, () => new StreamedJsonContent(Write, length, cancellationToken), cancellationToken).ConfigureAwait(false));
        EnsureWrite(response, "POST", path);
        using var document = JsonDocument.Parse(response.Body);
        return document.RootElement.GetProperty("sha").GetString()!;
    }

    /// <summary>Creates a commit and returns its sha and html url.</summary>
    /// <remarks>
    /// The request is Octokit's <see cref="Octokit.NewCommit"/>, sent through Octokit's connection rather than
    /// <c>Git.Commit.Create</c>: Octokit's <see cref="Octokit.Commit"/> has no <c>html_url</c>, which the result carries.
    /// </remarks>
    public async Task<(string Sha, string HtmlUrl)> CreateCommitAsync(string message, string tree, IReadOnlyList<string> parents, CommitterIdentity? committer, CancellationToken cancellationToken)
    {
        // No identity: GitHub names the authenticated account (a GitHub App's bot) as author and committer.
        var signature = Signature(committer);
        var commit = new Octokit.NewCommit(message, tree, parents) { Author = signature, Committer = signature };
        var path = $"{Base}/git/commits";
        var response = await _api.PostAsync<CreatedCommit>(path, commit, cancellationToken).ConfigureAwait(false);
        EnsureWrite(response, "POST", path);
        return (response.Value!.Sha, response.Value.HtmlUrl ?? string.Empty);
    }

    /// <summary>The fields of a created commit that the result carries (Octokit's <see cref="Octokit.Commit"/> lacks <c>html_url</c>).</summary>
    private sealed class CreatedCommit
    {
        public string Sha { get; set; } = string.Empty;

        public string? HtmlUrl { get; set; }
    }

    /// <summary>
    /// Moves <c>refs/heads/branch</c> to <paramref name="commitSha"/>, never forced. False when
    /// GitHub refuses because it is not a fast forward (someone else pushed meanwhile).
    /// </summary>
    public async Task<bool> FastForwardAsync(string branch, string commitSha, CancellationToken cancellationToken)
    {
        var path = $"{Base}/git/refs/heads/{EscapePath(branch)}";
        var response = await SendUpdateRefAsync("heads/" + branch, commitSha, force: false, cancellationToken).ConfigureAwait(false);
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
        var response = await _api.SendAsync(HttpMethod.Put, url, body, cancellationToken).ConfigureAwait(false);
        EnsureWrite(response, "PUT", url, branch);
        using var document = JsonDocument.Parse(response.Body);
        var commit = document.RootElement.GetProperty("commit");
        return (commit.GetProperty("sha").GetString()!, commit.TryGetProperty("html_url", out var h) ? h.GetString() ?? string.Empty : string.Empty);
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

    /// <summary>Nothing when <paramref name="answer"/> succeeded, else its failure from the error table.</summary>
    private void Ensure(GitHubAnswer answer, string method, string path)
    {
        if (!answer.IsSuccess) throw _api.Failure(answer, GitHubRequestKind.Read, method, path, Repository.ToString(), Repository);
    }

    /// <summary>Like <see cref="Ensure"/> for a write: the table's refusals of a write are <c>PushDenied</c>.</summary>
    private void EnsureWrite(GitHubAnswer answer, string method, string path, string? branch = null)
    {
        if (!answer.IsSuccess) throw _api.Failure(answer, GitHubRequestKind.Write, method, path, Repository.ToString(), Repository, branch);
    }

    /// <summary>The <c>BranchNotFound</c> failure, with the command that creates the branch.</summary>
    public SyncException BranchNotFound(string branch) =>
        new(SyncErrorId.BranchNotFound, SyncErrorCategory.ObjectNotFound,
            $"The branch '{branch}' does not exist in {Repository}; branches are never created silently. Create it first, for example: "
            + $"git push origin HEAD:refs/heads/{branch} (from a clone), or on GitHub: Branches > New branch. Or set 'branch:' to an existing branch.",
            Repository.ToString());
}
