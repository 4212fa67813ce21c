using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>The repository's facts, read once each, for the runners and for <c>Test-BackupIntegration</c>'s decisions.</summary>
public sealed partial class GitHubRepositoryClient
{
    /// <summary>
    /// <c>GET /repos/{owner}/{repo}</c>, read once into the one typed fact every caller uses; the answer whatever its status
    /// (no value when it failed), so that a caller can tell a missing repository from single sign-on or a revoked token.
    /// </summary>
    public async Task<GitHubAnswer<RepositoryDetails>> ReadRepositoryAsync(CancellationToken cancellationToken)
    {
        var answer = await _api.CallAsync(c => c.Repository.Get(Repository.Owner, Repository.Name), cancellationToken).ConfigureAwait(false);
        return new GitHubAnswer<RepositoryDetails>(answer.Response, answer.IsSuccess
            ? RepositoryDetails.From(answer.Value ?? throw new System.Text.Json.JsonException("GitHub's answer holds no repository."))
            : null);
    }

    /// <summary>The failure the error table makes of a refused read of the repository (<see cref="ReadRepositoryAsync"/>).</summary>
    public SyncException Failure(GitHubAnswer refused) =>
        _api.Failure(refused, GitHubRequestKind.Read, "GET", "/" + Base, Repository.ToString(), Repository);

    /// <summary>The repository's branches (name → head sha), or <c>Empty</c> = true when it has no commits; empty when they cannot be listed.</summary>
    public async Task<(bool Empty, IReadOnlyDictionary<string, string> Branches)> ListBranchHeadsAsync(CancellationToken cancellationToken)
    {
        var response = await _api.SendAsync(HttpMethod.Get, $"{Base}/git/matching-refs/heads", null, cancellationToken).ConfigureAwait(false);
        var branches = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if ((int)response.StatusCode == 409) return (true, branches);
        if (!response.IsSuccess) return (false, branches);
        using var document = JsonDocument.Parse(response.Body);
        if (document.RootElement.ValueKind != JsonValueKind.Array) return (false, branches);
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var name = entry.TryGetProperty("ref", out var r) ? r.GetString() : null;
            var sha = entry.TryGetProperty("object", out var o) && o.TryGetProperty("sha", out var s) ? s.GetString() : null;
            if (name is not null && sha is not null && name.StartsWith("refs/heads/", StringComparison.Ordinal)) branches[name.Substring("refs/heads/".Length)] = sha;
        }
        return (false, branches);
    }

    /// <summary>The smallest blob (sha, path) of at most <paramref name="maxBytes"/> at the top of <paramref name="tree"/>, or null (also when the tree cannot be read).</summary>
    public async Task<(string Sha, string Path)?> SmallestBlobAsync(string tree, long maxBytes, CancellationToken cancellationToken)
    {
        var response = await _api.SendAsync(HttpMethod.Get, $"{Base}/git/trees/{tree}", null, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess) return null;
        using var document = JsonDocument.Parse(response.Body);
        if (!document.RootElement.TryGetProperty("tree", out var entries) || entries.ValueKind != JsonValueKind.Array) return null;
        var smallest = entries.EnumerateArray()
            .Where(e => e.TryGetProperty("type", out var t) && t.GetString() == "blob" && e.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number && s.GetInt64() <= maxBytes)
            .OrderBy(e => e.GetProperty("size").GetInt64())
            .Select(e => (Sha: e.GetProperty("sha").GetString(), Path: e.GetProperty("path").GetString()))
            .FirstOrDefault();
        return smallest.Sha is null ? null : (smallest.Sha, smallest.Path!);
    }

    /// <summary>Stores <paramref name="content"/> as a blob referenced by nothing and returns GitHub's answer whatever its status (the write probe).</summary>
    public Task<GitHubAnswer> ProbeBlobAsync(byte[] content, CancellationToken cancellationToken) =>
        _api.SendAsync(HttpMethod.Post, $"{Base}/git/blobs", "{\"content\":\"" + Convert.ToBase64String(content) + "\",\"encoding\":\"base64\"}", cancellationToken);

    /// <summary>The protection rules of <paramref name="branch"/> as GitHub's JSON text, or null when they cannot be read (that needs admin rights).</summary>
    public async Task<string?> ReadBranchProtectionAsync(string branch, CancellationToken cancellationToken)
    {
        var path = $"{Base}/branches/{Uri.EscapeDataString(branch).Replace("%2F", "/")}/protection";
        var response = await _api.SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        return response.IsSuccess ? response.Body : null;
    }

    /// <summary>The web address of <paramref name="page"/> of the repository (<c>settings</c>, ...), or of the repository itself.</summary>
    public string WebUrl(string? page = null) =>
        new Uri(_connection.Endpoint.Server, Repository + (page is null ? string.Empty : "/" + page)).AbsoluteUri;
}
