using System.Net;
using System.Text.Json;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>The hostile-repository control endpoint: symbolic links and submodules as real git tree entries.</summary>
public sealed class HostileTreeEntryTests : IDisposable
{
    private readonly GitCli _git = new();

    public void Dispose() => _git.Dispose();

    [Fact]
    public async Task Symbolic_links_and_submodules_are_committed_as_git_writes_them_and_served_with_their_modes()
    {
        await using var server = await GitWorld.StartAsync();
        var control = new GitHubApi(server.GitHubUrl, null);
        var api = new GitHubApi(server.GitHubUrl);
        var submodule = new string('b', 40);

        var link = await control.Post("/_emulator/repos/contoso/api-backups/tree-entries", new { branch = "main", path = "api/environ.yaml", mode = "120000", target = "/proc/self/environ" });
        var gitlink = await control.Post("/_emulator/repos/contoso/api-backups/tree-entries", new { branch = "main", path = "api/vendor", mode = "160000", sha = submodule });
        var badMode = await control.Post("/_emulator/repos/contoso/api-backups/tree-entries", new { branch = "main", path = "api/x", mode = "100644", target = "x" });
        var badPath = await control.Post("/_emulator/repos/contoso/api-backups/tree-entries", new { branch = "main", path = "../x", mode = "120000", target = "x" });
        var noBranch = await control.Post("/_emulator/repos/contoso/api-backups/tree-entries", new { branch = "nope", path = "x", mode = "120000", target = "x" });

        Assert.Equal(HttpStatusCode.Created, link.Status);
        Assert.Equal(HttpStatusCode.Created, gitlink.Status);
        Assert.Equal(HttpStatusCode.BadRequest, badMode.Status);
        Assert.Equal(HttpStatusCode.BadRequest, badPath.Status);
        Assert.Equal(HttpStatusCode.BadRequest, noBranch.Status);
        var head = JsonDocument.Parse(gitlink.Body).RootElement.GetProperty("commit").GetString()!;
        Assert.Equal(head, server.GetRepository("contoso", "api-backups").BranchSha("main"));

        var tree = JsonDocument.Parse((await api.Get(GitWorld.RepoPath + "/git/trees/main?recursive=1")).Body).RootElement.GetProperty("tree").EnumerateArray()
            .ToDictionary(e => e.GetProperty("path").GetString()!, e => (Mode: e.GetProperty("mode").GetString(), Type: e.GetProperty("type").GetString()));
        Assert.Equal(("120000", "blob"), tree["api/environ.yaml"]);
        Assert.Equal(("160000", "commit"), tree["api/vendor"]);

        // Real git reads them the same way.
        var directory = _git.PathOf("hostile.git");
        server.ExportBareRepository("contoso", "api-backups", directory);
        var listing = _git.Run(directory, "ls-tree", "-r", "main");
        Assert.Contains("120000 blob", listing.Split('\n').Single(l => l.EndsWith("\tapi/environ.yaml", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("160000 commit " + submodule, listing, StringComparison.Ordinal);
        Assert.Equal("/proc/self/environ", _git.Run(directory, "cat-file", "-p", "main:api/environ.yaml"));
    }
}
