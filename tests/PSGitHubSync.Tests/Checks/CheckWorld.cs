using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PSGitHubSync.Emulator;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Checks;
using PSGitHubSync.Engine.Definitions;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Http;
using PSGitHubSync.Engine.Security;

namespace PSGitHubSync.Tests.Checks;

/// <summary>
/// A loopback GitHub + Postman world for the integration checks: repositories in every state a check
/// tells apart (normal with a protected branch, read-only, empty, archived), tokens of every kind, and two
/// Postman workspaces (the collection 'Legacy API' lives only in the second).
/// </summary>
internal sealed class CheckWorld : IAsyncDisposable
{
    public const string Classic = "ghp_Ch3ckW0r1dC1assicT0k3nF0rEmu1at0r01";
    public const string ClassicRepoOnly = "ghp_Ch3ckW0r1dR3p00n1yT0k3nF0rEmu1at0r2";
    public const string FineGrained = "github_pat_11CHECKWORLD0FineGrainedWrite_" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP";
    public const string FineGrainedRead = "github_pat_11CHECKWORLD0FineGrainedRead0_" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP";
    public const string FineGrainedSoon = "github_pat_11CHECKWORLD0FineGrainedSoon0_" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP";
    public const string App = "ghs_Ch3ckW0r1dApp1nsta11ati0nT0k3nEmu0003";
    public const string Invalid = "ghp_Ch3ckW0r1dInva1idT0k3nN0tKn0wnEmu004";
    public const string ApiKey = "PMAK-0123456789abcdef0123cafe-0123456789abcdef0123456789abcdef01";

    public static readonly string[] Repositories = { "api-backups", "readonly", "empty", "archived", "schemas" };

    private readonly List<IDisposable> _disposables = new();

    private CheckWorld(EmulatorServer server, string folder)
    {
        Server = server;
        Folder = folder;
    }

    public EmulatorServer Server { get; }

    public string Folder { get; }

    /// <summary>The server as users write it (a loopback host: the emulator's Enterprise API at /api/v3/).</summary>
    public string GitHubServer => Server.GitHubUrl.AbsoluteUri.TrimEnd('/');

    public static async Task<CheckWorld> StartAsync()
    {
        var demo = Path.Combine(Emulator.ReferenceFiles.RepositoryRoot, "tests", "demo", "collections");
        var collections = Directory.GetFiles(demo, "*.json").OrderBy(f => f, StringComparer.Ordinal).Select(f => new Dictionary<string, object?> { ["file"] = f }).ToList<object?>();
        var in60Days = DateTimeOffset.UtcNow.AddDays(60).ToString("o");
        var in5Days = DateTimeOffset.UtcNow.AddDays(5).ToString("o");
        var admin = new Dictionary<string, string> { ["octocat"] = "admin" };
        var config = new Dictionary<string, object?>
        {
            ["users"] = new object[] { new { login = "octocat", id = 583231 }, new { login = "contoso", type = "Organization" } },
            ["repositories"] = new object[]
            {
                new { owner = "contoso", name = "api-backups", @private = true, defaultBranch = "main", collaborators = admin, branches = new[] { "develop", "release" }, protectedBranches = new[] { "release" } },
                new { owner = "contoso", name = "readonly", @private = true, defaultBranch = "main", collaborators = new Dictionary<string, string> { ["octocat"] = "read" } },
                new { owner = "contoso", name = "empty", @private = true, empty = true, defaultBranch = "main", collaborators = admin },
                new { owner = "contoso", name = "archived", @private = true, archived = true, defaultBranch = "main", collaborators = admin },
                new { owner = "contoso", name = "schemas", @private = true, defaultBranch = "main", collaborators = admin },
            },
            ["tokens"] = new object[]
            {
                new { value = Classic, type = "classic", login = "octocat", scopes = new[] { "repo", "user", "workflow" }, expiresAt = in60Days },
                new { value = ClassicRepoOnly, type = "classic", login = "octocat", scopes = new[] { "repo" } },
                new { value = FineGrained, type = "fine-grained", login = "octocat", expiresAt = in60Days, repositoryPermissions = new Dictionary<string, string> { ["contoso/*"] = "write" } },
                new { value = FineGrainedRead, type = "fine-grained", login = "octocat", expiresAt = in60Days, repositoryPermissions = new Dictionary<string, string> { ["contoso/api-backups"] = "read" } },
                new { value = FineGrainedSoon, type = "fine-grained", login = "octocat", expiresAt = in5Days, repositoryPermissions = new Dictionary<string, string> { ["contoso/*"] = "write" } },
                new { value = App, type = "app", repositoryPermissions = new Dictionary<string, string> { ["contoso/api-backups"] = "write" } },
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
                        ["environments"] = new object[] { new { name = "Production", values = new object[] { new { key = "baseUrl", value = "https://api.example.com", enabled = true, type = "default" } } } },
                        ["apis"] = new object[]
                        {
                            new { name = "Payments API", schemaType = "openapi:3", files = new object[] { new { path = "openapi.yaml", content = "openapi: 3.0.3\ninfo:\n  title: Payments\n  version: 1.0.0\npaths: {}\n" } } },
                        },
                    },
                    new Dictionary<string, object?>
                    {
                        ["name"] = "Sandbox",
                        ["collections"] = new object[] { new { info = new { name = "Legacy API", schema = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" }, item = Array.Empty<object>() } },
                    },
                },
            },
        };
        var server = await EmulatorServer.StartAsync(EmulatorConfig.FromJson(JsonSerializer.Serialize(config)));
        var folder = Path.Combine(Path.GetTempPath(), "psgithubsync-checks-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new CheckWorld(server, folder);
    }

    /// <summary>Integrations from definitions text; the servers are this world's unless the text says otherwise.</summary>
    public IReadOnlyList<Integration> Integrations(string integrationsYaml, string? githubServer = null)
    {
        var text = "version: 1\ndefaults:\n  github:\n    server: " + (githubServer ?? GitHubServer)
            + "\n  postman:\n    server: " + Server.PostmanUrl.AbsoluteUri + "\nintegrations:\n" + integrationsYaml;
        var path = Path.Combine(Folder, "psgithubsync.yml");
        File.WriteAllText(path, text);
        return DefinitionLoader.Load(path, BackupFileNaming.Instance);
    }

    public Integration Backup(string repository = "contoso/api-backups", string? branch = null, string source = "{ workspace: Payments, collection: Payments API }")
    {
        var yaml = $"  - name: check\n    type: collection-backup\n    source: {source}\n    repository: {repository}\n" + (branch is null ? string.Empty : $"    branch: {branch}\n");
        return Integrations(yaml).Single();
    }

    /// <summary>A session with <paramref name="token"/> given (as -Token would), or none (the integration's reference is read).</summary>
    public BackupSession Session(string? token = Classic, string? apiKey = ApiKey, Func<string, string?>? environment = null)
    {
        var proxy = new ProxySettings { Environment = environment ?? (_ => null) };
        var session = new BackupSession()
        {
            GitHubToken = token is null ? null : SecretValue.FromChars(token.AsSpan()),
            PostmanApiKey = apiKey is null ? null : SecretValue.FromChars(apiKey.AsSpan()),
            GitHubOptions = new GitHubConnectionOptions { MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(10), RequestTimeout = TimeSpan.FromSeconds(20), MaxRateLimitWait = TimeSpan.FromSeconds(2), Proxy = proxy },
            PostmanOptions = new HttpApiOptions { MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(10), RequestTimeout = TimeSpan.FromSeconds(20), MaxRateLimitWait = TimeSpan.FromSeconds(2), Proxy = proxy },
        };
        _disposables.Add(session);
        return session;
    }

    /// <summary>Runs every check of <paramref name="integration"/> and returns them by check name.</summary>
    public async Task<Checked> CheckAsync(Integration integration, BackupSession? session = null)
    {
        using var checker = new IntegrationChecker(session ?? Session());
        var outcomes = await checker.CheckAsync(integration, CancellationToken.None);
        return new Checked(outcomes);
    }

    /// <summary>Every ref of every repository (the state a check must leave exactly as it was).</summary>
    public IReadOnlyDictionary<string, string> AllRefs()
    {
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Repositories)
        {
            foreach (var (reference, sha) in Server.GetRepository("contoso", name).Refs) all[$"contoso/{name}:{reference}"] = sha;
        }
        return all;
    }

    /// <summary>Hashes of every file of a bare export of every repository (objects included).</summary>
    public IReadOnlyDictionary<string, string> ExportedBytes()
    {
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Repositories)
        {
            var directory = Path.Combine(Folder, "export-" + Guid.NewGuid().ToString("N"), name + ".git");
            Server.ExportBareRepository("contoso", name, directory);
            foreach (var file in Directory.GetFiles(directory, "*", SearchOption.AllDirectories))
            {
                all[name + "/" + Path.GetRelativePath(directory, file).Replace('\\', '/')] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
            }
        }
        return all;
    }

    /// <summary>A loopback port where nothing listens.</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A loopback web server that answers every request with an nginx page (not GitHub).</summary>
    public (int Port, IDisposable Stop) NotGitHub()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var stop = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stop.Token);
                }
                catch (Exception)
                {
                    return;
                }
                using (client)
                {
                    var stream = client.GetStream();
                    var buffer = new byte[8192];
                    var read = 0;
                    while (read < buffer.Length)
                    {
                        var n = await stream.ReadAsync(buffer.AsMemory(read));
                        if (n == 0) break;
                        read += n;
                        if (Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal)) break;
                    }
                    var body = Encoding.UTF8.GetBytes("<html><body>Welcome to nginx!</body></html>");
                    var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(head);
                    await stream.WriteAsync(body);
                }
            }
        });
        var stopper = new Stopper(() =>
        {
            stop.Cancel();
            listener.Stop();
        });
        _disposables.Add(stopper);
        return (((IPEndPoint)listener.LocalEndpoint).Port, stopper);
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in _disposables) disposable.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class Stopper : IDisposable
    {
        private readonly Action _stop;
        private int _stopped;

        public Stopper(Action stop) => _stop = stop;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 0) _stop();
        }
    }
}

/// <summary>The checks of one integration, by name.</summary>
internal sealed class Checked
{
    public Checked(IReadOnlyList<IntegrationCheckOutcome> outcomes) => Outcomes = outcomes;

    public IReadOnlyList<IntegrationCheckOutcome> Outcomes { get; }

    public IntegrationCheck this[string check] => Outcomes.Single(o => o.Check.Check == check).Check;

    public IntegrationCheckOutcome Outcome(string check) => Outcomes.Single(o => o.Check.Check == check);

    public CheckStatus Status(string check) => this[check].Status;

    public IEnumerable<string> AllText => Outcomes.SelectMany(o => new[] { o.Check.Detail, o.Check.Fix ?? string.Empty, o.Error?.Message ?? string.Empty });

    public override string ToString() => string.Join(Environment.NewLine, Outcomes.Select(o => o.Check.ToString() + (o.Check.Fix is null ? string.Empty : " | Fix: " + o.Check.Fix)));
}
