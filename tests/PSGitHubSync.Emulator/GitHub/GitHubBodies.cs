using System.Globalization;
using System.Text.Json.Nodes;
using PSGitHubSync.Emulator.RateLimiting;
using PSGitHubSync.Emulator.State;

namespace PSGitHubSync.Emulator.GitHub;

/// <summary>
/// The JSON bodies GitHub sends, field by field in GitHub's order (see the recorded responses in
/// tests/reference/github-recorded), with only fields that the official OpenAPI description declares.
/// </summary>
internal static class GitHubBodies
{
    /// <summary>GitHub's time stamps: ISO 8601, UTC, whole seconds, 'Z'.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Error(int status, string message, string documentationUrl) => new()
    {
        ["message"] = message,
        ["documentation_url"] = documentationUrl,
        ["status"] = status.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>"Simple User": the owner/organization objects embedded in other bodies.</summary>
    public static JsonObject SimpleUser(Account account, GitHubUrls urls)
    {
        var body = new JsonObject();
        AddUserIdentity(body, account, urls);
        body["user_view_type"] = "public";
        body["site_admin"] = false;
        return body;
    }

    /// <summary>
    /// <c>GET /user</c>: "Private User" when the token may read the private profile (classic/OAuth with
    /// <c>user</c> or <c>read:user</c>), else "Public User".
    /// </summary>
    public static JsonObject AuthenticatedUser(Account account, EmulatorState state, GitHubUrls urls, bool includePrivate)
    {
        var body = new JsonObject();
        AddUserIdentity(body, account, urls);
        body["user_view_type"] = includePrivate ? "private" : "public";
        body["site_admin"] = false;
        body["name"] = account.Name;
        body["company"] = null;
        body["blog"] = "";
        body["location"] = null;
        body["email"] = account.Email;
        body["hireable"] = null;
        body["bio"] = null;
        body["twitter_username"] = null;
        if (includePrivate)
        {
            body["notification_email"] = account.Email;
        }

        var owned = state.RepositoriesOwnedBy(account);
        body["public_repos"] = owned.Count(r => !r.Private);
        body["public_gists"] = 0;
        body["followers"] = 0;
        body["following"] = 0;
        body["created_at"] = Timestamp(account.CreatedAt);
        body["updated_at"] = Timestamp(account.CreatedAt);
        if (includePrivate)
        {
            int privateRepositories = owned.Count(r => r.Private);
            body["private_gists"] = 0;
            body["total_private_repos"] = privateRepositories;
            body["owned_private_repos"] = privateRepositories;
            body["disk_usage"] = 0;
            body["collaborators"] = 0;
            body["two_factor_authentication"] = true;
            body["plan"] = new JsonObject
            {
                ["name"] = "free",
                ["space"] = 976562499,
                ["collaborators"] = 0,
                ["private_repos"] = 10000,
            };
        }

        return body;
    }

    /// <summary>"Full Repository" (<c>GET /repos/{owner}/{repo}</c>). <paramref name="permissions"/> null: omitted (anonymous).</summary>
    public static JsonObject FullRepository(RepositoryState repository, GitHubUrls urls, RepositoryPermissions? permissions, bool isEnterprise)
    {
        string full = repository.FullName;
        string api = urls.ApiPath("repos/" + full);
        var body = new JsonObject
        {
            ["id"] = repository.Id,
            ["node_id"] = repository.NodeId,
            ["name"] = repository.Name,
            ["full_name"] = full,
            ["private"] = repository.Private,
            ["owner"] = SimpleUser(repository.Owner, urls),
            ["html_url"] = urls.WebPath(full),
            ["description"] = repository.Description,
            ["fork"] = false,
            ["url"] = api,
            ["forks_url"] = api + "/forks",
            ["keys_url"] = api + "/keys{/key_id}",
            ["collaborators_url"] = api + "/collaborators{/collaborator}",
            ["teams_url"] = api + "/teams",
            ["hooks_url"] = api + "/hooks",
            ["issue_events_url"] = api + "/issues/events{/number}",
            ["events_url"] = api + "/events",
            ["assignees_url"] = api + "/assignees{/user}",
            ["branches_url"] = api + "/branches{/branch}",
            ["tags_url"] = api + "/tags",
            ["blobs_url"] = api + "/git/blobs{/sha}",
            ["git_tags_url"] = api + "/git/tags{/sha}",
            ["git_refs_url"] = api + "/git/refs{/sha}",
            ["trees_url"] = api + "/git/trees{/sha}",
            ["statuses_url"] = api + "/statuses/{sha}",
            ["languages_url"] = api + "/languages",
            ["stargazers_url"] = api + "/stargazers",
            ["contributors_url"] = api + "/contributors",
            ["subscribers_url"] = api + "/subscribers",
            ["subscription_url"] = api + "/subscription",
            ["commits_url"] = api + "/commits{/sha}",
            ["git_commits_url"] = api + "/git/commits{/sha}",
            ["comments_url"] = api + "/comments{/number}",
            ["issue_comment_url"] = api + "/issues/comments{/number}",
            ["contents_url"] = api + "/contents/{+path}",
            ["compare_url"] = api + "/compare/{base}...{head}",
            ["merges_url"] = api + "/merges",
            ["archive_url"] = api + "/{archive_format}{/ref}",
            ["downloads_url"] = api + "/downloads",
            ["issues_url"] = api + "/issues{/number}",
            ["pulls_url"] = api + "/pulls{/number}",
            ["milestones_url"] = api + "/milestones{/number}",
            ["notifications_url"] = api + "/notifications{?since,all,participating}",
            ["labels_url"] = api + "/labels{/name}",
            ["releases_url"] = api + "/releases{/id}",
            ["deployments_url"] = api + "/deployments",
            ["created_at"] = Timestamp(repository.CreatedAt),
            ["updated_at"] = Timestamp(repository.UpdatedAt),
            ["pushed_at"] = Timestamp(repository.PushedAt),
            ["git_url"] = $"git://{urls.HostAndPort}/{full}.git",
            ["ssh_url"] = $"git@{urls.HostName}:{full}.git",
            ["clone_url"] = urls.WebPath(full + ".git"),
            ["svn_url"] = urls.WebPath(full),
            ["homepage"] = null,
            ["size"] = 0,
            ["stargazers_count"] = 0,
            ["watchers_count"] = 0,
            ["language"] = null,
            ["has_issues"] = true,
            ["has_projects"] = true,
            ["has_downloads"] = true,
            ["has_wiki"] = !repository.Private,
            ["has_pages"] = false,
            ["has_discussions"] = false,
            ["forks_count"] = 0,
            ["mirror_url"] = null,
            ["archived"] = repository.Archived,
            ["disabled"] = false,
            ["open_issues_count"] = 0,
            ["license"] = null,
            ["allow_forking"] = !repository.Private,
            ["is_template"] = false,
            ["web_commit_signoff_required"] = false,
            ["topics"] = new JsonArray(),
            ["visibility"] = repository.Private ? "private" : "public",
            ["forks"] = 0,
            ["open_issues"] = 0,
            ["watchers"] = 0,
            ["default_branch"] = repository.DefaultBranch,
        };

        if (permissions is { } granted)
        {
            body["permissions"] = new JsonObject
            {
                ["admin"] = granted.Admin,
                ["maintain"] = granted.Maintain,
                ["push"] = granted.Push,
                ["triage"] = granted.Triage,
                ["pull"] = granted.Pull,
            };

            // GitHub shows the merge settings only to people who can push.
            if (granted.Push)
            {
                body["temp_clone_token"] = "";
                body["allow_squash_merge"] = true;
                body["allow_merge_commit"] = true;
                body["allow_rebase_merge"] = true;
                body["allow_auto_merge"] = false;
                body["delete_branch_on_merge"] = false;
                body["allow_update_branch"] = false;
                body["use_squash_pr_title_as_default"] = false;
                body["squash_merge_commit_message"] = "COMMIT_MESSAGES";
                body["squash_merge_commit_title"] = "COMMIT_OR_PR_TITLE";
                body["merge_commit_message"] = "PR_TITLE";
                body["merge_commit_title"] = "MERGE_MESSAGE";
            }
        }

        if (repository.Owner.IsOrganization)
        {
            body["organization"] = SimpleUser(repository.Owner, urls);
        }

        if (!isEnterprise)
        {
            body["custom_properties"] = new JsonObject();
        }

        body["network_count"] = 0;
        body["subscribers_count"] = 0;
        return body;
    }

    /// <summary>"Api Overview" (<c>GET /meta</c>): github.com's lists, or GHES's short one with <c>installed_version</c>.</summary>
    public static JsonObject Meta(ApiSurface surface)
    {
        if (surface.IsEnterprise)
        {
            return new JsonObject
            {
                ["verifiable_password_authentication"] = true,
                ["installed_version"] = surface.EnterpriseVersion,
            };
        }

        static JsonArray Loopback() => new("127.0.0.1/32");
        return new JsonObject
        {
            ["verifiable_password_authentication"] = false,
            ["ssh_key_fingerprints"] = new JsonObject
            {
                ["SHA256_ECDSA"] = "p2QAMXNIC1TJYWeIOttrVc98/R1BUFWu3/LiyKgUfQM",
                ["SHA256_ED25519"] = "+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU",
                ["SHA256_RSA"] = "uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s",
            },
            ["ssh_keys"] = new JsonArray(
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"),
            ["hooks"] = Loopback(),
            ["web"] = Loopback(),
            ["api"] = Loopback(),
            ["git"] = Loopback(),
            ["packages"] = Loopback(),
            ["pages"] = Loopback(),
            ["importer"] = Loopback(),
            ["actions"] = Loopback(),
            ["dependabot"] = Loopback(),
            ["domains"] = new JsonObject
            {
                ["website"] = new JsonArray("*.github.com", "*.github.dev", "*.githubusercontent.com"),
                ["packages"] = new JsonArray("*.pkg.github.com", "*.ghcr.io"),
            },
        };
    }

    /// <summary>"Rate Limit Overview" (<c>GET /rate_limit</c>).</summary>
    public static JsonObject RateLimit(RateLimitStatus core, bool authenticated, DateTimeOffset now, bool isEnterprise)
    {
        long minute = (now + TimeSpan.FromMinutes(1)).ToUnixTimeSeconds();
        long hour = (now + TimeSpan.FromHours(1)).ToUnixTimeSeconds();
        JsonObject Fresh(int limit, long reset) => Numbers(limit, limit, reset);
        JsonObject Numbers(int limit, int remaining, long reset) => new()
        {
            ["limit"] = limit,
            ["used"] = limit - remaining,
            ["remaining"] = remaining,
            ["reset"] = reset,
        };

        var resources = new JsonObject
        {
            ["core"] = Numbers(core.Limit, core.Remaining, core.Reset),
            ["search"] = Fresh(authenticated ? 30 : 10, minute),
            ["graphql"] = Fresh(authenticated ? 5000 : 0, hour),
            ["integration_manifest"] = Fresh(5000, hour),
            ["source_import"] = Fresh(authenticated ? 100 : 5, minute),
            ["actions_runner_registration"] = Fresh(10000, hour),
            ["scim"] = Fresh(15000, hour),
        };
        if (!isEnterprise)
        {
            // GHES 3.17 has no dependency snapshots limit.
            resources["dependency_snapshots"] = Fresh(100, minute);
        }

        resources["code_search"] = Fresh(10, minute);
        return new JsonObject
        {
            ["resources"] = resources,
            ["rate"] = Numbers(core.Limit, core.Remaining, core.Reset),
        };
    }

    private static void AddUserIdentity(JsonObject body, Account account, GitHubUrls urls)
    {
        string api = urls.ApiPath("users/" + account.Login);
        body["login"] = account.Login;
        body["id"] = account.Id;
        body["node_id"] = account.NodeId;
        body["avatar_url"] = urls.WebPath("avatars/u/" + account.Id.ToString(CultureInfo.InvariantCulture) + "?v=4");
        body["gravatar_id"] = "";
        body["url"] = api;
        body["html_url"] = urls.WebPath(account.Login);
        body["followers_url"] = api + "/followers";
        body["following_url"] = api + "/following{/other_user}";
        body["gists_url"] = api + "/gists{/gist_id}";
        body["starred_url"] = api + "/starred{/owner}{/repo}";
        body["subscriptions_url"] = api + "/subscriptions";
        body["organizations_url"] = api + "/orgs";
        body["repos_url"] = api + "/repos";
        body["events_url"] = api + "/events{/privacy}";
        body["received_events_url"] = api + "/received_events";
        body["type"] = account.Type;
    }
}
