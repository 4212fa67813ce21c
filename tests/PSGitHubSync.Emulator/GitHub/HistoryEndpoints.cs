using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PSGitHubSync.Emulator.Git;

namespace PSGitHubSync.Emulator.GitHub;

/// <summary>Branches, the commits list (Link pagination), compare, tags and releases.</summary>
internal static class HistoryEndpoints
{
    private const int MaxCompareCommits = 250;
    private const int MaxCompareFiles = 300;

    /// <summary><c>GET branches/{branch}</c>: 404 "Branch not found" when missing (also on an empty repository).</summary>
    public static GitHubResult GetBranch(GitHubRequest request) => GitDataEndpoints.Locked(request, () =>
    {
        if (RepositoryContext.Readable(request, out var error) is not { } context)
        {
            return error!;
        }

        string branch = request.RouteValue("branch");
        return context.Git.BranchSha(branch) is { } sha
            ? GitHubResult.Ok(GitBodies.Branch(context, branch, sha))
            : request.Error(404, "Branch not found");
    });

    /// <summary>
    /// <c>GET commits?sha=&amp;path=&amp;author=&amp;since=&amp;until=&amp;per_page=&amp;page=</c>: newest first, only
    /// commits that changed <c>path</c> when given, paginated with a Link header.
    /// </summary>
    public static GitHubResult ListCommits(GitHubRequest request) => GitDataEndpoints.Locked(request, () =>
    {
        if (RepositoryContext.Readable(request, out var error) is not { } context)
        {
            return error!;
        }

        var git = context.Git;
        if (git.IsEmpty)
        {
            return context.EmptyRepository();
        }

        string start = request.Query("sha") is { Length: > 0 } sha ? sha : context.Repository.DefaultBranch;
        if (git.ResolveCommit(start) is not { } head)
        {
            return request.Error(404, "No commit found for SHA: " + start);
        }

        var (perPage, page) = Paging(request);

        IEnumerable<string> commits = git.History(head);
        if (request.Query("path") is { Length: > 0 } rawPath)
        {
            string path = rawPath.Trim('/');
            commits = commits.Where(c => Changes(git, c, path));
        }

        if (request.Query("author") is { Length: > 0 } author)
        {
            commits = commits.Where(c =>
            {
                var signature = git.Objects.Commit(c)!.Author;
                return string.Equals(signature.Email, author, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(request.State.FindAccountByEmail(signature.Email)?.Login, author, StringComparison.OrdinalIgnoreCase);
            });
        }

        if (DateParameter(request, "since", out var since) is { } sinceError)
        {
            return sinceError;
        }

        if (DateParameter(request, "until", out var until) is { } untilError)
        {
            return untilError;
        }

        commits = commits.Where(c =>
        {
            var when = git.Objects.Commit(c)!.Committer.StoredUtc;
            return (since is null || when >= since) && (until is null || when <= until);
        });

        var all = commits.ToList();
        var body = new JsonArray(all.Skip((page - 1) * perPage).Take(perPage).Select(c => (JsonNode)GitBodies.Commit(context, c)).ToArray());
        return WithLink(GitHubResult.Ok(body), request, context.Api + "/commits", all.Count, perPage, page);
    });

    /// <summary>
    /// <c>GET compare/{base}...{head}</c> (also <c>..</c>): status, ahead/behind, the commits from the merge base to
    /// head (oldest first) and the changed files.
    /// </summary>
    public static GitHubResult Compare(GitHubRequest request) => GitDataEndpoints.Locked(request, () =>
    {
        if (RepositoryContext.Readable(request, out var error) is not { } context)
        {
            return error!;
        }

        var git = context.Git;
        if (git.IsEmpty)
        {
            return request.NotFound();
        }

        string basehead = request.RouteValue("basehead");
        int separator = basehead.IndexOf("...", StringComparison.Ordinal);
        int length = 3;
        if (separator < 0)
        {
            separator = basehead.IndexOf("..", StringComparison.Ordinal);
            length = 2;
        }

        if (separator <= 0 || separator + length >= basehead.Length)
        {
            return request.NotFound();
        }

        string baseName = basehead[..separator];
        string headName = basehead[(separator + length)..];
        if (git.ResolveCommit(baseName) is not { } baseSha || git.ResolveCommit(headName) is not { } headSha)
        {
            return request.NotFound();
        }

        if (git.MergeBase(baseSha, headSha) is not { } mergeBase)
        {
            return request.Error(404, $"No common ancestor between {baseName} and {headName}.");
        }

        var ahead = git.History(headSha, stopAt: baseSha);
        var behind = git.History(baseSha, stopAt: headSha);
        string status = (ahead.Count > 0, behind.Count > 0) switch
        {
            (false, false) => "identical",
            (true, false) => "ahead",
            (false, true) => "behind",
            _ => "diverged",
        };

        string escaped = GitBodies.EscapePath(baseName) + "..." + GitBodies.EscapePath(headName);
        string html = context.Web + "/compare/" + escaped;
        string owner = context.Repository.Owner.Login;
        var commits = Enumerable.Reverse(ahead).Take(MaxCompareCommits).Select(c => (JsonNode)GitBodies.Commit(context, c)).ToArray();
        return GitHubResult.Ok(new JsonObject
        {
            ["url"] = context.Api + "/compare/" + escaped,
            ["html_url"] = html,
            ["permalink_url"] = context.Web + "/compare/" + owner + ":" + baseSha[..7] + "..." + owner + ":" + headSha[..7],
            ["diff_url"] = html + ".diff",
            ["patch_url"] = html + ".patch",
            ["base_commit"] = GitBodies.Commit(context, baseSha),
            ["merge_base_commit"] = GitBodies.Commit(context, mergeBase),
            ["status"] = status,
            ["ahead_by"] = ahead.Count,
            ["behind_by"] = behind.Count,
            ["total_commits"] = ahead.Count,
            ["commits"] = new JsonArray(commits),
            ["files"] = Files(context, git.Objects.Commit(mergeBase)!.Tree, git.Objects.Commit(headSha)!.Tree, headSha),
        });
    });

    /// <summary><c>GET tags</c>: the tags (annotated ones peeled to their commit), paginated.</summary>
    public static GitHubResult ListTags(GitHubRequest request) => GitDataEndpoints.Locked(request, () =>
    {
        if (RepositoryContext.Readable(request, out var error) is not { } context)
        {
            return error!;
        }

        var (perPage, page) = Paging(request);

        var git = context.Git;
        var tags = git.Refs
            .Where(r => r.Key.StartsWith("refs/tags/", StringComparison.Ordinal))
            .Select(r => (Name: r.Key["refs/tags/".Length..], Commit: git.Peel(r.Value)))
            .Where(t => git.Objects.Commit(t.Commit) is not null)
            .OrderByDescending(t => t.Name, StringComparer.Ordinal)
            .ToList();
        var body = new JsonArray(tags.Skip((page - 1) * perPage).Take(perPage).Select(t => (JsonNode)GitBodies.TagListItem(context, t.Name, t.Commit)).ToArray());
        return WithLink(GitHubResult.Ok(body), request, context.Api + "/tags", tags.Count, perPage, page);
    });

    /// <summary><c>GET releases</c>: newest first; drafts only for those who may push.</summary>
    public static GitHubResult ListReleases(GitHubRequest request) => GitDataEndpoints.Locked(request, () =>
    {
        if (RepositoryContext.Readable(request, out var error) is not { } context)
        {
            return error!;
        }

        var (perPage, page) = Paging(request);

        bool drafts = RepositoryAccess.CanWriteContents(request.Caller, context.Repository);
        var releases = context.Git.Releases.Where(r => drafts || !r.Draft).OrderByDescending(r => r.Id).ToList();
        var body = new JsonArray(releases.Skip((page - 1) * perPage).Take(perPage).Select(r => (JsonNode)GitBodies.Release(context, r)).ToArray());
        return WithLink(GitHubResult.Ok(body), request, context.Api + "/releases", releases.Count, perPage, page);
    });

    /// <summary><c>GET releases/tags/{tag}</c>: the published release of a tag, or 404.</summary>
    public static GitHubResult GetReleaseByTag(GitHubRequest request) => GitDataEndpoints.Locked(request, () =>
    {
        if (RepositoryContext.Readable(request, out var error) is not { } context)
        {
            return error!;
        }

        string tag = request.RouteValue("tag");
        return context.Git.Releases.FirstOrDefault(r => !r.Draft && r.TagName == tag) is { } release
            ? GitHubResult.Ok(GitBodies.Release(context, release))
            : request.NotFound();
    });

    /// <summary>
    /// <c>POST releases</c> <c>{tag_name, target_commitish, name, body, draft, prerelease}</c>: creates the tag
    /// (lightweight, at target_commitish) when it does not exist yet; 422 already_exists for a tag that has a release.
    /// </summary>
    public static GitHubResult CreateRelease(GitHubRequest request) => GitDataEndpoints.Write(request, RequestBodies.CreateRelease, (context, body) =>
    {
        var git = context.Git;
        string tagName = body["tag_name"]!.GetValue<string>();
        if (git.IsEmpty)
        {
            return GitHubResult.ValidationFailed(request.Docs, new JsonObject
            {
                ["resource"] = "Release",
                ["code"] = "custom",
                ["field"] = "target_commitish",
                ["message"] = "Repository is empty.",
            });
        }

        if (tagName.Length == 0 || !GitDataEndpoints.IsValidRefName("refs/tags/" + tagName))
        {
            return GitHubResult.ValidationFailed(request.Docs, new JsonObject { ["resource"] = "Release", ["code"] = "invalid", ["field"] = "tag_name" });
        }

        if (git.Releases.Any(r => r.TagName == tagName))
        {
            return GitHubResult.ValidationFailed(request.Docs, new JsonObject { ["resource"] = "Release", ["code"] = "already_exists", ["field"] = "tag_name" });
        }

        string target = body["target_commitish"]?.GetValue<string>() is { Length: > 0 } given ? given : context.Repository.DefaultBranch;
        bool draft = body["draft"]?.GetValue<bool>() ?? false;
        if (git.Ref("refs/tags/" + tagName) is null)
        {
            if (git.ResolveCommit(target) is not { } commit)
            {
                return GitHubResult.ValidationFailed(request.Docs, new JsonObject { ["resource"] = "Release", ["code"] = "invalid", ["field"] = "target_commitish" });
            }

            if (!draft)
            {
                git.SetRef("refs/tags/" + tagName, commit);
            }
        }

        var now = request.Time.GetUtcNow();
        var release = new ReleaseState
        {
            Id = 10_000_000 + (context.Repository.Id % 100_000 * 1000) + git.Releases.Count + 1,
            TagName = tagName,
            TargetCommitish = target,
            Name = body["name"]?.GetValue<string>() is { Length: > 0 } name ? name : tagName,
            Body = body["body"]?.GetValue<string>(),
            Draft = draft,
            Prerelease = body["prerelease"]?.GetValue<bool>() ?? false,
            CreatedAt = now,
            PublishedAt = draft ? null : now,
            Author = request.Caller.User ?? GitBodies.AppBot,
        };
        git.Releases.Add(release);
        return GitHubResult.Created(GitBodies.Release(context, release), context.Api + "/releases/" + release.Id.ToString(CultureInfo.InvariantCulture));
    });

    /// <summary>Whether a commit changed <paramref name="path"/> (a file or a directory) compared to its first parent.</summary>
    private static bool Changes(GitRepository git, string commit, string path)
    {
        var parsed = git.Objects.Commit(commit)!;
        string? now = git.EntryAt(parsed.Tree, path)?.Sha;
        string? before = parsed.Parents.Count == 0 ? null : git.EntryAt(git.Objects.Commit(parsed.Parents[0])!.Tree, path)?.Sha;
        return now != before;
    }

    private static GitHubResult? DateParameter(GitHubRequest request, string name, out DateTimeOffset? value)
    {
        value = null;
        if (request.Query(name) is not { Length: > 0 } text)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return request.Error(400, $"Invalid value for '{name}': {text}");
        }

        value = parsed;
        return null;
    }

    /// <summary><c>per_page</c> (1-100, default 30; GitHub ignores what it cannot read) and <c>page</c> (default 1).</summary>
    private static (int PerPage, int Page) Paging(GitHubRequest request)
    {
        int perPage = 30;
        int page = 1;
        if (request.Query("per_page") is { Length: > 0 } perPageText
            && int.TryParse(perPageText, NumberStyles.None, CultureInfo.InvariantCulture, out int askedPerPage))
        {
            perPage = Math.Clamp(askedPerPage, 1, 100);
        }

        if (request.Query("page") is { Length: > 0 } pageText
            && int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out int asked) && asked > 0)
        {
            page = asked;
        }

        return (perPage, page);
    }

    /// <summary>GitHub's Link header: prev, next, last, first, each with the request's other query parameters.</summary>
    private static GitHubResult WithLink(GitHubResult result, GitHubRequest request, string url, int total, int perPage, int page)
    {
        int last = Math.Max(1, (total + perPage - 1) / perPage);
        if (last == 1 && page == 1)
        {
            return result;
        }

        string Page(int number)
        {
            var query = new StringBuilder();
            foreach (var (key, values) in request.Http.Request.Query)
            {
                if (key is "page")
                {
                    continue;
                }

                query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(values.ToString()));
            }

            query.Append(query.Length == 0 ? '?' : '&').Append("page=").Append(number.ToString(CultureInfo.InvariantCulture));
            return "<" + url + query + ">";
        }

        var links = new List<string>();
        if (page > 1)
        {
            links.Add(Page(Math.Min(page - 1, last)) + "; rel=\"prev\"");
        }

        if (page < last)
        {
            links.Add(Page(page + 1) + "; rel=\"next\"");
            links.Add(Page(last) + "; rel=\"last\"");
        }

        if (page > 1)
        {
            links.Add(Page(1) + "; rel=\"first\"");
        }

        return links.Count == 0 ? result : result.WithHeader("Link", string.Join(", ", links));
    }

    /// <summary>"Diff Entry" list between two trees (added, removed, modified; line counts of a simple diff).</summary>
    private static JsonArray Files(RepositoryContext context, string fromTree, string toTree, string headSha)
    {
        var git = context.Git;
        var files = new JsonArray();
        foreach (var (path, old, now) in git.Diff(fromTree, toTree))
        {
            string status = old is null ? "added" : now is null ? "removed" : "modified";
            var (additions, deletions) = LineChanges(Lines(git, old), Lines(git, now));
            string escaped = GitBodies.EscapePath(path);
            files.Add(new JsonObject
            {
                ["sha"] = now ?? old,
                ["filename"] = path,
                ["status"] = status,
                ["additions"] = additions,
                ["deletions"] = deletions,
                ["changes"] = additions + deletions,
                ["blob_url"] = context.Web + "/blob/" + headSha + "/" + escaped,
                ["raw_url"] = context.Web + "/raw/" + headSha + "/" + escaped,
                ["contents_url"] = context.Api + "/contents/" + escaped + "?ref=" + headSha,
            });
            if (files.Count >= MaxCompareFiles)
            {
                break;
            }
        }

        return files;
    }

    private static string[] Lines(GitRepository git, string? blob)
    {
        if (blob is null || git.Objects.Blob(blob) is not { } content)
        {
            return Array.Empty<string>();
        }

        var lines = Encoding.UTF8.GetString(content).Split('\n');
        return lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    /// <summary>Lines only in the new text (additions) and only in the old one (deletions), as multisets.</summary>
    private static (int Additions, int Deletions) LineChanges(string[] old, string[] now)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in old)
        {
            counts[line] = counts.GetValueOrDefault(line) + 1;
        }

        int additions = 0;
        foreach (var line in now)
        {
            if (counts.TryGetValue(line, out int left) && left > 0)
            {
                counts[line] = left - 1;
            }
            else
            {
                additions++;
            }
        }

        return (additions, counts.Values.Sum());
    }
}
