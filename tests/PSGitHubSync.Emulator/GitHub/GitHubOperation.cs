namespace PSGitHubSync.Emulator.GitHub;

/// <summary>What the pipeline needs to know about one emulated REST operation.</summary>
/// <param name="OperationId">GitHub's operationId (e.g. "repos/get").</param>
/// <param name="AcceptedOAuthScopes">The X-Accepted-OAuth-Scopes header value for classic and OAuth tokens.</param>
/// <param name="AcceptedGitHubPermissions">The X-Accepted-GitHub-Permissions header value for fine-grained and app tokens (null: none).</param>
/// <param name="CountsAgainstRateLimit">False only for <c>/rate_limit</c>.</param>
internal sealed record GitHubOperation(
    string OperationId,
    string AcceptedOAuthScopes,
    string? AcceptedGitHubPermissions = null,
    bool CountsAgainstRateLimit = true)
{
    public static readonly GitHubOperation GetAuthenticatedUser = new("users/get-authenticated", "") { Route = "/user", DocsPage = "/users/users#get-the-authenticated-user" };
    public static readonly GitHubOperation GetMeta = new("meta/get", "") { Route = "/meta", DocsPage = "/meta/meta#get-github-meta-information" };
    public static readonly GitHubOperation GetRateLimit = new("rate-limit/get", "", CountsAgainstRateLimit: false) { Route = "/rate_limit", DocsPage = "/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user" };
    public static readonly GitHubOperation GetRepositoryInstallation = new("apps/get-repo-installation", "") { Route = "/repos/{owner}/{repo}/installation", DocsPage = "/apps/apps#get-a-repository-installation-for-the-authenticated-app" };
    public static readonly GitHubOperation CreateInstallationAccessToken = new("apps/create-installation-access-token", "") { Route = "/app/installations/{installation_id}/access_tokens", DocsPage = "/apps/apps#create-an-installation-access-token-for-an-app" };
    public static readonly GitHubOperation GetRepository = new("repos/get", "repo", "metadata=read") { Route = "/repos/{owner}/{repo}", DocsPage = "/repos/repos#get-a-repository" };

    public static readonly GitHubOperation GetBranch = Read("repos/get-branch", "/repos/{owner}/{repo}/branches/{branch}", "/branches/branches#get-a-branch");
    public static readonly GitHubOperation GetRef = Read("git/get-ref", "/repos/{owner}/{repo}/git/ref/{ref}", "/git/refs#get-a-reference");
    public static readonly GitHubOperation ListRefs = Read("git/list-refs", "/repos/{owner}/{repo}/git/refs", "/git/refs#list-matching-references");
    public static readonly GitHubOperation GetRefs = Read("git/get-refs", "/repos/{owner}/{repo}/git/refs/{ref}", "/git/refs#get-a-reference");
    public static readonly GitHubOperation ListMatchingRefs = Read("git/list-matching-refs", "/repos/{owner}/{repo}/git/matching-refs/{ref}", "/git/refs#list-matching-references");
    public static readonly GitHubOperation CreateRef = Write("git/create-ref", "/repos/{owner}/{repo}/git/refs", "/git/refs#create-a-reference");
    public static readonly GitHubOperation UpdateRef = Write("git/update-ref", "/repos/{owner}/{repo}/git/refs/{ref}", "/git/refs#update-a-reference");
    public static readonly GitHubOperation DeleteRef = Write("git/delete-ref", "/repos/{owner}/{repo}/git/refs/{ref}", "/git/refs#delete-a-reference");
    public static readonly GitHubOperation GetTree = Read("git/get-tree", "/repos/{owner}/{repo}/git/trees/{tree_sha}", "/git/trees#get-a-tree");
    public static readonly GitHubOperation CreateTree = Write("git/create-tree", "/repos/{owner}/{repo}/git/trees", "/git/trees#create-a-tree") with { CreatesContent = true, IsCreateTree = true };
    public static readonly GitHubOperation GetBlob = Read("git/get-blob", "/repos/{owner}/{repo}/git/blobs/{file_sha}", "/git/blobs#get-a-blob");
    public static readonly GitHubOperation CreateBlob = Write("git/create-blob", "/repos/{owner}/{repo}/git/blobs", "/git/blobs#create-a-blob") with { CreatesContent = true };
    public static readonly GitHubOperation GetCommit = Read("git/get-commit", "/repos/{owner}/{repo}/git/commits/{commit_sha}", "/git/commits#get-a-commit-object");
    public static readonly GitHubOperation CreateCommit = Write("git/create-commit", "/repos/{owner}/{repo}/git/commits", "/git/commits#create-a-commit") with { CreatesContent = true };
    public static readonly GitHubOperation GetTag = Read("git/get-tag", "/repos/{owner}/{repo}/git/tags/{tag_sha}", "/git/tags#get-a-tag");
    public static readonly GitHubOperation CreateTag = Write("git/create-tag", "/repos/{owner}/{repo}/git/tags", "/git/tags#create-a-tag-object") with { CreatesContent = true };
    public static readonly GitHubOperation GetContent = Read("repos/get-content", "/repos/{owner}/{repo}/contents/{path}", "/repos/contents#get-repository-content") with { AcceptedOAuthScopes = "" };
    public static readonly GitHubOperation PutContent = Write("repos/create-or-update-file-contents", "/repos/{owner}/{repo}/contents/{path}", "/repos/contents#create-or-update-file-contents") with { AcceptedOAuthScopes = "", CreatesContent = true };
    public static readonly GitHubOperation ListCommits = Read("repos/list-commits", "/repos/{owner}/{repo}/commits", "/commits/commits#list-commits");
    public static readonly GitHubOperation CompareCommits = Read("repos/compare-commits-with-basehead", "/repos/{owner}/{repo}/compare/{basehead}", "/commits/commits#compare-two-commits");
    public static readonly GitHubOperation ListTags = Read("repos/list-tags", "/repos/{owner}/{repo}/tags", "/repos/repos#list-repository-tags");
    public static readonly GitHubOperation ListReleases = Read("repos/list-releases", "/repos/{owner}/{repo}/releases", "/releases/releases#list-releases");
    public static readonly GitHubOperation CreateRelease = Write("repos/create-release", "/repos/{owner}/{repo}/releases", "/releases/releases#create-a-release");
    public static readonly GitHubOperation GetReleaseByTag = Read("repos/get-release-by-tag", "/repos/{owner}/{repo}/releases/tags/{tag}", "/releases/releases#get-a-release-by-tag-name");

    /// <summary>Any path the emulator does not know: GitHub answers 404.</summary>
    public static readonly GitHubOperation Unknown = new("unknown", "");

    /// <summary>The path template as GitHub's description writes it (e.g. "/repos/{owner}/{repo}/git/trees"); null for unknown paths.</summary>
    public string? Route { get; init; }

    /// <summary>The page of the operation in GitHub's REST documentation, e.g. "/git/refs#update-a-reference".</summary>
    public string DocsPage { get; init; } = "";

    /// <summary>Counts against GitHub's content-creation secondary limit (POST blobs/trees/commits/tags, PUT contents).</summary>
    public bool CreatesContent { get; init; }

    /// <summary>Create a tree: the request body size is limited (GitHub's gateway answers 502).</summary>
    public bool IsCreateTree { get; init; }

    private static GitHubOperation Read(string id, string route, string docs) => new(id, "repo", "contents=read") { Route = route, DocsPage = docs };

    private static GitHubOperation Write(string id, string route, string docs) => new(id, "repo", "contents=write") { Route = route, DocsPage = docs };
}
