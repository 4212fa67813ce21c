using PSGitHubSync.Emulator.Git;
using PSGitHubSync.Emulator.State;

namespace PSGitHubSync.Emulator.GitHub;

/// <summary>A request on one repository: the repository, its git data and the URLs GitHub writes for it.</summary>
internal sealed class RepositoryContext
{
    public RepositoryContext(GitHubRequest request, RepositoryState repository)
    {
        Request = request;
        Repository = repository;
        Api = request.Urls.ApiPath("repos/" + repository.FullName);
        Web = request.Urls.WebPath(repository.FullName);
    }

    public GitHubRequest Request { get; }

    public RepositoryState Repository { get; }

    public GitRepository Git => Repository.Git;

    /// <summary>http://host/[api/v3/]repos/owner/repo</summary>
    public string Api { get; }

    /// <summary>http://host/owner/repo</summary>
    public string Web { get; }

    /// <summary>Finds the repository named by the route that the caller may see; otherwise GitHub's 404.</summary>
    public static RepositoryContext? Readable(GitHubRequest request, out GitHubResult? error)
    {
        var repository = request.State.FindRepository(request.RouteValue("owner"), request.RouteValue("repo"));
        if (repository is null || !RepositoryAccess.CanSee(request.Caller, repository))
        {
            error = request.NotFound();
            return null;
        }

        error = null;
        return new RepositoryContext(request, repository);
    }

    /// <summary>
    /// Finds the repository and checks that the caller may write to it (<see cref="RepositoryAccess.WriteRefusalOf"/>),
    /// answering as GitHub does per token type:
    /// <list type="bullet">
    /// <item>anonymous: 401 "Requires authentication";</item>
    /// <item>classic/OAuth token without <c>repo</c> (or <c>public_repo</c> on a public repository), or a user who may
    /// not push: 404 — GitHub hides write endpoints from those who cannot write;</item>
    /// <item>fine-grained token without Contents write: 403 "Resource not accessible by personal access token", even
    /// though the repository's <c>permissions.push</c> (the user's role) says true; a user who may not push: 404;</item>
    /// <item>app installation without Contents write: 403 "Resource not accessible by integration";</item>
    /// <item>archived repository: 403 "Repository was archived so is read-only.".</item>
    /// </list>
    /// </summary>
    public static RepositoryContext? Writable(GitHubRequest request, out GitHubResult? error)
    {
        var repository = request.State.FindRepository(request.RouteValue("owner"), request.RouteValue("repo"));
        var refusal = repository is null ? WriteRefusal.Hidden : RepositoryAccess.WriteRefusalOf(request.Caller, repository);
        if (refusal != WriteRefusal.None)
        {
            var (status, message) = RepositoryAccess.Answer(refusal);
            error = request.Error(status, message);
            return null;
        }

        error = null;
        return new RepositoryContext(request, repository!);
    }

    /// <summary>GitHub's answer to git-data calls on a repository without commits.</summary>
    public GitHubResult EmptyRepository() => Request.Error(409, "Git Repository is empty.");

    /// <summary>Who GitHub names as author when a request names none: the token's user (or the app's bot).</summary>
    public GitSignature DefaultIdentity(DateTimeOffset when)
    {
        if (Request.Caller.User is { } user)
        {
            return new GitSignature(user.Name ?? user.Login, user.Email ?? EmulatorState.NoReplyEmail(user), when);
        }

        if (Request.Caller.Token?.Installation is { } installation)
        {
            // An installation token acts as the app's bot account: <slug>[bot], <bot id>+<slug>[bot]@users.noreply.github.com.
            var bot = installation.App.Slug + "[bot]";
            var botId = (40_000_000 + installation.App.Id).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new GitSignature(bot, botId + "+" + bot + "@users.noreply.github.com", when);
        }

        return new GitSignature(GitBodies.AppBot.Login, EmulatorState.NoReplyEmail(GitBodies.AppBot), when);
    }

    /// <summary>Counts a commit created through the API.</summary>
    public void CountCommit()
    {
        Git.CommitsCreated++;
        Request.Runtime?.Statistics.CountCommit(Repository.FullName);
    }
}
