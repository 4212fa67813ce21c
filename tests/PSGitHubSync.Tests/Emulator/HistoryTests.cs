using System.Net;
using System.Text.RegularExpressions;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>Commits list (Link pagination, path filter), compare, tags, releases, branches.</summary>
public sealed class HistoryTests
{
    private const string Repo = GitWorld.RepoPath;

    private static readonly Regex LinkPart = new("<(?<url>[^>]+)>; rel=\"(?<rel>[a-z]+)\"");

    [Fact]
    public async Task Commits_list_is_newest_first_and_paginated_with_GitHubs_link_header()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        for (int i = 1; i <= 4; i++)
        {
            GitHubApi.EnsureStatus(await api.Put(Repo + $"/contents/notes/{i}.txt", new { message = $"note {i}", content = ContentsTests.Base64($"{i}\n") }), 201);
        }

        var first = await api.Get(Repo + "/commits?sha=main&per_page=2");
        var firstLinks = Links(first);
        var second = await api.Get(new Uri(firstLinks["next"]).PathAndQuery);
        var secondLinks = Links(second);
        var last = await api.Get(new Uri(firstLinks["last"]).PathAndQuery);

        Assert.Equal(new[] { "next", "last" }, firstLinks.Keys);
        Assert.Equal($"{server.GitHubUrl}repos/contoso/api-backups/commits?sha=main&per_page=2&page=2", firstLinks["next"]);
        Assert.EndsWith("page=3", firstLinks["last"], StringComparison.Ordinal);
        Assert.Equal(new[] { "prev", "next", "last", "first" }, secondLinks.Keys);
        Assert.EndsWith("page=1", secondLinks["first"], StringComparison.Ordinal);
        Assert.Equal(new[] { "prev", "first" }, Links(last).Keys);
        var listed = new[] { first, second, last }.SelectMany(Shas).ToArray();
        Assert.Equal(server.GetRepository("contoso", "api-backups").Log("main").Select(c => c.Sha), listed);
        Assert.Equal("note 4", first.Json[0].GetProperty("commit").GetProperty("message").GetString());
        Assert.Equal("Initial commit", last.Json[0].GetProperty("commit").GetProperty("message").GetString());
        // Commits whose email is a known user's carry that user.
        Assert.Equal("octocat", first.Json[0].GetProperty("author").GetProperty("login").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, last.Json[0].GetProperty("author").ValueKind);
        Assert.False((await api.Get(Repo + "/commits")).Headers.Contains("Link"));
    }

    [Fact]
    public async Task Commits_list_filters_by_path_and_starts_at_sha()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        string guide = (await api.Get(Repo + "/contents/docs/guide.md")).Json.GetProperty("sha").GetString()!;
        GitHubApi.EnsureStatus(await api.Put(Repo + "/contents/docs/guide.md", new { message = "guide v2", content = ContentsTests.Base64("v2\n"), sha = guide }), 200);
        GitHubApi.EnsureStatus(await api.Put(Repo + "/contents/other.txt", new { message = "other", content = ContentsTests.Base64("o\n") }), 201);

        var guideHistory = await api.Get(Repo + "/commits?path=docs/guide.md");
        var docsHistory = await api.Get(Repo + "/commits?path=docs");
        var develop = await api.Get(Repo + "/commits?sha=develop");
        var unknown = await api.Get(Repo + "/commits?sha=nope");

        Assert.Equal(new[] { "guide v2", "Initial commit" }, Messages(guideHistory));
        Assert.Equal(Messages(guideHistory), Messages(docsHistory));
        Assert.Equal(new[] { "Initial commit" }, Messages(develop));
        Assert.Equal("No commit found for SHA: nope", GitRefsTests.Message(unknown, 404));
    }

    [Fact]
    public async Task Compare_reports_ahead_behind_diverged_identical_with_commits_and_files()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        GitHubApi.EnsureStatus(await api.Put(Repo + "/contents/a.txt", new { message = "add a", content = ContentsTests.Base64("1\n2\n"), branch = "develop" }), 201);
        string guide = (await api.Get(Repo + "/contents/docs/guide.md")).Json.GetProperty("sha").GetString()!;
        GitHubApi.EnsureStatus(await api.Put(Repo + "/contents/docs/guide.md", new { message = "edit guide", content = ContentsTests.Base64("# Guide\n\nChanged.\nMore.\n"), sha = guide, branch = "develop" }), 200);

        var ahead = await api.Get(Repo + "/compare/main...develop");
        var behind = await api.Get(Repo + "/compare/develop...main");
        var identical = await api.Get(Repo + "/compare/main...main");
        GitHubApi.EnsureStatus(await api.Put(Repo + "/contents/b.txt", new { message = "add b", content = ContentsTests.Base64("b\n") }), 201);
        var diverged = await api.Get(Repo + "/compare/main..develop");
        var unknown = await api.Get(Repo + "/compare/main...nope");

        Assert.Equal("ahead", ahead.Json.GetProperty("status").GetString());
        Assert.Equal(2, ahead.Json.GetProperty("ahead_by").GetInt32());
        Assert.Equal(0, ahead.Json.GetProperty("behind_by").GetInt32());
        Assert.Equal(new[] { "add a", "edit guide" }, ahead.Json.GetProperty("commits").EnumerateArray().Select(c => c.GetProperty("commit").GetProperty("message").GetString()));
        var files = ahead.Json.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("filename").GetString()!);
        Assert.Equal("added", files["a.txt"].GetProperty("status").GetString());
        Assert.Equal(2, files["a.txt"].GetProperty("additions").GetInt32());
        Assert.Equal("modified", files["docs/guide.md"].GetProperty("status").GetString());
        Assert.Equal(2, files["docs/guide.md"].GetProperty("additions").GetInt32());
        Assert.Equal(1, files["docs/guide.md"].GetProperty("deletions").GetInt32());
        Assert.Equal("behind", behind.Json.GetProperty("status").GetString());
        Assert.Equal(2, behind.Json.GetProperty("behind_by").GetInt32());
        Assert.Equal("identical", identical.Json.GetProperty("status").GetString());
        Assert.Equal("diverged", diverged.Json.GetProperty("status").GetString());
        Assert.Equal(
            server.GetRepository("contoso", "api-backups").Log("develop").Last().Sha,
            diverged.Json.GetProperty("merge_base_commit").GetProperty("sha").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Fact]
    public async Task Releases_create_their_tag_are_found_by_tag_and_refuse_a_duplicate_tag_name()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        var view = server.GetRepository("contoso", "api-backups");

        var created = await api.Post(Repo + "/releases", new { tag_name = "v1.0.0", target_commitish = "develop", name = "First", body = "Notes" });
        var duplicate = await api.Post(Repo + "/releases", new { tag_name = "v1.0.0" });
        var byTag = await api.Get(Repo + "/releases/tags/v1.0.0");
        var missing = await api.Get(Repo + "/releases/tags/v9");
        var second = await api.Post(Repo + "/releases", new { tag_name = "v1.1.0", prerelease = true });
        var list = await api.Get(Repo + "/releases");
        var tags = await api.Get(Repo + "/tags");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        long id = created.Json.GetProperty("id").GetInt64();
        Assert.Equal($"{server.GitHubUrl}repos/contoso/api-backups/releases/{id}", created.Header("Location"));
        Assert.Equal("octocat", created.Json.GetProperty("author").GetProperty("login").GetString());
        Assert.Equal(view.BranchSha("develop"), view.Refs["refs/tags/v1.0.0"]);
        Assert.Equal("Validation Failed", GitRefsTests.Message(duplicate, 422));
        var error = Assert.Single(duplicate.Json.GetProperty("errors").EnumerateArray());
        Assert.Equal("already_exists", error.GetProperty("code").GetString());
        Assert.Equal("tag_name", error.GetProperty("field").GetString());
        Assert.Equal("Release", error.GetProperty("resource").GetString());
        Assert.Equal(id, byTag.Json.GetProperty("id").GetInt64());
        Assert.Equal("Notes", byTag.Json.GetProperty("body").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.True(second.Json.GetProperty("prerelease").GetBoolean());
        Assert.Equal(new[] { "v1.1.0", "v1.0.0" }, list.Json.EnumerateArray().Select(r => r.GetProperty("tag_name").GetString()));
        Assert.Equal(new[] { "v1.1.0", "v1.0.0" }, tags.Json.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(view.BranchSha("develop"), tags.Json[1].GetProperty("commit").GetProperty("sha").GetString());
    }

    [Fact]
    public async Task Tags_list_peels_annotated_tags_and_paginates()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        string head = await api.BranchShaAsync(Repo, "main");
        string tagObject = GitHubApi.Sha(await api.Post(Repo + "/git/tags", new { tag = "annotated", message = "m", @object = head, type = "commit" }), 201);
        GitHubApi.EnsureStatus(await api.Post(Repo + "/git/refs", new { @ref = "refs/tags/annotated", sha = tagObject }), 201);
        GitHubApi.EnsureStatus(await api.Post(Repo + "/git/refs", new { @ref = "refs/tags/light", sha = head }), 201);

        var page1 = await api.Get(Repo + "/tags?per_page=1");
        var page2 = await api.Get(Repo + "/tags?per_page=1&page=2");

        Assert.Equal("light", page1.Json[0].GetProperty("name").GetString());
        Assert.Equal("annotated", page2.Json[0].GetProperty("name").GetString());
        Assert.Equal(head, page2.Json[0].GetProperty("commit").GetProperty("sha").GetString());
        Assert.Contains("rel=\"next\"", page1.Header("Link"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Branch_has_its_commit_and_tree_and_missing_branch_is_404_branch_not_found()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        var view = server.GetRepository("contoso", "api-backups");
        GitHubApi.EnsureStatus(await api.Post(Repo + "/git/refs", new { @ref = "refs/heads/feature/nested", sha = view.BranchSha("main") }), 201);

        var branch = await api.Get(Repo + "/branches/main");
        var nested = await api.Get(Repo + "/branches/feature/nested");
        var missing = await api.Get(Repo + "/branches/nope");

        string sha = view.BranchSha("main")!;
        Assert.Equal(sha, branch.Json.GetProperty("commit").GetProperty("sha").GetString());
        Assert.Equal(view.Commit(sha)!.TreeSha, branch.Json.GetProperty("commit").GetProperty("commit").GetProperty("tree").GetProperty("sha").GetString());
        Assert.False(branch.Json.GetProperty("protected").GetBoolean());
        Assert.Equal("feature/nested", nested.Json.GetProperty("name").GetString());
        Assert.Equal(
            """{"message":"Branch not found","documentation_url":"https://docs.github.com/rest/branches/branches#get-a-branch","status":"404"}""",
            missing.Body);
    }

    private static Dictionary<string, string> Links(EmulatorResponse response)
    {
        string header = response.Header("Link") ?? throw new Xunit.Sdk.XunitException("No Link header.");
        return LinkPart.Matches(header).ToDictionary(m => m.Groups["rel"].Value, m => m.Groups["url"].Value);
    }

    private static IEnumerable<string> Shas(EmulatorResponse response) =>
        response.Json.EnumerateArray().Select(c => c.GetProperty("sha").GetString()!).ToArray();

    private static string[] Messages(EmulatorResponse response) =>
        response.Json.EnumerateArray().Select(c => c.GetProperty("commit").GetProperty("message").GetString()!).ToArray();
}
