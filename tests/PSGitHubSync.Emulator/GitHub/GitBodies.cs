using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PSGitHubSync.Emulator.Git;
using PSGitHubSync.Emulator.State;

namespace PSGitHubSync.Emulator.GitHub;

/// <summary>
/// The bodies of the git data, contents, branch, history and release operations, field by field in GitHub's
/// order, with only fields that GitHub's description declares.
/// </summary>
internal static class GitBodies
{
    /// <summary>The account an app installation acts as (author of its releases and default commit identity).</summary>
    public static readonly Account AppBot = new("emulator-app[bot]", 41898282, "emulator-app[bot]", null, false, EmulatorState.Epoch);

    /// <summary>Escapes each segment of a path for a URL, keeping the slashes.</summary>
    public static string EscapePath(string path) => string.Join("/", path.Split('/').Select(Uri.EscapeDataString));

    /// <summary>Base64 as GitHub writes it in blobs and contents: lines of 60 characters, each ending in "\n".</summary>
    public static string Base64Lines(byte[] content)
    {
        string plain = Convert.ToBase64String(content);
        var builder = new StringBuilder(plain.Length + (plain.Length / 60) + 1);
        for (int i = 0; i < plain.Length; i += 60)
        {
            builder.Append(plain, i, Math.Min(60, plain.Length - i)).Append('\n');
        }

        return builder.ToString();
    }

    public static string NodeId(string kind, RepositoryState repository, string key) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(kind + repository.Id.ToString(CultureInfo.InvariantCulture) + ":" + key));

    public static string ObjectUrl(RepositoryContext context, GitObjectType type, string sha) => type switch
    {
        GitObjectType.Commit => context.Api + "/git/commits/" + sha,
        GitObjectType.Tree => context.Api + "/git/trees/" + sha,
        GitObjectType.Tag => context.Api + "/git/tags/" + sha,
        _ => context.Api + "/git/blobs/" + sha,
    };

    /// <summary>"Git Reference".</summary>
    public static JsonObject Ref(RepositoryContext context, string name, string sha)
    {
        var type = context.Git.Objects.TypeOf(sha) ?? GitObjectType.Commit;
        return new JsonObject
        {
            ["ref"] = name,
            ["node_id"] = NodeId("03:Ref", context.Repository, name),
            ["url"] = context.Api + "/git/" + EscapePath(name),
            ["object"] = new JsonObject
            {
                ["sha"] = sha,
                ["type"] = GitObjectTypes.Name(type),
                ["url"] = ObjectUrl(context, type, sha),
            },
        };
    }

    public static JsonObject Person(GitSignature signature) => new()
    {
        ["name"] = signature.Name,
        ["email"] = signature.Email,
        ["date"] = GitHubBodies.Timestamp(signature.StoredUtc),
    };

    public static JsonObject Unsigned() => new()
    {
        ["verified"] = false,
        ["reason"] = "unsigned",
        ["signature"] = null,
        ["payload"] = null,
        ["verified_at"] = null,
    };

    /// <summary>"Git Commit" (git/commits).</summary>
    public static JsonObject GitCommit(RepositoryContext context, string sha)
    {
        var commit = context.Git.Objects.Commit(sha)!;
        return new JsonObject
        {
            ["sha"] = sha,
            ["node_id"] = NodeId("06:Commit", context.Repository, sha),
            ["url"] = context.Api + "/git/commits/" + sha,
            ["html_url"] = context.Web + "/commit/" + sha,
            ["author"] = Person(commit.Author),
            ["committer"] = Person(commit.Committer),
            ["tree"] = new JsonObject { ["sha"] = commit.Tree, ["url"] = context.Api + "/git/trees/" + commit.Tree },
            ["message"] = commit.Message,
            ["parents"] = Parents(context, commit, "/git/commits/"),
            ["verification"] = Unsigned(),
        };
    }

    /// <summary>"Commit" (commits list, compare, branches): the REST commit with the git commit inside.</summary>
    public static JsonObject Commit(RepositoryContext context, string sha)
    {
        var commit = context.Git.Objects.Commit(sha)!;
        var state = context.Request.State;
        return new JsonObject
        {
            ["sha"] = sha,
            ["node_id"] = NodeId("06:Commit", context.Repository, sha),
            ["commit"] = new JsonObject
            {
                ["author"] = Person(commit.Author),
                ["committer"] = Person(commit.Committer),
                ["message"] = commit.Message,
                ["tree"] = new JsonObject { ["sha"] = commit.Tree, ["url"] = context.Api + "/git/trees/" + commit.Tree },
                ["url"] = context.Api + "/git/commits/" + sha,
                ["comment_count"] = 0,
                ["verification"] = Unsigned(),
            },
            ["url"] = context.Api + "/commits/" + sha,
            ["html_url"] = context.Web + "/commit/" + sha,
            ["comments_url"] = context.Api + "/commits/" + sha + "/comments",
            ["author"] = state.FindAccountByEmail(commit.Author.Email) is { } author ? GitHubBodies.SimpleUser(author, context.Request.Urls) : null,
            ["committer"] = state.FindAccountByEmail(commit.Committer.Email) is { } committer ? GitHubBodies.SimpleUser(committer, context.Request.Urls) : null,
            ["parents"] = Parents(context, commit, "/commits/"),
        };
    }

    /// <summary>"Git Tree".</summary>
    public static JsonObject Tree(RepositoryContext context, string sha, IEnumerable<TreeItem> items, bool truncated)
    {
        var entries = new JsonArray();
        foreach (var item in items)
        {
            var entry = new JsonObject
            {
                ["path"] = item.Path,
                ["mode"] = item.Entry.ApiMode,
                ["type"] = GitObjectTypes.Name(item.Entry.Type),
                ["sha"] = item.Entry.Sha,
            };
            if (item.Entry.Type == GitObjectType.Blob)
            {
                entry["size"] = context.Git.Objects.Blob(item.Entry.Sha)?.Length ?? 0;
            }

            if (item.Entry.Type != GitObjectType.Commit)
            {
                entry["url"] = ObjectUrl(context, item.Entry.Type, item.Entry.Sha);
            }

            entries.Add(entry);
        }

        return new JsonObject
        {
            ["sha"] = sha,
            ["url"] = context.Api + "/git/trees/" + sha,
            ["tree"] = entries,
            ["truncated"] = truncated,
        };
    }

    /// <summary>"Blob".</summary>
    public static JsonObject Blob(RepositoryContext context, string sha, byte[] content) => new()
    {
        ["sha"] = sha,
        ["node_id"] = NodeId("04:Blob", context.Repository, sha),
        ["size"] = content.Length,
        ["url"] = context.Api + "/git/blobs/" + sha,
        ["content"] = Base64Lines(content),
        ["encoding"] = "base64",
    };

    /// <summary>"Short Blob" (create-a-blob).</summary>
    public static JsonObject ShortBlob(RepositoryContext context, string sha) => new()
    {
        ["sha"] = sha,
        ["url"] = context.Api + "/git/blobs/" + sha,
    };

    /// <summary>"Git Tag" (annotated tag object).</summary>
    public static JsonObject Tag(RepositoryContext context, string sha, GitTag tag) => new()
    {
        ["node_id"] = NodeId("03:Tag", context.Repository, sha),
        ["sha"] = sha,
        ["url"] = context.Api + "/git/tags/" + sha,
        ["tagger"] = tag.Tagger is null ? null : new JsonObject
        {
            ["name"] = tag.Tagger.Name,
            ["email"] = tag.Tagger.Email,
            ["date"] = GitHubBodies.Timestamp(tag.Tagger.StoredUtc),
        },
        ["object"] = new JsonObject
        {
            ["sha"] = tag.Object,
            ["type"] = GitObjectTypes.Name(tag.ObjectType),
            ["url"] = ObjectUrl(context, tag.ObjectType, tag.Object),
        },
        ["tag"] = tag.Name,
        ["message"] = tag.Message,
        ["verification"] = Unsigned(),
    };

    /// <summary>
    /// A contents entry: "Content File" (with content) or an item of "Content Directory". <paramref name="reference"/>
    /// is the ref the caller asked for (links carry it as <c>?ref=</c>).
    /// </summary>
    public static JsonObject ContentItem(RepositoryContext context, string path, GitTreeEntry entry, string reference, byte[]? content, long inlineLimit)
    {
        string type = entry.Type switch
        {
            GitObjectType.Tree => "dir",
            GitObjectType.Commit => "submodule",
            _ when entry.Mode == GitTreeEntry.SymlinkMode => "symlink",
            _ => "file",
        };
        string escaped = EscapePath(path);
        string self = context.Api + "/contents/" + escaped + "?ref=" + Uri.EscapeDataString(reference);
        string? git = entry.Type switch
        {
            GitObjectType.Tree => context.Api + "/git/trees/" + entry.Sha,
            GitObjectType.Commit => null,
            _ => context.Api + "/git/blobs/" + entry.Sha,
        };
        string html = context.Web + (entry.Type == GitObjectType.Tree ? "/tree/" : "/blob/") + EscapePath(reference) + "/" + escaped;
        long size = entry.Type == GitObjectType.Blob ? context.Git.Objects.Blob(entry.Sha)?.Length ?? 0 : 0;
        var body = new JsonObject
        {
            ["name"] = path.Split('/')[^1],
            ["path"] = path,
            ["sha"] = entry.Sha,
            ["size"] = size,
            ["url"] = self,
            ["html_url"] = entry.Type == GitObjectType.Commit ? null : html,
            ["git_url"] = git,
            ["download_url"] = type is "file" or "symlink" ? context.Request.Urls.WebPath("raw/" + context.Repository.FullName + "/" + EscapePath(reference) + "/" + escaped) : null,
            ["type"] = type,
        };
        if (content is not null && type == "file")
        {
            bool inline = content.LongLength <= inlineLimit;
            body["content"] = inline ? Base64Lines(content) : "";
            body["encoding"] = inline ? "base64" : "none";
        }

        if (content is not null && type == "symlink")
        {
            body["target"] = Encoding.UTF8.GetString(content);
        }

        body["_links"] = new JsonObject
        {
            ["self"] = self,
            ["git"] = git,
            ["html"] = entry.Type == GitObjectType.Commit ? null : html,
        };
        return body;
    }

    /// <summary>"Branch With Protection".</summary>
    public static JsonObject Branch(RepositoryContext context, string name, string sha)
    {
        bool isProtected = context.Git.IsProtected(name);
        string url = context.Api + "/branches/" + EscapePath(name);
        return new JsonObject
        {
            ["name"] = name,
            ["commit"] = Commit(context, sha),
            ["_links"] = new JsonObject
            {
                ["self"] = url,
                ["html"] = context.Web + "/tree/" + EscapePath(name),
            },
            ["protected"] = isProtected,
            ["protection"] = new JsonObject
            {
                ["enabled"] = isProtected,
                ["required_status_checks"] = new JsonObject
                {
                    ["enforcement_level"] = isProtected ? "everyone" : "off",
                    ["contexts"] = new JsonArray(),
                    ["checks"] = new JsonArray(),
                },
            },
            ["protection_url"] = url + "/protection",
        };
    }

    /// <summary>"Tag" (repository tags list).</summary>
    public static JsonObject TagListItem(RepositoryContext context, string name, string commit) => new()
    {
        ["name"] = name,
        ["zipball_url"] = context.Api + "/zipball/refs/tags/" + EscapePath(name),
        ["tarball_url"] = context.Api + "/tarball/refs/tags/" + EscapePath(name),
        ["commit"] = new JsonObject
        {
            ["sha"] = commit,
            ["url"] = context.Api + "/commits/" + commit,
        },
        ["node_id"] = NodeId("03:Ref", context.Repository, "refs/tags/" + name),
    };

    /// <summary>"Release".</summary>
    public static JsonObject Release(RepositoryContext context, ReleaseState release)
    {
        string id = release.Id.ToString(CultureInfo.InvariantCulture);
        string url = context.Api + "/releases/" + id;
        string tag = EscapePath(release.TagName);
        return new JsonObject
        {
            ["url"] = url,
            ["assets_url"] = url + "/assets",
            ["upload_url"] = context.Request.Urls.WebPath("uploads/repos/" + context.Repository.FullName + "/releases/" + id + "/assets{?name,label}"),
            ["html_url"] = context.Web + (release.Draft ? "/releases/tag/untagged-" + id : "/releases/tag/" + tag),
            ["id"] = release.Id,
            ["author"] = GitHubBodies.SimpleUser(release.Author, context.Request.Urls),
            ["node_id"] = Convert.ToBase64String(Encoding.ASCII.GetBytes("07:Release" + id)),
            ["tag_name"] = release.TagName,
            ["target_commitish"] = release.TargetCommitish,
            ["name"] = release.Name,
            ["draft"] = release.Draft,
            ["immutable"] = false,
            ["prerelease"] = release.Prerelease,
            ["created_at"] = GitHubBodies.Timestamp(release.CreatedAt),
            ["updated_at"] = GitHubBodies.Timestamp(release.PublishedAt ?? release.CreatedAt),
            ["published_at"] = release.PublishedAt is { } published ? GitHubBodies.Timestamp(published) : null,
            ["assets"] = new JsonArray(),
            ["tarball_url"] = context.Api + "/tarball/" + tag,
            ["zipball_url"] = context.Api + "/zipball/" + tag,
            ["body"] = release.Body,
        };
    }

    private static JsonArray Parents(RepositoryContext context, GitCommit commit, string kind) =>
        new(commit.Parents.Select(p => (JsonNode)new JsonObject
        {
            ["sha"] = p,
            ["url"] = context.Api + kind + p,
            ["html_url"] = context.Web + "/commit/" + p,
        }).ToArray());
}
