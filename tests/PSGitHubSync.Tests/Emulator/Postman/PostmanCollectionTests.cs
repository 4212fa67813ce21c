using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PSGitHubSync.Emulator;
using Xunit;

namespace PSGitHubSync.Tests.Emulator.Postman;

/// <summary>GET/PUT/POST /collections, pagination, and the in-process mutations that move updatedAt on.</summary>
public sealed class PostmanCollectionTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    public async Task InitializeAsync() => _server = await PostmanWorld.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task List_per_workspace_has_postman_fields()
    {
        var response = await PostmanHttp.GetAsync(_server, "/collections?workspace=" + PostmanWorld.Payments);

        PostmanHttp.AssertStatus(HttpStatusCode.OK, response);
        var collections = response.Json.GetProperty("collections").EnumerateArray().ToArray();
        Assert.Equal(new[] { "Payments API", "Ledger" }, collections.Select(c => c.GetProperty("name").GetString()));
        var first = collections[0];
        Assert.Equal(PostmanWorld.PaymentsCollection, first.GetProperty("id").GetString());
        Assert.Equal(PostmanWorld.AliceId.ToString(), first.GetProperty("owner").GetString());
        Assert.Equal($"{PostmanWorld.AliceId}-{PostmanWorld.PaymentsCollection}", first.GetProperty("uid").GetString());
        Assert.Equal("2025-03-04T05:06:07.890Z", first.GetProperty("updatedAt").GetString());
        Assert.False(first.GetProperty("isPublic").GetBoolean());
        Assert.False(first.TryGetProperty("fork", out _));
        PostmanHttp.Time(first.GetProperty("createdAt"));
        var meta = response.Json.GetProperty("meta");
        Assert.Equal(2, meta.GetProperty("total").GetInt32());
        Assert.Equal(0, meta.GetProperty("offset").GetInt32());
    }

    [Fact]
    public async Task Unknown_or_invisible_workspace_lists_no_collections()
    {
        var unknown = await PostmanHttp.GetAsync(_server, "/collections?workspace=00000000-0000-0000-0000-000000000000");
        var invisible = await PostmanHttp.GetAsync(_server, "/collections?workspace=" + PostmanWorld.Payments, PostmanWorld.BobKey);
        var all = await PostmanHttp.GetAsync(_server, "/collections", PostmanWorld.BobKey);

        PostmanHttp.AssertStatus(HttpStatusCode.OK, unknown);
        Assert.Equal(0, unknown.Json.GetProperty("collections").GetArrayLength());
        Assert.Equal(0, invisible.Json.GetProperty("collections").GetArrayLength());
        Assert.Equal(new[] { "Platform health" }, all.Json.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task List_pages_with_limit_and_offset()
    {
        var config = PostmanWorld.Config();
        config.Workspaces[1].Generate = new PostmanGenerateConfig { Count = 7, MinBytes = 2000, MaxBytes = 3000 };
        await using var server = await PostmanWorld.StartAsync(config);
        string query = "/collections?workspace=" + PostmanWorld.Platform;

        var all = await PostmanHttp.GetAsync(server, query);
        var pages = new List<EmulatorResponse>();
        for (int offset = 0; offset < 8; offset += 3)
        {
            pages.Add(await PostmanHttp.GetAsync(server, $"{query}&limit=3&offset={offset}"));
        }

        var bad = await PostmanHttp.GetAsync(server, query + "&limit=-1");

        static string?[] Ids(EmulatorResponse r) => r.Json.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToArray();
        Assert.Equal(8, Ids(all).Length);
        Assert.Equal(new[] { 3, 3, 2 }, pages.Select(p => Ids(p).Length));
        Assert.Equal(Ids(all), pages.SelectMany(Ids));
        Assert.All(pages, p => Assert.Equal(8, p.Json.GetProperty("meta").GetProperty("total").GetInt32()));
        Assert.Equal(6, pages[2].Json.GetProperty("meta").GetProperty("offset").GetInt32());
        Assert.Equal(3, pages[2].Json.GetProperty("meta").GetProperty("limit").GetInt32());
        PostmanHttp.AssertStatus(HttpStatusCode.BadRequest, bad);
        Assert.Equal("Generated Collection 0001", all.Json.GetProperty("collections")[1].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Get_by_id_or_uid_serves_v21_with_metadata_and_item_ids()
    {
        var byId = await PostmanHttp.GetAsync(_server, "/collections/" + PostmanWorld.PaymentsCollection);
        var byUid = await PostmanHttp.GetAsync(_server, $"/collections/{PostmanWorld.AliceId}-{PostmanWorld.PaymentsCollection}");

        PostmanHttp.AssertStatus(HttpStatusCode.OK, byId);
        Assert.Equal(byId.Body, byUid.Body);
        var collection = byId.Json.GetProperty("collection");
        var info = collection.GetProperty("info");
        Assert.Equal(
            new[] { "_postman_id", "name", "schema", "updatedAt", "createdAt", "lastUpdatedBy", "uid" },
            info.EnumerateObject().Select(p => p.Name));
        Assert.Equal(PostmanWorld.PaymentsCollection, info.GetProperty("_postman_id").GetString());
        Assert.Equal("https://schema.getpostman.com/json/collection/v2.1.0/collection.json", info.GetProperty("schema").GetString());
        Assert.Equal("2025-03-04T05:06:07.890Z", info.GetProperty("updatedAt").GetString());
        Assert.Equal(PostmanWorld.AliceId.ToString(), info.GetProperty("lastUpdatedBy").GetString());
        var items = collection.GetProperty("item").EnumerateArray().ToArray();
        Assert.Equal(new[] { "list-payments", "get-payment" }, items.Select(i => i.GetProperty("name").GetString()));
        Assert.All(items, i => Assert.Equal($"{PostmanWorld.AliceId}-{i.GetProperty("id").GetString()}", i.GetProperty("uid").GetString()));
        Assert.NotEqual(items[0].GetProperty("id").GetString(), items[1].GetProperty("id").GetString());
        Assert.Empty(PostmanReference.ValidateV21(collection));
    }

    [Fact]
    public async Task In_memory_seed_in_an_envelope_is_served_like_the_others()
    {
        var response = await PostmanHttp.GetAsync(_server, "/collections/" + PostmanWorld.LedgerCollection);

        PostmanHttp.AssertStatus(HttpStatusCode.OK, response);
        Assert.Equal("Ledger", response.Json.GetProperty("collection").GetProperty("info").GetProperty("name").GetString());
        Assert.Equal("entries", response.Json.GetProperty("collection").GetProperty("item")[0].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(PostmanWorld.AliceKey, "00000000-0000-0000-0000-000000000000")]
    [InlineData(PostmanWorld.BobKey, PostmanWorld.PaymentsCollection)]
    public async Task Unknown_or_invisible_collection_is_404_instance_not_found(string key, string id)
    {
        var response = await PostmanHttp.GetAsync(_server, "/collections/" + id, key);

        PostmanHttp.AssertStatus(HttpStatusCode.NotFound, response);
        Assert.Equal(("instanceNotFoundError", "We could not find the collection you are looking for"), PostmanHttp.Error(response));
    }

    [Fact]
    public async Task Put_replaces_the_content_and_moves_updated_at_on()
    {
        var before = await PostmanHttp.GetAsync(_server, "/collections/" + PostmanWorld.PaymentsCollection);
        var body = JsonNode.Parse(before.Body)!;
        body["collection"]!["info"]!["name"] = "Payments API v2";
        body["collection"]!["item"]!.AsArray().Add(JsonNode.Parse("""{"name":"refund","request":{"method":"POST","url":"https://api.example.com/refunds"}}"""));

        var put = await PostmanHttp.SendAsync(_server, HttpMethod.Put, "/collections/" + PostmanWorld.PaymentsCollection, PostmanWorld.AliceKey, rawBody: body.ToJsonString());
        var after = await PostmanHttp.GetAsync(_server, "/collections/" + PostmanWorld.PaymentsCollection);
        var listed = await PostmanHttp.GetAsync(_server, "/collections?workspace=" + PostmanWorld.Payments);

        PostmanHttp.AssertStatus(HttpStatusCode.OK, put);
        var summary = put.Json.GetProperty("collection");
        Assert.Equal(PostmanWorld.PaymentsCollection, summary.GetProperty("id").GetString());
        Assert.Equal("Payments API v2", summary.GetProperty("name").GetString());
        Assert.Equal($"{PostmanWorld.AliceId}-{PostmanWorld.PaymentsCollection}", summary.GetProperty("uid").GetString());
        var info = after.Json.GetProperty("collection").GetProperty("info");
        Assert.Equal("Payments API v2", info.GetProperty("name").GetString());
        var updated = PostmanHttp.Time(info.GetProperty("updatedAt"));
        Assert.True(updated > PostmanWorld.PaymentsUpdatedAt);
        Assert.Equal(PostmanWorld.PaymentsCollection, info.GetProperty("_postman_id").GetString());
        var items = after.Json.GetProperty("collection").GetProperty("item").EnumerateArray().ToArray();
        Assert.Equal(new[] { "list-payments", "get-payment", "refund" }, items.Select(i => i.GetProperty("name").GetString()));
        // The ids the client sent back are kept; the new request gets one.
        var oldItems = before.Json.GetProperty("collection").GetProperty("item");
        Assert.Equal(oldItems[0].GetProperty("id").GetString(), items[0].GetProperty("id").GetString());
        Assert.True(items[2].TryGetProperty("uid", out _));
        Assert.Equal(info.GetProperty("updatedAt").GetString(), listed.Json.GetProperty("collections")[0].GetProperty("updatedAt").GetString());
        Assert.Equal("Payments API v2", listed.Json.GetProperty("collections")[0].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("{\"info\":{\"name\":\"x\"},\"item\":[]}", "paramMissingError")]
    [InlineData("{\"collection\":{\"info\":{\"name\":\"x\"}}}", "malformedRequestError")]
    [InlineData("{\"collection\":{\"item\":[]}}", "malformedRequestError")]
    [InlineData("not json", "malformedRequestError")]
    public async Task Put_with_a_bad_body_is_400_and_changes_nothing(string body, string errorName)
    {
        var before = await PostmanHttp.GetAsync(_server, "/collections/" + PostmanWorld.PaymentsCollection);

        var put = await PostmanHttp.SendAsync(_server, HttpMethod.Put, "/collections/" + PostmanWorld.PaymentsCollection, rawBody: body);
        var after = await PostmanHttp.GetAsync(_server, "/collections/" + PostmanWorld.PaymentsCollection);

        PostmanHttp.AssertStatus(HttpStatusCode.BadRequest, put);
        Assert.Equal(errorName, PostmanHttp.Error(put).Name);
        Assert.Equal(before.Body, after.Body);
    }

    [Fact]
    public async Task Put_to_an_unknown_or_invisible_collection_is_404()
    {
        string body = "{\"collection\":" + PostmanWorld.Collection("x", "y") + "}";

        var unknown = await PostmanHttp.SendAsync(_server, HttpMethod.Put, "/collections/nope", rawBody: body);
        var invisible = await PostmanHttp.SendAsync(_server, HttpMethod.Put, "/collections/" + PostmanWorld.PaymentsCollection, PostmanWorld.BobKey, rawBody: body);

        PostmanHttp.AssertStatus(HttpStatusCode.NotFound, unknown);
        PostmanHttp.AssertStatus(HttpStatusCode.NotFound, invisible);
        Assert.Equal("Payments API", _server.Postman.FindCollection(PostmanWorld.PaymentsCollection)!.Name);
    }

    [Fact]
    public async Task Post_creates_a_collection_in_the_workspace()
    {
        string body = "{\"collection\":" + PostmanWorld.Collection("Restored", "a", "b") + "}";

        var created = await PostmanHttp.SendAsync(_server, HttpMethod.Post, "/collections?workspace=" + PostmanWorld.Platform, rawBody: body);
        string id = created.Json.GetProperty("collection").GetProperty("id").GetString()!;
        var fetched = await PostmanHttp.GetAsync(_server, "/collections/" + id, PostmanWorld.BobKey);
        var refused = await PostmanHttp.SendAsync(_server, HttpMethod.Post, "/collections?workspace=" + PostmanWorld.Payments, PostmanWorld.BobKey, rawBody: body);

        PostmanHttp.AssertStatus(HttpStatusCode.OK, created);
        Assert.Equal("Restored", created.Json.GetProperty("collection").GetProperty("name").GetString());
        PostmanHttp.AssertStatus(HttpStatusCode.OK, fetched);
        Assert.Equal(2, fetched.Json.GetProperty("collection").GetProperty("item").GetArrayLength());
        Assert.Contains(_server.Postman.Collections("Platform"), c => c.Id == id);
        PostmanHttp.AssertStatus(HttpStatusCode.NotFound, refused);
    }

    [Fact]
    public async Task In_process_replace_touch_add_and_remove_act_like_a_postman_user()
    {
        var state = _server.Postman;
        var original = state.FindCollection(PostmanWorld.LedgerCollection)!;

        var replaced = state.ReplaceCollection(PostmanWorld.LedgerCollection, PostmanWorld.Collection("Ledger", "entries", "balances"));
        string json = state.GetCollectionJson(PostmanWorld.LedgerCollection);
        var touched = state.TouchCollection(PostmanWorld.LedgerCollection);
        string touchedJson = state.GetCollectionJson(PostmanWorld.LedgerCollection);
        var added = state.AddCollection("Payments", PostmanWorld.Collection("Added", "x"), id: "added-1");
        var listed = await PostmanHttp.GetAsync(_server, "/collections?workspace=" + PostmanWorld.Payments);
        var served = await PostmanHttp.GetAsync(_server, "/collections/added-1");

        Assert.True(replaced.UpdatedAt > original.UpdatedAt);
        Assert.Equal(2, JsonNode.Parse(json)!["item"]!.AsArray().Count);
        Assert.True(touched > replaced.UpdatedAt);
        Assert.Equal(
            JsonNode.Parse(json)!["item"]!.ToJsonString(),
            JsonNode.Parse(touchedJson)!["item"]!.ToJsonString());
        Assert.Equal(PostmanIdsTimestamp(touched), JsonNode.Parse(touchedJson)!["info"]!["updatedAt"]!.GetValue<string>());
        Assert.Equal($"{PostmanWorld.AliceId}-added-1", added.Uid);
        Assert.Equal(new[] { "Payments API", "Ledger", "Added" }, listed.Json.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("Added", served.Json.GetProperty("collection").GetProperty("info").GetProperty("name").GetString());

        Assert.True(state.RemoveCollection("added-1"));
        PostmanHttp.AssertStatus(HttpStatusCode.NotFound, await PostmanHttp.GetAsync(_server, "/collections/added-1"));
        Assert.Throws<KeyNotFoundException>(() => state.TouchCollection("added-1"));
    }

    [Fact]
    public void Updated_at_moves_on_even_within_one_millisecond()
    {
        var stamps = Enumerable.Range(0, 20).Select(_ => _server.Postman.TouchCollection(PostmanWorld.PaymentsCollection)).ToArray();

        Assert.Equal(stamps.OrderBy(s => s), stamps);
        Assert.Equal(stamps.Length, stamps.Distinct().Count());
    }

    [Fact]
    public async Task Forked_collections_list_their_fork()
    {
        var config = PostmanWorld.Config();
        config.Workspaces[0].Collections.Add(new PostmanCollectionConfig
        {
            Id = "fork-1",
            Collection = JsonNode.Parse(PostmanWorld.Collection("My fork", "x")),
            Fork = new PostmanForkConfig { Label = "experiment", From = $"{PostmanWorld.AliceId}-{PostmanWorld.PaymentsCollection}" },
            IsPublic = true,
        });
        await using var server = await PostmanWorld.StartAsync(config);

        var listed = await PostmanHttp.GetAsync(server, "/collections?workspace=" + PostmanWorld.Payments);

        var fork = listed.Json.GetProperty("collections").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "fork-1");
        Assert.Equal("experiment", fork.GetProperty("fork").GetProperty("label").GetString());
        Assert.Equal($"{PostmanWorld.AliceId}-{PostmanWorld.PaymentsCollection}", fork.GetProperty("fork").GetProperty("from").GetString());
        Assert.True(fork.GetProperty("isPublic").GetBoolean());
    }

    private static string PostmanIdsTimestamp(DateTimeOffset time) => PSGitHubSync.Emulator.Postman.PostmanIds.Timestamp(time);
}
