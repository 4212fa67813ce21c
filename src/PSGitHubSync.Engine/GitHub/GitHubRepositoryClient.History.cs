using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Octokit;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>The history of the repository: commits that changed a path, and whether a commit exists.</summary>
public sealed partial class GitHubRepositoryClient
{
    /// <summary>
    /// The commits reachable from <paramref name="reference"/> that changed <paramref name="path"/> (null: any),
    /// newest first, following the Link header's <c>next</c> pages until <paramref name="max"/> (null: all).
    /// Empty when the reference does not exist or the repository is empty. <paramref name="pageSize"/>: at most 100 (GitHub's limit).
    /// </summary>
    /// <remarks>
    /// Pages are followed here, not by Octokit's <c>GetAll</c>: it stops at the page that reaches <paramref name="max"/>, and a
    /// <c>next</c> address goes to the transport as the server wrote it, so the API-root check reads it before anything normalizes it.
    /// </remarks>
    public async Task<IReadOnlyList<CommitDetails>> ListCommitsAsync(string reference, string? path, int? max, CancellationToken cancellationToken, int pageSize = 100)
    {
        var result = new List<CommitDetails>();
        var page = Math.Max(1, Math.Min(100, pageSize));
        var perPage = max is { } m && m > 0 && m < page ? m : page;
        string? url = $"{Base}/commits?sha={Uri.EscapeDataString(reference)}&per_page={perPage}" + (path is null ? string.Empty : "&path=" + Uri.EscapeDataString(path));
        while (url is not null && (max is null || result.Count < max))
        {
            var answer = await _api.GetAsync<List<GitHubCommit>>(url, cancellationToken).ConfigureAwait(false);
            if (answer.StatusCode == System.Net.HttpStatusCode.NotFound || (int)answer.StatusCode == 409) break;
            Ensure(answer, "GET", url);
            if (answer.Value is null) break;
            foreach (var entry in answer.Value)
            {
                if (max is not null && result.Count >= max) break;
                result.Add(ReadCommit(entry));
            }
            url = LinkHeader.Next(answer.Header("Link"));
        }
        return result;
    }

    /// <summary>True when <paramref name="sha"/> (all 40 hex digits) is a commit of the repository.</summary>
    public async Task<bool> CommitExistsAsync(string sha, CancellationToken cancellationToken)
    {
        var answer = await _api.CallAsync(c => c.Git.Commit.Get(Repository.Owner, Repository.Name, sha), cancellationToken).ConfigureAwait(false);
        if ((int)answer.StatusCode is 404 or 422 or 409) return false;
        Ensure(answer, "GET", $"{Base}/git/commits/{Uri.EscapeDataString(sha)}");
        return true;
    }

    private CommitDetails ReadCommit(GitHubCommit entry)
    {
        var commit = entry.Commit;
        var author = commit?.Author;
        var committer = commit?.Committer ?? author;
        var html = entry.HtmlUrl ?? string.Empty;
        return new CommitDetails(entry.Sha, commit?.Message ?? string.Empty, author?.Name ?? string.Empty, committer?.Date ?? DateTimeOffset.MinValue,
            html.Length == 0 ? CommitWebUrl(entry.Sha) : html);
    }
}
