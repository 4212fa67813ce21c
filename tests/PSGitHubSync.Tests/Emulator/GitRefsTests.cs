using System.Globalization;
using System.Net;
using System.Text.Json;
using Octokit;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>Refs (singular, plural, matching), ref updates, and who may write what — GitHub's answers and traps.</summary>
public sealed class GitRefsTests
{
    private const string Repo = GitWorld.RepoPath;

    [Fact]
    public async Task Singular_ref_is_404_when_missing_and_never_a_prefix_match()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);

        var exact = await api.Get(Repo + "/git/ref/heads/main");
        var prefix = await api.Get(Repo + "/git/ref/heads/ma");
        var missing = await api.Get(Repo + "/git/ref/heads/nope");

        Assert.Equal(HttpStatusCode.OK, exact.Status);
        Assert.Equal("refs/heads/main", exact.Json.GetProperty("ref").GetString());
        Assert.Equal("commit", exact.Json.GetProperty("object").GetProperty("type").GetString());
        Assert.Equal(server.GetRepository("contoso", "api-backups").BranchSha("main"), exact.Json.GetProperty("object").GetProperty("sha").GetString());
        Assert.Equal($"{server.GitHubUrl}repos/contoso/api-backups/git/refs/heads/main", exact.Json.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.NotFound, prefix.Status);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(
            """{"message":"Not Found","documentation_url":"https://docs.github.com/rest/git/refs#get-a-reference","status":"404"}""",
            missing.Body);
    }

    [Fact]
    public async Task Plural_refs_answers_the_object_for_an_exact_name_and_an_array_for_a_prefix()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        string head = await api.BranchShaAsync(Repo, "main");
        GitHubApi.EnsureStatus(await api.Post(Repo + "/git/refs", new { @ref = "refs/heads/main-backup", sha = head }), 201);

        var exact = await api.Get(Repo + "/git/refs/heads/main");
        var prefix = await api.Get(Repo + "/git/refs/heads/ma");
        var heads = await api.Get(Repo + "/git/refs/heads");
        var all = await api.Get(Repo + "/git/refs");
        var none = await api.Get(Repo + "/git/refs/heads/zzz");
        var matching = await api.Get(Repo + "/git/matching-refs/heads/main");
        var matchingNone = await api.Get(Repo + "/git/matching-refs/heads/zzz");

        Assert.Equal(JsonValueKind.Object, exact.Json.ValueKind);
        Assert.Equal(JsonValueKind.Array, prefix.Json.ValueKind);
        Assert.Equal(new[] { "refs/heads/main", "refs/heads/main-backup" }, Names(prefix));
        Assert.Equal(new[] { "refs/heads/develop", "refs/heads/main", "refs/heads/main-backup" }, Names(heads));
        Assert.Equal(Names(heads), Names(all));
        Assert.Equal(HttpStatusCode.NotFound, none.Status);
        Assert.Equal(new[] { "refs/heads/main", "refs/heads/main-backup" }, Names(matching));
        Assert.Equal("[]", matchingNone.Body);
    }

    [Fact]
    public async Task Octokit_reference_get_returns_null_for_a_prefix_match_instead_of_throwing()
    {
        await using var server = await GitWorld.StartAsync();
        var octokit = Octokit(server);

        var exact = await octokit.Git.Reference.Get("contoso", "api-backups", "heads/main");
        var prefix = await octokit.Git.Reference.Get("contoso", "api-backups", "heads/ma");

        Assert.Equal("refs/heads/main", exact.Ref);
        // The trap: GitHub's plural endpoint answers an array, Octokit deserializes it to null.
        Assert.Null(prefix);
        await Assert.ThrowsAsync<NotFoundException>(() => octokit.Git.Reference.Get("contoso", "api-backups", "heads/zzz"));
    }

    [Fact]
    public async Task Create_ref_answers_201_with_location_and_refuses_duplicates_bad_names_and_unknown_objects()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        string head = await api.BranchShaAsync(Repo, "main");

        var created = await api.Post(Repo + "/git/refs", new { @ref = "refs/heads/feature/x", sha = head });
        var duplicate = await api.Post(Repo + "/git/refs", new { @ref = "refs/heads/feature/x", sha = head });
        var shortName = await api.Post(Repo + "/git/refs", new { @ref = "heads/y", sha = head });
        var unknown = await api.Post(Repo + "/git/refs", new { @ref = "refs/heads/z", sha = new string('a', 40) });
        var missingSha = await api.Post(Repo + "/git/refs", new { @ref = "refs/heads/z" });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal($"{server.GitHubUrl}repos/contoso/api-backups/git/refs/heads/feature/x", created.Header("Location"));
        Assert.Equal(head, server.GetRepository("contoso", "api-backups").BranchSha("feature/x"));
        Assert.Equal("Reference already exists", Message(duplicate, 422));
        Assert.Equal("Reference name must start with 'refs/' and have at least two slashes.", Message(shortName, 422));
        Assert.Equal("Object does not exist", Message(unknown, 422));
        Assert.Equal("Invalid request.\n\n\"sha\" wasn't supplied.", Message(missingSha, 422));
        Assert.Equal("422", missingSha.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Update_and_delete_name_the_ref_without_refs_as_on_GitHub()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        string head = await api.BranchShaAsync(Repo, "main");

        var update = await api.Patch(Repo + "/git/refs/refs/heads/main", new { sha = head });
        var delete = await api.Delete(Repo + "/git/refs/refs/heads/main");

        // "refs/heads/main" in the route is the ref refs/refs/heads/main, which does not exist.
        Assert.Equal((HttpStatusCode)422, update.Status);
        Assert.Contains("Reference does not exist", update.Body, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode)422, delete.Status);
        Assert.Equal(head, await api.BranchShaAsync(Repo, "main"));
    }

    [Fact]
    public async Task Update_ref_refuses_a_non_fast_forward_with_422_unless_forced()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        var view = server.GetRepository("contoso", "api-backups");
        string initial = await api.BranchShaAsync(Repo, "main");
        string tree = view.Commit(initial)!.TreeSha;
        string next = GitHubApi.Sha(await api.Post(Repo + "/git/commits", new { message = "next", tree, parents = new[] { initial } }), 201);
        string sibling = GitHubApi.Sha(await api.Post(Repo + "/git/commits", new { message = "sibling", tree, parents = new[] { initial } }), 201);

        var fastForward = await api.Patch(Repo + "/git/refs/heads/main", new { sha = next });
        var backwards = await api.Patch(Repo + "/git/refs/heads/main", new { sha = initial });
        var sideways = await api.Patch(Repo + "/git/refs/heads/main", new { sha = sibling, force = false });
        Assert.Equal(next, view.BranchSha("main"));
        var forced = await api.Patch(Repo + "/git/refs/heads/main", new { sha = sibling, force = true });
        var missing = await api.Patch(Repo + "/git/refs/heads/nope", new { sha = sibling });
        var wrongType = await api.Patch(Repo + "/git/refs/heads/main", new { sha = 42 });

        Assert.Equal(HttpStatusCode.OK, fastForward.Status);
        Assert.Equal(next, fastForward.Json.GetProperty("object").GetProperty("sha").GetString());
        Assert.Equal("Update is not a fast forward", Message(backwards, 422));
        Assert.Equal("Update is not a fast forward", Message(sideways, 422));
        Assert.Equal("https://docs.github.com/rest/git/refs#update-a-reference", sideways.Json.GetProperty("documentation_url").GetString());
        Assert.Equal(HttpStatusCode.OK, forced.Status);
        Assert.Equal(sibling, view.BranchSha("main"));
        Assert.Equal("Reference does not exist", Message(missing, 422));
        Assert.Equal("Invalid request.\n\nFor 'properties/sha', 42 is not a string.", Message(wrongType, 422));
    }

    [Fact]
    public async Task Delete_ref_answers_204_then_422_and_bad_json_is_400()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);

        var deleted = await api.Delete(Repo + "/git/refs/heads/develop");
        var again = await api.Delete(Repo + "/git/refs/heads/develop");
        var badJson = await api.Send(HttpMethod.Post, Repo + "/git/refs", "{not json");

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal("", deleted.Body);
        Assert.Null(server.GetRepository("contoso", "api-backups").BranchSha("develop"));
        Assert.Equal("Reference does not exist", Message(again, 422));
        Assert.Equal("Problems parsing JSON", Message(badJson, 400));
    }

    [Fact]
    public async Task Empty_repository_answers_409_to_git_data_and_404_to_contents_and_branches()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        const string Empty = "/repos/contoso/empty";

        var responses = new[]
        {
            await api.Get(Empty + "/git/ref/heads/main"),
            await api.Get(Empty + "/git/refs"),
            await api.Get(Empty + "/git/matching-refs/heads"),
            await api.Get(Empty + "/git/trees/main"),
            await api.Post(Empty + "/git/blobs", new { content = "x" }),
            await api.Post(Empty + "/git/trees", new { tree = Array.Empty<object>() }),
            await api.Post(Empty + "/git/refs", new { @ref = "refs/heads/main", sha = new string('a', 40) }),
            await api.Get(Empty + "/commits"),
        };
        var contents = await api.Get(Empty + "/contents/README.md");
        var branch = await api.Get(Empty + "/branches/main");

        Assert.All(responses, r => Assert.Equal("Git Repository is empty.", Message(r, 409)));
        Assert.Equal("This repository is empty.", Message(contents, 404));
        Assert.Equal("Branch not found", Message(branch, 404));
        Assert.True(server.GetRepository("contoso", "empty").IsEmpty);
    }

    [Fact]
    public async Task Archived_repository_refuses_writes_with_403_but_reads()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);

        var read = await api.Get("/repos/contoso/docs/git/ref/heads/trunk");
        var blob = await api.Post("/repos/contoso/docs/git/blobs", new { content = "x" });
        var put = await api.Put("/repos/contoso/docs/contents/a.txt", new { message = "m", content = "eA==" });

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal("Repository was archived so is read-only.", Message(blob, 403));
        Assert.Equal("Repository was archived so is read-only.", Message(put, 403));
    }

    [Fact]
    public async Task Protected_branch_refuses_direct_updates_and_other_branches_do_not()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        const string Guarded = "/repos/contoso/guarded";
        var view = server.GetRepository("contoso", "guarded");
        string head = view.BranchSha("main")!;
        string next = GitHubApi.Sha(await api.Post(Guarded + "/git/commits", new { message = "x", tree = view.Commit(head)!.TreeSha, parents = new[] { head } }), 201);

        var main = await api.Patch(Guarded + "/git/refs/heads/main", new { sha = next });
        var develop = await api.Patch(Guarded + "/git/refs/heads/develop", new { sha = next });
        var contents = await api.Put(Guarded + "/contents/a.txt", new { message = "m", content = "eA==" });
        var delete = await api.Delete(Guarded + "/git/refs/heads/main");
        var branch = await api.Get(Guarded + "/branches/main");

        Assert.Equal("Protected branch update failed for refs/heads/main.", Message(main, 422));
        Assert.Equal(HttpStatusCode.OK, develop.Status);
        Assert.Equal("Protected branch update failed for refs/heads/main.", Message(contents, 409));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, delete.Status);
        Assert.Equal(head, view.BranchSha("main"));
        Assert.True(branch.Json.GetProperty("protected").GetBoolean());
        Assert.True(branch.Json.GetProperty("protection").GetProperty("enabled").GetBoolean());
        Assert.False((await api.Get(Guarded + "/branches/develop")).Json.GetProperty("protected").GetBoolean());
    }

    [Fact]
    public async Task Fine_grained_read_only_token_gets_403_on_writes_although_permissions_push_is_true()
    {
        await using var server = await GitWorld.StartAsync();
        var readOnly = new GitHubApi(server.GitHubUrl, TestWorld.FineGrained);
        string head = await readOnly.BranchShaAsync(Repo, "main");

        var repository = await readOnly.Get(Repo);
        var blob = await readOnly.Post(Repo + "/git/blobs", new { content = "x" });
        var update = await readOnly.Patch(Repo + "/git/refs/heads/main", new { sha = head });
        var put = await readOnly.Put(Repo + "/contents/x.txt", new { message = "m", content = "eA==" });

        Assert.True(repository.Json.GetProperty("permissions").GetProperty("push").GetBoolean());
        foreach (var refused in new[] { blob, update, put })
        {
            Assert.Equal("Resource not accessible by personal access token", Message(refused, 403));
        }

        Assert.Equal("contents=write", blob.Header("X-Accepted-GitHub-Permissions"));
    }

    [Fact]
    public async Task Write_refusals_follow_the_token_type()
    {
        await using var server = await GitWorld.StartAsync();
        var root = server.GitHubUrl;

        // A read collaborator's classic token: GitHub hides write endpoints (404), it does not say 403.
        var readCollaborator = await new GitHubApi(root, TestWorld.HubotClassic).Post(Repo + "/git/blobs", new { content = "x" });
        // A classic token without the repo scope on a public repository of its user: 404 too.
        var noScope = await new GitHubApi(root, TestWorld.ClassicNoScopes).Post("/repos/octocat/hello-world/git/blobs", new { content = "x" });
        var publicRepoScope = await new GitHubApi(root, TestWorld.ClassicPublicRepo).Post("/repos/octocat/hello-world/git/blobs", new { content = "x" });
        var anonymous = await new GitHubApi(root, null).Post("/repos/octocat/hello-world/git/blobs", new { content = "x" });
        var app = await new GitHubApi(root, TestWorld.App).Post(Repo + "/git/blobs", new { content = "x" });
        var appElsewhere = await new GitHubApi(root, TestWorld.App).Post("/repos/octocat/hello-world/git/blobs", new { content = "x" });
        var fineGrainedWrite = await new GitHubApi(root, TestWorld.FineGrainedAllContoso).Post(Repo + "/git/blobs", new { content = "x" });

        Assert.Equal("Not Found", Message(readCollaborator, 404));
        Assert.Equal("Not Found", Message(noScope, 404));
        Assert.Equal(HttpStatusCode.Created, publicRepoScope.Status);
        Assert.Equal("Requires authentication", Message(anonymous, 401));
        Assert.Equal(HttpStatusCode.Created, app.Status);
        Assert.Equal("Resource not accessible by integration", Message(appElsewhere, 403));
        Assert.Equal(HttpStatusCode.Created, fineGrainedWrite.Status);
    }

    [Fact]
    public async Task If_none_match_answers_304_and_does_not_count_against_the_rate_limit()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        var first = await api.Get(Repo + "/git/ref/heads/main");
        string etag = first.Header("ETag")!;

        var conditional = await api.Get(Repo + "/git/ref/heads/main", r => r.Headers.TryAddWithoutValidation("If-None-Match", etag));
        var contentsFirst = await api.Get(Repo + "/contents/docs/guide.md");
        var contentsConditional = await api.Get(Repo + "/contents/docs/guide.md", r => r.Headers.TryAddWithoutValidation("If-None-Match", contentsFirst.Header("ETag")));

        Assert.Equal(HttpStatusCode.NotModified, conditional.Status);
        Assert.Equal("", conditional.Body);
        Assert.Equal(Remaining(first), Remaining(conditional));
        Assert.Equal(HttpStatusCode.NotModified, contentsConditional.Status);
        Assert.Equal(Remaining(contentsFirst), Remaining(contentsConditional));
        Assert.Equal(Remaining(first) - 1, Remaining(contentsFirst));
    }

    internal static string Message(EmulatorResponse response, int status)
    {
        GitHubApi.EnsureStatus(response, status);
        return response.Json.GetProperty("message").GetString()!;
    }

    internal static GitHubClient Octokit(PSGitHubSync.Emulator.EmulatorServer server) =>
        new(new ProductHeaderValue("PSGitHubSync-Tests"), server.GitHubUrl) { Credentials = new Credentials(TestWorld.Classic) };

    private static string[] Names(EmulatorResponse response) =>
        response.Json.EnumerateArray().Select(r => r.GetProperty("ref").GetString()!).ToArray();

    private static int Remaining(EmulatorResponse response) =>
        int.Parse(response.Header("X-RateLimit-Remaining")!, CultureInfo.InvariantCulture);
}
