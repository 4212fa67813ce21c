using System.Text;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Security;
using Xunit;

namespace PSGitHubSync.Tests.Backup;

/// <summary>The one place that commits: request sizes stay under GitHub's create-tree limit.</summary>
public sealed class RepositoryCommitterTests
{
    [Fact]
    public async Task A_change_set_larger_than_one_create_tree_request_is_chained_and_stays_under_GitHubs_limit()
    {
        await using var world = await BackupWorld.StartAsync();
        using var github = world.OpenRepository("contoso/api-backups");
        var client = github.Client;
        // Characters a default JSON encoder would escape six-fold (<, >, &, non-ASCII) must not blow the body up.
        var line = "<request name=\"Ümlaut & Co\"> → 'quoted' </request>\n";
        var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, 900 * 1024 / Encoding.UTF8.GetByteCount(line))));
        var changes = Enumerable.Range(0, 12).Select(i => FileChange.Write($"big/file-{i}.txt", content)).ToList();   // ~10.8 MB in all

        var outcome = await new RepositoryCommitter(client).CommitAsync(new CommitRequest("main", changes, "Big change", new CommitterIdentity()), null, CancellationToken.None);

        Assert.True(outcome.Committed);
        var trees = world.Server.Statistics.Requests("POST /repos/{owner}/{repo}/git/trees");
        Assert.InRange(trees, 2, 3);                                          // chained through base_tree, each under 6 MB
        var files = world.Repository.ReadTree("main");
        Assert.All(Enumerable.Range(0, 12), i => Assert.Equal(content, files[$"big/file-{i}.txt"]));
        Assert.Equal(1, world.Server.Statistics.CommitsCreated);
    }

    [Fact]
    public async Task A_change_set_costs_at_most_five_requests_plus_one_per_file_too_large_to_send_inline()
    {
        // SPEC.md's budget: ≤ 5 GitHub requests + one per file too large to send inline. A file is too large to
        // send inline when it is over the inline limit (a blob), or when the commit's one create-tree request
        // cannot carry it: that request holds the blob references and then, smallest first, as many files as
        // fit (each its content as a JSON string, its path and 64 bytes of framing). Limits are lowered so a
        // few hundred KB behave like the real 1 MiB / 6 MiB.
        await using var world = await BackupWorld.StartAsync();
        using var github = world.OpenRepository("contoso/api-backups");
        var client = github.Client;
        var options = new CommitterOptions { MaxInlineFileBytes = 40_000, MaxTreeRequestBytes = 300_000 };
        var random = new Random(20261126);
        var changes = Enumerable.Range(0, 40).Select(i =>
        {
            var size = i % 13 == 0 ? 45_000 + random.Next(5_000) : random.Next(200, 30_000);   // four over the inline limit
            var text = string.Concat(Enumerable.Range(0, size / 10 + 1).Select(n => $"\t\"k{n % 10}\": \"v\",\n"));
            return FileChange.Write($"Postman Collections/file-{i:D2}.json", Encoding.UTF8.GetBytes(text.Substring(0, size)));
        }).ToList();
        world.Server.ResetStatistics();

        var outcome = await new RepositoryCommitter(client, options).CommitAsync(new CommitRequest("main", changes, "Many changes", new CommitterIdentity()), null, CancellationToken.None);

        var large = changes.Where(c => c.Content!.Length > options.MaxInlineFileBytes).ToList();
        long used = large.Sum(c => c.Path.Length + 96L);
        var inline = 0;
        foreach (var size in changes.Except(large).Select(c => JsonStringBytes(c.Content!) + c.Path.Length + 64L).OrderBy(s => s))
        {
            if (used + size > options.MaxTreeRequestBytes) break;
            used += size;
            inline++;
        }
        var tooLargeToSendInline = changes.Count - inline;
        Assert.Equal(4, large.Count);
        Assert.InRange(tooLargeToSendInline, large.Count + 10, changes.Count - 10);   // one request cannot carry them all
        Assert.True(outcome.Committed);
        var statistics = world.Server.Statistics;
        Assert.InRange(statistics.Requests("POST /repos/{owner}/{repo}/git/trees"), 3, int.MaxValue);   // chained
        Assert.InRange(statistics.TotalRequests, 5, 5 + tooLargeToSendInline);
        Assert.Equal(large.Count, statistics.Requests("POST /repos/{owner}/{repo}/git/blobs"));
        Assert.Equal(1, statistics.CommitsCreated);
        var files = world.Repository.ReadTree("main");
        Assert.All(changes, c => Assert.Equal(c.Content, files[c.Path]));
    }

    [Fact]
    public async Task Characters_the_body_escapes_as_surrogate_pairs_count_at_their_escaped_size()
    {
        // An emoji is 4 bytes of UTF-8 but 12 in a JSON body (\uD83D\uDE00): sized by its UTF-8 bytes, three
        // of these files would go in one request three times over the limit.
        await using var world = await BackupWorld.StartAsync(c => c["gitHubLimits"] = new Dictionary<string, object?> { ["createTreeMaxBodyBytes"] = 250_000 });
        using var github = world.OpenRepository("contoso/api-backups");
        var client = github.Client;
        var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("\U0001F600", 15_000)));   // 60 KB of UTF-8, 180 KB escaped
        var changes = Enumerable.Range(0, 3).Select(i => FileChange.Write($"emoji/file-{i}.json", content)).ToList();
        world.Server.ResetStatistics();

        var outcome = await new RepositoryCommitter(client, new CommitterOptions { MaxTreeRequestBytes = 200_000 }).CommitAsync(new CommitRequest("main", changes, "Emoji", new CommitterIdentity()), null, CancellationToken.None);

        Assert.True(outcome.Committed);
        Assert.Equal(3, world.Server.Statistics.Requests("POST /repos/{owner}/{repo}/git/trees"));
        var files = world.Repository.ReadTree("main");
        Assert.All(changes, c => Assert.Equal(c.Content, files[c.Path]));
    }

    [Fact]
    public async Task A_state_ref_that_appeared_since_it_was_read_is_moved_instead_of_failing()
    {
        await using var world = await BackupWorld.StartAsync();
        using var github = world.OpenRepository("contoso/api-backups");
        var client = github.Client;
        var first = world.Repository.BranchSha("main")!;
        var second = world.Repository.BranchSha("develop")!;
        const string reference = "refs/psgithubsync/schema-sync/race";
        await client.SetStateRefAsync(reference, first, exists: false, CancellationToken.None);   // another run (or a retried request) made it

        await client.SetStateRefAsync(reference, second, exists: false, CancellationToken.None);  // this run still thinks it is missing

        Assert.Equal(second, world.Repository.Refs[reference]);
    }

    /// <summary>Bytes of the content as a JSON string without its quotes, escaped as any JSON encoder must (quote, backslash, control characters).</summary>
    private static long JsonStringBytes(byte[] content)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Encoding.UTF8.GetString(content), new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return Encoding.UTF8.GetByteCount(json) - 2;
    }

    [Fact]
    public async Task The_first_commit_of_an_empty_repository_carries_its_smallest_file_and_the_rest_follow_streamed()
    {
        // The Contents API, the only write an empty repository takes, needs the file whole in its body (base64):
        // the smallest file goes that way, so a large collection never has to be held in memory for it.
        await using var world = await BackupWorld.StartAsync();
        using var github = world.OpenRepository("contoso/empty");
        var client = github.Client;
        var large = Encoding.UTF8.GetBytes(new string('x', 300_000));
        var medium = Encoding.UTF8.GetBytes(new string('y', 2_000));
        var small = Encoding.UTF8.GetBytes("{}\n");
        var changes = new[] { FileChange.Write("a/large.json", large), FileChange.Write("b/medium.json", medium), FileChange.Write("z/state.json", small) };

        var outcome = await new RepositoryCommitter(client).CommitAsync(new CommitRequest("main", changes, "First backup", new CommitterIdentity()), null, CancellationToken.None);

        Assert.True(outcome.Committed);
        var repository = world.Server.GetRepository("contoso", "empty");
        var log = repository.Log("main");
        Assert.Equal(2, log.Count);
        Assert.Equal(new[] { "z/state.json" }, repository.Changes(log[^1].Sha).Select(c => c.Path));
        Assert.Equal(new[] { "a/large.json", "b/medium.json" }, repository.Changes(log[0].Sha).Select(c => c.Path));
        var files = repository.ReadTree("main");
        Assert.Equal(large, files["a/large.json"]);
        Assert.Equal(medium, files["b/medium.json"]);
        Assert.Equal(small, files["z/state.json"]);
    }

    [Fact]
    public async Task The_first_commit_of_an_empty_repository_never_carries_the_file_that_records_the_others_alone()
    {
        // The state file is the smallest here; were it committed alone and the run then failed, it would say the
        // collection was backed up, and the next run would not write it.
        await using var world = await BackupWorld.StartAsync();
        using var github = world.OpenRepository("contoso/empty");
        var large = Encoding.UTF8.GetBytes(new string('x', 300_000));
        var medium = Encoding.UTF8.GetBytes(new string('y', 2_000));
        var state = Encoding.UTF8.GetBytes("{}\n");
        var changes = new[] { FileChange.Write("a/large.json", large), FileChange.Write("b/medium.json", medium), FileChange.Write(".psgithubsync/backup-state.json", state) };

        var outcome = await new RepositoryCommitter(github.Client).CommitAsync(
            new CommitRequest("main", changes, "First backup", new CommitterIdentity()) { RecordPath = ".psgithubsync/backup-state.json" }, null, CancellationToken.None);

        Assert.True(outcome.Committed);
        var repository = world.Server.GetRepository("contoso", "empty");
        var log = repository.Log("main");
        Assert.Equal(new[] { "b/medium.json" }, repository.Changes(log[^1].Sha).Select(c => c.Path));
        Assert.Equal(new[] { ".psgithubsync/backup-state.json", "a/large.json" }, repository.Changes(log[0].Sha).Select(c => c.Path).OrderBy(p => p, StringComparer.Ordinal));
    }
}
