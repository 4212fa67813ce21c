using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Collections;
using Xunit;

namespace PSGitHubSync.Tests.Backup;

/// <summary>
/// Issue 16: small prepared files wait for the commit in memory only up to a run-wide budget; the others wait in the
/// run's temporary folder, so a workspace of many small collections does not hold them all. The commit is the same.
/// </summary>
public sealed class PreparedMemoryBudgetTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "psgithubsync-budget-root-" + Guid.NewGuid().ToString("N"));

    public PreparedMemoryBudgetTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(0L, 12, 12)]                    // no budget: every prepared file waits in a file
    [InlineData(4L * 1024 * 1024, 12, 0)]       // within the default budget: all in memory
    public async Task Small_prepared_files_past_the_budget_wait_in_temporary_files_and_are_committed_the_same(long budget, int collections, int expectedFiles)
    {
        await using var world = await BackupWorld.StartAsync(c =>
        {
            var postman = (Dictionary<string, object?>)c["postman"]!;
            postman["workspaces"] = ((object[])postman["workspaces"]!).Append(new Dictionary<string, object?>
            {
                ["name"] = "Small",
                ["generate"] = new { count = collections, minBytes = 2_000, maxBytes = 20_000, seed = 5 },
            }).ToArray();
        });
        var waiting = -1;
        var session = world.Session(shouldProcess: (_, _) =>
        {
            waiting = Directory.GetFiles(_root, "*.prepared.tmp", SearchOption.AllDirectories).Length;
            return Task.FromResult(true);
        });
        session.TemporaryRoot = _root;
        session.PreparedInMemoryBytes = budget;

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(@"
  - name: small
    type: collection-backup
    source: { workspace: Small, collection: '*' }
    repository: contoso/api-backups
    directory: small
"), session));

        Assert.Null(outcome.Error);
        Assert.Equal(expectedFiles, waiting);
        Assert.Empty(Directory.GetFileSystemEntries(_root));
        var manifest = BackupManifest.Parse(world.Repository.ReadFile("main", BackupManifest.RepositoryPath));
        var small = manifest.Files.Where(f => f.Key.StartsWith("small/", StringComparison.Ordinal)).ToList();
        Assert.Equal(collections, small.Count);
        foreach (var (path, entry) in small) Assert.Equal(entry.Sha, GitBlob.ComputeSha1(world.Repository.ReadFile("main", path)!));
    }
}
