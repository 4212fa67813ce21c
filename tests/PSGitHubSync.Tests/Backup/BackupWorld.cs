using System.Text.Json;
using PSGitHubSync.Emulator;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Definitions;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Http;
using PSGitHubSync.Engine.Security;
using PSGitHubSync.Engine;

namespace PSGitHubSync.Tests.Backup;

/// <summary>
/// A loopback GitHub + Postman world for backup tests: the emulator in process, a token that may
/// push to contoso/api-backups (and one that may only read), and a Postman workspace seeded with
/// the demo collections (tests/demo/collections) plus any extra collections a test adds.
/// </summary>
internal sealed class BackupWorld : IAsyncDisposable
{
    public const string Token = "ghp_B4ckupW0r1dT0k3nF0rTh3Emu1at0r0000001";
    public const string ReadOnlyToken = "github_pat_11BACKUPWORLD0ReadOnly_" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP";
    public const string ApiKey = "PMAK-0123456789abcdef01234567-0123456789abcdef0123456789abcdef01";

    private readonly List<BackupSession> _sessions = new();

    private BackupWorld(EmulatorServer server, string folder)
    {
        Server = server;
        Folder = folder;
    }

    public EmulatorServer Server { get; }

    public string Folder { get; }

    public GitRepositoryView Repository => Server.GetRepository("contoso", "api-backups");

    public static async Task<BackupWorld> StartAsync(Action<Dictionary<string, object?>>? configure = null)
    {
        var demo = Path.Combine(Emulator.ReferenceFiles.RepositoryRoot, "tests", "demo", "collections");
        var collections = Directory.GetFiles(demo, "*.json").OrderBy(f => f, StringComparer.Ordinal).Select(f => new Dictionary<string, object?> { ["file"] = f }).ToList<object?>();
        var config = new Dictionary<string, object?>
        {
            ["users"] = new[] { new { login = "octocat", id = 583231 } },
            ["repositories"] = new object[]
            {
                new { owner = "contoso", name = "api-backups", @private = true, defaultBranch = "main", collaborators = new Dictionary<string, string> { ["octocat"] = "admin" }, branches = new[] { "develop", "release" }, protectedBranches = new[] { "release" } },
                new { owner = "contoso", name = "empty", @private = true, empty = true, defaultBranch = "main", collaborators = new Dictionary<string, string> { ["octocat"] = "admin" } },
                new { owner = "contoso", name = "archived", @private = true, archived = true, defaultBranch = "main", collaborators = new Dictionary<string, string> { ["octocat"] = "admin" } },
            },
            ["tokens"] = new object[]
            {
                new { value = Token, type = "classic", login = "octocat", scopes = new[] { "repo", "user" } },
                new { value = ReadOnlyToken, type = "fine-grained", login = "octocat", repositoryPermissions = new Dictionary<string, string> { ["contoso/api-backups"] = "read" } },
            },
            ["postman"] = new Dictionary<string, object?>
            {
                ["apiKeys"] = new[] { new { value = ApiKey, user = "octocat", userId = 583231, workspaces = new[] { "*" } } },
                ["workspaces"] = new object[]
                {
                    new Dictionary<string, object?>
                    {
                        ["name"] = "Payments",
                        ["collections"] = collections,
                        ["environments"] = new object[]
                        {
                            new { name = "Production", values = new object[] { new { key = "baseUrl", value = "https://api.example.com", enabled = true, type = "default" }, new { key = "accessToken", value = "prod-secret-value-never-written", enabled = true, type = "secret" } } },
                        },
                    },
                },
            },
        };
        configure?.Invoke(config);
        var server = await EmulatorServer.StartAsync(EmulatorConfig.FromJson(JsonSerializer.Serialize(config)));
        var folder = Path.Combine(Path.GetTempPath(), "psgithubsync-backup-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new BackupWorld(server, folder);
    }

    /// <summary>A repository client of this world's GitHub with the full token (the connection goes with it).</summary>
    public RepositoryAccess OpenRepository(string repository = "contoso/api-backups") => new(Server, repository);

    /// <summary>A repository client and the token and connection it holds, disposed together.</summary>
    public sealed class RepositoryAccess : IDisposable
    {
        private readonly SecretValue _token = SecretValue.FromChars(Token.AsSpan());
        private readonly GitHubConnection _connection;

        public RepositoryAccess(PSGitHubSync.Emulator.EmulatorServer server, string repository)
        {
            _connection = new GitHubConnection(GitHubEndpoint.Parse(server.GitHubUrl.AbsoluteUri.TrimEnd('/')), _token);
            Client = new GitHubRepositoryClient(_connection, RepositoryName.Parse(repository));
        }

        public GitHubRepositoryClient Client { get; }

        public void Dispose()
        {
            _connection.Dispose();
            _token.Dispose();
        }
    }

    /// <summary>Integrations from definitions text; the servers are this world's.</summary>
    public IReadOnlyList<Integration> Integrations(string integrationsYaml)
    {
        var text = "version: 1\ndefaults:\n  github:\n    server: " + Server.GitHubUrl.AbsoluteUri.TrimEnd('/')
            + "\n  postman:\n    server: " + Server.PostmanUrl.AbsoluteUri + "\nintegrations:\n" + integrationsYaml;
        var path = Path.Combine(Folder, "psgithubsync.yml");
        File.WriteAllText(path, text);
        return DefinitionLoader.Load(path, BackupFileNaming.Instance);
    }

    public BackupSession Session(string token = Token, Func<string, string, Task<bool>>? shouldProcess = null, List<string>? warnings = null)
    {
        var session = new BackupSession(new ListLog(warnings))
        {
            GitHubToken = SecretValue.FromChars(token.AsSpan()),
            PostmanApiKey = SecretValue.FromChars(ApiKey.AsSpan()),
            GitHubOptions = new GitHubConnectionOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(10), MaxRateLimitWait = TimeSpan.FromSeconds(5) },
            PostmanOptions = new HttpApiOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(10), MaxRateLimitWait = TimeSpan.FromSeconds(5) },
        };
        if (shouldProcess is not null) session.ShouldProcess = shouldProcess;
        _sessions.Add(session);
        return session;
    }

    public async Task<IReadOnlyList<IntegrationOutcome<BackupResult>>> RunAsync(IReadOnlyList<Integration> integrations, BackupSession? session = null, BackupOptions? options = null) =>
        await new BackupRunner(session ?? Session()).RunAsync(integrations, options ?? new BackupOptions(), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions) session.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class ListLog : PSGitHubSync.Engine.Diagnostics.IEngineLog
    {
        private readonly List<string>? _warnings;

        public ListLog(List<string>? warnings) => _warnings = warnings;

        public void Verbose(string message)
        {
        }

        public void Warning(string message)
        {
            if (_warnings is null) return;
            lock (_warnings) _warnings.Add(message);
        }

        public void Debug(string message)
        {
        }
    }
}
