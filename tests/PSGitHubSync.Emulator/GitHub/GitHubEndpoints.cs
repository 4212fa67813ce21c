using PSGitHubSync.Emulator.Authentication;
using PSGitHubSync.Emulator.State;

namespace PSGitHubSync.Emulator.GitHub;

/// <summary>The emulated REST operations, mapped once per surface (<c>/</c> and <c>/api/v3/</c>).</summary>
internal static class GitHubEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, GitHubPipeline pipeline, ApiSurface surface)
    {
        var group = routes.MapGroup(surface.Prefix.Length == 0 ? "/" : surface.Prefix);
        void Get(string pattern, GitHubOperation operation, Func<GitHubRequest, GitHubResult> handler) =>
            group.MapMethods(pattern, new[] { HttpMethods.Get, HttpMethods.Head }, (HttpContext http) => pipeline.ExecuteAsync(http, surface, operation, handler));

        Get("/user", GitHubOperation.GetAuthenticatedUser, GetAuthenticatedUser);
        Get("/meta", GitHubOperation.GetMeta, GetMeta);
        Get("/rate_limit", GitHubOperation.GetRateLimit, GetRateLimit);
        Get("/repos/{owner}/{repo}", GitHubOperation.GetRepository, GetRepository);

        void Map(string method, string pattern, GitHubOperation operation, Func<GitHubRequest, GitHubResult> handler) =>
            group.MapMethods(pattern, new[] { method }, (HttpContext http) => pipeline.ExecuteAsync(http, surface, operation, handler));

        const string Repo = "/repos/{owner}/{repo}";
        Get(Repo + "/installation", GitHubOperation.GetRepositoryInstallation, AppEndpoints.GetRepositoryInstallation);
        Map(HttpMethods.Post, "/app/installations/{installation_id}/access_tokens", GitHubOperation.CreateInstallationAccessToken, AppEndpoints.CreateAccessToken);
        Get(Repo + "/branches/{**branch}", GitHubOperation.GetBranch, HistoryEndpoints.GetBranch);
        Get(Repo + "/git/ref/{**ref}", GitHubOperation.GetRef, GitDataEndpoints.GetRef);
        Get(Repo + "/git/refs", GitHubOperation.ListRefs, GitDataEndpoints.GetRefs);
        Get(Repo + "/git/refs/{**ref}", GitHubOperation.GetRefs, GitDataEndpoints.GetRefs);
        Get(Repo + "/git/matching-refs/{**ref}", GitHubOperation.ListMatchingRefs, GitDataEndpoints.ListMatchingRefs);
        Map(HttpMethods.Post, Repo + "/git/refs", GitHubOperation.CreateRef, GitDataEndpoints.CreateRef);
        Map(HttpMethods.Patch, Repo + "/git/refs/{**ref}", GitHubOperation.UpdateRef, GitDataEndpoints.UpdateRef);
        Map(HttpMethods.Delete, Repo + "/git/refs/{**ref}", GitHubOperation.DeleteRef, GitDataEndpoints.DeleteRef);
        Get(Repo + "/git/trees/{**tree_sha}", GitHubOperation.GetTree, GitDataEndpoints.GetTree);
        Map(HttpMethods.Post, Repo + "/git/trees", GitHubOperation.CreateTree, GitDataEndpoints.CreateTree);
        Get(Repo + "/git/blobs/{file_sha}", GitHubOperation.GetBlob, GitDataEndpoints.GetBlob);
        Map(HttpMethods.Post, Repo + "/git/blobs", GitHubOperation.CreateBlob, GitDataEndpoints.CreateBlob);
        Get(Repo + "/git/commits/{commit_sha}", GitHubOperation.GetCommit, GitDataEndpoints.GetCommit);
        Map(HttpMethods.Post, Repo + "/git/commits", GitHubOperation.CreateCommit, GitDataEndpoints.CreateCommit);
        Get(Repo + "/git/tags/{tag_sha}", GitHubOperation.GetTag, GitDataEndpoints.GetTag);
        Map(HttpMethods.Post, Repo + "/git/tags", GitHubOperation.CreateTag, GitDataEndpoints.CreateTag);
        Get(Repo + "/contents", GitHubOperation.GetContent, ContentsEndpoints.Get);
        Get(Repo + "/contents/{**path}", GitHubOperation.GetContent, ContentsEndpoints.Get);
        Map(HttpMethods.Put, Repo + "/contents/{**path}", GitHubOperation.PutContent, ContentsEndpoints.Put);
        Get(Repo + "/commits", GitHubOperation.ListCommits, HistoryEndpoints.ListCommits);
        Get(Repo + "/compare/{**basehead}", GitHubOperation.CompareCommits, HistoryEndpoints.Compare);
        Get(Repo + "/tags", GitHubOperation.ListTags, HistoryEndpoints.ListTags);
        Get(Repo + "/releases", GitHubOperation.ListReleases, HistoryEndpoints.ListReleases);
        Map(HttpMethods.Post, Repo + "/releases", GitHubOperation.CreateRelease, HistoryEndpoints.CreateRelease);
        Get(Repo + "/releases/tags/{**tag}", GitHubOperation.GetReleaseByTag, HistoryEndpoints.GetReleaseByTag);
    }

    /// <summary>Any other path, any method: GitHub's plain 404.</summary>
    public static GitHubResult NotFound(GitHubRequest request) =>
        GitHubResult.Error(404, "Not Found", request.Surface.Docs(""));

    private static GitHubResult GetAuthenticatedUser(GitHubRequest request)
    {
        const string Docs = "/users/users#get-the-authenticated-user";
        var caller = request.Caller;
        if (caller.Kind == CallerKind.Anonymous)
        {
            return GitHubResult.Error(401, "Requires authentication", request.Surface.Docs(Docs));
        }

        if (caller.Token is not { User: { } user } token)
        {
            // An app installation acts for no user.
            return GitHubResult.Error(403, RepositoryAccess.IntegrationRefused, request.Surface.Docs(Docs));
        }

        // Classic and OAuth tokens see the private profile with the user (or read:user) scope.
        bool includePrivate = token.HasOAuthScopes && (token.HasScope("user") || token.HasScope("read:user"));
        return GitHubResult.Ok(GitHubBodies.AuthenticatedUser(user, request.State, request.Urls, includePrivate));
    }

    private static GitHubResult GetMeta(GitHubRequest request) => GitHubResult.Ok(GitHubBodies.Meta(request.Surface));

    private static GitHubResult GetRateLimit(GitHubRequest request) =>
        GitHubResult.Ok(GitHubBodies.RateLimit(request.RateLimit, request.Caller.Kind == CallerKind.Token, request.Time.GetUtcNow(), request.Surface.IsEnterprise));

    private static GitHubResult GetRepository(GitHubRequest request)
    {
        var repository = request.State.FindRepository(request.RouteValue("owner"), request.RouteValue("repo"));
        if (repository is null || !RepositoryAccess.CanSee(request.Caller, repository))
        {
            // GitHub hides what the caller may not see: 404, never 403.
            return GitHubResult.Error(404, "Not Found", request.Surface.Docs("/repos/repos#get-a-repository"));
        }

        var permissions = RepositoryAccess.ReportedPermissions(request.Caller, repository);
        return GitHubResult.Ok(
            GitHubBodies.FullRepository(repository, request.Urls, permissions, request.Surface.IsEnterprise),
            lastModified: repository.PushedAt);
    }
}
