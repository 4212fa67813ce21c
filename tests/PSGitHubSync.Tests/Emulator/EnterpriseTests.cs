using System.Net;
using PSGitHubSync.Emulator;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>The GitHub Enterprise Server flavour under /api/v3/.</summary>
public sealed class EnterpriseTests : IClassFixture<EmulatorServerFixture>
{
    private readonly EmulatorServerFixture _fixture;

    public EnterpriseTests(EmulatorServerFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public void Urls_are_loopback_with_one_port()
    {
        var server = _fixture.Server;

        Assert.Equal("127.0.0.1", server.GitHubUrl.Host);
        Assert.NotEqual(0, server.GitHubUrl.Port);
        Assert.Equal($"http://127.0.0.1:{server.GitHubUrl.Port}/", server.GitHubUrl.ToString());
        Assert.Equal($"http://127.0.0.1:{server.GitHubUrl.Port}/api/v3/", server.EnterpriseApiUrl.ToString());
    }

    [Fact]
    public async Task Meta_reports_the_installed_version_and_every_answer_the_enterprise_header()
    {
        var enterprise = await EmulatorHttp.GetAsync(_fixture.Server.EnterpriseApiUrl, "/meta");
        var dotcom = await EmulatorHttp.GetAsync(_fixture.Server.GitHubUrl, "/meta");
        var enterpriseError = await EmulatorHttp.GetAsync(_fixture.Server.EnterpriseApiUrl, "/user", TestWorld.Unknown);

        Assert.Equal("3.17.0", enterprise.Json.GetProperty("installed_version").GetString());
        Assert.Equal("3.17.0", enterprise.Header("X-GitHub-Enterprise-Version"));
        Assert.Equal("3.17.0", enterpriseError.Header("X-GitHub-Enterprise-Version"));
        Assert.False(dotcom.Json.TryGetProperty("installed_version", out _));
        Assert.False(dotcom.HasHeader("X-GitHub-Enterprise-Version"));
        Assert.True(dotcom.Json.TryGetProperty("ssh_keys", out _));
    }

    [Fact]
    public async Task Enterprise_bodies_link_to_the_enterprise_api_root()
    {
        var body = (await EmulatorHttp.GetAsync(_fixture.Server.EnterpriseApiUrl, "/repos/contoso/api-backups", TestWorld.Classic)).Json;

        Assert.Equal(_fixture.Server.EnterpriseApiUrl + "repos/contoso/api-backups", body.GetProperty("url").GetString());
        Assert.Equal(_fixture.Server.EnterpriseApiUrl + "users/contoso", body.GetProperty("owner").GetProperty("url").GetString());
        Assert.Equal(_fixture.Server.GitHubUrl + "contoso/api-backups", body.GetProperty("html_url").GetString());
    }

    [Fact]
    public async Task Enterprise_errors_link_to_the_enterprise_documentation()
    {
        var notFound = await EmulatorHttp.GetAsync(_fixture.Server.EnterpriseApiUrl, "/repos/contoso/secret", TestWorld.Classic);
        var anonymous = await EmulatorHttp.GetAsync(_fixture.Server.EnterpriseApiUrl, "/user");

        Assert.Equal(
            """{"message":"Not Found","documentation_url":"https://docs.github.com/enterprise-server@3.17/rest/repos/repos#get-a-repository","status":"404"}""",
            notFound.Body);
        Assert.Equal(
            "https://docs.github.com/enterprise-server@3.17/rest/users/users#get-the-authenticated-user",
            anonymous.Json.GetProperty("documentation_url").GetString());
    }

    [Fact]
    public async Task Configured_version_is_served()
    {
        var config = TestWorld.Config();
        config.EnterpriseVersion = "3.18.2";
        await using var server = await EmulatorServer.StartAsync(config);

        var meta = await EmulatorHttp.GetAsync(server.EnterpriseApiUrl, "/meta");

        Assert.Equal("3.18.2", meta.Json.GetProperty("installed_version").GetString());
        Assert.Equal("3.18.2", meta.Header("X-GitHub-Enterprise-Version"));
    }

    [Fact]
    public async Task Without_an_enterprise_version_there_is_no_enterprise_api()
    {
        var config = TestWorld.Config();
        config.EnterpriseVersion = null;
        await using var server = await EmulatorServer.StartAsync(config);

        var meta = await EmulatorHttp.GetAsync(server.EnterpriseApiUrl, "/meta");
        var dotcom = await EmulatorHttp.GetAsync(server.GitHubUrl, "/meta");

        Assert.Equal(HttpStatusCode.NotFound, meta.Status);
        Assert.False(meta.HasHeader("X-GitHub-Enterprise-Version"));
        Assert.Equal(HttpStatusCode.OK, dotcom.Status);
    }

    [Fact]
    public async Task Same_token_rules_under_both_roots()
    {
        foreach (var root in new[] { _fixture.Server.GitHubUrl, _fixture.Server.EnterpriseApiUrl })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await EmulatorHttp.GetAsync(root, "/user", TestWorld.App)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await EmulatorHttp.GetAsync(root, "/repos/contoso/secret", TestWorld.Classic)).Status);
            Assert.True((await EmulatorHttp.GetAsync(root, "/repos/contoso/api-backups", TestWorld.FineGrained)).Json
                .GetProperty("permissions").GetProperty("push").GetBoolean());
        }
    }
}
