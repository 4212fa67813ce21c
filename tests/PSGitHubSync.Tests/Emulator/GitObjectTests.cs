using System.Text;
using PSGitHubSync.Emulator;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>
/// The emulator stores real git objects: every SHA it answers is the one git computes (checked against
/// <c>git hash-object</c>, <c>git mktree</c>, <c>git commit-tree</c>, <c>git mktag</c>), and an exported repository
/// passes <c>git fsck --strict</c> and shows in <c>git log</c>/<c>git show</c> exactly what the API wrote.
/// </summary>
public sealed class GitObjectTests : IDisposable
{
    private const string Repo = GitWorld.RepoPath;
    private readonly GitCli _git = new();

    public void Dispose() => _git.Dispose();

    [Theory]
    [InlineData("hello\nworld\n")]
    [InlineData("")]
    [InlineData("unicode: \u00e9\u00e8 \u2713 \ud83d\ude00\r\nno final newline")]
    public async Task Utf8_blob_sha_is_what_git_hash_object_computes(string content)
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);

        string sha = await api.CreateBlobAsync(Repo, content);

        string expected = _git.RunWithInput(_git.Directory, Encoding.UTF8.GetBytes(content), null, "hash-object", "--stdin").Trim();
        Assert.Equal(expected, sha);
        var read = await api.Get(Repo + "/git/blobs/" + sha);
        Assert.Equal(content, Encoding.UTF8.GetString(Convert.FromBase64String(read.Json.GetProperty("content").GetString()!.Replace("\n", "", StringComparison.Ordinal))));
        Assert.Equal(Encoding.UTF8.GetByteCount(content), read.Json.GetProperty("size").GetInt32());
    }

    [Fact]
    public async Task Binary_base64_blob_sha_is_what_git_hash_object_computes()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.EnterpriseApiUrl);
        byte[] bytes = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7 % 256)).ToArray();

        var created = await api.Post(Repo + "/git/blobs", new { content = Convert.ToBase64String(bytes), encoding = "base64" });
        string sha = GitHubApi.Sha(created, 201);

        Assert.Equal(_git.RunWithInput(_git.Directory, bytes, null, "hash-object", "--stdin").Trim(), sha);
        Assert.Equal($"{server.EnterpriseApiUrl}repos/contoso/api-backups/git/blobs/{sha}", created.Header("Location"));
        // GitHub's base64: lines of 60 characters, each ending in a newline.
        string content = (await api.Get(Repo + "/git/blobs/" + sha)).Json.GetProperty("content").GetString()!;
        Assert.All(content.TrimEnd('\n').Split('\n').SkipLast(1), line => Assert.Equal(60, line.Length));
        Assert.EndsWith("\n", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tree_sha_is_what_git_mktree_computes_for_the_same_entries()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        string script = await api.CreateBlobAsync(Repo, "#!/bin/sh\necho hi\n");

        var created = await api.Post(Repo + "/git/trees", new
        {
            tree = new object[]
            {
                new { path = "b.txt", mode = "100644", type = "blob", content = "bee\n" },
                new { path = "a-dir/nested/deep.json", mode = "100644", type = "blob", content = "{}\n" },
                new { path = "run.sh", mode = "100755", type = "blob", sha = script },
                new { path = "a-dir.txt", mode = "100644", type = "blob", content = "sorts before a-dir/ in git\n" },
                new { path = "link", mode = "120000", type = "blob", content = "b.txt" },
            },
        });
        string apiTree = GitHubApi.Sha(created, 201);

        // The same tree built by git alone.
        string work = _git.Init("expected");
        string Blob(string text) => _git.RunWithInput(work, Encoding.UTF8.GetBytes(text), null, "hash-object", "-w", "--stdin").Trim();
        string MkTree(string lines) => _git.RunWithInput(work, Encoding.UTF8.GetBytes(lines), null, "mktree").Trim();
        string deep = MkTree($"100644 blob {Blob("{}\n")}\tdeep.json\n");
        string nested = MkTree($"040000 tree {deep}\tnested\n");
        string expected = MkTree(
            $"100644 blob {Blob("bee\n")}\tb.txt\n" +
            $"040000 tree {nested}\ta-dir\n" +
            $"100755 blob {Blob("#!/bin/sh\necho hi\n")}\trun.sh\n" +
            $"100644 blob {Blob("sorts before a-dir/ in git\n")}\ta-dir.txt\n" +
            $"120000 blob {Blob("b.txt")}\tlink\n");

        Assert.Equal(expected, apiTree);
        var entries = created.Json.GetProperty("tree").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToArray();
        Assert.Equal(new[] { "a-dir.txt", "a-dir", "b.txt", "link", "run.sh" }, entries);
        Assert.Equal("040000", created.Json.GetProperty("tree")[1].GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Commit_sha_is_what_git_commit_tree_computes_with_the_same_identity_dates_and_message()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        string parent = await api.BranchShaAsync(Repo, "main");
        string tree = GitHubApi.Sha(await api.Post(Repo + "/git/trees", new
        {
            base_tree = server.GetRepository("contoso", "api-backups").Commit(parent)!.TreeSha,
            tree = new[] { new { path = "new.txt", mode = "100644", type = "blob", content = "new\n" } },
        }), 201);
        const string Message = "Back up 2 collections\n\nPayments: 1 request added\n";

        var created = await api.Post(Repo + "/git/commits", new
        {
            message = Message,
            tree,
            parents = new[] { parent },
            author = new { name = "Ada Lovelace", email = "ada@example.com", date = "2024-05-06T07:08:09+02:00" },
            committer = new { name = "PSGitHubSync", email = "psgithubsync@users.noreply.github.com", date = "2024-05-06T08:00:00Z" },
        });
        string sha = GitHubApi.Sha(created, 201);

        string bare = _git.PathOf("export.git");
        server.ExportBareRepository("contoso", "api-backups", bare);
        File.WriteAllText(_git.PathOf("message.txt"), Message);
        string expected = _git.RunWithInput(
            bare,
            null,
            GitCli.Identity("Ada Lovelace", "ada@example.com", "2024-05-06T07:08:09+02:00", "PSGitHubSync", "psgithubsync@users.noreply.github.com", "2024-05-06T08:00:00Z"),
            "commit-tree", tree, "-p", parent, "-F", _git.PathOf("message.txt")).Trim();
        Assert.Equal(expected, sha);

        // GitHub shows dates in UTC; git keeps the author's offset.
        var body = created.Json;
        Assert.Equal("2024-05-06T05:08:09Z", body.GetProperty("author").GetProperty("date").GetString());
        Assert.Equal(Message, body.GetProperty("message").GetString());
        Assert.Equal(parent, body.GetProperty("parents")[0].GetProperty("sha").GetString());
        Assert.Contains("author Ada Lovelace <ada@example.com> 1714972089 +0200", _git.Run(bare, "cat-file", "commit", sha), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_without_author_is_the_token_user_now_and_committer_defaults_to_author()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        string parent = await api.BranchShaAsync(Repo, "main");
        string tree = server.GetRepository("contoso", "api-backups").Commit(parent)!.TreeSha;
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);

        var created = await api.Post(Repo + "/git/commits", new { message = "m", tree, parents = new[] { parent } });

        var body = created.Json;
        Assert.Equal("The Octocat", body.GetProperty("author").GetProperty("name").GetString());
        Assert.Equal("octocat@github.com", body.GetProperty("author").GetProperty("email").GetString());
        Assert.Equal(body.GetProperty("author").GetRawText(), body.GetProperty("committer").GetRawText());
        Assert.InRange(DateTimeOffset.Parse(body.GetProperty("author").GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture), before, DateTimeOffset.UtcNow.AddSeconds(2));
    }

    [Fact]
    public async Task Annotated_tag_object_is_a_valid_git_tag()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        string head = await api.BranchShaAsync(Repo, "main");

        var created = await api.Post(Repo + "/git/tags", new
        {
            tag = "v1.0.0",
            message = "Release 1.0.0\n",
            @object = head,
            type = "commit",
            tagger = new { name = "Ada", email = "ada@example.com", date = "2024-01-02T03:04:05Z" },
        });
        string sha = GitHubApi.Sha(created, 201);
        GitHubApi.EnsureStatus(await api.Post(Repo + "/git/refs", new { @ref = "refs/tags/v1.0.0", sha }), 201);

        string bare = _git.PathOf("export.git");
        server.ExportBareRepository("contoso", "api-backups", bare);
        string raw = _git.Run(bare, "cat-file", "tag", sha);
        // git mktag checks the tag like fsck does and writes the same object again.
        Assert.Equal(sha, _git.RunWithInput(bare, Encoding.UTF8.GetBytes(raw), null, "mktag").Trim());
        Assert.Equal(head, _git.Run(bare, "rev-parse", "v1.0.0^{commit}").Trim());
        Assert.Equal("Release 1.0.0", _git.Run(bare, "tag", "-l", "--format=%(contents:subject)", "v1.0.0").Trim());
        var read = await api.Get(Repo + "/git/tags/" + sha);
        Assert.Equal(head, read.Json.GetProperty("object").GetProperty("sha").GetString());
        Assert.Equal("2024-01-02T03:04:05Z", read.Json.GetProperty("tagger").GetProperty("date").GetString());
    }

    [Fact]
    public async Task Initial_commit_is_stable_and_equals_what_git_builds_from_the_configuration()
    {
        await using var first = await GitWorld.StartAsync();
        await using var second = await GitWorld.StartAsync();
        string sha = first.GetRepository("contoso", "api-backups").BranchSha("main")!;

        Assert.Equal(sha, second.GetRepository("contoso", "api-backups").BranchSha("main"));
        Assert.Equal(sha, first.GetRepository("contoso", "api-backups").BranchSha("develop"));

        string work = _git.Init("initial");
        File.WriteAllText(Path.Combine(work, "README.md"), "# api-backups\n");
        foreach (var (path, content) in GitWorld.Files)
        {
            string file = Path.Combine(work, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, content);
        }

        _git.Run(work, "add", "-A");
        string tree = _git.Run(work, "write-tree").Trim();
        File.WriteAllText(_git.PathOf("initial.txt"), "Initial commit");
        string expected = _git.RunWithInput(work, null, GitCli.Identity("GitHub", "noreply@github.com", "2026-01-01T00:00:00Z"), "commit-tree", tree, "-F", _git.PathOf("initial.txt")).Trim();
        Assert.Equal(expected, sha);
    }

    [Fact]
    public async Task Exported_repository_passes_fsck_strict_and_git_log_and_show_match_the_api()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        var view = server.GetRepository("contoso", "api-backups");

        // Three commits through the API: git data (with a delete), contents PUT, and a submodule entry.
        string head = await api.BranchShaAsync(Repo, "main");
        string tree = GitHubApi.Sha(await api.Post(Repo + "/git/trees", new
        {
            base_tree = view.Commit(head)!.TreeSha,
            tree = new object?[]
            {
                new { path = "Postman Collections/orders.postman_collection.json", mode = "100644", type = "blob", content = "{\"info\":{\"name\":\"Orders\"}}\n" },
                new Dictionary<string, object?> { ["path"] = "docs/guide.md", ["mode"] = "100644", ["type"] = "blob", ["sha"] = null },
                new { path = "vendor/lib", mode = "160000", type = "commit", sha = head },
            },
        }), 201);
        string first = GitHubApi.Sha(await api.Post(Repo + "/git/commits", new
        {
            message = "Back up Orders",
            tree,
            parents = new[] { head },
            author = new { name = "PSGitHubSync", email = "psgithubsync@users.noreply.github.com", date = "2025-03-04T05:06:07Z" },
        }), 201);
        GitHubApi.EnsureStatus(await api.Patch(Repo + "/git/refs/heads/main", new { sha = first }), 200);
        var put = await api.Put(Repo + "/contents/notes/today.txt", new
        {
            message = "Add a note",
            content = Convert.ToBase64String(Encoding.UTF8.GetBytes("note\n")),
            committer = new { name = "Ada", email = "ada@example.com", date = "2025-03-05T00:00:00Z" },
        });
        GitHubApi.EnsureStatus(put, 201);

        string bare = _git.PathOf("api-backups.git");
        server.ExportBareRepository("contoso", "api-backups", bare);

        var fsck = _git.TryRun(bare, null, null, "fsck", "--strict", "--no-dangling");
        Assert.True(fsck.ExitCode == 0, fsck.Error + fsck.Output);
        Assert.DoesNotContain("error", fsck.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("warning", fsck.Error, StringComparison.OrdinalIgnoreCase);

        string log = _git.Run(bare, "log", "--format=%H|%P|%an|%ae|%aI|%cn|%s", "main");
        var expectedLog = view.Log("main").Select(c =>
            $"{c.Sha}|{string.Join(' ', c.Parents)}|{c.AuthorName}|{c.AuthorEmail}|{c.AuthorDate.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss}+00:00|{c.CommitterName}|{c.Message.Split('\n')[0]}");
        Assert.Equal(expectedLog, log.TrimEnd('\n').Split('\n'));
        Assert.Equal(new[] { "Add a note", "Back up Orders", "Initial commit" }, view.Log("main").Select(c => c.Message));

        Assert.Equal("note\n", _git.Run(bare, "show", "main:notes/today.txt"));
        Assert.Equal("A\tPostman Collections/orders.postman_collection.json\nD\tdocs/guide.md\nA\tvendor/lib\n",
            _git.Run(bare, "show", "--format=", "--name-status", first));
        Assert.Equal("ref: refs/heads/main", File.ReadAllText(Path.Combine(bare, "HEAD")).Trim());
        Assert.Equal(view.BranchSha("develop"), _git.Run(bare, "rev-parse", "develop").Trim());
        var files = view.ReadTree("main");
        Assert.Equal(
            files.Keys.OrderBy(k => k, StringComparer.Ordinal),
            _git.Run(bare, "ls-tree", "-r", "--name-only", "main").TrimEnd('\n').Split('\n').Where(p => p != "vendor/lib"));

        // A second export into the same folder follows moved and deleted refs.
        GitHubApi.EnsureStatus(await api.Delete(Repo + "/git/refs/heads/develop"), 204);
        server.ExportBareRepository("contoso", "api-backups", bare);
        Assert.NotEqual(0, _git.TryRun(bare, null, null, "rev-parse", "--verify", "--quiet", "refs/heads/develop").ExitCode);
    }

    [Fact]
    public async Task Empty_repository_exports_as_an_empty_bare_repository()
    {
        await using var server = await GitWorld.StartAsync();
        string bare = _git.PathOf("empty.git");

        server.ExportBareRepository("contoso", "empty", bare);

        Assert.Equal(0, _git.TryRun(bare, null, null, "fsck", "--strict").ExitCode);
        Assert.NotEqual(0, _git.TryRun(bare, null, null, "rev-parse", "--verify", "--quiet", "HEAD").ExitCode);
        Assert.Throws<ArgumentException>(() => server.ExportBareRepository("contoso", "nope", bare));
    }
}
