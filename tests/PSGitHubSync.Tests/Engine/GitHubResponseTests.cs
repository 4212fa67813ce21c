using System.Net;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Http;
using Xunit;

namespace PSGitHubSync.Tests.Engine;

public class ApiResponseTests
{
    private static ApiResponse With(params (string Name, string Value)[] headers) =>
        new(HttpStatusCode.OK, headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase), "{}");

    [Theory]
    [InlineData("2026-12-31 12:00:00 UTC")]
    [InlineData("2026-12-31 12:00:00 +0000")]
    [InlineData("2026-12-31 14:00:00 +02:00")]
    public void Reads_the_token_expiration_header_in_the_formats_GitHub_uses(string value)
    {
        var response = With(("github-authentication-token-expiration", value));
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 12, 0, 0, TimeSpan.Zero), new GitHubAnswer(response).TokenExpiration);
    }

    [Fact]
    public void Reads_scopes_rate_limit_and_request_id_case_insensitively()
    {
        var response = With(("X-OAuth-Scopes", "repo, user, workflow"), ("X-RateLimit-Limit", "5000"), ("x-ratelimit-remaining", "4987"),
            ("x-ratelimit-reset", "1798761600"), ("x-ratelimit-resource", "core"), ("X-GitHub-Request-Id", "C0A8:3F2E:1A2B3C:1B2C3D:6745A1B2"));
        Assert.Equal(new[] { "repo", "user", "workflow" }, new GitHubAnswer(response).OAuthScopes);
        Assert.Equal(5000, response.RateLimit!.Limit);
        Assert.Equal(4987, response.RateLimit.Remaining);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1798761600), response.RateLimit.ResetsAt);
        Assert.Equal("core", response.RateLimit.Resource);
        Assert.True(new GitHubAnswer(response).LooksLikeGitHub);
    }

    [Fact]
    public void An_empty_scopes_header_means_a_classic_token_with_no_scopes_and_no_header_means_none_reported()
    {
        Assert.Empty(new GitHubAnswer(With(("x-oauth-scopes", ""))).OAuthScopes!);
        Assert.Null(new GitHubAnswer(With()).OAuthScopes);
        Assert.False(new GitHubAnswer(With()).LooksLikeGitHub);
    }

    [Fact]
    public void The_error_message_comes_from_GitHubs_error_body_or_the_start_of_the_text()
    {
        var json = new ApiResponse(HttpStatusCode.Unauthorized, new Dictionary<string, string>(), "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}");
        Assert.Equal("Bad credentials", json.ErrorMessage);
        var html = new ApiResponse(HttpStatusCode.BadGateway, new Dictionary<string, string>(), "<html>" + new string('x', 300));
        Assert.StartsWith("<html>", html.ErrorMessage);
        Assert.True(html.ErrorMessage.Length < 210);
    }
}
