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
            return GitHubResult.Error(403, "Resource not accessible by integration", request.Surface.Docs(Docs));
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
