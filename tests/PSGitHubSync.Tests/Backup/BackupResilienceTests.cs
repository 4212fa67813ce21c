using PSGitHubSync.Emulator;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Diagnostics;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Http;
using PSGitHubSync.Engine.Postman;
using PSGitHubSync.Engine.Security;
using Xunit;

namespace PSGitHubSync.Tests.Backup;

/// <summary>
/// Issue 5's fetch and pacing behaviours against the emulator: selecting a collection by id or uid, transient
/// failures (resets, timeouts, 502s that outlast the retries), short primary rate limits, Postman's 429, and the
/// pacing of content-creating requests.
/// </summary>
public sealed class BackupResilienceTests
{
    private const string Workspace = @"
  - name: payments
    type: collection-backup
    source: { workspace: Payments, collection: '*' }
    repository: contoso/api-backups
";

    [Theory]
    [InlineData("id")]
    [InlineData("uid")]
    public async Task A_collection_can_be_named_by_its_Postman_id_or_uid(string by)
    {
        await using var world = await BackupWorld.StartAsync();
        var orders = world.Server.Postman.Collections("Payments").Single(c => c.Name == "Orders API");
        var selector = by == "id" ? orders.Id : orders.Uid;

        var outcome = Assert.Single(await world.RunAsync(world.Integrations($@"
  - name: orders
    type: collection-backup
    source: {{ workspace: Payments, collection: '{selector}' }}
    repository: contoso/api-backups
")));

        Assert.Null(outcome.Error);
        Assert.Equal("Postman Collections/Orders API.postman_collection.json", Assert.Single(outcome.Result.Files).Path);
        Assert.NotNull(world.Repository.ReadFile("main", "Postman Collections/Orders API.postman_collection.json"));
    }

    [Fact]
    public async Task A_workspace_of_more_collections_than_one_page_is_listed_page_by_page_and_backed_up_whole()
    {
        await using var world = await BackupWorld.StartAsync(c =>
        {
            var postman = (Dictionary<string, object?>)c["postman"]!;
            postman["workspaces"] = ((object[])postman["workspaces"]!).Append(new Dictionary<string, object?>
            {
                ["name"] = "Big",
                ["generate"] = new { count = 250, minBytes = 2_000, maxBytes = 3_000 },
            }).ToArray();
        });

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(@"
  - name: big
    type: collection-backup
    source: { workspace: Big, collection: '*' }
    repository: contoso/api-backups
    directory: big
")));

        Assert.Null(outcome.Error);
        Assert.Equal(250, outcome.Result.Files.Count);
        Assert.Equal(3, world.Server.Postman.RequestCount("GET /collections"));            // pages of 100
        Assert.Equal(250, world.Repository.ReadTree("main").Keys.Count(k => k.StartsWith("big/", StringComparison.Ordinal)));
        Assert.Equal(1, world.Server.Statistics.CommitsCreated);
    }

    [Fact]
    public async Task Connection_resets_and_timeouts_are_retried_and_the_backup_still_commits_once()
    {
        await using var world = await BackupWorld.StartAsync();
        world.Server.InjectFault(new FaultRule { Method = "GET", PathPattern = "/repos/*/branches/*", Count = 1, Kind = FaultKind.Timeout });
        world.Server.InjectFault(new FaultRule { Method = "POST", PathPattern = "/repos/*/git/commits", Count = 1, Kind = FaultKind.ConnectionReset });
        var session = world.Session();
        session.GitHubOptions = new GitHubConnectionOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(10), RequestTimeout = TimeSpan.FromSeconds(1) };

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Workspace), session));

        Assert.Null(outcome.Error);
        Assert.Equal(BackupStatus.Created, outcome.Result.Status);
        Assert.Equal(1, world.Server.Statistics.CommitsCreated);
        Assert.Equal(2, world.Server.Statistics.Requests("GET /repos/{owner}/{repo}/branches/{branch}"));
        Assert.Equal(2, world.Server.Statistics.Requests("POST /repos/{owner}/{repo}/git/commits"));
    }

    [Fact]
    public async Task A_502_storm_that_outlasts_the_retries_is_a_clean_error_and_nothing_is_half_written()
    {
        await using var world = await BackupWorld.StartAsync();
        var head = world.Repository.BranchSha("main");
        world.Server.InjectFault(new FaultRule { Method = "PATCH", PathPattern = "/repos/*/git/refs/*", Count = 100, Status = 502 });

        var failed = Assert.Single(await world.RunAsync(world.Integrations(Workspace)));

        Assert.NotNull(failed.Error);
        Assert.Equal(BackupStatus.Failed, failed.Result.Status);
        Assert.Equal(head, world.Repository.BranchSha("main"));                            // the branch never moved
        Assert.Null(world.Repository.ReadFile("main", BackupManifest.RepositoryPath));     // nor did the state
        Assert.Equal(5, world.Server.Statistics.Requests("PATCH /repos/{owner}/{repo}/git/refs/{ref}"));   // 1 + 4 retries, then it stops

        world.Server.ClearFaults();
        var retried = Assert.Single(await world.RunAsync(world.Integrations(Workspace)));

        Assert.Equal(BackupStatus.Created, retried.Result.Status);
        Assert.Equal(head, world.Repository.Log("main")[1].Sha);                           // one commit on the old head
    }

    [Fact]
    public async Task A_primary_rate_limit_that_resets_soon_is_waited_for_and_the_backup_succeeds()
    {
        await using var world = await BackupWorld.StartAsync();
        world.Server.InjectPrimaryRateLimit(TimeSpan.FromSeconds(1), count: 1);

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Workspace)));

        Assert.Null(outcome.Error);
        Assert.Equal(BackupStatus.Created, outcome.Result.Status);
        Assert.Equal(1, world.Server.Statistics.CommitsCreated);
    }

    [Fact]
    public async Task Postmans_429_is_waited_out_as_Postman_asks_then_retried()
    {
        await using var world = await BackupWorld.StartAsync(c => ((Dictionary<string, object?>)c["postman"]!)["rateLimitPerMinute"] = 2);
        var verbose = new List<string>();
        using var key = SecretValue.FromChars(BackupWorld.ApiKey.AsSpan());
        using var connection = new PostmanConnection(world.Server.PostmanUrl, key, new HttpApiOptions { MaxRateLimitWait = TimeSpan.FromMinutes(2) },
            new CallbackEngineLog(verbose.Add, _ => { }, _ => { }));
        var waits = new List<TimeSpan>();
        connection.Delay = (wait, _) =>
        {
            waits.Add(wait);
            world.Server.Postman.ResetRateLimits();   // the minute has passed
            return Task.CompletedTask;
        };
        var client = new PostmanClient(connection);

        for (var i = 0; i < 3; i++) await client.ListWorkspacesAsync(CancellationToken.None);

        var wait = Assert.Single(waits);
        Assert.InRange(wait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(61));
        Assert.Equal(4, connection.RequestCount);                                          // the refused one was sent again
        Assert.Contains(verbose, v => v.Contains("Postman's rate limit was reached; waiting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Content_creating_requests_are_paced_under_GitHubs_secondary_limit()
    {
        await using var world = await BackupWorld.StartAsync();
        var verbose = new List<string>();
        using var token = SecretValue.FromChars(BackupWorld.Token.AsSpan());
        using var connection = new GitHubConnection(GitHubEndpoint.Parse(world.Server.GitHubUrl.AbsoluteUri.TrimEnd('/')), token,
            new GitHubConnectionOptions { ContentCreationPerMinute = 60, ContentCreationBurst = 2 }, new CallbackEngineLog(verbose.Add, _ => { }, _ => { }));
        // A clock that only the pacing's own waits move: the requests take no time, however loaded the machine is.
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        connection.Clock = () => now;
        var waits = new List<TimeSpan>();
        connection.Delay = (wait, _) =>
        {
            waits.Add(wait);
            now += wait;
            return Task.CompletedTask;
        };
        var client = new GitHubRepositoryClient(connection, RepositoryName.Parse("contoso/api-backups"));

        for (var i = 0; i < 4; i++) await client.CreateBlobAsync(new[] { (byte)('a' + i) }, CancellationToken.None);
        await client.GetBranchAsync("main", CancellationToken.None);                       // reads are not paced
        now += TimeSpan.FromSeconds(0.5);                                                  // half a second later: half a token back
        await client.CreateBlobAsync(new[] { (byte)'e' }, CancellationToken.None);

        // The burst of 2, then one a second; after half a second's rest, the fifth waits the other half.
        Assert.Equal(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.5) }, waits);
        Assert.Equal(3, verbose.Count(v => v.StartsWith("Pacing content creation under GitHub's secondary limit", StringComparison.Ordinal)));
    }
}
