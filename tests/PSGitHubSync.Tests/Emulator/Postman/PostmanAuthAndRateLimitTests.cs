using System.Net;
using PSGitHubSync.Emulator;
using Xunit;

namespace PSGitHubSync.Tests.Emulator.Postman;

/// <summary>X-Api-Key authentication, Postman's 401 shapes, the X-RateLimit-* headers and 429 rateLimited.</summary>
public sealed class PostmanAuthAndRateLimitTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    public async Task InitializeAsync() => _server = await PostmanWorld.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Postman_url_is_the_postman_folder_of_the_same_server()
    {
        Assert.Equal(new Uri(_server.GitHubUrl, "postman/"), _server.PostmanUrl);
        Assert.Matches("^http://127\\.0\\.0\\.1:[0-9]+/postman/$", _server.PostmanUrl.ToString());
    }

    [Theory]
    [InlineData("/workspaces")]
    [InlineData("/collections/" + PostmanWorld.PaymentsCollection)]
    [InlineData("/no/such/route")]
    public async Task Missing_key_is_401_api_key_missing(string path)
    {
        var response = await PostmanHttp.GetAsync(_server, path, key: null);

        PostmanHttp.AssertStatus(HttpStatusCode.Unauthorized, response);
        Assert.Equal(("AuthenticationError", "API Key missing. Every request requires an API Key to be sent."), PostmanHttp.Error(response));
        Assert.Equal("application/json; charset=utf-8", response.Header("Content-Type"));
        Assert.NotNull(response.Header("X-RateLimit-Limit"));
    }

    [Fact]
    public async Task Unknown_key_is_401_invalid_api_key()
    {
        var response = await PostmanHttp.GetAsync(_server, "/workspaces", key: "PMAK-nope");

        PostmanHttp.AssertStatus(HttpStatusCode.Unauthorized, response);
        Assert.Equal(("AuthenticationError", "Invalid API Key. Every request requires a valid API Key to be sent."), PostmanHttp.Error(response));
    }

    [Fact]
    public async Task Apikey_query_parameter_authenticates_too()
    {
        var response = await PostmanHttp.GetAsync(_server, "/me?apikey=" + PostmanWorld.AliceKey, key: null);

        PostmanHttp.AssertStatus(HttpStatusCode.OK, response);
        Assert.Equal("alice", response.Json.GetProperty("user").GetProperty("username").GetString());
        Assert.Equal(PostmanWorld.AliceId, response.Json.GetProperty("user").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Every_response_carries_the_rate_limit_headers()
    {
        long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var first = await PostmanHttp.GetAsync(_server, "/workspaces", PostmanWorld.BobKey);
        var second = await PostmanHttp.GetAsync(_server, "/workspaces/" + PostmanWorld.Payments, PostmanWorld.BobKey);

        PostmanHttp.AssertStatus(HttpStatusCode.OK, first);
        PostmanHttp.AssertStatus(HttpStatusCode.NotFound, second);
        Assert.Equal("300", first.Header("X-RateLimit-Limit"));
        Assert.Equal(299, int.Parse(first.Header("X-RateLimit-Remaining")!));
        Assert.Equal(298, int.Parse(second.Header("X-RateLimit-Remaining")!));
        long reset = long.Parse(first.Header("X-RateLimit-Reset")!);
        Assert.InRange(reset, before + 1, before + 62);
        Assert.False(first.HasHeader("X-RateLimit-RetryAfter"));
    }

    [Fact]
    public async Task Past_the_per_minute_limit_it_answers_429_rate_limited_until_the_window_resets()
    {
        var answers = new List<EmulatorResponse>();
        for (int i = 0; i < 4; i++)
        {
            answers.Add(await PostmanHttp.GetAsync(_server, "/me", PostmanWorld.LimitedKey));
        }

        var alice = await PostmanHttp.GetAsync(_server, "/me", PostmanWorld.AliceKey);

        Assert.All(answers.Take(3), a => PostmanHttp.AssertStatus(HttpStatusCode.OK, a));
        Assert.Equal(new[] { "2", "1", "0" }, answers.Take(3).Select(a => a.Header("X-RateLimit-Remaining")));
        var refused = answers[3];
        PostmanHttp.AssertStatus(HttpStatusCode.TooManyRequests, refused);
        Assert.Equal("3", refused.Header("X-RateLimit-Limit"));
        Assert.Equal("0", refused.Header("X-RateLimit-Remaining"));
        string reset = refused.Header("X-RateLimit-Reset")!;
        Assert.InRange(int.Parse(refused.Header("X-RateLimit-RetryAfter")!), 1, 60);
        Assert.Equal("rateLimited", refused.Json.GetProperty("error").GetString());
        Assert.Equal("Rate limit exceeded. Please retry after " + reset, refused.Json.GetProperty("message").GetString());
        PostmanHttp.AssertStatus(HttpStatusCode.OK, alice);

        _server.Postman.ResetRateLimits();
        PostmanHttp.AssertStatus(HttpStatusCode.OK, await PostmanHttp.GetAsync(_server, "/me", PostmanWorld.LimitedKey));
    }

    [Fact]
    public async Task Rate_limit_is_configurable_for_all_keys()
    {
        var config = PostmanWorld.Config();
        config.RateLimitPerMinute = 2;
        config.ApiKeys.RemoveAll(k => k.Value == PostmanWorld.LimitedKey);
        await using var server = await PostmanWorld.StartAsync(config);

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 3; i++)
        {
            statuses.Add((await PostmanHttp.GetAsync(server, "/workspaces")).Status);
        }

        Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }, statuses);
        Assert.Equal(2, server.Postman.RateLimitPerMinute);
    }

    [Fact]
    public async Task Unknown_routes_are_postman_404_after_authentication()
    {
        var response = await PostmanHttp.GetAsync(_server, "/mocks");
        var wrongMethod = await PostmanHttp.SendAsync(_server, HttpMethod.Delete, "/collections/" + PostmanWorld.PaymentsCollection);

        PostmanHttp.AssertStatus(HttpStatusCode.NotFound, response);
        Assert.Equal("notFound", PostmanHttp.Error(response).Name);
        PostmanHttp.AssertStatus(HttpStatusCode.NotFound, wrongMethod);
        Assert.Equal(2, _server.Postman.RequestCount("GET (unknown)") + _server.Postman.RequestCount("DELETE (unknown)"));
    }

    [Fact]
    public async Task Latency_delays_every_postman_request()
    {
        _server.Postman.Latency = new PostmanLatency { Milliseconds = 150 };
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var response = await PostmanHttp.GetAsync(_server, "/me");
            watch.Stop();

            PostmanHttp.AssertStatus(HttpStatusCode.OK, response);
            Assert.True(watch.ElapsedMilliseconds >= 140, $"answered after {watch.ElapsedMilliseconds} ms");
        }
        finally
        {
            _server.Postman.Latency = null;
        }
    }

    [Fact]
    public async Task Request_counters_count_per_route_and_reset()
    {
        _server.Postman.ResetRequestCounts();
        await PostmanHttp.GetAsync(_server, "/collections/" + PostmanWorld.PaymentsCollection);
        await PostmanHttp.GetAsync(_server, "/collections/" + PostmanWorld.LedgerCollection);
        await PostmanHttp.GetAsync(_server, "/collections?workspace=" + PostmanWorld.Payments);
        await PostmanHttp.GetAsync(_server, "/collections/" + PostmanWorld.PaymentsCollection, key: null);

        Assert.Equal(3, _server.Postman.RequestCount("GET /collections/{collectionId}"));
        Assert.Equal(1, _server.Postman.RequestCount("GET /collections"));
        Assert.Equal(4, _server.Postman.TotalRequests);
        Assert.Equal(new[] { "GET /collections", "GET /collections/{collectionId}" }, _server.Postman.RequestCounts.Keys);
        Assert.Empty(_server.Requests);

        _server.Postman.ResetRequestCounts();
        Assert.Equal(0, _server.Postman.TotalRequests);
        Assert.Equal(0, _server.Postman.RequestCount("GET /collections/{collectionId}"));
    }
}
