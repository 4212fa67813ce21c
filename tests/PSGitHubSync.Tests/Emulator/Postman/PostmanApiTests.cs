using System.Net;
using PSGitHubSync.Emulator;
using Xunit;

namespace PSGitHubSync.Tests.Emulator.Postman;

/// <summary>The v10 API Builder routes: APIs, schemas, schema files (with folders), versions and their tasks.</summary>
public sealed class PostmanApiTests : IAsyncLifetime
{
    private const string Api = "/apis/" + PostmanWorld.PaymentsApi;
    private const string Schema = Api + "/schemas/" + PostmanWorld.PaymentsSchema;
    private EmulatorServer _server = null!;

    public async Task InitializeAsync() => _server = await PostmanWorld.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Api_routes_need_the_v10_accept_header()
    {
        var v9 = await PostmanHttp.GetAsync(_server, "/apis?workspaceId=" + PostmanWorld.Payments);

        Assert.Equal(422, (int)v9.Status);
        Assert.Equal("v9 Unsupported", v9.Json.GetProperty("title").GetString());
        Assert.Contains(PostmanHttp.V10, v9.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apis_lists_a_workspaces_apis_with_cursor_paging()
    {
        var all = await PostmanHttp.GetAsync(_server, "/apis?workspaceId=" + PostmanWorld.Payments, v10: true);
        var first = await PostmanHttp.GetAsync(_server, "/apis?workspaceId=" + PostmanWorld.Platform + "&limit=1", v10: true);
        string cursor = first.Json.GetProperty("meta").GetProperty("nextCursor").GetString()!;
        var second = await PostmanHttp.GetAsync(_server, $"/apis?workspaceId={PostmanWorld.Platform}&limit=1&cursor={Uri.EscapeDataString(cursor)}", v10: true);

        PostmanHttp.AssertStatus(HttpStatusCode.OK, all);
        var api = Assert.Single(all.Json.GetProperty("apis").EnumerateArray());
        Assert.Equal(PostmanWorld.PaymentsApi, api.GetProperty("id").GetString());
        Assert.Equal("Payments API", api.GetProperty("name").GetString());
        Assert.Equal("Moves money", api.GetProperty("summary").GetString());
        Assert.Equal(PostmanWorld.AliceId, api.GetProperty("createdBy").GetInt64());
        PostmanHttp.Time(api.GetProperty("updatedAt"));
        Assert.Equal(1, all.Json.GetProperty("meta").GetProperty("total").GetInt32());
        Assert.False(all.Json.GetProperty("meta").TryGetProperty("nextCursor", out _));
        Assert.Equal("Second API", first.Json.GetProperty("apis")[0].GetProperty("name").GetString());
        Assert.Equal("Third API", second.Json.GetProperty("apis")[0].GetProperty("name").GetString());
        Assert.Equal(2, second.Json.GetProperty("meta").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Apis_errors_missing_workspace_unknown_workspace_bad_cursor()
    {
        var missing = await PostmanHttp.GetAsync(_server, "/apis", v10: true);
        var invisible = await PostmanHttp.GetAsync(_server, "/apis?workspaceId=" + PostmanWorld.Payments, PostmanWorld.BobKey, v10: true);
        var cursor = await PostmanHttp.GetAsync(_server, "/apis?workspaceId=" + PostmanWorld.Payments + "&cursor=%%%", v10: true);

        PostmanHttp.AssertStatus(HttpStatusCode.BadRequest, missing);
        Assert.Equal("invalidParamsError", missing.Json.GetProperty("type").GetString());
        PostmanHttp.AssertStatus(HttpStatusCode.NotFound, invisible);
        Assert.Equal("instanceNotFoundError", invisible.Json.GetProperty("type").GetString());
        PostmanHttp.AssertStatus(HttpStatusCode.BadRequest, cursor);
    }

    [Fact]
    public async Task Api_includes_schemas_and_versions_on_request()
    {
        var plain = await PostmanHttp.GetAsync(_server, Api, v10: true);
        var full = await PostmanHttp.GetAsync(_server, Api + "?include=schemas,versions", v10: true);
        var unknown = await PostmanHttp.GetAsync(_server, "/apis/nope", v10: true);
        var invisible = await PostmanHttp.GetAsync(_server, Api, PostmanWorld.BobKey, v10: true);

        PostmanHttp.AssertStatus(HttpStatusCode.OK, plain);
        Assert.False(plain.Json.TryGetProperty("schemas", out _));
        Assert.Equal("Payments API", full.Json.GetProperty("name").GetString());
        Assert.Equal(PostmanWorld.PaymentsSchema, Assert.Single(full.Json.GetProperty("schemas").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("1.0.0", Assert.Single(full.Json.GetProperty("versions").EnumerateArray()).GetProperty("name").GetString());
        foreach (var response in new[] { unknown, invisible })
        {
            PostmanHttp.AssertStatus(HttpStatusCode.NotFound, response);
            Assert.Equal("We could not find the API you are looking for", response.Json.GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task Schema_lists_its_files_and_type()
    {
        var schema = await PostmanHttp.GetAsync(_server, Schema, v10: true);
        var files = await PostmanHttp.GetAsync(_server, Schema + "/files", v10: true);
        var unknown = await PostmanHttp.GetAsync(_server, Api + "/schemas/nope", v10: true);

        PostmanHttp.AssertStatus(HttpStatusCode.OK, schema);
        Assert.Equal("openapi:3", schema.Json.GetProperty("type").GetString());
        Assert.Equal(
            new[] { "openapi.yaml", "paths/payments.yaml" },
            schema.Json.GetProperty("files").GetProperty("data").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
        var listed = files.Json.GetProperty("files").EnumerateArray().ToArray();
        Assert.Equal(new[] { "openapi.yaml", "payments.yaml" }, listed.Select(f => f.GetProperty("name").GetString()));
        Assert.All(listed, f => Assert.False(f.TryGetProperty("content", out _)));
        PostmanHttp.AssertStatus(HttpStatusCode.NotFound, unknown);
    }

    [Fact]
    public async Task Schema_files_page_with_a_cursor()
    {
        var first = await PostmanHttp.GetAsync(_server, Schema + "/files?limit=1", v10: true);
        string cursor = first.Json.GetProperty("meta").GetProperty("nextCursor").GetString()!;
        var second = await PostmanHttp.GetAsync(_server, Schema + "/files?limit=1&cursor=" + Uri.EscapeDataString(cursor), v10: true);

        Assert.Equal("openapi.yaml", first.Json.GetProperty("files")[0].GetProperty("path").GetString());
        Assert.Equal("paths/payments.yaml", second.Json.GetProperty("files")[0].GetProperty("path").GetString());
        Assert.False(second.Json.GetProperty("meta").TryGetProperty("nextCursor", out _));
    }

    [Theory]
    [InlineData("paths%2Fpayments.yaml")]
    [InlineData("paths/payments.yaml")]
    public async Task File_content_by_encoded_or_plain_path(string path)
    {
        var response = await PostmanHttp.GetAsync(_server, Schema + "/files/" + path, v10: true);

        PostmanHttp.AssertStatus(HttpStatusCode.OK, response);
        Assert.Equal(PostmanWorld.PaymentsPath, response.Json.GetProperty("content").GetString());
        Assert.Equal("paths/payments.yaml", response.Json.GetProperty("path").GetString());
        Assert.Equal("payments.yaml", response.Json.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Put_creates_and_replaces_files_in_folders_round_trip()
    {
        const string Path = "components/schemas/payment%20v2.yaml";
        var created = await PostmanHttp.SendAsync(_server, HttpMethod.Put, Schema + "/files/" + Uri.EscapeDataString("components/schemas/payment v2.yaml"), json: new { content = "type: object\n" }, v10: true);
        var read = await PostmanHttp.GetAsync(_server, Schema + "/files/" + Path, v10: true);
        var replaced = await PostmanHttp.SendAsync(_server, HttpMethod.Put, Schema + "/files/" + Path, json: new { content = "type: string\n" }, v10: true);
        var reread = await PostmanHttp.GetAsync(_server, Schema + "/files/" + Path, v10: true);
        var listed = await PostmanHttp.GetAsync(_server, Schema + "/files", v10: true);

        PostmanHttp.AssertStatus(HttpStatusCode.OK, created);
        Assert.Equal("components/schemas/payment v2.yaml", created.Json.GetProperty("path").GetString());
        Assert.Equal("payment v2.yaml", created.Json.GetProperty("name").GetString());
        Assert.False(created.Json.TryGetProperty("content", out _));
        Assert.Equal("type: object\n", read.Json.GetProperty("content").GetString());
        Assert.Equal(created.Json.GetProperty("id").GetString(), replaced.Json.GetProperty("id").GetString());
        Assert.Equal(created.Json.GetProperty("createdAt").GetString(), replaced.Json.GetProperty("createdAt").GetString());
        Assert.True(PostmanHttp.Time(replaced.Json.GetProperty("updatedAt")) > PostmanHttp.Time(created.Json.GetProperty("updatedAt")));
        Assert.Equal("type: string\n", reread.Json.GetProperty("content").GetString());
        Assert.Equal(PostmanWorld.AliceId.ToString(), reread.Json.GetProperty("updatedBy").GetString());
        Assert.Contains("components/schemas/payment v2.yaml", listed.Json.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
        Assert.Equal("type: string\n", _server.Postman.GetSchemaFiles(PostmanWorld.PaymentsApi)["components/schemas/payment v2.yaml"]);
    }

    [Fact]
    public async Task Put_without_content_or_with_a_bad_path_is_400()
    {
        var noContent = await PostmanHttp.SendAsync(_server, HttpMethod.Put, Schema + "/files/x.yaml", json: new { name = "x.yaml" }, v10: true);
        var escape = await PostmanHttp.SendAsync(_server, HttpMethod.Put, Schema + "/files/" + Uri.EscapeDataString("../x.yaml"), json: new { content = "x" }, v10: true);

        PostmanHttp.AssertStatus(HttpStatusCode.BadRequest, noContent);
        Assert.Equal("invalidParamsError", noContent.Json.GetProperty("type").GetString());
        PostmanHttp.AssertStatus(HttpStatusCode.BadRequest, escape);
        Assert.Equal(2, _server.Postman.GetSchemaFiles(PostmanWorld.PaymentsApi).Count);
    }

    [Fact]
    public async Task Delete_removes_a_file()
    {
        var deleted = await PostmanHttp.SendAsync(_server, HttpMethod.Delete, Schema + "/files/paths%2Fpayments.yaml", v10: true);
        var gone = await PostmanHttp.GetAsync(_server, Schema + "/files/paths%2Fpayments.yaml", v10: true);
        var again = await PostmanHttp.SendAsync(_server, HttpMethod.Delete, Schema + "/files/paths%2Fpayments.yaml", v10: true);

        PostmanHttp.AssertStatus(HttpStatusCode.NoContent, deleted);
        PostmanHttp.AssertStatus(HttpStatusCode.NotFound, gone);
        Assert.Equal("We could not find the file you are looking for", gone.Json.GetProperty("title").GetString());
        PostmanHttp.AssertStatus(HttpStatusCode.NotFound, again);
        Assert.Equal(new[] { "openapi.yaml" }, _server.Postman.GetSchemaFiles(PostmanWorld.PaymentsApi).Keys);
    }

    [Fact]
    public async Task In_process_schema_edits_show_through_the_api()
    {
        _server.Postman.PutSchemaFile(PostmanWorld.PaymentsApi, "openapi.yaml", "openapi: 3.1.0\n");
        _server.Postman.ReplaceSchemaFiles(PostmanWorld.PaymentsApi, new Dictionary<string, string>
        {
            ["openapi.yaml"] = "openapi: 3.1.1\n",
            ["a/b/c.yaml"] = "c: 1\n",
        });

        var root = await PostmanHttp.GetAsync(_server, Schema + "/files/openapi.yaml", v10: true);
        var nested = await PostmanHttp.GetAsync(_server, Schema + "/files/a/b/c.yaml", v10: true);
        var old = await PostmanHttp.GetAsync(_server, Schema + "/files/paths%2Fpayments.yaml", v10: true);

        Assert.Equal("openapi: 3.1.1\n", root.Json.GetProperty("content").GetString());
        Assert.Equal("c: 1\n", nested.Json.GetProperty("content").GetString());
        PostmanHttp.AssertStatus(HttpStatusCode.NotFound, old);
        Assert.True(_server.Postman.DeleteSchemaFile(PostmanWorld.PaymentsApi, "a/b/c.yaml"));
        Assert.False(_server.Postman.DeleteSchemaFile(PostmanWorld.PaymentsApi, "a/b/c.yaml"));
    }

    [Fact]
    public async Task Creating_a_version_is_202_with_a_task_and_snapshots_the_schema()
    {
        var created = await PostmanHttp.SendAsync(_server, HttpMethod.Post, Api + "/versions",
            json: new { name = "1.1.0", releaseNotes = "Refunds", schemas = new[] { new { id = PostmanWorld.PaymentsSchema } } }, v10: true);
        string versionId = created.Json.GetProperty("id").GetString()!;
        var task = await PostmanHttp.SendRawAsync(HttpMethod.Get, new Uri(created.Header("Location")!), key: PostmanWorld.AliceKey, accept: PostmanHttp.V10);
        await PostmanHttp.SendAsync(_server, HttpMethod.Put, Schema + "/files/openapi.yaml", json: new { content = "changed after 1.1.0\n" }, v10: true);
        var versions = await PostmanHttp.GetAsync(_server, Api + "/versions", v10: true);
        var version = await PostmanHttp.GetAsync(_server, Api + "/versions/" + versionId, v10: true);
        var published = await PostmanHttp.GetAsync(_server, Schema + "/files/openapi.yaml?versionId=" + versionId, v10: true);
        var current = await PostmanHttp.GetAsync(_server, Schema + "/files/openapi.yaml", v10: true);

        PostmanHttp.AssertStatus(HttpStatusCode.Accepted, created);
        Assert.Equal("1.1.0", created.Json.GetProperty("name").GetString());
        Assert.Equal("Refunds", created.Json.GetProperty("releaseNotes").GetString());
        Assert.StartsWith(_server.PostmanUrl + "apis/" + PostmanWorld.PaymentsApi + "/tasks/", created.Header("Location"), StringComparison.Ordinal);
        PostmanHttp.AssertStatus(HttpStatusCode.OK, task);
        Assert.Equal("completed", task.Json.GetProperty("status").GetString());
        Assert.Equal(versionId, task.Json.GetProperty("details").GetProperty("resources")[0].GetProperty("id").GetString());
        Assert.Equal(new[] { "1.0.0", "1.1.0" }, versions.Json.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("name").GetString()));
        Assert.Equal(2, versions.Json.GetProperty("meta").GetProperty("total").GetInt32());
        Assert.Equal(PostmanWorld.PaymentsSchema, version.Json.GetProperty("version").GetProperty("schemas")[0].GetProperty("id").GetString());
        Assert.Equal(PostmanWorld.OpenApi, published.Json.GetProperty("content").GetString());
        Assert.Equal("changed after 1.1.0\n", current.Json.GetProperty("content").GetString());
        Assert.Equal(new[] { "1.0.0", "1.1.0" }, _server.Postman.Versions(PostmanWorld.PaymentsApi).Select(v => v.Name));
    }

    [Fact]
    public async Task Version_errors()
    {
        var noName = await PostmanHttp.SendAsync(_server, HttpMethod.Post, Api + "/versions", json: new { schemas = new[] { new { id = PostmanWorld.PaymentsSchema } } }, v10: true);
        var noSchemas = await PostmanHttp.SendAsync(_server, HttpMethod.Post, Api + "/versions", json: new { name = "2.0.0" }, v10: true);
        var unknownSchema = await PostmanHttp.SendAsync(_server, HttpMethod.Post, Api + "/versions", json: new { name = "2.0.0", schemas = new[] { new { id = "nope" } } }, v10: true);
        var duplicate = await PostmanHttp.SendAsync(_server, HttpMethod.Post, Api + "/versions", json: new { name = "1.0.0", schemas = new[] { new { id = PostmanWorld.PaymentsSchema } } }, v10: true);
        var unknownVersion = await PostmanHttp.GetAsync(_server, Api + "/versions/nope", v10: true);
        var unknownSnapshot = await PostmanHttp.GetAsync(_server, Schema + "/files?versionId=nope", v10: true);
        var unknownApi = await PostmanHttp.GetAsync(_server, "/apis/nope/versions", v10: true);

        PostmanHttp.AssertStatus(HttpStatusCode.BadRequest, noName);
        PostmanHttp.AssertStatus(HttpStatusCode.BadRequest, noSchemas);
        PostmanHttp.AssertStatus(HttpStatusCode.NotFound, unknownSchema);
        PostmanHttp.AssertStatus(HttpStatusCode.BadRequest, duplicate);
        PostmanHttp.AssertStatus(HttpStatusCode.NotFound, unknownVersion);
        PostmanHttp.AssertStatus(HttpStatusCode.NotFound, unknownSnapshot);
        PostmanHttp.AssertStatus(HttpStatusCode.NotFound, unknownApi);
        Assert.Single(_server.Postman.Versions(PostmanWorld.PaymentsApi));
    }

    [Fact]
    public async Task Bundled_schema_of_a_single_file_carries_its_content()
    {
        var platformApi = _server.Postman.Apis("Platform")[0];
        _server.Postman.PutSchemaFile(platformApi.Id, "index.yaml", "openapi: 3.1.0\n");

        var bundled = await PostmanHttp.GetAsync(_server, $"/apis/{platformApi.Id}/schemas/{platformApi.SchemaIds[0]}?bundled=true", PostmanWorld.BobKey, v10: true);

        PostmanHttp.AssertStatus(HttpStatusCode.OK, bundled);
        Assert.Equal("openapi:3_1", bundled.Json.GetProperty("type").GetString());
        Assert.Equal("openapi: 3.1.0\n", bundled.Json.GetProperty("content").GetString());
    }
}
