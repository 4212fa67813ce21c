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
    public static readonly GitHubOperation GetAuthenticatedUser = new("users/get-authenticated", "");
    public static readonly GitHubOperation GetMeta = new("meta/get", "");
    public static readonly GitHubOperation GetRateLimit = new("rate-limit/get", "", CountsAgainstRateLimit: false);
    public static readonly GitHubOperation GetRepository = new("repos/get", "repo", "metadata=read");

    /// <summary>Any path the emulator does not know: GitHub answers 404.</summary>
    public static readonly GitHubOperation Unknown = new("unknown", "");
}
