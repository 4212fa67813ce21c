using PSGitHubSync.Emulator;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>The users, repositories and tokens the emulator tests run against.</summary>
internal static class TestWorld
{
    /// <summary>classic, scopes repo + user, expires <see cref="ClassicExpiry"/>.</summary>
    public const string Classic = "ghp_ClassicRepoUser0000000000000000000001";

    /// <summary>classic, no scopes at all.</summary>
    public const string ClassicNoScopes = "ghp_ClassicNoScopes000000000000000000002";

    /// <summary>classic, public_repo + read:org (no repo scope).</summary>
    public const string ClassicPublicRepo = "ghp_ClassicPublicRepo0000000000000000003";

    /// <summary>classic token of hubot (read collaborator on contoso/api-backups), scopes repo.</summary>
    public const string HubotClassic = "ghp_HubotRepo000000000000000000000000004";

    /// <summary>fine-grained, contents read on contoso/api-backups only, expires <see cref="FineGrainedExpiry"/>.</summary>
    public const string FineGrained = "github_pat_11FineGrainedRead_0000000000000000000000000000000000000000000000000000001";

    /// <summary>fine-grained, contents write on every contoso repository ("contoso/*").</summary>
    public const string FineGrainedAllContoso = "github_pat_11FineGrainedAll_00000000000000000000000000000000000000000000000000000002";

    /// <summary>OAuth app token, scopes repo + user.</summary>
    public const string OAuth = "gho_OAuthRepoUser00000000000000000000001";

    /// <summary>App installation on contoso/api-backups (contents write).</summary>
    public const string App = "ghs_AppInstallation000000000000000000001";

    /// <summary>classic, expired in 2020.</summary>
    public const string Expired = "ghp_Expired00000000000000000000000000005";

    /// <summary>Not configured at all.</summary>
    public const string Unknown = "ghp_Unknown00000000000000000000000000006";

    public static readonly DateTimeOffset ClassicExpiry = new(2099, 12, 31, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset FineGrainedExpiry = new(2099, 6, 30, 23, 59, 59, TimeSpan.Zero);

    /// <summary>
    /// octocat (user 1) owns octocat/hello-world (public) and octocat/notes (private); contoso is an
    /// organisation (synthesised) with api-backups (private; octocat write, hubot read), secret (private;
    /// octocat no access) and docs (public, archived, default branch "trunk").
    /// </summary>
    public static EmulatorConfig Config() => new()
    {
        Users =
        {
            new EmulatorUser { Login = "octocat", Id = 1, Name = "The Octocat", Email = "octocat@github.com" },
            new EmulatorUser { Login = "hubot", Id = 2, Name = null },
        },
        Repositories =
        {
            new EmulatorRepository { Owner = "octocat", Name = "hello-world" },
            new EmulatorRepository { Owner = "octocat", Name = "notes", Private = true },
            new EmulatorRepository
            {
                Owner = "contoso",
                Name = "api-backups",
                Private = true,
                Collaborators = { ["octocat"] = "write", ["hubot"] = "read" },
            },
            new EmulatorRepository { Owner = "contoso", Name = "secret", Private = true, Collaborators = { ["hubot"] = "admin" } },
            new EmulatorRepository { Owner = "contoso", Name = "docs", Archived = true, DefaultBranch = "trunk" },
        },
        Tokens =
        {
            new EmulatorToken { Value = Classic, Type = "classic", Login = "octocat", Scopes = { "user", "repo" }, ExpiresAt = ClassicExpiry },
            new EmulatorToken { Value = ClassicNoScopes, Type = "classic", Login = "octocat" },
            new EmulatorToken { Value = ClassicPublicRepo, Type = "classic", Login = "octocat", Scopes = { "read:org", "public_repo" } },
            new EmulatorToken { Value = HubotClassic, Type = "classic", Login = "hubot", Scopes = { "repo" } },
            new EmulatorToken
            {
                Value = FineGrained,
                Type = "fine-grained",
                Login = "octocat",
                ExpiresAt = FineGrainedExpiry,
                RepositoryPermissions = { ["contoso/api-backups"] = "read" },
            },
            new EmulatorToken
            {
                Value = FineGrainedAllContoso,
                Type = "fine-grained",
                Login = "octocat",
                RepositoryPermissions = { ["contoso/*"] = "write" },
            },
            new EmulatorToken { Value = OAuth, Type = "oauth", Login = "octocat", Scopes = { "repo", "user" } },
            new EmulatorToken { Value = App, Type = "app", RepositoryPermissions = { ["contoso/api-backups"] = "write" } },
            new EmulatorToken { Value = Expired, Type = "classic", Login = "octocat", Scopes = { "repo" }, ExpiresAt = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero) },
        },
    };

    public static Task<EmulatorServer> StartAsync() => EmulatorServer.StartAsync(Config());
}
