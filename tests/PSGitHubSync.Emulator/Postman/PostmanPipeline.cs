using System.Globalization;
using Microsoft.AspNetCore.Http.Features;

namespace PSGitHubSync.Emulator.Postman;

/// <summary>One authenticated request, as an operation sees it.</summary>
internal sealed class PostmanRequest
{
    public PostmanRequest(HttpContext http, PostmanState state, PostmanKey key, byte[] body)
    {
        Http = http;
        State = state;
        Key = key;
        Body = body;
    }

    public HttpContext Http { get; }

    public PostmanState State { get; }

    public PostmanKey Key { get; }

    public byte[] Body { get; }

    public string RouteValue(string name) => Http.GetRouteValue(name) as string ?? "";

    public string? Query(string name) => Http.Request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>The absolute URL of a path under the Postman API root (e.g. for Location headers).</summary>
    public string Url(string path) => $"{Http.Request.Scheme}://{Http.Request.Host}{PostmanEndpoints.Prefix}{path}";

    /// <summary>The raw (still percent-encoded) request target, without the query.</summary>
    public string RawPath()
    {
        string target = Http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? Http.Request.Path.Value ?? "";
        int query = target.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? target : target[..query];
    }
}

/// <summary>
/// What Postman does around every API call: count it, wait the injected latency, count it against the key's
/// per-minute limit (429 rateLimited past it), authenticate the X-Api-Key header or apikey query parameter
/// (401 AuthenticationError), check the v10 Accept header of the API Builder routes, run the operation, and send
/// the body with the X-RateLimit-* headers.
/// </summary>
internal sealed class PostmanPipeline
{
    public const string V10Accept = "application/vnd.api.v10+json";
    private const int MaxBodyBytes = 64 * 1024 * 1024;

    private readonly PostmanState _state;
    private readonly Random _jitter = new(7);

    public PostmanPipeline(PostmanState state)
    {
        _state = state;
    }

    public async Task ExecuteAsync(HttpContext http, string route, Func<PostmanRequest, PostmanResult> handler, bool v10 = false)
    {
        _state.Count(route);
        if (_state.Latency is { } latency && (latency.Milliseconds > 0 || latency.JitterMilliseconds > 0))
        {
            int jitter;
            lock (_jitter)
            {
                jitter = latency.JitterMilliseconds > 0 ? _jitter.Next(latency.JitterMilliseconds + 1) : 0;
            }

            await Task.Delay(Math.Max(0, latency.Milliseconds) + jitter, http.RequestAborted).ConfigureAwait(false);
        }

        string? apiKey = ApiKey(http);
        var (result, rate) = await RunAsync(http, apiKey, handler, v10).ConfigureAwait(false);
        string? echoedKey = null;
        if (_state.EchoApiKey && result.Status >= 400 && apiKey is not null)
        {
            // Hostile mode: the key comes back in the error message (and in a header) for the client to leak.
            result = PostmanJson.Error(result.Status, result.Status == 401 ? "AuthenticationError" : "serverError",
                $"The request with X-Api-Key {apiKey} failed ({result.Status}).", new { apiKey });
            echoedKey = apiKey;
        }

        var response = http.Response;
        response.StatusCode = result.Status;
        if (echoedKey is not null)
        {
            response.Headers["X-Echoed-Api-Key"] = echoedKey;
        }

        AddHeaders(response.Headers, result, rate);
        if (result.Body is { } bytes)
        {
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = bytes.Length;
            if (!HttpMethods.IsHead(http.Request.Method))
            {
                await response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
            }
        }
        else
        {
            response.ContentLength = 0;
        }
    }

    /// <summary>Postman's checks in order (the key's rate limit, the key, the v10 Accept header), then the operation.</summary>
    private async Task<(PostmanResult Result, PostmanRateStatus Rate)> RunAsync(
        HttpContext http, string? apiKey, Func<PostmanRequest, PostmanResult> handler, bool v10)
    {
        var key = apiKey is null ? null : _state.FindKey(apiKey);
        string bucket = apiKey is null ? "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1") : "key:" + apiKey;
        int limit = key?.RateLimit ?? _state.RateLimitPerMinute;
        bool allowed = _state.RateLimiter.TryConsume(bucket, limit, out var window);
        var rate = PostmanRateStatus.Of(window, refused: !allowed);
        if (!allowed)
        {
            // Postman's documented 429 body is flat: {"error":"rateLimited","message":"..."}.
            return (new PostmanResult(429, PostmanJson.Serialize(new
            {
                error = "rateLimited",
                message = "Rate limit exceeded. Please retry after " + rate.Reset.ToString(CultureInfo.InvariantCulture),
            })), rate);
        }

        if (apiKey is null)
        {
            return (PostmanJson.Error(401, "AuthenticationError", "API Key missing. Every request requires an API Key to be sent."), rate);
        }

        if (key is null)
        {
            return (PostmanJson.Error(401, "AuthenticationError", "Invalid API Key. Every request requires a valid API Key to be sent."), rate);
        }

        if (v10 && !AcceptsV10(http.Request))
        {
            return (PostmanJson.Problem(422, "unsupportedVersionError", "v9 Unsupported",
                $"This endpoint is only available in the v10 API: send the 'Accept: {V10Accept}' header."), rate);
        }

        try
        {
            byte[] body = await ReadBodyAsync(http).ConfigureAwait(false);
            return (handler(new PostmanRequest(http, _state, key, body)), rate);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            return (PostmanJson.Error(400, "malformedRequestError", e.Message), rate);
        }
    }

    /// <summary>The X-RateLimit-* headers (and RetryAfter on a 429), then the operation's own.</summary>
    private static void AddHeaders(IHeaderDictionary headers, PostmanResult result, PostmanRateStatus rate)
    {
        headers["X-RateLimit-Limit"] = rate.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = rate.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = rate.Reset.ToString(CultureInfo.InvariantCulture);
        if (result.Status == StatusCodes.Status429TooManyRequests)
        {
            headers["X-RateLimit-RetryAfter"] = rate.RetryAfter.ToString(CultureInfo.InvariantCulture);
            headers["RetryAfter"] = rate.RetryAfter.ToString(CultureInfo.InvariantCulture);
        }

        if (result.Headers is not null)
        {
            foreach (var (name, value) in result.Headers)
            {
                headers[name] = value;
            }
        }
    }

    private static string? ApiKey(HttpContext http)
    {
        string? header = http.Request.Headers["X-Api-Key"];
        if (!string.IsNullOrEmpty(header))
        {
            return header;
        }

        return http.Request.Query.TryGetValue("apikey", out var query) && !string.IsNullOrEmpty(query[0]) ? query[0] : null;
    }

    private static bool AcceptsV10(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains(V10Accept, StringComparison.OrdinalIgnoreCase));

    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsDelete(http.Request.Method))
        {
            return Array.Empty<byte>();
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        if (buffer.Length > MaxBodyBytes)
        {
            throw new InvalidDataException("The request body is too large.");
        }

        return buffer.ToArray();
    }
}
