using System.Text;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.IO;
using PSGitHubSync.Engine.Security;
using Xunit;

namespace PSGitHubSync.Tests.Backup;

/// <summary>
/// Names and paths from data against the emulator: hostile collection names become portable, distinct paths; names
/// reach commit messages without control characters; nothing is written under .git, nor under .github unless allowed.
/// </summary>
public sealed class HostileNameBackupTests
{
    private const string Wildcard = """
  - name: hostile
    type: collection-backup
    source: { workspace: Hostile, collection: '*' }
    repository: contoso/api-backups
    directory: names
""";

    private static string Collection(string name) =>
        "{ \"info\": { \"name\": " + System.Text.Json.JsonSerializer.Serialize(name) + ", \"schema\": \"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\" }, "
        + "\"item\": [ { \"name\": " + System.Text.Json.JsonSerializer.Serialize("req " + name) + ", \"request\": { \"method\": \"GET\", \"url\": \"https://example.com/\" } } ] }";

    private static async Task<BackupWorld> WorldWithAsync(params string[] names)
    {
        var world = await BackupWorld.StartAsync(c =>
        {
            var postman = (Dictionary<string, object?>)c["postman"]!;
            var workspaces = ((object[])postman["workspaces"]!).ToList();
            workspaces.Add(new Dictionary<string, object?> { ["name"] = "Hostile", ["collections"] = Array.Empty<object>() });
            postman["workspaces"] = workspaces.ToArray();
        });
        foreach (var name in names) world.Server.Postman.AddCollection("Hostile", Collection(name));
        return world;
    }

    [Fact]
    public async Task Hostile_collection_names_are_committed_under_portable_distinct_paths()
    {
        var names = new[]
        {
            new string('L', 300), "CON", "nul", "COM1", "Caf\u00E9", "Cafe\u0301", "a/b\\c:d*e", "two\nlines", "esc\u001B[31mred", "🚀 launch", "dots... ",
        };
        await using var world = await WorldWithAsync(names);

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Wildcard)));

        Assert.Null(outcome.Error);
        var paths = world.Repository.ReadTree("main").Keys.Where(k => k.StartsWith("names/", StringComparison.Ordinal)).ToList();
        Assert.Equal(names.Length, paths.Count);   // a name with a line break is matched by '*' too
        Assert.Equal(paths.Count, paths.Distinct(PortableFileName.Comparer).Count());   // no two collide on Windows or macOS
        foreach (var path in paths)
        {
            var fileName = path.Substring("names/".Length);
            Assert.True(Encoding.UTF8.GetByteCount(fileName) <= 255, fileName);
            Assert.Equal(fileName.Normalize(NormalizationForm.FormC), fileName);
            Assert.False(PortableFileName.IsWindowsReserved(fileName), fileName);
            Assert.DoesNotContain(fileName, c => c < ' ' || "<>:\"\\|?*".Contains(c, StringComparison.Ordinal));
        }
        Assert.Contains("names/CON_.postman_collection.json", paths);
        Assert.Contains("names/nul_.postman_collection.json", paths);
        Assert.Contains("names/COM1_.postman_collection.json", paths);
        Assert.Contains("names/a-b-c-d-e.postman_collection.json", paths);
        Assert.Contains("names/two-lines.postman_collection.json", paths);
        Assert.Contains("names/🚀 launch.postman_collection.json", paths);
        Assert.Contains("names/dots.postman_collection.json", paths);
        Assert.Single(paths, p => p.StartsWith("names/" + new string('L', 200), StringComparison.Ordinal) && p.Length < 300);
        // café in NFC and NFD: one name on macOS, so each gets its Postman id.
        var cafes = paths.Where(p => p.StartsWith("names/Café (", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, cafes.Count);
        Assert.DoesNotContain("names/Café.postman_collection.json", paths);

        // A second run finds the same paths: nothing changes, nothing is committed.
        var head = world.Repository.BranchSha("main");
        var again = Assert.Single(await world.RunAsync(world.Integrations(Wildcard)));
        Assert.Equal(BackupStatus.Unchanged, again.Result.Status);
        Assert.Equal(head, world.Repository.BranchSha("main"));
    }

    [Fact]
    public async Task Control_characters_in_names_never_reach_the_commit_message()
    {
        await using var world = await WorldWithAsync("evil\u001B[2J\u001B]0;pwned\u0007", "nul\0byte", "rtl\u202Efdp.exe", "sub\nInjected-Line: yes");

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Wildcard)));

        Assert.Null(outcome.Error);
        var message = world.Repository.Log("main")[0].Message;
        Assert.DoesNotContain(message, c => c < ' ' && c is not '\n' and not '\t' || c is >= '\u007F' and <= '\u009F' || c is >= '\u202A' and <= '\u202E');
        Assert.Contains("evil\\x1b[2J\\x1b]0;pwned\\x07", message, StringComparison.Ordinal);
        Assert.Contains("nul\\x00byte", message, StringComparison.Ordinal);
        Assert.Contains("rtl\\u202efdp.exe", message, StringComparison.Ordinal);
        Assert.Contains("sub\\x0aInjected-Line: yes", message, StringComparison.Ordinal);
        Assert.DoesNotContain("\nInjected-Line", message, StringComparison.Ordinal);
        Assert.Contains("+ GET req evil\\x1b[2J", message, StringComparison.Ordinal);   // request names in the changelog too
    }

    [Fact]
    public async Task A_backup_into_github_needs_allowGitHubFolder_even_when_built_in_code()
    {
        await using var world = await WorldWithAsync("on");
        var integrations = world.Integrations(Wildcard);
        var integration = integrations[0];
        integration.Directory = ".github/workflows";      // as a script might set it on Get-BackupIntegration's output
        var before = world.Repository.BranchSha("main");

        var outcome = Assert.Single(await world.RunAsync(integrations));

        Assert.NotNull(outcome.Error);
        Assert.Equal(SyncErrorId.PathNotAllowed, outcome.Error!.ErrorId);
        Assert.Contains("allowGitHubFolder: true", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Equal(before, world.Repository.BranchSha("main"));

        integration.AllowGitHubFolder = true;
        var allowed = Assert.Single(await world.RunAsync(integrations));
        Assert.Null(allowed.Error);
        Assert.Contains(".github/workflows/on.postman_collection.json", world.Repository.ReadTree("main").Keys);
    }

    [Theory]
    [InlineData(".git/hooks/post-checkout", true)]
    [InlineData(".GIT/config", true)]
    [InlineData("x/.git./hooks/pre-commit", true)]
    [InlineData("git~1/config", true)]
    [InlineData(".github/workflows/x.yml", false)]
    [InlineData(".GitHub./workflows/x.yml", false)]
    public async Task The_committer_refuses_git_always_and_github_unless_allowed(string path, bool always)
    {
        await using var world = await BackupWorld.StartAsync();
        using var github = world.OpenRepository("contoso/api-backups");
        var client = github.Client;
        var before = world.Repository.BranchSha("main");
        world.Server.ResetStatistics();
        var changes = new[] { FileChange.Write("ok.txt", Encoding.UTF8.GetBytes("ok\n")), FileChange.Write(path, Encoding.UTF8.GetBytes("on: push\n")) };

        var ex = await Assert.ThrowsAsync<SyncException>(() => new RepositoryCommitter(client).CommitAsync(new CommitRequest("main", changes, "plant", new CommitterIdentity()), null, CancellationToken.None));

        Assert.Equal(SyncErrorId.PathNotAllowed, ex.ErrorId);
        Assert.Equal(before, world.Repository.BranchSha("main"));
        Assert.Equal(0, world.Server.Statistics.Requests("POST /repos/{owner}/{repo}/git/trees"));   // refused before any write

        var allowed = new CommitRequest("main", changes, "plant", new CommitterIdentity()) { AllowGitHubFolder = true };
        if (always)
        {
            await Assert.ThrowsAsync<SyncException>(() => new RepositoryCommitter(client).CommitAsync(allowed, null, CancellationToken.None));
            Assert.Equal(before, world.Repository.BranchSha("main"));
        }
        else
        {
            Assert.True((await new RepositoryCommitter(client).CommitAsync(allowed, null, CancellationToken.None)).Committed);
            Assert.Contains(path, world.Repository.ReadTree("main").Keys);
        }
    }

    [Fact]
    public async Task A_commit_message_given_by_the_caller_is_cleaned_too()
    {
        await using var world = await BackupWorld.StartAsync();
        using var github = world.OpenRepository("contoso/api-backups");
        var client = github.Client;
        var request = new CommitRequest("main", new[] { FileChange.Write("m.txt", Encoding.UTF8.GetBytes("m\n")) }, "Subject\u001B[1m\r\n\r\nBody\u0000\u202E\n", new CommitterIdentity());

        await new RepositoryCommitter(client).CommitAsync(request, null, CancellationToken.None);

        Assert.Equal("Subject\\x1b[1m\n\nBody\\x00\\u202e\n", world.Repository.Log("main")[0].Message);
    }
}
