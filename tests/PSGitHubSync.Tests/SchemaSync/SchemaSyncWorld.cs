using System.Net.Http.Headers;
using System.Text.Json;
using System.Text;
using PSGitHubSync.Emulator;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Definitions;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Http;
using PSGitHubSync.Engine.SchemaSync;
using PSGitHubSync.Engine.Schemas;
using PSGitHubSync.Engine.Security;
using PSGitHubSync.Engine;
using PSGitHubSync.Tests.Schemas;
using Xunit;

namespace PSGitHubSync.Tests.SchemaSync;

/// <summary>
/// A loopback GitHub + Postman world for schema sync: the emulator in process, contoso/payments (main and
/// develop) and an empty repository, a token that may push, a Postman workspace with a single-file API
/// ("Payments API", openapi.yaml) and a multi-file API ("Orders API"), a scratch folder for the local side,
/// and a way for "someone else" to commit to the repository.
/// </summary>
internal sealed class SchemaSyncWorld : IAsyncDisposable
{
    public const string Token = "ghp_Sch3maSyncW0r1dT0k3nF0rTh3Emu1at0r01";
    public const string ApiKey = "PMAK-0123456789abcdef01234567-fedcba9876543210fedcba9876543210ab";
    public const string PaymentsApiId = "11111111-2222-3333-4444-555555555555";
    public const string OrdersApiId = "66666666-7777-8888-9999-000000000000";

    private readonly List<BackupSession> _sessions = new();

    private SchemaSyncWorld(EmulatorServer server, string folder)
    {
        Server = server;
        Folder = folder;
    }

    public EmulatorServer Server { get; }

    /// <summary>The scratch folder (the definitions file and the local side live here).</summary>
    public string Folder { get; private set; }

    public GitRepositoryView Repository => Server.GetRepository("contoso", "payments");

    /// <summary>The ORIGINAL of <see cref="SchemaTestSupport.OpenApi30Yaml"/> with another info.version: a valid, distinct schema.</summary>
    public static string OpenApi(string version) => SchemaTestSupport.OpenApi30Yaml.Replace("version: '1.0'", $"version: '{version}'", StringComparison.Ordinal) + "\n";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public const string OrdersRoot = """
        openapi: 3.0.3
        info:
          title: Orders
          version: '1'
        paths:
          /orders:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        $ref: 'schemas/order.yaml#/Order'

        """;

    public const string OrdersOrder = "Order:\n  type: object\n  properties:\n    status:\n      $ref: './status.yaml#/Status'\n";

    public const string OrdersStatus = "Status:\n  type: string\n  enum: [open, shipped]\n";

    public static async Task<SchemaSyncWorld> StartAsync(Action<Dictionary<string, object?>>? configure = null)
    {
        var config = new Dictionary<string, object?>
        {
            ["users"] = new[] { new { login = "octocat", id = 583231 } },
            ["repositories"] = new object[]
            {
                new { owner = "contoso", name = "payments", @private = true, defaultBranch = "main", collaborators = new Dictionary<string, string> { ["octocat"] = "admin" }, branches = new[] { "develop" } },
                new { owner = "contoso", name = "fresh", @private = true, empty = true, defaultBranch = "main", collaborators = new Dictionary<string, string> { ["octocat"] = "admin" } },
            },
            ["tokens"] = new object[]
            {
                new { value = Token, type = "classic", login = "octocat", scopes = new[] { "repo", "user" } },
            },
            ["postman"] = new Dictionary<string, object?>
            {
                ["apiKeys"] = new[] { new { value = ApiKey, user = "octocat", userId = 583231, workspaces = new[] { "*" } } },
                ["workspaces"] = new object[]
                {
                    new Dictionary<string, object?>
                    {
                        ["name"] = "Payments",
                        ["apis"] = new object[]
                        {
                            new { id = PaymentsApiId, name = "Payments API", schemaType = "openapi:3", files = new[] { new { path = "openapi.yaml", content = OpenApi("1.0") } } },
                            new
                            {
                                id = OrdersApiId, name = "Orders API", schemaType = "openapi:3",
                                files = new[]
                                {
                                    new { path = "openapi.yaml", content = OrdersRoot },
                                    new { path = "schemas/order.yaml", content = OrdersOrder },
                                    new { path = "schemas/status.yaml", content = OrdersStatus },
                                },
                            },
                        },
                    },
                },
            },
        };
        configure?.Invoke(config);
        var server = await EmulatorServer.StartAsync(EmulatorConfig.FromJson(JsonSerializer.Serialize(config)));
        var folder = NewFolder();
        return new SchemaSyncWorld(server, folder);
    }

    /// <summary>A new empty scratch folder (what an ephemeral CI runner starts from).</summary>
    public static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "psgithubsync-schema-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Deletes the scratch folder and starts a new, empty one (the runner's disk is gone).</summary>
    public void ReplaceFolder()
    {
        Directory.Delete(Folder, recursive: true);
        Folder = NewFolder();
    }

    /// <summary>One integration from definitions text (an entry of 'integrations:'); the servers are this world's.</summary>
    public Integration Integration(string integrationYaml)
    {
        var text = "version: 1\ndefaults:\n  github:\n    server: " + Server.GitHubUrl.AbsoluteUri.TrimEnd('/')
            + "\n  postman:\n    server: " + Server.PostmanUrl.AbsoluteUri + "\nintegrations:\n" + integrationYaml;
        var path = Path.Combine(Folder, "psgithubsync.yml");
        File.WriteAllText(path, text);
        return Assert.Single(DefinitionLoader.Load(path, BackupFileNaming.Instance));
    }

    /// <summary>A single-file integration: ./openapi.yaml on disk, api/openapi.yaml on main.</summary>
    public Integration FileIntegration(string name = "payments-schema", string? format = null, string local = "./openapi.yaml", string path = "api/openapi.yaml") => Integration(
        "  - name: " + name + "\n"
        + "    type: schema-sync\n"
        + "    source: { file: " + local + " }\n"
        + "    repository: contoso/payments\n"
        + "    path: " + path + "\n"
        + "    branch: main\n"
        + (format is null ? string.Empty : "    format: " + format + "\n"));

    public BackupSession Session(Func<string, string, Task<bool>>? shouldProcess = null, List<string>? verbose = null)
    {
        var session = new BackupSession(new ListLog(verbose))
        {
            GitHubToken = SecretValue.FromChars(Token.AsSpan()),
            PostmanApiKey = SecretValue.FromChars(ApiKey.AsSpan()),
            GitHubOptions = new GitHubConnectionOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(10), MaxRateLimitWait = TimeSpan.FromSeconds(5) },
            PostmanOptions = new HttpApiOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(10), MaxRateLimitWait = TimeSpan.FromSeconds(5) },
        };
        if (shouldProcess is not null) session.ShouldProcess = shouldProcess;
        _sessions.Add(session);
        return session;
    }

    public async Task<IntegrationOutcome<SchemaSyncResult>> RunAsync(Integration integration, SchemaSyncOptions? options = null, BackupSession? session = null) =>
        Assert.Single(await new SchemaSyncRunner(session ?? Session()).RunAsync(new[] { integration }, options ?? new SchemaSyncOptions(), CancellationToken.None));

    /// <summary>Runs and asserts success and the direction.</summary>
    public async Task<SchemaSyncResult> SyncAsync(Integration integration, SchemaSyncDirection expected, SchemaSyncOptions? options = null, BackupSession? session = null)
    {
        var outcome = await RunAsync(integration, options, session);
        Assert.True(outcome.Error is null, "Unexpected error: " + outcome.Error);
        Assert.Equal(expected, outcome.Result.Direction);
        return outcome.Result;
    }

    public string LocalPath(string relative) => Path.Combine(Folder, relative.Replace('/', Path.DirectorySeparatorChar));

    public void WriteLocal(string relative, string text) => WriteLocal(relative, Utf8(text));

    public void WriteLocal(string relative, byte[] bytes)
    {
        var path = LocalPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    public byte[] ReadLocal(string relative) => File.ReadAllBytes(LocalPath(relative));

    /// <summary>Every file below a local folder: relative path (forward slashes) to bytes.</summary>
    public SortedDictionary<string, byte[]> ReadLocalFolder(string relative)
    {
        var root = LocalPath(relative);
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            result[Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/')] = File.ReadAllBytes(file);
        }
        return result;
    }

    /// <summary>The commit the integration's state ref points at, or null.</summary>
    public string? State(string integrationName, string repository = "payments") =>
        Server.GetRepository("contoso", repository).Refs.TryGetValue(SchemaSyncRunner.StateRef(integrationName), out var sha) ? sha : null;

    /// <summary>Someone else commits to contoso/payments (null content: delete). Returns the new head.</summary>
    public async Task<string> CommitRemoteAsync(string branch, params (string Path, byte[]? Content)[] files)
    {
        using var connection = new GitHubConnection(GitHubEndpoint.Parse(Server.GitHubUrl.AbsoluteUri), SecretValue.FromChars(Token.AsSpan()));
        var client = new GitHubRepositoryClient(connection, RepositoryName.Parse("contoso/payments"));
        var changes = files.Select(f => f.Content is null ? FileChange.Delete(f.Path) : FileChange.Write(f.Path, f.Content)).ToList();
        var outcome = await new RepositoryCommitter(client).CommitAsync(
            new CommitRequest(branch, changes, "Someone else edits the schema\n", new CommitterIdentity { Name = "Someone Else", Email = "someone@example.com" }), null, CancellationToken.None);
        Assert.True(outcome.Committed);
        return outcome.CommitSha!;
    }

    public Task<string> CommitRemoteAsync(string path, string text) => CommitRemoteAsync("main", (path, Utf8(text)));

    /// <summary>GET on the emulated GitHub API with the token; the parsed JSON (or null for 404).</summary>
    public async Task<JsonElement?> GetJsonAsync(string path)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.GitHubUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("token", Token);
        request.Headers.UserAgent.ParseAdd("psgithubsync-tests");
        using var response = await http.SendAsync(request);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions) session.Dispose();
        await Server.DisposeAsync();
        try
        {
            if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class ListLog : PSGitHubSync.Engine.Diagnostics.IEngineLog
    {
        private readonly List<string>? _verbose;

        public ListLog(List<string>? verbose) => _verbose = verbose;

        public void Verbose(string message)
        {
            if (_verbose is null) return;
            lock (_verbose) _verbose.Add(message);
        }

        public void Warning(string message) => Verbose("WARNING: " + message);

        public void Debug(string message)
        {
        }
    }
}
