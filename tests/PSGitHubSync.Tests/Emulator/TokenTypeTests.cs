using System.Net;
using System.Text;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>What each kind of token gets from GitHub: identity, scopes headers, expiry, errors.</summary>
public sealed class TokenTypeTests : IClassFixture<EmulatorServerFixture>
{
    private readonly EmulatorServerFixture _fixture;

    public TokenTypeTests(EmulatorServerFixture fixture)
    {
        _fixture = fixture;
    }

    private Uri GitHub => _fixture.Server.GitHubUrl;

    [Fact]
    public async Task Classic_token_gets_its_user_with_the_private_profile_and_its_scopes()
    {
        var response = await EmulatorHttp.GetAsync(GitHub, "/user", TestWorld.Classic);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var user = response.Json;
        Assert.Equal("octocat", user.GetProperty("login").GetString());
        Assert.Equal(1, user.GetProperty("id").GetInt64());
        Assert.Equal("User", user.GetProperty("type").GetString());
        Assert.Equal("The Octocat", user.GetProperty("name").GetString());
        Assert.True(user.TryGetProperty("two_factor_authentication", out _));
        Assert.Equal(1, user.GetProperty("owned_private_repos").GetInt32());
        Assert.Equal(1, user.GetProperty("public_repos").GetInt32());
        Assert.Equal("repo, user", response.Header("X-OAuth-Scopes"));
        Assert.Equal("", response.Header("X-Accepted-OAuth-Scopes"));
        Assert.Equal("2099-12-31 12:00:00 UTC", response.Header("github-authentication-token-expiration"));
    }

    [Fact]
    public async Task Classic_token_without_the_user_scope_sees_only_the_public_profile()
    {
        var response = await EmulatorHttp.GetAsync(GitHub, "/user", TestWorld.ClassicNoScopes);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("octocat", response.Json.GetProperty("login").GetString());
        Assert.False(response.Json.TryGetProperty("plan", out _));
        Assert.False(response.Json.TryGetProperty("two_factor_authentication", out _));
        // A classic token with no scopes still has the header, empty.
        Assert.Equal("", response.Header("X-OAuth-Scopes"));
        Assert.Null(response.Header("github-authentication-token-expiration"));
    }

    [Fact]
    public async Task Fine_grained_token_has_no_scopes_header_but_an_expiry()
    {
        var response = await EmulatorHttp.GetAsync(GitHub, "/user", TestWorld.FineGrained);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("octocat", response.Json.GetProperty("login").GetString());
        Assert.False(response.HasHeader("X-OAuth-Scopes"));
        Assert.False(response.HasHeader("X-Accepted-OAuth-Scopes"));
        Assert.Equal("2099-06-30 23:59:59 UTC", response.Header("github-authentication-token-expiration"));
    }

    [Fact]
    public async Task OAuth_token_reports_scopes_like_a_classic_token()
    {
        var response = await EmulatorHttp.GetAsync(GitHub, "/user", TestWorld.OAuth, scheme: "Bearer");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("repo, user", response.Header("X-OAuth-Scopes"));
    }

    [Fact]
    public async Task App_installation_token_cannot_read_the_authenticated_user()
    {
        var response = await EmulatorHttp.GetAsync(GitHub, "/user", TestWorld.App, scheme: "Bearer");

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal(
            """{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/users/users#get-the-authenticated-user","status":"403"}""",
            response.Body);
        Assert.False(response.HasHeader("X-OAuth-Scopes"));
    }

    [Fact]
    public async Task App_installation_token_reads_its_installed_repositories_only()
    {
        var installed = await EmulatorHttp.GetAsync(GitHub, "/repos/contoso/api-backups", TestWorld.App);
        var notInstalled = await EmulatorHttp.GetAsync(GitHub, "/repos/contoso/secret", TestWorld.App);

        Assert.Equal(HttpStatusCode.OK, installed.Status);
        Assert.True(installed.Json.GetProperty("permissions").GetProperty("push").GetBoolean());
        Assert.False(installed.Json.GetProperty("permissions").GetProperty("admin").GetBoolean());
        Assert.False(installed.HasHeader("X-OAuth-Scopes"));
        Assert.Equal("metadata=read", installed.Header("X-Accepted-GitHub-Permissions"));
        Assert.Equal(HttpStatusCode.NotFound, notInstalled.Status);
    }

    [Theory]
    [InlineData(TestWorld.Unknown)]
    [InlineData(TestWorld.Expired)]
    [InlineData("")]
    public async Task Unknown_or_expired_token_is_bad_credentials_everywhere(string token)
    {
        foreach (var path in new[] { "/user", "/meta", "/rate_limit", "/repos/octocat/hello-world" })
        {
            var response = await EmulatorHttp.SendAsync(HttpMethod.Get, GitHub, path, configure: r =>
                r.Headers.TryAddWithoutValidation("Authorization", "token " + token));

            Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
            Assert.Equal("""{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}""", response.Body);
            Assert.False(response.HasHeader("X-OAuth-Scopes"));
            Assert.Equal("60", response.Header("X-RateLimit-Limit"));
        }
    }

    [Fact]
    public async Task Anonymous_user_request_requires_authentication()
    {
        var response = await EmulatorHttp.GetAsync(GitHub, "/user");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal(
            """{"message":"Requires authentication","documentation_url":"https://docs.github.com/rest/users/users#get-the-authenticated-user","status":"401"}""",
            response.Body);
    }

    [Theory]
    [InlineData("token")]
    [InlineData("Token")]
    [InlineData("Bearer")]
    [InlineData("bearer")]
    public async Task Authorization_schemes_token_and_bearer_are_accepted_in_any_case(string scheme)
    {
        var response = await EmulatorHttp.GetAsync(GitHub, "/user", TestWorld.Classic, scheme);

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task Basic_authentication_with_the_token_as_password_works_like_git()
    {
        string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + TestWorld.Classic));
        var good = await EmulatorHttp.GetAsync(GitHub, "/user", basic, "Basic");
        string wrong = Convert.ToBase64String(Encoding.UTF8.GetBytes("octocat:password"));
        var bad = await EmulatorHttp.GetAsync(GitHub, "/user", wrong, "Basic");

        Assert.Equal(HttpStatusCode.OK, good.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.Status);
    }

    [Fact]
    public async Task Other_authorization_schemes_are_bad_credentials()
    {
        var response = await EmulatorHttp.GetAsync(GitHub, "/user", TestWorld.Classic, "Digest");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }
}
