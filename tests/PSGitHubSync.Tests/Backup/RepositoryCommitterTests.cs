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
        using var token = SecretValue.FromChars(BackupWorld.Token.AsSpan());
        using var connection = new GitHubConnection(GitHubEndpoint.Parse(world.Server.GitHubUrl.AbsoluteUri.TrimEnd('/')), token);
        var client = new GitHubRepositoryClient(connection, RepositoryName.Parse("contoso/api-backups"));
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
}
