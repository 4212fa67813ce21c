using System.Net;
using PSGitHubSync.Emulator;
using Xunit;

namespace PSGitHubSync.Tests.Emulator.Postman;

/// <summary>GET /workspaces, GET /workspaces/{id}, environments: what a key can see, and Postman's shapes.</summary>
public sealed class PostmanWorkspaceTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    public async Task InitializeAsync() => _server = await PostmanWorld.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Workspaces_lists_those_the_key_can_see()
    {
        var alice = await PostmanHttp.GetAsync(_server, "/workspaces");
        var bob = await PostmanHttp.GetAsync(_server, "/workspaces", PostmanWorld.BobKey);
        var privateOnly = await PostmanHttp.GetAsync(_server, "/workspaces?type=private", PostmanWorld.LimitedKey);

        PostmanHttp.AssertStatus(HttpStatusCode.OK, alice);
        var list = alice.Json.GetProperty("workspaces").EnumerateArray().ToArray();
        Assert.Equal(new[] { PostmanWorld.Payments, PostmanWorld.Platform }, list.Select(w => w.GetProperty("id").GetString()));
        Assert.Equal("Payments", list[0].GetProperty("name").GetString());
        Assert.Equal("team", list[0].GetProperty("type").GetString());
        Assert.Equal("team", list[0].GetProperty("visibility").GetString());
        Assert.Equal(new[] { PostmanWorld.Platform }, bob.Json.GetProperty("workspaces").EnumerateArray().Select(w => w.GetProperty("id").GetString()));
        Assert.Equal(new[] { PostmanWorld.Secret }, privateOnly.Json.GetProperty("workspaces").EnumerateArray().Select(w => w.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Workspace_details_list_collections_environments_and_apis()
    {
        var response = await PostmanHttp.GetAsync(_server, "/workspaces/" + PostmanWorld.Payments);

        PostmanHttp.AssertStatus(HttpStatusCode.OK, response);
        var workspace = response.Json.GetProperty("workspace");
        Assert.Equal("Payments", workspace.GetProperty("name").GetString());
        Assert.Equal("Payments team", workspace.GetProperty("description").GetString());
        Assert.Equal(PostmanWorld.AliceId.ToString(), workspace.GetProperty("createdBy").GetString());
        PostmanHttp.Time(workspace.GetProperty("createdAt"));
        var collections = workspace.GetProperty("collections").EnumerateArray().ToArray();
        Assert.Equal(new[] { "Payments API", "Ledger" }, collections.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(PostmanWorld.PaymentsCollection, collections[0].GetProperty("id").GetString());
        Assert.Equal($"{PostmanWorld.AliceId}-{PostmanWorld.PaymentsCollection}", collections[0].GetProperty("uid").GetString());
        var environment = Assert.Single(workspace.GetProperty("environments").EnumerateArray());
        Assert.Equal($"{PostmanWorld.AliceId}-{PostmanWorld.PaymentsEnvironment}", environment.GetProperty("uid").GetString());
        var api = Assert.Single(workspace.GetProperty("apis").EnumerateArray());
        Assert.Equal(PostmanWorld.PaymentsApi, api.GetProperty("id").GetString());
        Assert.Equal("Payments API", api.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(PostmanWorld.BobKey, PostmanWorld.Payments)]
    [InlineData(PostmanWorld.AliceKey, PostmanWorld.Secret)]
    [InlineData(PostmanWorld.AliceKey, "00000000-0000-0000-0000-000000000000")]
    public async Task Unknown_or_invisible_workspace_is_404_workspace_not_found(string key, string id)
    {
        var response = await PostmanHttp.GetAsync(_server, "/workspaces/" + id, key);

        PostmanHttp.AssertStatus(HttpStatusCode.NotFound, response);
        Assert.Equal(("workspaceNotFoundError", "workspace not found"), PostmanHttp.Error(response));
        Assert.Equal(404, response.Json.GetProperty("error").GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task Environments_list_and_get_by_id_or_uid()
    {
        var list = await PostmanHttp.GetAsync(_server, "/environments?workspace=" + PostmanWorld.Payments);
        var byId = await PostmanHttp.GetAsync(_server, "/environments/" + PostmanWorld.PaymentsEnvironment);
        var byUid = await PostmanHttp.GetAsync(_server, $"/environments/{PostmanWorld.AliceId}-{PostmanWorld.PaymentsEnvironment}");
        var otherWorkspace = await PostmanHttp.GetAsync(_server, "/environments?workspace=" + PostmanWorld.Platform);

        var listed = Assert.Single(list.Json.GetProperty("environments").EnumerateArray());
        Assert.Equal("Payments prod", listed.GetProperty("name").GetString());
        Assert.Equal(PostmanWorld.AliceId.ToString(), listed.GetProperty("owner").GetString());
        Assert.False(listed.GetProperty("isPublic").GetBoolean());
        Assert.Equal(0, otherWorkspace.Json.GetProperty("environments").GetArrayLength());
        Assert.Equal(byId.Body, byUid.Body);
        var values = byId.Json.GetProperty("environment").GetProperty("values").EnumerateArray().ToArray();
        Assert.Equal(new[] { "baseUrl", "token" }, values.Select(v => v.GetProperty("key").GetString()));
        Assert.Equal("secret", values[1].GetProperty("type").GetString());
        Assert.False(values[1].GetProperty("enabled").GetBoolean());
        Assert.Equal("default", values[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Unknown_or_invisible_environment_is_404_instance_not_found()
    {
        var unknown = await PostmanHttp.GetAsync(_server, "/environments/nope");
        var invisible = await PostmanHttp.GetAsync(_server, "/environments/" + PostmanWorld.PaymentsEnvironment, PostmanWorld.BobKey);

        foreach (var response in new[] { unknown, invisible })
        {
            PostmanHttp.AssertStatus(HttpStatusCode.NotFound, response);
            Assert.Equal(("instanceNotFoundError", "We could not find the environment you are looking for"), PostmanHttp.Error(response));
        }
    }
}
