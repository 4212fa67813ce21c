using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using PSGitHubSync.Emulator;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>Injected faults, latency, rate limits, GitHub's size and content-creation limits, the ref race.</summary>
public sealed class FaultTests
{
    private const string Repo = GitWorld.RepoPath;

    [Fact]
    public async Task Latency_delays_every_api_request()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        await api.Get("/meta");

        server.Latency = TimeSpan.FromMilliseconds(300);
        var slow = Stopwatch.StartNew();
        await api.Get("/meta");
        slow.Stop();
        server.Latency = TimeSpan.Zero;
        var fast = Stopwatch.StartNew();
        await api.Get("/meta");
        fast.Stop();

        Assert.True(slow.ElapsedMilliseconds >= 290, $"{slow.ElapsedMilliseconds} ms");   // the injected latency was applied
        Assert.Equal(TimeSpan.Zero, server.Latency);
    }

    [Fact]
    public async Task Status_faults_answer_count_times_for_matching_method_and_path_with_GitHubs_headers()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.EnterpriseApiUrl);
        server.InjectFault(new FaultRule { Method = "POST", PathPattern = "/repos/*/git/trees", Count = 2, Status = 502 });
        var tree = new { tree = new[] { new { path = "a.txt", mode = "100644", type = "blob", content = "a" } } };

        var get = await api.Get(Repo + "/git/trees/main");
        var first = await api.Post(Repo + "/git/trees", tree);
        var second = await api.Post(Repo + "/git/trees", tree);
        var third = await api.Post(Repo + "/git/trees", tree);

        Assert.Equal(HttpStatusCode.OK, get.Status);
        Assert.Equal(HttpStatusCode.BadGateway, first.Status);
        Assert.Equal("Bad Gateway", first.Json.GetProperty("message").GetString());
        Assert.Equal("502", first.Json.GetProperty("status").GetString());
        Assert.NotNull(first.Header("X-GitHub-Request-Id"));
        Assert.NotNull(first.Header("X-RateLimit-Remaining"));
        Assert.Equal(HttpStatusCode.BadGateway, second.Status);
        Assert.Equal(HttpStatusCode.Created, third.Status);
        Assert.Equal(new[] { 502, 502, 201 }, server.Requests.Where(r => r.Method == "POST").Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Status_faults_send_the_given_body_and_headers()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        server.InjectFault(new FaultRule
        {
            PathPattern = "/user",
            Status = 401,
            Body = """{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}""",
            Headers = { ["WWW-Authenticate"] = "token", ["X-Custom"] = "1" },
        });
        server.InjectFault(new FaultRule { PathPattern = "/meta", Status = 500 });

        var unauthorized = await api.Get("/user");
        var serverError = await api.Get("/meta");
        var after = await api.Get("/user");

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.Status);
        Assert.Equal("Bad credentials", unauthorized.Json.GetProperty("message").GetString());
        Assert.Equal("token", unauthorized.Header("WWW-Authenticate"));
        Assert.Equal("1", unauthorized.Header("X-Custom"));
        Assert.Equal(HttpStatusCode.InternalServerError, serverError.Status);
        Assert.Equal(HttpStatusCode.OK, after.Status);
    }

    [Fact]
    public async Task Connection_reset_fault_fails_the_request_without_an_answer()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        server.InjectFault(new FaultRule { Method = "GET", PathPattern = "/repos/contoso/*", Kind = FaultKind.ConnectionReset });

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => api.Get(Repo));
        var next = await api.Get(Repo);

        Assert.Equal(HttpStatusCode.OK, next.Status);
        Assert.Equal(0, server.Requests[0].StatusCode);
    }

    [Fact]
    public async Task Timeout_fault_never_answers_so_the_client_times_out()
    {
        await using var server = await GitWorld.StartAsync();
        server.InjectFault(new FaultRule { PathPattern = "/meta", Kind = FaultKind.Timeout });
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMilliseconds(500) };

        // No answer at all (not an error status): only the client's own timeout ends the request.
        await Assert.ThrowsAsync<TaskCanceledException>(() => client.GetAsync(new Uri(server.GitHubUrl, "meta")));
        // The fault was for one request; the next is answered (a patient client, so a loaded machine cannot fail it).
        using var patient = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(60) };
        using var next = await patient.GetAsync(new Uri(server.GitHubUrl, "meta"));

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Injected_primary_rate_limit_answers_403_with_remaining_0_and_the_reset_then_recovers()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        server.InjectPrimaryRateLimit(TimeSpan.FromSeconds(30), count: 2);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var first = await api.Get(Repo);
        var second = await api.Post(Repo + "/git/blobs", new { content = "x" });
        var third = await api.Get(Repo);

        foreach (var limited in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.Forbidden, limited.Status);
            Assert.Equal("0", limited.Header("X-RateLimit-Remaining"));
            Assert.InRange(long.Parse(limited.Header("X-RateLimit-Reset")!, CultureInfo.InvariantCulture), now + 29, now + 32);
            Assert.StartsWith("API rate limit exceeded for user ID 1.", limited.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, third.Status);
        Assert.NotEqual("0", third.Header("X-RateLimit-Remaining"));
        Assert.Equal(0, server.GetRepository("contoso", "api-backups").CommitCount);
    }

    [Fact]
    public async Task Injected_secondary_rate_limit_answers_GitHubs_403_with_retry_after()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        server.InjectSecondaryRateLimit(retryAfterSeconds: 7);

        var limited = await api.Get(Repo);
        var next = await api.Get(Repo);

        Assert.Equal(HttpStatusCode.Forbidden, limited.Status);
        Assert.Equal("7", limited.Header("Retry-After"));
        string requestId = limited.Header("X-GitHub-Request-Id")!;
        Assert.Equal(
            "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID "
            + requestId
            + ".\",\"documentation_url\":\"https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits\",\"status\":\"403\"}",
            limited.Body);
        Assert.NotEqual("0", limited.Header("X-RateLimit-Remaining"));
        Assert.Equal(HttpStatusCode.OK, next.Status);
    }

    [Fact]
    public async Task Content_creation_limit_is_on_by_default_with_80_a_minute_per_token()
    {
        Assert.Equal(80, new EmulatorConfig().GitHubLimits.ContentCreationPerMinute);
        await using var server = await GitWorld.StartAsync(c => c.GitHubLimits.ContentCreationPerMinute = 80);
        var api = new GitHubApi(server.GitHubUrl);

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 80; i++)
        {
            statuses.Add((await api.Post(Repo + "/git/blobs", new { content = i.ToString(CultureInfo.InvariantCulture) })).Status);
        }

        var refused = await api.Put(Repo + "/contents/x.txt", new { message = "m", content = "eA==" });
        var read = await api.Get(Repo + "/git/ref/heads/main");
        var otherToken = await new GitHubApi(server.GitHubUrl, TestWorld.FineGrainedAllContoso).Post(Repo + "/git/blobs", new { content = "x" });

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.StartsWith("You have exceeded a secondary rate limit.", refused.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.InRange(int.Parse(refused.Header("Retry-After")!, CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(HttpStatusCode.Created, otherToken.Status);
        Assert.Equal(82, server.Statistics.ContentCreatingRequests);
        Assert.Equal(81, server.Statistics.BlobsCreated);
    }

    [Fact]
    public async Task Create_tree_bodies_over_the_limit_get_502_like_GitHubs_gateway()
    {
        await using var server = await GitWorld.StartAsync(c => c.GitHubLimits.CreateTreeMaxBodyBytes = 64 * 1024);
        var api = new GitHubApi(server.GitHubUrl);
        object Tree(int size) => new { tree = new[] { new { path = "big.json", mode = "100644", type = "blob", content = new string('x', size) } } };

        var tooLarge = await api.Post(Repo + "/git/trees", Tree(100 * 1024));
        var fits = await api.Post(Repo + "/git/trees", Tree(10 * 1024));

        Assert.Equal(HttpStatusCode.BadGateway, tooLarge.Status);
        Assert.Equal(HttpStatusCode.Created, fits.Status);
        Assert.Equal(7L * 1024 * 1024, new GitHubLimits().CreateTreeMaxBodyBytes);
    }

    [Fact]
    public async Task Blobs_over_the_size_limit_are_refused_with_422()
    {
        await using var server = await GitWorld.StartAsync(c => c.GitHubLimits.MaxBlobBytes = 1000);
        var api = new GitHubApi(server.GitHubUrl);

        var tooLarge = await api.Post(Repo + "/git/blobs", new { content = Convert.ToBase64String(new byte[1001]), encoding = "base64" });
        var fits = await api.Post(Repo + "/git/blobs", new { content = Convert.ToBase64String(new byte[1000]), encoding = "base64" });

        Assert.Equal("Validation Failed", GitRefsTests.Message(tooLarge, 422));
        Assert.Equal("too_large", tooLarge.Json.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, fits.Status);
        Assert.Equal(100L * 1024 * 1024, new GitHubLimits().MaxBlobBytes);
    }

    [Fact]
    public async Task Ref_race_lands_someone_elses_commit_so_the_update_is_not_a_fast_forward_and_it_stays()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        var view = server.GetRepository("contoso", "api-backups");
        const string Path = "Postman Collections/payments.postman_collection.json";
        string head = view.BranchSha("main")!;
        string tree = GitHubApi.Sha(await api.Post(Repo + "/git/trees", new
        {
            base_tree = view.Commit(head)!.TreeSha,
            tree = new[] { new { path = "mine.txt", mode = "100644", type = "blob", content = "mine\n" } },
        }), 201);
        string mine = GitHubApi.Sha(await api.Post(Repo + "/git/commits", new { message = "mine", tree, parents = new[] { head } }), 201);
        server.InjectRefRace("contoso", "api-backups", "main", Path);

        var refused = await api.Patch(Repo + "/git/refs/heads/main", new { sha = mine });

        Assert.Equal("Update is not a fast forward", GitRefsTests.Message(refused, 422));
        var theirs = view.Log("main")[0];
        Assert.Equal(("Someone Else", "someone@example.com"), (theirs.AuthorName, theirs.AuthorEmail));
        Assert.Equal(new[] { head }, theirs.Parents);
        Assert.NotEqual(GitWorld.Files[Path], Encoding.UTF8.GetString(view.ReadTree("main")[Path]));

        // The client rebuilds on the new head and retries: both commits are in history.
        string rebuiltTree = GitHubApi.Sha(await api.Post(Repo + "/git/trees", new
        {
            base_tree = theirs.TreeSha,
            tree = new[] { new { path = "mine.txt", mode = "100644", type = "blob", content = "mine\n" } },
        }), 201);
        string rebuilt = GitHubApi.Sha(await api.Post(Repo + "/git/commits", new { message = "mine again", tree = rebuiltTree, parents = new[] { theirs.Sha } }), 201);
        Assert.Equal(HttpStatusCode.OK, (await api.Patch(Repo + "/git/refs/heads/main", new { sha = rebuilt })).Status);
        Assert.Equal(new[] { "mine again", theirs.Message, "Initial commit" }, view.Log("main").Select(c => c.Message));
        Assert.Equal(2, view.CommitCount);
    }

    [Fact]
    public async Task Ref_race_also_hits_a_contents_put_and_defaults_to_race_txt()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        var view = server.GetRepository("contoso", "api-backups");
        server.InjectRefRace("contoso", "api-backups", "develop");

        var put = await api.Put(Repo + "/contents/mine.txt", new { message = "mine", content = "eA==", branch = "develop" });

        Assert.Equal(HttpStatusCode.Created, put.Status);
        var log = view.Log("develop");
        Assert.Equal("Someone Else", log[1].AuthorName);
        Assert.Contains("race.txt", view.ReadTree("develop").Keys);
        Assert.Contains("mine.txt", view.ReadTree("develop").Keys);
        Assert.Throws<ArgumentException>(() => server.InjectRefRace("contoso", "nope", "main"));
    }

    [Fact]
    public async Task Statistics_count_requests_per_endpoint_commits_blobs_and_content_creation_and_reset()
    {
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        var enterprise = new GitHubApi(server.EnterpriseApiUrl);
        string head = await api.BranchShaAsync(Repo, "main");
        await api.CreateBlobAsync(Repo, "a");
        await enterprise.CreateBlobAsync(Repo, "b");
        string tree = GitHubApi.Sha(await api.Post(Repo + "/git/trees", new { tree = new[] { new { path = "a", mode = "100644", type = "blob", content = "a" } } }), 201);
        string commit = GitHubApi.Sha(await api.Post(Repo + "/git/commits", new { message = "m", tree, parents = new[] { head } }), 201);
        await api.Patch(Repo + "/git/refs/heads/main", new { sha = commit });
        await api.Put(Repo + "/contents/c.txt", new { message = "c", content = "Yw==" });
        await api.Get("/no/such/path");
        await EmulatorHttp.GetAsync(server.GitHubUrl, "/_emulator/statistics");

        var statistics = server.Statistics;

        Assert.Equal(8, statistics.TotalRequests);
        Assert.Equal(2, statistics.Requests("POST /repos/{owner}/{repo}/git/blobs"));
        Assert.Equal(1, statistics.Requests("GET /repos/{owner}/{repo}/git/ref/{ref}"));
        Assert.Equal(1, statistics.Requests("POST /repos/{owner}/{repo}/git/trees"));
        Assert.Equal(1, statistics.Requests("PATCH /repos/{owner}/{repo}/git/refs/{ref}"));
        Assert.Equal(1, statistics.Requests("PUT /repos/{owner}/{repo}/contents/{path}"));
        Assert.Equal(1, statistics.Requests("GET (unknown)"));
        Assert.Equal(2, statistics.CommitsCreated);
        Assert.Equal(2, statistics.CommitsCreatedByRepository["contoso/api-backups"]);
        Assert.Equal(2, statistics.BlobsCreated);
        Assert.Equal(5, statistics.ContentCreatingRequests);

        server.ResetStatistics();

        Assert.Equal(0, server.Statistics.TotalRequests);
        Assert.Empty(server.Statistics.RequestsByEndpoint);
        Assert.Equal(0, server.Statistics.CommitsCreated);
        Assert.Equal(2, server.GetRepository("contoso", "api-backups").CommitCount);
    }
}
