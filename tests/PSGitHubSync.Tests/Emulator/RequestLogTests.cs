using System.Net;
using System.Text.Json;
using PSGitHubSync.Emulator;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>The request log (in process and through the control endpoints) and unknown paths.</summary>
public sealed class RequestLogTests
{
    [Fact]
    public async Task Requests_are_logged_with_method_path_query_status_and_authorization()
    {
        await using var server = await TestWorld.StartAsync();

        await EmulatorHttp.GetAsync(server.GitHubUrl, "/user", TestWorld.Classic);
        await EmulatorHttp.GetAsync(server.EnterpriseApiUrl, "/repos/contoso/secret?ref=main&x=1", TestWorld.Classic);
        await EmulatorHttp.GetAsync(server.GitHubUrl, "/meta");

        Assert.Equal(
            new[]
            {
                new RecordedRequest("GET", "/user", "", 200, true, false),
                new RecordedRequest("GET", "/repos/contoso/secret", "ref=main&x=1", 404, true, true),
                new RecordedRequest("GET", "/meta", "", 200, false, false),
            },
            server.Requests);
    }

    [Fact]
    public async Task Count_requests_matches_wildcards_and_clear_empties_the_log()
    {
        await using var server = await TestWorld.StartAsync();
        await EmulatorHttp.GetAsync(server.GitHubUrl, "/repos/contoso/api-backups", TestWorld.Classic);
        await EmulatorHttp.GetAsync(server.EnterpriseApiUrl, "/repos/octocat/hello-world", TestWorld.Classic);
        await EmulatorHttp.GetAsync(server.GitHubUrl, "/user", TestWorld.Classic);

        Assert.Equal(2, server.CountRequests("GET", "/repos/*"));
        Assert.Equal(1, server.CountRequests("get", "/repos/contoso/*"));
        Assert.Equal(1, server.CountRequests("GET", "/user"));
        Assert.Equal(0, server.CountRequests("POST", "/repos/*"));
        Assert.Equal(0, server.CountRequests("GET", "/use"));
        Assert.Equal(3, server.CountRequests("GET", "*"));

        server.ClearRequests();

        Assert.Empty(server.Requests);
        Assert.Equal(0, server.CountRequests("GET", "*"));
    }

    [Fact]
    public async Task Requests_is_a_snapshot()
    {
        await using var server = await TestWorld.StartAsync();
        await EmulatorHttp.GetAsync(server.GitHubUrl, "/meta");
        var snapshot = server.Requests;

        await EmulatorHttp.GetAsync(server.GitHubUrl, "/meta");

        Assert.Single(snapshot);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Control_endpoints_list_and_clear_the_log_and_are_not_logged_themselves()
    {
        await using var server = await TestWorld.StartAsync();
        await EmulatorHttp.GetAsync(server.GitHubUrl, "/user", TestWorld.Classic);

        var listed = await EmulatorHttp.GetAsync(server.GitHubUrl, "/_emulator/requests");
        var entries = listed.Json.EnumerateArray().ToArray();

        Assert.Equal(HttpStatusCode.OK, listed.Status);
        var entry = Assert.Single(entries);
        Assert.Equal("GET", entry.GetProperty("method").GetString());
        Assert.Equal("/user", entry.GetProperty("path").GetString());
        Assert.Equal(200, entry.GetProperty("statusCode").GetInt32());
        Assert.True(entry.GetProperty("hasAuthorization").GetBoolean());

        var cleared = await EmulatorHttp.SendAsync(HttpMethod.Delete, server.GitHubUrl, "/_emulator/requests");
        var after = await EmulatorHttp.GetAsync(server.GitHubUrl, "/_emulator/requests");

        Assert.Equal(HttpStatusCode.NoContent, cleared.Status);
        Assert.Equal(JsonValueKind.Array, after.Json.ValueKind);
        Assert.Equal(0, after.Json.GetArrayLength());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Proxy_control_endpoint_is_404_without_a_proxy()
    {
        await using var server = await TestWorld.StartAsync();

        var response = await EmulatorHttp.GetAsync(server.GitHubUrl, "/_emulator/proxy");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
    }

    [Theory]
    [InlineData("GET", "/no/such/thing")]
    [InlineData("POST", "/user")]
    [InlineData("DELETE", "/repos/contoso/api-backups")]
    [InlineData("GET", "/repos/contoso")]
    [InlineData("GET", "/README.md")]
    public async Task Unknown_paths_and_methods_get_GitHubs_plain_404(string method, string path)
    {
        await using var server = await TestWorld.StartAsync();

        var response = await EmulatorHttp.SendAsync(new HttpMethod(method), server.GitHubUrl, path, TestWorld.Classic);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("""{"message":"Not Found","documentation_url":"https://docs.github.com/rest","status":"404"}""", response.Body);
        Assert.Equal(1, server.CountRequests(method, path));
    }

    [Fact]
    public async Task Unknown_enterprise_path_is_logged_without_the_prefix()
    {
        await using var server = await TestWorld.StartAsync();

        var response = await EmulatorHttp.GetAsync(server.EnterpriseApiUrl, "/no/such/thing", TestWorld.Classic);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("https://docs.github.com/enterprise-server@3.17/rest", response.Json.GetProperty("documentation_url").GetString());
        Assert.Equal(new RecordedRequest("GET", "/no/such/thing", "", 404, true, true), Assert.Single(server.Requests));
    }
}
