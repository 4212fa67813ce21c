using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PSGitHubSync.Emulator.Git;

namespace PSGitHubSync.Emulator.GitHub;

/// <summary>
/// GitHub's Git Data API on real git objects: refs, trees, blobs, commits and annotated tags. Every SHA is
/// git's own. All handlers hold the state lock.
/// </summary>
internal static class GitDataEndpoints
{
    // ---------------------------------------------------------------- refs

    /// <summary><c>GET git/ref/{ref}</c>: exactly that ref, or 404.</summary>
    public static GitHubResult GetRef(GitHubRequest request) => Locked(request, () =>
    {
        if (RepositoryContext.Readable(request, out var error) is not { } context)
        {
            return error!;
        }

        if (context.Git.IsEmpty)
        {
            return context.EmptyRepository();
        }

        string name = "refs/" + request.RouteValue("ref");
        return context.Git.Ref(name) is { } sha ? GitHubResult.Ok(GitBodies.Ref(context, name, sha), context.Repository.PushedAt) : request.NotFound();
    });

    /// <summary>
    /// <c>GET git/refs</c> and <c>GET git/refs/{ref}</c>: the ref itself when it exists, otherwise an ARRAY of the
    /// refs whose names start with it (GitHub's plural endpoint; Octokit's Reference.Get then returns null), 404
    /// when none does.
    /// </summary>
    public static GitHubResult GetRefs(GitHubRequest request) => Locked(request, () =>
    {
        if (RepositoryContext.Readable(request, out var error) is not { } context)
        {
            return error!;
        }

        if (context.Git.IsEmpty)
        {
            return context.EmptyRepository();
        }

        string name = "refs/" + request.RouteValue("ref");
        if (name != "refs/" && context.Git.Ref(name) is { } sha)
        {
            return GitHubResult.Ok(GitBodies.Ref(context, name, sha), context.Repository.PushedAt).WithHeader("X-Poll-Interval", "300");
        }

        var matching = Matching(context, name);
        return matching.Count == 0
            ? request.NotFound()
            : GitHubResult.Ok(matching, context.Repository.PushedAt).WithHeader("X-Poll-Interval", "300");
    });

    /// <summary><c>GET git/matching-refs/{ref}</c>: an array, empty when nothing matches.</summary>
    public static GitHubResult ListMatchingRefs(GitHubRequest request) => Locked(request, () =>
    {
        if (RepositoryContext.Readable(request, out var error) is not { } context)
        {
            return error!;
        }

        return context.Git.IsEmpty ? context.EmptyRepository() : GitHubResult.Ok(Matching(context, "refs/" + request.RouteValue("ref")));
    });

    /// <summary><c>POST git/refs</c> <c>{ref, sha}</c>.</summary>
    public static GitHubResult CreateRef(GitHubRequest request) => Write(request, RequestBodies.CreateRef, (context, body) =>
    {
        if (context.Git.IsEmpty)
        {
            return context.EmptyRepository();
        }

        string name = body["ref"]!.GetValue<string>();
        string sha = body["sha"]!.GetValue<string>().ToLowerInvariant();
        if (!name.StartsWith("refs/", StringComparison.Ordinal) || name.Count(c => c == '/') < 2)
        {
            return request.Error(422, "Reference name must start with 'refs/' and have at least two slashes.");
        }

        if (!IsValidRefName(name))
        {
            return request.Error(422, $"{name} is not a valid ref name.");
        }

        if (context.Git.Ref(name) is not null)
        {
            return request.Error(422, "Reference already exists");
        }

        if (!GitObjectTypes.IsSha(sha) || !context.Git.Objects.Contains(sha))
        {
            return request.Error(422, "Object does not exist");
        }

        if (name.StartsWith("refs/heads/", StringComparison.Ordinal) && context.Git.Objects.TypeOf(sha) != GitObjectType.Commit)
        {
            return request.Error(422, "Reference update failed");
        }

        context.Git.SetRef(name, sha);
        context.Repository.PushedAt = request.Time.GetUtcNow();
        return GitHubResult.Created(GitBodies.Ref(context, name, sha), context.Api + "/git/" + GitBodies.EscapePath(name));
    });

    /// <summary>
    /// <c>PATCH git/refs/{ref}</c> <c>{sha, force}</c>: only fast-forwards unless <c>force</c>; protected branches
    /// refuse. An injected ref race lands someone else's commit just before the update is applied.
    /// </summary>
    public static GitHubResult UpdateRef(GitHubRequest request) => Write(request, RequestBodies.UpdateRef, (context, body) =>
    {
        if (context.Git.IsEmpty)
        {
            return context.EmptyRepository();
        }

        string name = FullRefName(request.RouteValue("ref"));
        string sha = body["sha"]!.GetValue<string>().ToLowerInvariant();
        bool force = body["force"]?.GetValue<bool>() ?? false;
        string? branch = name.StartsWith("refs/heads/", StringComparison.Ordinal) ? name["refs/heads/".Length..] : null;
        if (branch is not null)
        {
            request.Runtime?.RunRefRace(context.Repository, branch);
        }

        if (context.Git.Ref(name) is not { } current)
        {
            return request.Error(422, "Reference does not exist");
        }

        if (!GitObjectTypes.IsSha(sha) || !context.Git.Objects.Contains(sha))
        {
            return request.Error(422, "Object does not exist");
        }

        if (branch is not null && context.Git.IsProtected(branch))
        {
            return request.Error(422, $"Protected branch update failed for {name}.");
        }

        if (branch is not null && context.Git.Objects.TypeOf(sha) != GitObjectType.Commit)
        {
            return request.Error(422, "Reference update failed");
        }

        if (!force && current != sha && !context.Git.IsAncestor(current, sha))
        {
            return request.Error(422, "Update is not a fast forward");
        }

        context.Git.SetRef(name, sha);
        context.Repository.PushedAt = request.Time.GetUtcNow();
        return GitHubResult.Ok(GitBodies.Ref(context, name, sha));
    });

    /// <summary><c>DELETE git/refs/{ref}</c>: 204; 422 "Reference does not exist".</summary>
    public static GitHubResult DeleteRef(GitHubRequest request) => Locked(request, () =>
    {
        if (RepositoryContext.Writable(request, out var error) is not { } context)
        {
            return error!;
        }

        if (context.Git.IsEmpty)
        {
            return context.EmptyRepository();
        }

        string name = FullRefName(request.RouteValue("ref"));
        if (context.Git.Ref(name) is null)
        {
            return request.Error(422, "Reference does not exist");
        }

        if (name.StartsWith("refs/heads/", StringComparison.Ordinal) && context.Git.IsProtected(name["refs/heads/".Length..]))
        {
            return request.Error(422, "Cannot delete this protected branch.");
        }

        context.Git.DeleteRef(name);
        return GitHubResult.NoContent();
    });

    // ---------------------------------------------------------------- trees

    /// <summary>
    /// <c>GET git/trees/{tree_sha}</c>: a tree SHA, commit SHA or branch/tag name. <c>recursive</c> with ANY value
    /// (even 0 or false, as on GitHub) lists the whole tree, truncated (<c>truncated: true</c>) past the limit;
    /// a listing of one level is not truncated.
    /// </summary>
    public static GitHubResult GetTree(GitHubRequest request) => Locked(request, () =>
    {
        if (RepositoryContext.Readable(request, out var error) is not { } context)
        {
            return error!;
        }

        if (context.Git.IsEmpty)
        {
            return context.EmptyRepository();
        }

        if (context.Git.ResolveTree(request.RouteValue("tree_sha")) is not { } sha)
        {
            return request.NotFound();
        }

        bool recursive = request.Query("recursive") is not null;
        var items = context.Git.List(sha, recursive);
        int limit = recursive ? Math.Max(1, request.State.Limits.MaxTreeEntries) : int.MaxValue;   // GitHub's limits are on recursive listings
        if (recursive)
        {
            // About what each entry takes in the answer: its path, sha, mode, type, size and url.
            long bytes = 0;
            for (int i = 0; i < Math.Min(limit, items.Count); i++)
            {
                bytes += Encoding.UTF8.GetByteCount(items[i].Path) + context.Api.Length + 170;
                if (bytes > request.State.Limits.MaxTreeResponseBytes)
                {
                    limit = Math.Max(1, i);
                    break;
                }
            }
        }

        bool truncated = items.Count > limit;
        return GitHubResult.Ok(GitBodies.Tree(context, sha, truncated ? items.Take(limit) : items, truncated));
    });

    /// <summary>
    /// <c>POST git/trees</c> <c>{tree: [...], base_tree}</c>: entries by <c>sha</c> or inline <c>content</c>;
    /// <c>"sha": null</c> deletes the path (an entry with neither sha nor content is refused, which is what
    /// clients whose serializers drop nulls run into).
    /// </summary>
    public static GitHubResult CreateTree(GitHubRequest request) => Write(request, RequestBodies.CreateTree, (context, body) =>
    {
        if (context.Git.IsEmpty)
        {
            return context.EmptyRepository();
        }

        var objects = context.Git.Objects;
        string? baseTree = null;
        if (body["base_tree"] is JsonValue baseValue)
        {
            baseTree = baseValue.GetValue<string>().ToLowerInvariant();
            if (!GitObjectTypes.IsSha(baseTree) || objects.TypeOf(baseTree) != GitObjectType.Tree)
            {
                return request.Error(422, "base_tree is not a valid tree oid");
            }
        }

        var edits = new List<TreeEdit>();
        foreach (var node in body["tree"]!.AsArray())
        {
            var item = node!.AsObject();
            string path = item["path"]?.GetValue<string>() ?? "";
            if (path.StartsWith('/'))
            {
                return request.Error(422, "tree.path cannot start with a slash");
            }

            if (!GitRepository.IsValidPath(path.TrimEnd('/')))
            {
                return request.Error(422, $"tree.path contains a malformed path component");
            }

            path = path.TrimEnd('/');
            string? mode = GitTreeEntry.FromApiMode(item["mode"]?.GetValue<string>());
            if (mode is null)
            {
                return request.Error(422, "Must supply a valid tree.mode");
            }

            string? type = item["type"]?.GetValue<string>();
            if (type is not null and not ("blob" or "tree" or "commit"))
            {
                return request.Error(422, $"\"{type}\" is not a valid tree.type");
            }

            bool hasSha = item.ContainsKey("sha");
            var content = item["content"];
            if (hasSha == (content is not null))
            {
                return request.Error(422, "Must supply either tree.sha or tree.content. Request will be rejected if both are present.");
            }

            var expected = new GitTreeEntry(mode, "x", "").Type;
            if (content is not null)
            {
                if (expected == GitObjectType.Tree)
                {
                    return request.Error(422, "A subdirectory may not have content");
                }

                if (expected == GitObjectType.Commit)
                {
                    return request.Error(422, "GitRPC::BadObjectState");
                }

                edits.Add(new TreeEdit(path, mode, objects.PutBlob(Encoding.UTF8.GetBytes(content.GetValue<string>()))));
                continue;
            }

            string? sha = item["sha"]?.GetValue<string>()?.ToLowerInvariant();
            if (sha is null)
            {
                // GitHub: "Returns an error if you try to delete a file that does not exist."
                if (baseTree is null || context.Git.EntryAt(baseTree, path) is null)
                {
                    return request.Error(422, $"tree.path {path} does not exist, so it cannot be deleted");
                }

                edits.Add(new TreeEdit(path, null, null));
                continue;
            }

            string typeName = GitObjectTypes.Name(expected);
            if (!GitObjectTypes.IsSha(sha))
            {
                return request.Error(422, $"tree.sha {sha} is not a valid {typeName}");
            }

            if (expected == GitObjectType.Commit)
            {
                // A submodule (gitlink) may name any commit, also one of another repository.
                if (sha == new string('0', 40))
                {
                    return request.Error(422, "GitRPC::BadObjectState");
                }
            }
            else if (objects.TypeOf(sha) != expected)
            {
                return request.Error(422, $"tree.sha {sha} is not a valid {typeName}");
            }

            edits.Add(new TreeEdit(path, mode, sha));
        }

        string tree = context.Git.ApplyTreeEdits(baseTree, edits);
        var items = context.Git.List(tree, recursive: false);
        return GitHubResult.Created(GitBodies.Tree(context, tree, items, truncated: false), context.Api + "/git/trees/" + tree);
    });

    // ---------------------------------------------------------------- blobs

    /// <summary><c>GET git/blobs/{file_sha}</c>: base64 content.</summary>
    public static GitHubResult GetBlob(GitHubRequest request) => Locked(request, () =>
    {
        if (RepositoryContext.Readable(request, out var error) is not { } context)
        {
            return error!;
        }

        if (context.Git.IsEmpty)
        {
            return context.EmptyRepository();
        }

        string sha = request.RouteValue("file_sha").ToLowerInvariant();
        if (!GitObjectTypes.IsSha(sha))
        {
            return request.Error(422, "The sha parameter must be exactly 40 characters and contain only [0-9a-f].");
        }

        return context.Git.Objects.Blob(sha) is { } content
            ? GitHubResult.Ok(GitBodies.Blob(context, sha, content))
            : request.NotFound();
    });

    /// <summary><c>POST git/blobs</c> <c>{content, encoding: utf-8|base64}</c>; blobs over the size limit are refused.</summary>
    public static GitHubResult CreateBlob(GitHubRequest request) => Write(request, RequestBodies.CreateBlob, (context, body) =>
    {
        if (context.Git.IsEmpty)
        {
            return context.EmptyRepository();
        }

        string content = body["content"]!.GetValue<string>();
        string encoding = body["encoding"]?.GetValue<string>() ?? "utf-8";
        byte[] bytes;
        switch (encoding.ToLowerInvariant())
        {
            case "utf-8" or "utf8":
                bytes = Encoding.UTF8.GetBytes(content);
                break;
            case "base64":
                try
                {
                    bytes = Convert.FromBase64String(content);
                }
                catch (FormatException)
                {
                    return GitHubResult.ValidationFailed(request.Docs, new JsonObject
                    {
                        ["resource"] = "Blob",
                        ["code"] = "invalid",
                        ["field"] = "content",
                        ["message"] = "content is not valid Base64",
                    });
                }

                break;
            default:
                return GitHubResult.ValidationFailed(request.Docs, new JsonObject
                {
                    ["resource"] = "Blob",
                    ["code"] = "invalid",
                    ["field"] = "encoding",
                    ["message"] = $"encoding must be \"utf-8\" or \"base64\", not \"{encoding}\"",
                });
        }

        long limit = request.State.Limits.MaxBlobBytes;
        if (bytes.LongLength > limit)
        {
            return GitHubResult.ValidationFailed(request.Docs, new JsonObject
            {
                ["resource"] = "Blob",
                ["code"] = "too_large",
                ["field"] = "content",
                ["message"] = $"content is too large ({bytes.LongLength.ToString(CultureInfo.InvariantCulture)} bytes); the maximum is {limit.ToString(CultureInfo.InvariantCulture)} bytes",
            });
        }

        string sha = context.Git.Objects.PutBlob(bytes);
        request.Runtime?.Statistics.CountBlob();
        return GitHubResult.Created(GitBodies.ShortBlob(context, sha), context.Api + "/git/blobs/" + sha);
    });

    // ---------------------------------------------------------------- commits

    /// <summary><c>GET git/commits/{commit_sha}</c>.</summary>
    public static GitHubResult GetCommit(GitHubRequest request) => Locked(request, () =>
    {
        if (RepositoryContext.Readable(request, out var error) is not { } context)
        {
            return error!;
        }

        if (context.Git.IsEmpty)
        {
            return context.EmptyRepository();
        }

        string sha = request.RouteValue("commit_sha").ToLowerInvariant();
        return context.Git.Objects.Commit(sha) is not null ? GitHubResult.Ok(GitBodies.GitCommit(context, sha)) : request.NotFound();
    });

    /// <summary>
    /// <c>POST git/commits</c> <c>{message, tree, parents, author, committer}</c>: author defaults to the token's user
    /// and now, committer to the author.
    /// </summary>
    public static GitHubResult CreateCommit(GitHubRequest request) => Write(request, RequestBodies.CreateCommit, (context, body) =>
    {
        if (context.Git.IsEmpty)
        {
            return context.EmptyRepository();
        }

        var objects = context.Git.Objects;
        string tree = body["tree"]!.GetValue<string>();
        if (!GitObjectTypes.IsSha(tree))
        {
            return request.Error(422, "The tree parameter must be exactly 40 characters and contain only [0-9a-f].");
        }

        if (objects.TypeOf(tree) != GitObjectType.Tree)
        {
            return request.Error(422, "Tree SHA does not exist");
        }

        var parents = new List<string>();
        foreach (var parent in body["parents"]?.AsArray() ?? new JsonArray())
        {
            string sha = parent!.GetValue<string>().ToLowerInvariant();
            if (objects.Commit(sha) is null)
            {
                return request.Error(422, "Parent SHA does not exist or is not a commit object");
            }

            parents.Add(sha);
        }

        var now = request.Time.GetUtcNow();
        if (Identity(request, body, "author", context.DefaultIdentity(now), out var author) is { } authorError)
        {
            return authorError;
        }

        if (Identity(request, body, "committer", author!, out var committer) is { } committerError)
        {
            return committerError;
        }

        string message = body["message"]!.GetValue<string>();
        string commit = objects.PutCommit(new GitCommit(tree, parents, author!, committer!, message));
        context.CountCommit();
        return GitHubResult.Created(GitBodies.GitCommit(context, commit), context.Api + "/git/commits/" + commit);
    });

    // ---------------------------------------------------------------- tags

    /// <summary><c>POST git/tags</c>: an annotated tag object (the ref refs/tags/NAME is created separately).</summary>
    public static GitHubResult CreateTag(GitHubRequest request) => Write(request, RequestBodies.CreateTag, (context, body) =>
    {
        if (context.Git.IsEmpty)
        {
            return context.EmptyRepository();
        }

        string target = body["object"]!.GetValue<string>().ToLowerInvariant();
        var type = GitObjectTypes.Parse(body["type"]!.GetValue<string>());
        if (type is null or GitObjectType.Tag)
        {
            return GitHubResult.ValidationFailed(request.Docs, new JsonObject { ["resource"] = "Tag", ["code"] = "invalid", ["field"] = "type" });
        }

        if (!GitObjectTypes.IsSha(target) || context.Git.Objects.TypeOf(target) != type)
        {
            return request.Error(422, "Object does not exist");
        }

        string name = body["tag"]!.GetValue<string>();
        if (!IsValidRefName("refs/tags/" + name))
        {
            return GitHubResult.ValidationFailed(request.Docs, new JsonObject { ["resource"] = "Tag", ["code"] = "invalid", ["field"] = "tag" });
        }

        if (Identity(request, body, "tagger", context.DefaultIdentity(request.Time.GetUtcNow()), out var tagger) is { } taggerError)
        {
            return taggerError;
        }

        var tag = new GitTag(target, type.Value, name, tagger, body["message"]!.GetValue<string>());
        string sha = context.Git.Objects.PutTag(tag);
        return GitHubResult.Created(GitBodies.Tag(context, sha, tag), context.Api + "/git/tags/" + sha);
    });

    /// <summary><c>GET git/tags/{tag_sha}</c>.</summary>
    public static GitHubResult GetTag(GitHubRequest request) => Locked(request, () =>
    {
        if (RepositoryContext.Readable(request, out var error) is not { } context)
        {
            return error!;
        }

        if (context.Git.IsEmpty)
        {
            return context.EmptyRepository();
        }

        string sha = request.RouteValue("tag_sha").ToLowerInvariant();
        return context.Git.Objects.Tag(sha) is { } tag ? GitHubResult.Ok(GitBodies.Tag(context, sha, tag)) : request.NotFound();
    });

    // ---------------------------------------------------------------- helpers

    /// <summary>Runs a handler holding the state lock.</summary>
    internal static GitHubResult Locked(GitHubRequest request, Func<GitHubResult> handler)
    {
        lock (request.State.SyncRoot)
        {
            return handler();
        }
    }

    /// <summary>A write: the caller must be allowed to write, the body must be a JSON object matching the schema.</summary>
    internal static GitHubResult Write(GitHubRequest request, BodySchema schema, Func<RepositoryContext, JsonObject, GitHubResult> handler) => Locked(request, () =>
    {
        if (RepositoryContext.Writable(request, out var error) is not { } context)
        {
            return error!;
        }

        if (!request.TryReadJsonObject(out var body, out var parseError))
        {
            return parseError!;
        }

        return schema.Check(body, request) ?? handler(context, body);
    });

    /// <summary>
    /// An author, committer or tagger from the body (name, email, optional date), or <paramref name="fallback"/>
    /// when absent. GitHub refuses empty names and emails and dates that are not RFC 3339.
    /// </summary>
    internal static GitHubResult? Identity(GitHubRequest request, JsonObject body, string field, GitSignature fallback, out GitSignature? identity)
    {
        identity = fallback;
        if (!body.ContainsKey(field))
        {
            return null;
        }

        if (body[field] is not JsonObject person)
        {
            identity = null;
            return request.Error(422, $"Invalid request.\n\nFor 'properties/{field}', nil is not an object.");
        }

        string? name = person["name"]?.GetValue<string>() ?? (field == "committer" ? fallback.Name : null);
        string? email = person["email"]?.GetValue<string>() ?? (field == "committer" ? fallback.Email : null);
        var missing = new List<JsonObject>();
        if (string.IsNullOrWhiteSpace(name))
        {
            missing.Add(new JsonObject { ["resource"] = field, ["code"] = "missing_field", ["field"] = "name" });
        }

        if (string.IsNullOrWhiteSpace(email))
        {
            missing.Add(new JsonObject { ["resource"] = field, ["code"] = "missing_field", ["field"] = "email" });
        }

        if (missing.Count > 0)
        {
            identity = null;
            return GitHubResult.ValidationFailed(request.Docs, missing.ToArray());
        }

        var when = fallback.When;
        if (person["date"]?.GetValue<string>() is { } date)
        {
            if (!DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.None, out when)
                || !System.Text.RegularExpressions.Regex.IsMatch(date, "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$"))
            {
                identity = null;
                return request.Error(422, $"Invalid request.\n\n{date} is not a valid date-time.");
            }
        }

        identity = new GitSignature(name!, email!, when);
        return null;
    }

    /// <summary>
    /// "heads/main" to "refs/heads/main". As on GitHub, the route names the ref without "refs/": a route of
    /// "refs/heads/main" is the ref "refs/refs/heads/main", which does not exist (422 "Reference does not exist").
    /// </summary>
    private static string FullRefName(string route) => "refs/" + route;

    private static JsonArray Matching(RepositoryContext context, string prefix) =>
        new(context.Git.Refs
            .Where(r => r.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(r => (JsonNode)GitBodies.Ref(context, r.Key, r.Value))
            .ToArray());

    /// <summary>git check-ref-format's main rules.</summary>
    internal static bool IsValidRefName(string name) =>
        !name.Contains("..", StringComparison.Ordinal)
        && !name.Contains("//", StringComparison.Ordinal)
        && !name.Contains("@{", StringComparison.Ordinal)
        && !name.EndsWith('/')
        && !name.EndsWith('.')
        && !name.EndsWith(".lock", StringComparison.Ordinal)
        && name.Split('/').All(part => part.Length > 0 && !part.StartsWith('.'))
        && !name.Any(c => c < 0x20 || c == 0x7f || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\');
}
