using System.Globalization;
using System.Net;
using PSGitHubSync.Emulator;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>GitHub's primary rate limit: per token (or per address when anonymous), /rate_limit free.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Remaining_decrements_per_request_and_per_token()
    {
        await using var server = await TestWorld.StartAsync();

        var remaining = new List<int>();
        for (int i = 0; i < 3; i++)
        {
            remaining.Add(Remaining(await EmulatorHttp.GetAsync(server.GitHubUrl, "/user", TestWorld.Classic)));
        }

        var otherToken = await EmulatorHttp.GetAsync(server.GitHubUrl, "/user", TestWorld.OAuth);
        var fourth = await EmulatorHttp.GetAsync(server.GitHubUrl, "/meta", TestWorld.Classic);

        Assert.Equal(new[] { 4999, 4998, 4997 }, remaining);
        Assert.Equal(4999, Remaining(otherToken));
        Assert.Equal(4996, Remaining(fourth));
        Assert.Equal("4", fourth.Header("X-RateLimit-Used"));
    }

    [Fact]
    public async Task Anonymous_callers_get_60_an_hour()
    {
        await using var server = await TestWorld.StartAsync();

        var first = await EmulatorHttp.GetAsync(server.GitHubUrl, "/repos/octocat/hello-world");
        var second = await EmulatorHttp.GetAsync(server.GitHubUrl, "/meta");

        Assert.Equal("60", first.Header("X-RateLimit-Limit"));
        Assert.Equal(59, Remaining(first));
        Assert.Equal(58, Remaining(second));
    }

    [Fact]
    public async Task Error_answers_count_too()
    {
        await using var server = await TestWorld.StartAsync();

        var notFound = await EmulatorHttp.GetAsync(server.GitHubUrl, "/repos/contoso/secret", TestWorld.Classic);
        var next = await EmulatorHttp.GetAsync(server.GitHubUrl, "/user", TestWorld.Classic);

        Assert.Equal(HttpStatusCode.NotFound, notFound.Status);
        Assert.Equal(4999, Remaining(notFound));
        Assert.Equal(4998, Remaining(next));
    }

    [Fact]
    public async Task Rate_limit_endpoint_does_not_count_and_reports_the_core_numbers()
    {
        await using var server = await TestWorld.StartAsync();
        await EmulatorHttp.GetAsync(server.GitHubUrl, "/user", TestWorld.Classic);
        await EmulatorHttp.GetAsync(server.GitHubUrl, "/user", TestWorld.Classic);

        var first = await EmulatorHttp.GetAsync(server.GitHubUrl, "/rate_limit", TestWorld.Classic);
        var second = await EmulatorHttp.GetAsync(server.GitHubUrl, "/rate_limit", TestWorld.Classic);

        Assert.Equal(4998, Remaining(first));
        Assert.Equal(4998, Remaining(second));
        var core = second.Json.GetProperty("resources").GetProperty("core");
        Assert.Equal(5000, core.GetProperty("limit").GetInt32());
        Assert.Equal(2, core.GetProperty("used").GetInt32());
        Assert.Equal(4998, core.GetProperty("remaining").GetInt32());
        Assert.Equal(second.Header("X-RateLimit-Reset"), core.GetProperty("reset").GetInt64().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(core.GetRawText(), second.Json.GetProperty("rate").GetRawText());
    }

    [Fact]
    public async Task Reset_is_the_same_epoch_second_for_the_whole_window()
    {
        await using var server = await TestWorld.StartAsync();

        var first = await EmulatorHttp.GetAsync(server.GitHubUrl, "/user", TestWorld.Classic);
        await Task.Delay(1100);
        var second = await EmulatorHttp.GetAsync(server.GitHubUrl, "/user", TestWorld.Classic);

        Assert.Equal(first.Header("X-RateLimit-Reset"), second.Header("X-RateLimit-Reset"));
    }

    [Fact]
    public async Task Used_up_limit_answers_403_with_remaining_zero()
    {
        var config = TestWorld.Config();
        config.Tokens.Add(new EmulatorToken { Value = "ghp_Tiny", Login = "octocat", Scopes = { "repo" }, RateLimit = 2 });
        await using var server = await EmulatorServer.StartAsync(config);

        var first = await EmulatorHttp.GetAsync(server.GitHubUrl, "/user", "ghp_Tiny");
        var second = await EmulatorHttp.GetAsync(server.GitHubUrl, "/user", "ghp_Tiny");
        var third = await EmulatorHttp.GetAsync(server.EnterpriseApiUrl, "/repos/octocat/hello-world", "ghp_Tiny");
        var rateLimit = await EmulatorHttp.GetAsync(server.GitHubUrl, "/rate_limit", "ghp_Tiny");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(HttpStatusCode.Forbidden, third.Status);
        Assert.Equal("0", third.Header("X-RateLimit-Remaining"));
        Assert.Equal("2", third.Header("X-RateLimit-Used"));
        Assert.StartsWith("API rate limit exceeded for user ID 1.", third.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("403", third.Json.GetProperty("status").GetString());
        Assert.Empty(OpenApiDescription.Validate(OpenApiDescription.Enterprise.ResponseSchema("GET", "/repos/{owner}/{repo}", 403), third.Json));
        // /rate_limit still answers when the limit is used up.
        Assert.Equal(HttpStatusCode.OK, rateLimit.Status);
        Assert.Equal(0, rateLimit.Json.GetProperty("rate").GetProperty("remaining").GetInt32());
    }

    [Fact]
    public async Task Anonymous_limit_used_up_says_so_and_suggests_authenticating()
    {
        var config = TestWorld.Config();
        config.AnonymousRateLimit = 1;
        await using var server = await EmulatorServer.StartAsync(config);

        await EmulatorHttp.GetAsync(server.GitHubUrl, "/meta");
        var refused = await EmulatorHttp.GetAsync(server.GitHubUrl, "/meta");
        var authenticated = await EmulatorHttp.GetAsync(server.GitHubUrl, "/meta", TestWorld.Classic);

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("Authenticated requests get a higher rate limit", refused.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, authenticated.Status);
    }

    [Fact]
    public async Task Not_modified_answers_do_not_count()
    {
        await using var server = await TestWorld.StartAsync();
        var first = await EmulatorHttp.GetAsync(server.GitHubUrl, "/repos/contoso/api-backups", TestWorld.Classic);
        string etag = first.Header("ETag")!;

        var conditional = await EmulatorHttp.SendAsync(HttpMethod.Get, server.GitHubUrl, "/repos/contoso/api-backups", TestWorld.Classic,
            configure: r => r.Headers.TryAddWithoutValidation("If-None-Match", etag));
        var after = await EmulatorHttp.GetAsync(server.GitHubUrl, "/user", TestWorld.Classic);

        Assert.Equal(HttpStatusCode.NotModified, conditional.Status);
        Assert.Equal("", conditional.Body);
        Assert.Equal(etag, conditional.Header("ETag"));
        Assert.Equal(4999, Remaining(conditional));
        Assert.Equal(4998, Remaining(after));
    }

    private static int Remaining(EmulatorResponse response) =>
        int.Parse(response.Header("X-RateLimit-Remaining")!, CultureInfo.InvariantCulture);
}
