using System.Net;
using System.Security.Cryptography;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Http;
using PSGitHubSync.Engine.Security;
using PSGitHubSync.Tests.Backup;
using Xunit;

namespace PSGitHubSync.Tests.GitHubApp;

/// <summary>A GitHub App against the emulator: JWT, installation lookup, installation tokens, their renewal and their limits.</summary>
public sealed class GitHubAppEmulatorTests
{
    private const long AppId = 4242;
    private const long InstallationId = 9001;

    private const string Workspace = @"
  - name: payments
    type: collection-backup
    source: { workspace: Payments, collection: '*' }
    repository: contoso/api-backups
    github:
      app: { id: 4242, privateKey: file:app.pem }
";

    private static Task<BackupWorld> StartAsync(RSA key, string contents = "write", string account = "contoso") =>
        BackupWorld.StartAsync(config =>
        {
            config["apps"] = new[] { new { id = AppId, slug = "contoso-backup", publicKey = key.ExportSubjectPublicKeyInfoPem() } };
            config["installations"] = new[] { new { id = InstallationId, appId = AppId, account, permissions = new Dictionary<string, string> { ["contents"] = contents, ["metadata"] = "read" } } };
        });

    private static BackupSession AppSession(List<string>? warnings = null) => new(warnings is null ? null : new WarningLog(warnings))
    {
        PostmanApiKey = SecretValue.FromChars(BackupWorld.ApiKey.AsSpan()),
        GitHubOptions = new GitHubConnectionOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(10), MaxRateLimitWait = TimeSpan.FromSeconds(5) },
        PostmanOptions = new HttpApiOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(10), MaxRateLimitWait = TimeSpan.FromSeconds(5) },
    };

    [Fact]
    public async Task A_backup_as_an_app_finds_the_installation_gets_one_token_and_commits()
    {
        using var key = RSA.Create(2048);
        await using var world = await StartAsync(key);
        File.WriteAllText(Path.Combine(world.Folder, "app.pem"), key.ExportRSAPrivateKeyPem());
        var before = world.Repository.CommitCount;
        using var session = AppSession();

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Workspace), session));

        Assert.Null(outcome.Error);
        Assert.Equal(before + 1, world.Repository.CommitCount);
        Assert.Equal(1, world.Server.CountRequests("GET", "/repos/contoso/api-backups/installation"));
        Assert.Equal(1, world.Server.CountRequests("POST", $"/app/installations/{InstallationId}/access_tokens"));
    }

    [Fact]
    public async Task The_installation_token_is_cached_and_renewed_before_it_expires()
    {
        using var key = RSA.Create(2048);
        await using var world = await StartAsync(key);
        using var pem = SecretValue.FromChars(key.ExportPkcs8PrivateKeyPem().AsSpan(), "test");
        var offset = TimeSpan.Zero;   // both clocks move together
        var endpoint = GitHubEndpoint.Parse(world.Server.GitHubUrl.AbsoluteUri);
        using var app = new GitHubAppCredential(endpoint, AppId.ToString(System.Globalization.CultureInfo.InvariantCulture), pem, installation: InstallationId) { Clock = () => DateTimeOffset.UtcNow + offset };
        using var connection = GitHubConnection.ForApp(endpoint, app);
        const string TokenPath = "/app/installations/9001/access_tokens";

        Assert.Equal(HttpStatusCode.OK, (await connection.GetAsync("repos/contoso/api-backups", CancellationToken.None)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await connection.GetAsync("repos/contoso/api-backups", CancellationToken.None)).StatusCode);
        Assert.Equal(1, world.Server.CountRequests("POST", TokenPath));

        offset += TimeSpan.FromMinutes(56);   // within 5 minutes of the hour: renewed before use
        world.Server.AdvanceClock(TimeSpan.FromMinutes(56));
        Assert.Equal(HttpStatusCode.OK, (await connection.GetAsync("repos/contoso/api-backups", CancellationToken.None)).StatusCode);
        Assert.Equal(2, world.Server.CountRequests("POST", TokenPath));

        offset += TimeSpan.FromMinutes(61);   // an hour later on both sides: the token has expired and is replaced before use
        world.Server.AdvanceClock(TimeSpan.FromMinutes(61));
        Assert.Equal(HttpStatusCode.OK, (await connection.GetAsync("repos/contoso/api-backups", CancellationToken.None)).StatusCode);
        Assert.Equal(3, world.Server.CountRequests("POST", TokenPath));
    }

    [Fact]
    public async Task A_token_the_server_lets_expire_early_is_replaced_on_the_401()
    {
        using var key = RSA.Create(2048);
        await using var world = await StartAsync(key);
        using var pem = SecretValue.FromChars(key.ExportRSAPrivateKeyPem().AsSpan(), "test");
        var endpoint = GitHubEndpoint.Parse(world.Server.GitHubUrl.AbsoluteUri);
        using var app = new GitHubAppCredential(endpoint, AppId.ToString(System.Globalization.CultureInfo.InvariantCulture), pem);
        using var connection = GitHubConnection.ForApp(endpoint, app);

        Assert.Equal(HttpStatusCode.OK, (await connection.GetAsync("repos/contoso/api-backups", CancellationToken.None)).StatusCode);
        // The server's clock is past the token's hour; ours is 8 minutes behind it (the cached token still looks valid
        // to us, and a JWT we sign still falls within the server's window): the 401 makes us fetch a new token once.
        world.Server.AdvanceClock(TimeSpan.FromMinutes(60) + TimeSpan.FromSeconds(10));
        app.Clock = () => DateTimeOffset.UtcNow + TimeSpan.FromMinutes(52);
        var response = await connection.GetAsync("repos/contoso/api-backups", CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, world.Server.CountRequests("POST", "/app/installations/9001/access_tokens"));
        Assert.Equal(1, world.Server.CountRequests("GET", "/repos/contoso/api-backups/installation"));
    }

    [Fact]
    public async Task A_key_of_another_app_is_TokenInvalid_and_names_no_secret()
    {
        using var key = RSA.Create(2048);
        using var other = RSA.Create(2048);
        await using var world = await StartAsync(key);
        var otherPem = other.ExportRSAPrivateKeyPem();
        File.WriteAllText(Path.Combine(world.Folder, "app.pem"), otherPem);
        using var session = AppSession();

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Workspace), session));

        Assert.Equal("TokenInvalid", outcome.Error?.ErrorId);
        Assert.DoesNotContain(otherPem.Split('\n')[1], outcome.Error!.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, world.Server.CountRequests("POST", $"/app/installations/{InstallationId}/access_tokens"));
    }

    [Fact]
    public async Task An_app_not_installed_on_the_owner_says_where_to_install_it()
    {
        using var key = RSA.Create(2048);
        await using var world = await StartAsync(key, account: "fabrikam");
        File.WriteAllText(Path.Combine(world.Folder, "app.pem"), key.ExportRSAPrivateKeyPem());
        using var session = AppSession();

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Workspace), session));

        Assert.Equal("GitHubAppNotInstalled", outcome.Error?.ErrorId);
        Assert.Contains("Install it on contoso", outcome.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_installation_without_contents_write_reads_but_a_push_is_PushDenied_naming_the_permission()
    {
        using var key = RSA.Create(2048);
        await using var world = await StartAsync(key, contents: "read");
        File.WriteAllText(Path.Combine(world.Folder, "app.pem"), key.ExportRSAPrivateKeyPem());
        var warnings = new List<string>();
        using var session = AppSession(warnings);

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Workspace), session));

        Assert.Equal("PushDenied", outcome.Error?.ErrorId);
        Assert.Contains("Contents: Read and write", outcome.Error!.Message, StringComparison.Ordinal);
        Assert.Contains(warnings, w => w.Contains("Contents: Read and write", StringComparison.Ordinal));
    }

    private sealed class WarningLog : PSGitHubSync.Engine.Diagnostics.IEngineLog
    {
        private readonly List<string> _warnings;

        public WarningLog(List<string> warnings) => _warnings = warnings;

        public void Verbose(string message)
        {
        }

        public void Warning(string message)
        {
            lock (_warnings) _warnings.Add(message);
        }

        public void Debug(string message)
        {
        }
    }
}
