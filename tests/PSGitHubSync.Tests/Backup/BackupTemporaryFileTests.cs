using PSGitHubSync.Emulator;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Collections;
using Xunit;

namespace PSGitHubSync.Tests.Backup;

/// <summary>
/// Issue 16: a backup keeps large downloads and prepared files in one temporary folder per run, not in memory, and
/// that folder is gone when the run ends, whether it succeeded, failed or was cancelled. Large files still reach
/// GitHub byte for byte (as streamed blob and create-tree bodies), also when a request is retried.
/// </summary>
public sealed class BackupTemporaryFileTests : IDisposable
{
    private const string Integrations = @"
  - name: big
    type: collection-backup
    source: { workspace: Big, collection: '*' }
    repository: contoso/api-backups
    directory: big
";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "psgithubsync-temp-root-" + Guid.NewGuid().ToString("N"));

    public BackupTemporaryFileTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Two collections over 1 MiB (blobs), three between 64 KiB and 1 MiB (inline, but spilled to files).</summary>
    private static Task<BackupWorld> StartAsync() => BackupWorld.StartAsync(c =>
    {
        var postman = (Dictionary<string, object?>)c["postman"]!;
        postman["workspaces"] = ((object[])postman["workspaces"]!).Append(new Dictionary<string, object?>
        {
            ["name"] = "Big",
            ["generate"] = new { count = 5, minBytes = 100_000, maxBytes = 1_600_000, seed = 3 },
        }).ToArray();
    });

    private string[] Leftovers() => Directory.GetFileSystemEntries(_root, "*", SearchOption.AllDirectories);

    /// <summary>A session whose runs keep their temporary folder under this test's root, and that counts the prepared files at the moment the run asks to commit.</summary>
    private BackupSession Session(BackupWorld world, List<int> filesBeforeCommit, Action? beforeCommit = null)
    {
        var session = world.Session(shouldProcess: (_, _) =>
        {
            filesBeforeCommit.Add(Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Length);
            beforeCommit?.Invoke();
            return Task.FromResult(true);
        });
        session.TemporaryRoot = _root;
        return session;
    }

    private static void AssertCommittedAsPrepared(BackupWorld world)
    {
        var manifest = BackupManifest.Parse(world.Repository.ReadFile("main", BackupManifest.RepositoryPath));
        var big = manifest.Files.Where(f => f.Key.StartsWith("big/", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, big.Count);
        foreach (var (path, entry) in big)
        {
            var committed = world.Repository.ReadFile("main", path)!;
            Assert.Equal(entry.Sha, GitBlob.ComputeSha1(committed));   // the bytes GitHub holds are the bytes prepared
        }
        Assert.Contains(big, f => world.Repository.ReadFile("main", f.Key)!.Length > 1024 * 1024);
    }

    [Fact]
    public async Task After_a_successful_run_the_temporary_files_that_held_the_large_collections_are_gone()
    {
        await using var world = await StartAsync();
        var counted = new List<int>();

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Integrations), Session(world, counted)));

        Assert.Null(outcome.Error);
        Assert.Equal(BackupStatus.Created, outcome.Result.Status);
        Assert.True(Assert.Single(counted) >= 5, $"the prepared files over 64 KiB wait in temporary files ({counted[0]} found)");
        Assert.Empty(Leftovers());
        AssertCommittedAsPrepared(world);
        Assert.Equal(1, world.Server.Statistics.CommitsCreated);
    }

    [Fact]
    public async Task After_a_failed_run_the_temporary_files_are_gone_and_nothing_was_committed()
    {
        await using var world = await StartAsync();
        var head = world.Repository.BranchSha("main");
        world.Server.InjectFault(new FaultRule { Method = "PATCH", PathPattern = "/repos/*/git/refs/*", Count = 100, Status = 502 });
        var counted = new List<int>();

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Integrations), Session(world, counted)));

        Assert.NotNull(outcome.Error);
        Assert.Equal(BackupStatus.Failed, outcome.Result.Status);
        Assert.True(Assert.Single(counted) >= 5);
        Assert.Empty(Leftovers());
        Assert.Equal(head, world.Repository.BranchSha("main"));
    }

    [Fact]
    public async Task After_a_cancelled_run_the_temporary_files_are_gone_and_nothing_was_committed()
    {
        await using var world = await StartAsync();
        var head = world.Repository.BranchSha("main");
        using var cancellation = new CancellationTokenSource();
        var counted = new List<int>();
        var session = Session(world, counted, beforeCommit: cancellation.Cancel);   // Ctrl+C while the prepared files wait

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new BackupRunner(session).RunAsync(world.Integrations(Integrations), new BackupOptions(), cancellation.Token));

        Assert.True(Assert.Single(counted) >= 5);
        Assert.Empty(Leftovers());
        Assert.Equal(head, world.Repository.BranchSha("main"));
    }

    [Fact]
    public async Task A_retried_blob_and_tree_request_sends_its_streamed_body_again_in_full()
    {
        await using var world = await StartAsync();
        world.Server.InjectFault(new FaultRule { Method = "POST", PathPattern = "/repos/*/git/blobs", Count = 1, Status = 502 });
        world.Server.InjectFault(new FaultRule { Method = "POST", PathPattern = "/repos/*/git/trees", Count = 1, Status = 502 });
        var counted = new List<int>();

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Integrations), Session(world, counted)));

        Assert.Null(outcome.Error);
        AssertCommittedAsPrepared(world);
        Assert.Empty(Leftovers());
        var blobs = world.Server.Statistics.Requests("POST /repos/{owner}/{repo}/git/blobs");
        Assert.Equal(outcome.Result.Files.Count(f => f.Bytes > 1024 * 1024) + 1, blobs);   // one per file over 1 MiB, plus the retry
    }

    [Fact]
    public async Task A_download_into_a_stream_replaces_what_the_stream_held_and_is_retried_after_Postmans_429()
    {
        await using var world = await BackupWorld.StartAsync(c => ((Dictionary<string, object?>)c["postman"]!)["rateLimitPerMinute"] = 2);
        using var key = PSGitHubSync.Engine.Security.SecretValue.FromChars(BackupWorld.ApiKey.AsSpan());
        using var connection = new PSGitHubSync.Engine.Postman.PostmanConnection(world.Server.PostmanUrl, key, new PSGitHubSync.Engine.Http.HttpApiOptions(), null);
        connection.Delay = (_, _) =>
        {
            world.Server.Postman.ResetRateLimits();   // the minute has passed
            return Task.CompletedTask;
        };
        var client = new PSGitHubSync.Engine.Postman.PostmanClient(connection);
        var orders = world.Server.Postman.Collections("Payments").Single(c => c.Name == "Orders API");
        var expected = await client.GetCollectionAsync(orders.Uid, CancellationToken.None);
        await client.ListWorkspacesAsync(CancellationToken.None);   // the minute's two requests are used up

        using var stream = new MemoryStream();
        stream.Write(new byte[expected.Length + 1000]);               // stale bytes from an earlier attempt
        await client.DownloadCollectionAsync(orders.Uid, stream, CancellationToken.None);

        Assert.Equal(expected, stream.ToArray());
        Assert.Equal(4, connection.RequestCount);                    // the refused download was sent again
        Assert.Contains("\"collection\"", System.Text.Encoding.UTF8.GetString(expected), StringComparison.Ordinal);
    }
}
