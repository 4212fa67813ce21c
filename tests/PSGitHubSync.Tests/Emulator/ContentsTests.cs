using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>The contents API: read files and directories at refs, create and update files, the first commit.</summary>
public sealed class ContentsTests
{
    private const string Repo = GitWorld.RepoPath;

    [Fact]
    public async Task File_comes_back_base64_with_links_that_escape_spaces()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        const string Path = "Postman Collections/payments.postman_collection.json";

        var response = await api.Get(Repo + "/contents/Postman%20Collections/payments.postman_collection.json");

        var body = response.Json;
        Assert.Equal("file", body.GetProperty("type").GetString());
        Assert.Equal(Path, body.GetProperty("path").GetString());
        Assert.Equal("payments.postman_collection.json", body.GetProperty("name").GetString());
        Assert.Equal("base64", body.GetProperty("encoding").GetString());
        Assert.Equal(GitWorld.Files[Path], Decode(body.GetProperty("content").GetString()!));
        Assert.Equal($"{server.GitHubUrl}repos/contoso/api-backups/contents/Postman%20Collections/payments.postman_collection.json?ref=main", body.GetProperty("url").GetString());
        Assert.Equal(body.GetProperty("sha").GetString(), body.GetProperty("git_url").GetString()!.Split('/')[^1]);
    }

    [Fact]
    public async Task Directory_is_an_array_and_ref_selects_branch_tag_or_sha()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        var put = await api.Put(Repo + "/contents/docs/new.md", new { message = "add", content = Base64("new\n"), branch = "develop" });
        GitHubApi.EnsureStatus(put, 201);
        string developSha = put.Json.GetProperty("commit").GetProperty("sha").GetString()!;

        var onMain = await api.Get(Repo + "/contents/docs");
        var onDevelop = await api.Get(Repo + "/contents/docs?ref=develop");
        var bySha = await api.Get(Repo + "/contents/docs?ref=" + developSha[..10]);
        var root = await api.Get(Repo + "/contents/");

        Assert.Equal(new[] { "docs/guide.md" }, Paths(onMain));
        Assert.Equal(new[] { "docs/guide.md", "docs/new.md" }, Paths(onDevelop));
        Assert.Equal(Paths(onDevelop), Paths(bySha));
        Assert.Equal(new[] { "dir", "file", "dir" }, root.Json.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.False(onDevelop.Json[0].TryGetProperty("content", out _));
    }

    [Fact]
    public async Task Missing_ref_file_and_empty_repository_are_404s_with_GitHubs_messages()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);

        var missingRef = await api.Get(Repo + "/contents/README.md?ref=nope");
        var missingFile = await api.Get(Repo + "/contents/nope.md");
        var empty = await api.Get("/repos/contoso/empty/contents/README.md");

        Assert.Equal("No commit found for the ref nope", GitRefsTests.Message(missingRef, 404));
        Assert.Equal("Not Found", GitRefsTests.Message(missingFile, 404));
        Assert.Equal("This repository is empty.", GitRefsTests.Message(empty, 404));
    }

    [Fact]
    public async Task Raw_media_type_answers_the_bytes_and_big_files_have_no_inline_content()
    {
        await using var server = await GitWorld.StartAsync(c => c.GitHubLimits.ContentsMaxInlineBytes = 10);
        var api = new GitHubApi(server.GitHubUrl);

        var raw = await api.Get(Repo + "/contents/docs/guide.md", r =>
        {
            r.Headers.Accept.Clear();
            r.Headers.Accept.ParseAdd("application/vnd.github.raw");
        });
        var big = await api.Get(Repo + "/contents/docs/guide.md");

        Assert.Equal(GitWorld.Files["docs/guide.md"], raw.Body);
        Assert.StartsWith("application/vnd.github.raw", raw.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("", big.Json.GetProperty("content").GetString());
        Assert.Equal("none", big.Json.GetProperty("encoding").GetString());
    }

    [Fact]
    public async Task Put_on_an_empty_repository_creates_its_first_commit()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        var view = server.GetRepository("contoso", "empty");

        var put = await api.Put("/repos/contoso/empty/contents/README.md", new { message = "Initialize", content = Base64("# empty\n") });

        Assert.Equal(HttpStatusCode.Created, put.Status);
        var commit = put.Json.GetProperty("commit");
        Assert.Equal(0, commit.GetProperty("parents").GetArrayLength());
        Assert.False(view.IsEmpty);
        Assert.Equal(commit.GetProperty("sha").GetString(), view.BranchSha("main"));
        Assert.Equal("# empty\n", Encoding.UTF8.GetString(view.ReadTree("main")["README.md"]));
        Assert.Equal(1, view.CommitCount);
        Assert.Equal("The Octocat", commit.GetProperty("author").GetProperty("name").GetString());
        // Git data works from now on.
        Assert.Equal(HttpStatusCode.OK, (await api.Get("/repos/contoso/empty/git/ref/heads/main")).Status);
    }

    [Fact]
    public async Task Updating_needs_the_current_sha_422_without_409_when_stale()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        string current = (await api.Get(Repo + "/contents/docs/guide.md")).Json.GetProperty("sha").GetString()!;

        var withoutSha = await api.Put(Repo + "/contents/docs/guide.md", new { message = "m", content = Base64("v2\n") });
        var stale = await api.Put(Repo + "/contents/docs/guide.md", new { message = "m", content = Base64("v2\n"), sha = new string('a', 40) });
        var updated = await api.Put(Repo + "/contents/docs/guide.md", new
        {
            message = "Update guide",
            content = Base64("v2\n"),
            sha = current,
            author = new { name = "Ada", email = "ada@example.com" },
        });
        var missingBranch = await api.Put(Repo + "/contents/x.txt", new { message = "m", content = Base64("x"), branch = "nope" });
        var notBase64 = await api.Put(Repo + "/contents/x.txt", new { message = "m", content = "***" });

        Assert.Equal("Invalid request.\n\n\"sha\" wasn't supplied.", GitRefsTests.Message(withoutSha, 422));
        Assert.Equal($"docs/guide.md does not match {new string('a', 40)}", GitRefsTests.Message(stale, 409));
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        var commit = updated.Json.GetProperty("commit");
        Assert.Equal("Ada", commit.GetProperty("author").GetProperty("name").GetString());
        Assert.Equal("The Octocat", commit.GetProperty("committer").GetProperty("name").GetString());
        Assert.Equal("Update guide", commit.GetProperty("message").GetString());
        Assert.Equal("v2\n", Encoding.UTF8.GetString(server.GetRepository("contoso", "api-backups").ReadTree("main")["docs/guide.md"]));
        Assert.Equal("Branch nope not found", GitRefsTests.Message(missingBranch, 404));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notBase64.Status);
    }

    internal static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64.Replace("\n", "", StringComparison.Ordinal)));

    private static string[] Paths(EmulatorResponse response) =>
        response.Json.EnumerateArray().Select(e => e.GetProperty("path").GetString()!).ToArray();
}
