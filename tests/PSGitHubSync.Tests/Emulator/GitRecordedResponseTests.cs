using System.Text.Json;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>
/// The git and contents answers against the ones recorded from api.github.com (git-refs, create-file,
/// get-content): the same headers, the same accepted scopes, the same fields in the same order.
/// </summary>
public sealed class GitRecordedResponseTests
{
    private const string Repo = GitWorld.RepoPath;

    public static TheoryData<string, string, int> Recordings() => new()
    {
        { "git-refs", "GET", 200 },
        { "git-refs", "POST", 201 },
        { "git-refs", "PATCH", 200 },
        { "git-refs", "DELETE", 204 },
        { "create-file", "PUT", 201 },
        { "get-content", "GET", 200 },
    };

    [Theory]
    [MemberData(nameof(Recordings))]
    public async Task Answer_has_every_recorded_header_and_the_recorded_fields_in_order(string scenario, string method, int status)
    {
        var recorded = RecordedResponse.Find(scenario, method, status);
        await using var server = await GitWorld.StartAsync();
        var api = new GitHubApi(server.GitHubUrl);
        string head = await api.BranchShaAsync(Repo, "main");

        var response = (scenario, method) switch
        {
            ("git-refs", "GET") => await api.Get(Repo + "/git/refs/"),
            ("git-refs", "POST") => await api.Post(Repo + "/git/refs", new { @ref = "refs/heads/test", sha = head }),
            ("git-refs", "PATCH") => await api.Patch(Repo + "/git/refs/heads/develop", new { sha = head }),
            ("git-refs", "DELETE") => await api.Delete(Repo + "/git/refs/heads/develop"),
            ("create-file", "PUT") => await api.Put(Repo + "/contents/test.txt", new { message = "create test.txt", content = "VGVzdCBjb250ZW50" }),
            _ => await api.Get(Repo + "/contents/"),
        };

        Assert.Equal(status, (int)response.Status);
        var names = response.HeaderNames.ToHashSet(StringComparer.OrdinalIgnoreCase);
        // "connection: close" is the recording client's choice; a 204 has no length to send.
        var missing = recorded.Headers.Keys.Where(h => h is not ("connection" or "content-length") && !names.Contains(h)).ToArray();
        Assert.True(missing.Length == 0, "missing: " + string.Join(", ", missing));
        Assert.Equal(recorded.Headers["x-accepted-oauth-scopes"], response.Header("x-accepted-oauth-scopes"));
        if (status != 204)
        {
            Assert.Equal(recorded.Headers["content-type"], response.Header("content-type"));
            AssertSameFieldsInOrder(recorded.Body, response.Json, scenario);
        }
    }

    [Fact]
    public async Task Raw_file_answer_has_the_recorded_media_type_headers()
    {
        var recorded = RecordedResponse.Load("get-content").Single(r => r.Path.EndsWith("README.md", StringComparison.Ordinal));
        await using var server = await GitWorld.StartAsync();

        var response = await new GitHubApi(server.GitHubUrl).Get(Repo + "/contents/README.md", r =>
        {
            r.Headers.Accept.Clear();
            r.Headers.Accept.ParseAdd("application/vnd.github.v3.raw");
        });

        Assert.Equal("# api-backups\n", response.Body);
        Assert.Equal(recorded.Headers["content-type"], response.Header("content-type"));
        Assert.Equal(recorded.Headers["x-github-media-type"], response.Header("x-github-media-type"));
        Assert.NotNull(response.Header("last-modified"));
    }

    /// <summary>Every recorded field is there, in the recorded order (the emulator may send newer fields too).</summary>
    private static void AssertSameFieldsInOrder(JsonElement recorded, JsonElement emulated, string what)
    {
        if (recorded.ValueKind == JsonValueKind.Array)
        {
            Assert.Equal(JsonValueKind.Array, emulated.ValueKind);
            if (recorded.GetArrayLength() > 0)
            {
                Assert.True(emulated.GetArrayLength() > 0, what + " is empty");
                AssertSameFieldsInOrder(recorded[0], emulated[0], what + "[0]");
            }

            return;
        }

        if (recorded.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        Assert.Equal(JsonValueKind.Object, emulated.ValueKind);
        var expected = recorded.EnumerateObject().Select(p => p.Name).ToArray();
        var actual = emulated.EnumerateObject().Select(p => p.Name).ToArray();
        var absent = expected.Except(actual).ToArray();
        Assert.True(absent.Length == 0, $"{what} lacks {string.Join(", ", absent)}");
        Assert.Equal(expected, actual.Where(expected.Contains).ToArray());
        foreach (var name in expected)
        {
            AssertSameFieldsInOrder(recorded.GetProperty(name), emulated.GetProperty(name), what + "." + name);
        }
    }
}
