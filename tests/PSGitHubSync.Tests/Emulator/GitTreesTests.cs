using System.Net;
using System.Text;
using Octokit;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>Trees: get by tree/commit/branch, recursive and truncated listings, create with base_tree, deletes.</summary>
public sealed class GitTreesTests
{
    private const string Repo = GitWorld.RepoPath;

    [Fact]
    public async Task Tree_is_found_by_tree_sha_commit_sha_or_branch_name()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        var view = server.GetRepository("contoso", "api-backups");
        string commit = view.BranchSha("main")!;
        string tree = view.Commit(commit)!.TreeSha;

        var byTree = await api.Get(Repo + "/git/trees/" + tree);
        var byCommit = await api.Get(Repo + "/git/trees/" + commit);
        var byBranch = await api.Get(Repo + "/git/trees/main");
        var unknown = await api.Get(Repo + "/git/trees/" + new string('b', 40));

        Assert.All(new[] { byTree, byCommit, byBranch }, r => Assert.Equal(tree, r.Json.GetProperty("sha").GetString()));
        Assert.Equal(byTree.Body, byBranch.Body);
        Assert.Equal(new[] { "Postman Collections", "README.md", "docs" }, Paths(byTree));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Theory]
    [InlineData("?recursive=1")]
    [InlineData("?recursive=true")]
    [InlineData("?recursive=0")]
    [InlineData("?recursive=false")]
    public async Task Recursive_with_any_value_lists_the_whole_tree_in_pre_order(string query)
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);

        var response = await api.Get(Repo + "/git/trees/main" + query);

        Assert.Equal(
            new[] { "Postman Collections", "Postman Collections/payments.postman_collection.json", "README.md", "docs", "docs/guide.md" },
            Paths(response));
        Assert.False(response.Json.GetProperty("truncated").GetBoolean());
        var file = response.Json.GetProperty("tree")[1];
        Assert.Equal(GitWorld.Files["Postman Collections/payments.postman_collection.json"].Length, file.GetProperty("size").GetInt32());
        Assert.Equal("blob", file.GetProperty("type").GetString());
        Assert.False(response.Json.GetProperty("tree")[0].TryGetProperty("size", out _));
    }

    [Fact]
    public async Task Recursive_listing_past_the_limit_is_truncated()
    {
        await using var server = await GitWorld.StartAsync(c => c.GitHubLimits.MaxTreeEntries = 3);
        var api = new GitHubApi(server.GitHubUrl);

        var recursive = await api.Get(Repo + "/git/trees/main?recursive=1");
        var flat = await api.Get(Repo + "/git/trees/main");

        Assert.True(recursive.Json.GetProperty("truncated").GetBoolean());
        Assert.Equal(3, recursive.Json.GetProperty("tree").GetArrayLength());
        Assert.False(flat.Json.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task Recursive_listing_past_the_size_limit_is_truncated_too()
    {
        await using var server = await GitWorld.StartAsync(c => c.GitHubLimits.MaxTreeResponseBytes = 600);
        var api = new GitHubApi(server.GitHubUrl);

        var recursive = await api.Get(Repo + "/git/trees/main?recursive=1");
        var flat = await api.Get(Repo + "/git/trees/main");

        Assert.True(recursive.Json.GetProperty("truncated").GetBoolean());
        Assert.InRange(recursive.Json.GetProperty("tree").GetArrayLength(), 1, 3);
        Assert.False(flat.Json.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task Deleting_a_path_that_does_not_exist_is_refused_as_on_GitHub()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        var view = server.GetRepository("contoso", "api-backups");

        var refused = await api.Post(Repo + "/git/trees", new
        {
            base_tree = view.Commit(view.BranchSha("main")!)!.TreeSha,
            tree = new object[] { new Dictionary<string, object?> { ["path"] = "not/there.txt", ["mode"] = "100644", ["type"] = "blob", ["sha"] = null } },
        });

        Assert.Equal((HttpStatusCode)422, refused.Status);
        Assert.Contains("not/there.txt", refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_tree_on_a_base_tree_adds_replaces_and_deletes_with_sha_null()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        var view = server.GetRepository("contoso", "api-backups");
        string head = view.BranchSha("main")!;
        string readme = await api.CreateBlobAsync(Repo, "# changed\n");

        var created = await api.Post(Repo + "/git/trees", new
        {
            base_tree = view.Commit(head)!.TreeSha,
            tree = new object[]
            {
                new { path = "README.md", mode = "100644", type = "blob", sha = readme },
                new Dictionary<string, object?> { ["path"] = "docs/guide.md", ["mode"] = "100644", ["type"] = "blob", ["sha"] = null },
                new { path = "Postman Collections/orders.json", mode = "100644", type = "blob", content = "{}\n" },
            },
        });
        string tree = GitHubApi.Sha(created, 201);
        string commit = GitHubApi.Sha(await api.Post(Repo + "/git/commits", new { message = "m", tree, parents = new[] { head } }), 201);
        GitHubApi.EnsureStatus(await api.Patch(Repo + "/git/refs/heads/main", new { sha = commit }), 200);

        var files = view.ReadTree("main");
        Assert.Equal(new[] { "Postman Collections/orders.json", "Postman Collections/payments.postman_collection.json", "README.md" }, files.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal("# changed\n", Encoding.UTF8.GetString(files["README.md"]));
        // The emptied "docs" directory is gone, not an empty tree.
        Assert.DoesNotContain("docs", Paths(created));
        Assert.Equal($"{server.GitHubUrl}repos/contoso/api-backups/git/trees/{tree}", created.Header("Location"));
    }

    [Fact]
    public async Task Tree_entry_without_sha_and_content_is_refused_which_is_what_octokit_sends_for_sha_null()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        var octokit = GitRefsTests.Octokit(server);
        string baseTree = server.GetRepository("contoso", "api-backups").Commit(server.GetRepository("contoso", "api-backups").BranchSha("main")!)!.TreeSha;

        var raw = await api.Post(Repo + "/git/trees", new { base_tree = baseTree, tree = new[] { new { path = "docs/guide.md", mode = "100644", type = "blob" } } });
        var newTree = new NewTree { BaseTree = baseTree };
        newTree.Tree.Add(new NewTreeItem { Path = "docs/guide.md", Mode = "100644", Type = TreeType.Blob, Sha = null });
        var octokitError = await Assert.ThrowsAsync<ApiValidationException>(() => octokit.Git.Tree.Create("contoso", "api-backups", newTree));

        const string Expected = "Must supply either tree.sha or tree.content. Request will be rejected if both are present.";
        Assert.Equal(Expected, GitRefsTests.Message(raw, 422));
        Assert.Equal(Expected, octokitError.ApiError.Message);
        Assert.Equal(2, server.CountRequests("POST", "/repos/contoso/api-backups/git/trees"));
    }

    [Theory]
    [InlineData("""{"tree":[{"path":"/a.txt","mode":"100644","type":"blob","content":"x"}]}""", "tree.path cannot start with a slash")]
    [InlineData("""{"tree":[{"path":"a.txt","mode":"100664","type":"blob","content":"x"}]}""", "Must supply a valid tree.mode")]
    [InlineData("""{"tree":[{"path":"a.txt","mode":"100644","type":"blob","content":"x","sha":"e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"}]}""", "Must supply either tree.sha or tree.content. Request will be rejected if both are present.")]
    [InlineData("""{"tree":[{"path":"a.txt","mode":"100644","type":"blob","sha":"5"}]}""", "tree.sha 5 is not a valid blob")]
    [InlineData("""{"tree":[{"path":"d","mode":"040000","type":"tree","content":"x"}]}""", "A subdirectory may not have content")]
    [InlineData("""{"tree":[],"base_tree":"0000000000000000000000000000000000000000"}""", "base_tree is not a valid tree oid")]
    [InlineData("""{"base_tree":"x"}""", "Invalid request.\n\n\"tree\" wasn't supplied.")]
    [InlineData("""{"tree":"x"}""", "Invalid request.\n\nFor 'properties/tree', \"x\" is not an array.")]
    [InlineData("""{"tree":[{"path":"a","mode":"100644","type":"blob","sha":5}]}""", "Invalid request.\n\nFor 'properties/sha', 5 is not a string or null.")]
    [InlineData("""{"tree":[1]}""", "Invalid request.\n\nFor 'items', 1 is not an object.")]
    public async Task Bad_tree_entries_get_GitHubs_422_messages(string body, string message)
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);

        var response = await api.Send(HttpMethod.Post, Repo + "/git/trees", body);

        Assert.Equal(message, GitRefsTests.Message(response, 422));
        Assert.Equal("https://docs.github.com/rest/git/trees#create-a-tree", response.Json.GetProperty("documentation_url").GetString());
    }

    [Fact]
    public async Task Submodule_entries_may_name_any_commit()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        string foreign = new('1', 40);

        var created = await api.Post(Repo + "/git/trees", new { tree = new[] { new { path = "lib", mode = "160000", type = "commit", sha = foreign } } });

        var entry = created.Json.GetProperty("tree")[0];
        Assert.Equal("commit", entry.GetProperty("type").GetString());
        Assert.Equal(foreign, entry.GetProperty("sha").GetString());
        Assert.False(entry.TryGetProperty("url", out _));
    }

    private static string[] Paths(EmulatorResponse response) =>
        response.Json.GetProperty("tree").EnumerateArray().Select(e => e.GetProperty("path").GetString()!).ToArray();
}
