using System.Text;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Security;
using PSGitHubSync.Engine.SchemaSync;
using Xunit;
using static PSGitHubSync.Tests.SchemaSync.SchemaSyncWorld;

namespace PSGitHubSync.Tests.SchemaSync;

/// <summary>
/// Schema sync never writes under .git on either side, writes under .github only with allowGitHubFolder,
/// and lists hostile file names in its commit message with control characters escaped.
/// </summary>
public sealed class SchemaSyncPathSafetyTests
{
    private static string Folder(string path = "orders", string? extra = null) =>
        "  - name: orders-schema\n    type: schema-sync\n    source: { file: ./api }\n    repository: contoso/payments\n    path: " + path + "\n    branch: main\n"
        + (extra is null ? string.Empty : "    " + extra + "\n");

    private static void WriteOrders(SchemaSyncWorld world)
    {
        world.WriteLocal("api/openapi.yaml", OrdersRoot);
        world.WriteLocal("api/schemas/order.yaml", OrdersOrder);
        world.WriteLocal("api/schemas/status.yaml", OrdersStatus);
    }

    /// <summary>Commits a file straight through the Git Data API, as a server that does not run git's checks would accept it.</summary>
    private static async Task PlantAsync(SchemaSyncWorld world, string path, string text)
    {
        using var connection = new GitHubConnection(GitHubEndpoint.Parse(world.Server.GitHubUrl.AbsoluteUri), SecretValue.FromChars(Token.AsSpan()));
        var client = new GitHubRepositoryClient(connection, RepositoryName.Parse("contoso/payments"));
        var head = (await client.GetBranchAsync("main", CancellationToken.None))!;
        var tree = await client.CreateTreeAsync(head.TreeSha, new[] { TreeChange.Inline(path, Utf8(text)) }, CancellationToken.None);
        var (sha, _) = await client.CreateCommitAsync("plant", tree, new[] { head.CommitSha }, new CommitterIdentity(), CancellationToken.None);
        Assert.True(await client.FastForwardAsync("main", sha, CancellationToken.None));
    }

    // GitHub (and the emulator) refuse a tree entry named exactly .git; these spellings get through a server
    // that does not run git's own NTFS/HFS checks, and land in .git on Windows or macOS.
    [Theory]
    [InlineData("orders/.GIT./hooks/post-checkout")]
    [InlineData("orders/git~1/hooks/post-checkout")]
    public async Task A_pull_never_writes_a_git_entry_of_the_repository_to_disk(string planted)
    {
        await using var world = await StartAsync();
        var integration = world.Integration(Folder());
        WriteOrders(world);
        await world.SyncAsync(integration, SchemaSyncDirection.Pushed);
        await PlantAsync(world, planted, "#!/bin/sh\necho owned\n");
        var before = world.ReadLocalFolder("api");

        var outcome = await world.RunAsync(integration);

        Assert.NotNull(outcome.Error);
        Assert.Equal(SyncErrorId.PathNotAllowed, outcome.Error!.ErrorId);
        Assert.Equal(before.Keys, world.ReadLocalFolder("api").Keys);
        Assert.False(Directory.Exists(world.LocalPath("api/.git")));
        Assert.Empty(Directory.GetDirectories(world.Folder, "api.psgithubsync-*"));
    }

    [Fact]
    public async Task A_push_of_a_local_github_folder_needs_allowGitHubFolder()
    {
        await using var world = await StartAsync();
        WriteOrders(world);
        world.WriteLocal("api/.github/workflows/run.yml", "on: push\njobs: {}\n");
        var head = world.Repository.BranchSha("main");

        var outcome = await world.RunAsync(world.Integration(Folder()));

        Assert.NotNull(outcome.Error);
        Assert.Equal(SyncErrorId.PathNotAllowed, outcome.Error!.ErrorId);
        Assert.Contains("allowGitHubFolder: true", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Equal(head, world.Repository.BranchSha("main"));
    }

    [Fact]
    public async Task A_schema_path_under_github_is_written_with_allowGitHubFolder()
    {
        await using var world = await StartAsync();
        WriteOrders(world);

        await world.SyncAsync(world.Integration(Folder(".github/schemas", "allowGitHubFolder: true")), SchemaSyncDirection.Pushed);

        Assert.Equal(Utf8(OrdersOrder), world.Repository.ReadFile("main", ".github/schemas/schemas/order.yaml"));
    }

    [Fact]
    public async Task Hostile_file_names_reach_the_commit_message_escaped()
    {
        await using var world = await StartAsync();
        WriteOrders(world);
        world.WriteLocal("api/schemas/notes\u001B[31m\u202E.yaml", "Notes:\n  type: string\n");

        await world.SyncAsync(world.Integration(Folder()), SchemaSyncDirection.Pushed);

        var message = world.Repository.Log("main")[0].Message;
        Assert.Contains("+ orders/schemas/notes\\x1b[31m\\u202e.yaml", message, StringComparison.Ordinal);
        Assert.DoesNotContain(message, c => c == '\u001B' || c == '\u202E');
        Assert.True(world.Repository.ReadTree("main").ContainsKey("orders/schemas/notes\u001B[31m\u202E.yaml"));   // the file keeps its name; only the message escapes it
    }
}
