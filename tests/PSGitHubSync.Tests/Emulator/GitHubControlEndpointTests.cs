using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using PSGitHubSync.Emulator;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>
/// The GitHub control endpoints that Pester, the benchmark and users' scripts use when the emulator runs as a
/// process: faults, latency, rate limits, races, statistics, export and reading repositories.
/// </summary>
public sealed class GitHubControlEndpointTests : IDisposable
{
    private const string Repo = GitWorld.RepoPath;
    private readonly GitCli _git = new();

    public void Dispose() => _git.Dispose();

    [Fact]
    public async Task Faults_latency_and_rate_limits_are_injected_through_json()
    {
        await using var server = await GitWorld.StartAsync();
        var control = new GitHubApi(server.GitHubUrl, null);
        var api = new GitHubApi(server.GitHubUrl);

        var fault = await control.Post("/_emulator/faults", new { method = "GET", pathPattern = "/repos/*/git/ref/*", count = 1, status = 503, body = "{\"message\":\"Unavailable\"}", headers = new Dictionary<string, string> { ["Retry-After"] = "2" } });
        var faulted = await api.Get(Repo + "/git/ref/heads/main");
        var reset = await control.Post("/_emulator/faults", new { pathPattern = "/meta", kind = "connectionReset" });
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => api.Get("/meta"));
        var primary = await control.Post("/_emulator/rate-limit/primary", new { resetInSeconds = 5, count = 1 });
        var primaryLimited = await api.Get("/user");
        var secondary = await control.Post("/_emulator/rate-limit/secondary", new { retryAfterSeconds = 3 });
        var secondaryLimited = await api.Get("/user");
        var latency = await control.Post("/_emulator/latency", new { milliseconds = 250 });
        var watch = Stopwatch.StartNew();
        var slow = await api.Get("/user");
        watch.Stop();
        var cleared = await control.Delete("/_emulator/faults");
        var badRule = await control.Post("/_emulator/faults", new { status = 42 });
        var notJson = await control.Send(HttpMethod.Post, "/_emulator/latency", "nope");

        Assert.Equal(HttpStatusCode.NoContent, fault.Status);
        Assert.Equal((HttpStatusCode)503, faulted.Status);
        Assert.Equal("{\"message\":\"Unavailable\"}", faulted.Body);
        Assert.Equal("2", faulted.Header("Retry-After"));
        Assert.Equal(HttpStatusCode.NoContent, reset.Status);
        Assert.Equal(HttpStatusCode.NoContent, primary.Status);
        Assert.Equal("0", primaryLimited.Header("X-RateLimit-Remaining"));
        Assert.Equal(HttpStatusCode.NoContent, secondary.Status);
        Assert.Equal("3", secondaryLimited.Header("Retry-After"));
        Assert.Equal(HttpStatusCode.NoContent, latency.Status);
        Assert.True(watch.ElapsedMilliseconds >= 240, $"{watch.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.OK, slow.Status);
        Assert.Equal(HttpStatusCode.NoContent, cleared.Status);
        Assert.Equal(TimeSpan.Zero, server.Latency);
        Assert.Equal(HttpStatusCode.BadRequest, badRule.Status);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);
        // Control calls are neither logged nor counted.
        Assert.DoesNotContain(server.Requests, r => r.Path.StartsWith("/_emulator", StringComparison.Ordinal));
        Assert.Equal(5, server.Statistics.TotalRequests);
    }

    [Fact]
    public async Task Race_statistics_files_log_and_export_are_available_as_json()
    {
        await using var server = await GitWorld.StartAsync();
        var control = new GitHubApi(server.GitHubUrl, null);
        var api = new GitHubApi(server.GitHubUrl);

        var race = await control.Post("/_emulator/race", new { owner = "contoso", repo = "api-backups", branch = "main", path = "theirs.txt" });
        var unknownRace = await control.Post("/_emulator/race", new { owner = "contoso", repo = "nope", branch = "main" });
        await api.Put(Repo + "/contents/mine.txt", new { message = "mine", content = ContentsTests.Base64("mine\n") });
        var statistics = await control.Get("/_emulator/statistics");
        var files = await control.Get("/_emulator/repos/contoso/api-backups/branches/main/files");
        var log = await control.Get("/_emulator/repos/contoso/api-backups/log/main");
        var missingBranch = await control.Get("/_emulator/repos/contoso/api-backups/branches/nope/files");
        string directory = _git.PathOf("exported.git");
        var export = await control.Post("/_emulator/export", new { owner = "contoso", repo = "api-backups", directory });
        var cleared = await control.Delete("/_emulator/statistics");

        Assert.Equal(HttpStatusCode.NoContent, race.Status);
        Assert.Equal(HttpStatusCode.BadRequest, unknownRace.Status);
        Assert.Equal(1, statistics.Json.GetProperty("commitsCreated").GetInt32());
        Assert.Equal(1, statistics.Json.GetProperty("contentCreatingRequests").GetInt32());
        Assert.Equal(1, statistics.Json.GetProperty("requestsByEndpoint").GetProperty("PUT /repos/{owner}/{repo}/contents/{path}").GetInt32());
        Assert.Equal(1, statistics.Json.GetProperty("commitsCreatedByRepository").GetProperty("contoso/api-backups").GetInt32());
        Assert.Equal("mine\n", Encoding.UTF8.GetString(Convert.FromBase64String(files.Json.GetProperty("mine.txt").GetString()!)));
        Assert.True(files.Json.TryGetProperty("theirs.txt", out _));
        Assert.Equal(GitWorld.Files["docs/guide.md"], Encoding.UTF8.GetString(Convert.FromBase64String(files.Json.GetProperty("docs/guide.md").GetString()!)));
        var commits = log.Json.EnumerateArray().ToArray();
        Assert.Equal(new[] { "mine", "Initial commit" }, new[] { commits[0], commits[^1] }.Select(c => c.GetProperty("message").GetString()));
        Assert.Equal("Someone Else", commits[1].GetProperty("authorName").GetString());
        Assert.Equal(server.GetRepository("contoso", "api-backups").BranchSha("main"), commits[0].GetProperty("sha").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missingBranch.Status);
        Assert.Equal(HttpStatusCode.OK, export.Status);
        Assert.Equal(0, _git.TryRun(directory, null, null, "fsck", "--strict").ExitCode);
        Assert.Equal(commits[0].GetProperty("sha").GetString(), _git.Run(directory, "rev-parse", "main").Trim());
        Assert.Equal(HttpStatusCode.NoContent, cleared.Status);
        Assert.Equal(0, server.Statistics.CommitsCreated);
    }

    [Fact]
    public async Task The_content_creation_limit_is_set_at_run_time_and_refusals_are_counted()
    {
        await using var server = await GitWorld.StartAsync();   // starts with the limit off
        var control = new GitHubApi(server.GitHubUrl, null);
        var api = new GitHubApi(server.GitHubUrl);

        var set = await control.Post("/_emulator/rate-limit/content-creation", new { perMinute = 1 });
        var bad = await control.Post("/_emulator/rate-limit/content-creation", new { perMinute = -1 });
        var first = await api.Post(Repo + "/git/blobs", new { content = "a", encoding = "utf-8" });
        var second = await api.Post(Repo + "/git/blobs", new { content = "b", encoding = "utf-8" });
        var statistics = await control.Get("/_emulator/statistics");

        Assert.Equal(HttpStatusCode.NoContent, set.Status);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Forbidden, second.Status);
        Assert.NotNull(second.Header("Retry-After"));
        Assert.Equal(2, statistics.Json.GetProperty("contentCreatingRequests").GetInt32());
        Assert.Equal(1, statistics.Json.GetProperty("contentCreationRefused").GetInt32());
    }

    [Fact]
    public async Task A_commits_changes_list_added_modified_and_deleted_files_with_their_size_as_a_JSON_string()
    {
        await using var server = await GitWorld.StartAsync();
        var control = new GitHubApi(server.GitHubUrl, null);
        var api = new GitHubApi(server.GitHubUrl);
        string head = await api.BranchShaAsync(Repo, "main");
        string baseTree = server.GetRepository("contoso", "api-backups").Commit(head)!.TreeSha;
        var tree = await api.Post(Repo + "/git/trees", new
        {
            base_tree = baseTree,
            tree = new object?[]
            {
                new { path = "added.json", mode = "100644", type = "blob", content = "a\t\"b\"\n" },
                new { path = "Postman Collections/payments.postman_collection.json", mode = "100644", type = "blob", content = "{}\n" },
                new { path = "docs/guide.md", mode = "100644", type = "blob", sha = (string?)null },
            },
        });
        var commit = await api.Post(Repo + "/git/commits", new { message = "change", tree = GitHubApi.Sha(tree, 201), parents = new[] { head } });
        string sha = GitHubApi.Sha(commit, 201);

        var changes = await control.Get($"/_emulator/repos/contoso/api-backups/commits/{sha}/changes");
        var unknown = await control.Get("/_emulator/repos/contoso/api-backups/commits/0123456789012345678901234567890123456789/changes");

        Assert.Equal(HttpStatusCode.OK, changes.Status);
        var list = changes.Json.EnumerateArray().Select(c => (c.GetProperty("path").GetString(), c.GetProperty("status").GetString(), c.GetProperty("size").GetInt64(), c.GetProperty("jsonStringBytes").GetInt64())).ToArray();
        Assert.Equal(new (string?, string?, long, long)[]
        {
            ("Postman Collections/payments.postman_collection.json", "modified", 3, 4),
            ("added.json", "added", 6, 10),          // a \t \" b \" \n
            ("docs/guide.md", "removed", 0, 0),
        }, list);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Fact]
    public async Task Standalone_emulator_reads_git_configuration_from_json_and_serves_the_control_endpoints()
    {
        string configPath = _git.PathOf("config.json");
        File.WriteAllText(configPath, """
            {
              "users": [ { "login": "octocat", "id": 1, "name": "The Octocat", "email": "octocat@github.com" } ],
              "tokens": [ { "value": "ghp_Standalone000000000000000000000000001", "type": "classic", "login": "octocat", "scopes": ["repo"] } ],
              "repositories": [
                { "owner": "octocat", "name": "backups", "private": true, "files": { "a/b.txt": "b\n" }, "branches": ["develop"], "protectedBranches": ["develop"] },
                { "owner": "octocat", "name": "fresh", "empty": true }
              ],
              "gitHubLimits": { "contentCreationPerMinute": 1 }
            }
            """);
        using var emulator = StartProcess("--port", "0", "--config", configPath, "--no-stdin");
        try
        {
            string? first = await emulator.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.StartsWith("GitHub: ", first, StringComparison.Ordinal);
            var root = new Uri(first!["GitHub: ".Length..]);
            var api = new GitHubApi(root, "ghp_Standalone000000000000000000000000001");

            var branch = await api.Get("/repos/octocat/backups/branches/develop");
            var empty = await api.Get("/repos/octocat/fresh/git/ref/heads/main");
            var blob = await api.Post("/repos/octocat/backups/git/blobs", new { content = "x" });
            var limited = await api.Post("/repos/octocat/backups/git/blobs", new { content = "y" });
            var files = await api.Get("/_emulator/repos/octocat/backups/branches/main/files");
            var statistics = await api.Get("/_emulator/statistics");

            Assert.True(branch.Json.GetProperty("protected").GetBoolean());
            Assert.Equal(HttpStatusCode.Conflict, empty.Status);
            Assert.Equal(HttpStatusCode.Created, blob.Status);
            Assert.Equal(HttpStatusCode.Forbidden, limited.Status);
            Assert.NotNull(limited.Header("Retry-After"));
            Assert.Equal(new[] { "README.md", "a/b.txt" }, files.Json.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(4, statistics.Json.GetProperty("totalRequests").GetInt32());
        }
        finally
        {
            if (!emulator.HasExited)
            {
                emulator.Kill(entireProcessTree: true);
                emulator.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
    }

    private static Process StartProcess(params string[] arguments)
    {
        string assembly = Path.Combine(AppContext.BaseDirectory, "PSGitHubSync.Emulator.dll");
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path)
            ? path
            : Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }
}
