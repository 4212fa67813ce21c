using PSGitHubSync.Emulator;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>
/// <see cref="TestWorld"/> plus repositories with git content for the git data tests:
/// contoso/api-backups gets files and a "develop" branch; contoso/empty has no commits; contoso/guarded protects
/// "main"; contoso/docs (archived) is there already. The content-creation limit is off unless a test sets it.
/// </summary>
internal static class GitWorld
{
    public const string Owner = "contoso";
    public const string Repo = "api-backups";
    public const string RepoPath = "/repos/contoso/api-backups";

    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["Postman Collections/payments.postman_collection.json"] = "{\"info\":{\"name\":\"Payments\"}}\n",
        ["docs/guide.md"] = "# Guide\n\nRead me.\n",
    };

    public static EmulatorConfig Config(Action<EmulatorConfig>? configure = null)
    {
        var config = TestWorld.Config();
        var backups = config.Repositories.Single(r => r.Name == Repo);
        foreach (var (path, content) in Files)
        {
            backups.Files[path] = content;
        }

        backups.Branches.Add("develop");

        // Archived (contoso/docs, default branch "trunk"): octocat may write, but archived repositories refuse writes.
        config.Repositories.Single(r => r.Name == "docs").Collaborators["octocat"] = "write";
        config.Repositories.Add(new EmulatorRepository
        {
            Owner = Owner,
            Name = "empty",
            Private = true,
            Empty = true,
            Collaborators = { ["octocat"] = "write" },
        });
        config.Repositories.Add(new EmulatorRepository
        {
            Owner = Owner,
            Name = "guarded",
            Private = true,
            Branches = { "develop" },
            ProtectedBranches = { "main" },
            Collaborators = { ["octocat"] = "admin" },
        });
        config.GitHubLimits.ContentCreationPerMinute = 0;
        configure?.Invoke(config);
        return config;
    }

    public static Task<EmulatorServer> StartAsync(Action<EmulatorConfig>? configure = null) => EmulatorServer.StartAsync(Config(configure));
}
