using System.Text.Json.Nodes;
using PSGitHubSync.Emulator.Git;

namespace PSGitHubSync.Emulator.GitHub;

/// <summary>The contents API: read a file or directory at a ref, create or update one file (one commit).</summary>
internal static class ContentsEndpoints
{
    /// <summary>
    /// <c>GET contents/{path}?ref=</c>: a file (base64 content, or empty content with encoding "none" past 1 MB), a
    /// directory (array), 404 "No commit found for the ref X", 404 "This repository is empty.". With
    /// <c>Accept: application/vnd.github.raw</c> a file comes back as it is.
    /// </summary>
    public static GitHubResult Get(GitHubRequest request) => GitDataEndpoints.Locked(request, () =>
    {
        if (RepositoryContext.Readable(request, out var error) is not { } context)
        {
            return error!;
        }

        if (context.Git.IsEmpty)
        {
            return request.Error(404, "This repository is empty.");
        }

        string reference = request.Query("ref") is { Length: > 0 } asked ? asked : context.Repository.DefaultBranch;
        if (context.Git.ResolveCommit(reference) is not { } commit)
        {
            return request.Error(404, "No commit found for the ref " + reference);
        }

        string path = request.RouteValue("path").Trim('/');
        string tree = context.Git.Objects.Commit(commit)!.Tree;
        if (context.Git.EntryAt(tree, path) is not { } entry)
        {
            return request.NotFound();
        }

        long inlineLimit = request.State.Limits.ContentsMaxInlineBytes;
        var modified = context.Git.Objects.Commit(commit)!.Committer.StoredUtc;
        if (entry.IsTree)
        {
            var items = context.Git.List(entry.Sha, recursive: false, prefix: path.Length == 0 ? "" : path + "/");
            return GitHubResult.Ok(new JsonArray(items.Select(i => (JsonNode)GitBodies.ContentItem(context, i.Path, i.Entry, reference, null, inlineLimit)).ToArray()), modified);
        }

        byte[]? content = context.Git.Objects.Blob(entry.Sha);
        string accept = request.Http.Request.Headers.Accept.ToString();
        if (content is not null && accept.Contains("application/vnd.github", StringComparison.OrdinalIgnoreCase) && accept.Contains(".raw", StringComparison.OrdinalIgnoreCase))
        {
            string type = accept.Contains("v3.raw", StringComparison.OrdinalIgnoreCase) ? "application/vnd.github.v3.raw" : "application/vnd.github.raw";
            return GitHubResult.Raw(content, type + "; charset=utf-8", "github.v3; param=raw", modified);
        }

        return GitHubResult.Ok(GitBodies.ContentItem(context, path, entry, reference, content ?? Array.Empty<byte>(), inlineLimit), modified);
    });

    /// <summary>
    /// <c>PUT contents/{path}</c> <c>{message, content (base64), sha, branch, committer, author}</c>: one commit on the
    /// branch; on an empty repository it creates the first commit (and the branch). Updating an existing file needs
    /// its blob <c>sha</c> (422 when missing, 409 when stale).
    /// </summary>
    public static GitHubResult Put(GitHubRequest request) => GitDataEndpoints.Write(request, RequestBodies.PutContent, (context, body) =>
    {
        string path = request.RouteValue("path").Trim('/');
        if (!GitRepository.IsValidPath(path))
        {
            return request.Error(422, "path contains a malformed path component");
        }

        byte[] content;
        try
        {
            content = Convert.FromBase64String(body["content"]!.GetValue<string>());
        }
        catch (FormatException)
        {
            return request.Error(422, "content is not valid Base64");
        }

        if (content.LongLength > request.State.Limits.MaxBlobBytes)
        {
            return GitHubResult.ValidationFailed(request.Docs, new JsonObject
            {
                ["resource"] = "Blob",
                ["code"] = "too_large",
                ["field"] = "content",
            });
        }

        var git = context.Git;
        string branch = body["branch"]?.GetValue<string>() is { Length: > 0 } named ? named : context.Repository.DefaultBranch;
        string? parent = null;
        string? baseTree = null;
        bool created = true;
        if (!git.IsEmpty)
        {
            request.Runtime?.RunRefRace(context.Repository, branch);
            parent = git.BranchSha(branch);
            if (parent is null)
            {
                return request.Error(404, $"Branch {branch} not found");
            }

            if (git.IsProtected(branch))
            {
                return request.Error(409, $"Protected branch update failed for refs/heads/{branch}.");
            }

            baseTree = git.Objects.Commit(parent)!.Tree;
            if (git.EntryAt(baseTree, path) is { } existing)
            {
                if (existing.IsTree)
                {
                    return request.Error(422, $"{path} is a directory");
                }

                string? given = body["sha"]?.GetValue<string>();
                if (given is null)
                {
                    return request.Error(422, "Invalid request.\n\n\"sha\" wasn't supplied.");
                }

                if (!string.Equals(given, existing.Sha, StringComparison.OrdinalIgnoreCase))
                {
                    return request.Error(409, $"{path} does not match {given}");
                }

                created = false;
            }
        }

        var now = request.Time.GetUtcNow();
        if (GitDataEndpoints.Identity(request, body, "committer", context.DefaultIdentity(now), out var committer) is { } committerError)
        {
            return committerError;
        }

        if (GitDataEndpoints.Identity(request, body, "author", committer!, out var author) is { } authorError)
        {
            return authorError;
        }

        string blob = git.Objects.PutBlob(content);
        string tree = git.ApplyTreeEdits(baseTree, new[] { new TreeEdit(path, GitTreeEntry.FileMode, blob) });
        string commit = git.Objects.PutCommit(new GitCommit(
            tree, parent is null ? Array.Empty<string>() : new[] { parent }, author!, committer!, body["message"]!.GetValue<string>()));
        git.SetRef("refs/heads/" + branch, commit);
        context.Repository.PushedAt = now;
        context.CountCommit();

        var entry = git.EntryAt(tree, path)!;
        var commitBody = GitBodies.GitCommit(context, commit);
        var result = new JsonObject
        {
            ["content"] = GitBodies.ContentItem(context, path, entry, branch, null, 0),
            ["commit"] = commitBody,
        };
        return created ? GitHubResult.WithBody(201, result) : GitHubResult.Ok(result);
    });
}
