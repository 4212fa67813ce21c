using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using PSGitHubSync.Emulator.Authentication;
using PSGitHubSync.Emulator.Faults;
using PSGitHubSync.Emulator.Hostile;
using PSGitHubSync.Emulator.RateLimiting;
using PSGitHubSync.Emulator.State;

namespace PSGitHubSync.Emulator.GitHub;

/// <summary>
/// What GitHub does around every REST call, in GitHub's order: injected latency and faults (the front end),
/// authenticate (a bad token is 401 whatever the path), count the request against the caller's hourly limit
/// (403 when used up), secondary limits, read the body (create-tree bodies over the limit: 502), the
/// content-creation limit, run the operation, answer 304 to a matching If-None-Match (not counted), then send
/// the body with GitHub's headers, log and count it.
/// </summary>
internal sealed class GitHubPipeline
{
    public const string SecondaryRateLimitDocs = "/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";

    private static readonly JsonSerializerOptions BodyJson = new()
    {
        // GitHub writes '+', '<', '&' and non-ASCII characters as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    private static readonly TimeSpan TimeoutFaultLimit = TimeSpan.FromMinutes(2);

    /// <summary>GitHub's primary rate limit counts requests per hour.</summary>
    private static readonly TimeSpan PrimaryRateLimitWindow = TimeSpan.FromHours(1);

    private readonly EmulatorState _state;
    private readonly RequestLog _log;
    private readonly TimeProvider _time;
    private readonly GitHubRuntime _runtime;
    private readonly TokenAuthenticator _authenticator;
    private readonly RateLimiter _rateLimiter;
    private readonly RequestIdGenerator _requestIds;

    public GitHubPipeline(EmulatorState state, RequestLog log, TimeProvider time, GitHubRuntime? runtime = null)
    {
        _state = state;
        _log = log;
        _time = time;
        _runtime = runtime ?? new GitHubRuntime(state, time);
        _authenticator = new TokenAuthenticator(state, time);
        _rateLimiter = new RateLimiter(time, PrimaryRateLimitWindow);
        _requestIds = new RequestIdGenerator(time);
    }

    public GitHubRuntime Runtime => _runtime;

    public async Task ExecuteAsync(HttpContext http, ApiSurface surface, GitHubOperation operation, Func<GitHubRequest, GitHubResult> handler)
    {
        string requestId = _requestIds.Next();
        string method = http.Request.Method.ToUpperInvariant();
        string path = LoggedPath(http.Request.Path.Value ?? "/", surface);
        string? authorization = http.Request.Headers.Authorization;
        _runtime.Statistics.CountRequest(method, operation.Route);

        var latency = _runtime.Latency;
        if (latency > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(latency, _time, http.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var fault = _runtime.TakeFault(method, path);
        if (fault is { Kind: not FaultKind.Status })
        {
            Log(http, method, path, 0, authorization, surface);
            await FailConnectionAsync(http, fault.Kind).ConfigureAwait(false);
            return;
        }

        if (fault is not null)
        {
            Log(http, method, path, fault.Status, authorization, surface);
            await WriteFaultAsync(http, surface, fault, requestId, authorization).ConfigureAwait(false);
            return;
        }

        var caller = _authenticator.Authenticate(authorization);
        var (rateKey, limit) = RateLimitKey(caller, http);
        var call = new Call(http, surface, operation, requestId, method, path, authorization, caller, rateKey, limit);
        var (result, rate) = await RunAsync(call, handler).ConfigureAwait(false);
        await RespondAsync(call, result, rate).ConfigureAwait(false);
    }

    /// <summary>
    /// GitHub's checks in order (credentials, the hourly limit, secondary limits, the body, the content-creation
    /// limit), then the operation: its result and the rate-limit numbers to report.
    /// </summary>
    private async Task<(GitHubResult Result, RateLimitStatus Rate)> RunAsync(Call call, Func<GitHubRequest, GitHubResult> handler)
    {
        var (http, surface, operation, caller) = (call.Http, call.Surface, call.Operation, call.Caller);
        if (caller.Kind == CallerKind.BadCredentials)
        {
            // Counted against the client address, like any unauthenticated call.
            _rateLimiter.TryConsume(call.RateKey, call.Limit, out var counted);
            return (GitHubResult.Error(401, caller.Message ?? "Bad credentials", surface.Docs("")), RateLimitStatus.Of(counted));
        }

        if (operation.CountsAgainstRateLimit && _runtime.TryTakePrimaryRateLimit(out var resetsAt))
        {
            return (RateLimitExceeded(call), new RateLimitStatus(call.Limit, 0, resetsAt.ToUnixTimeSeconds()));
        }

        bool allowed = true;
        RateLimitWindow window;
        if (operation.CountsAgainstRateLimit)
        {
            allowed = _rateLimiter.TryConsume(call.RateKey, call.Limit, out window);
        }
        else
        {
            window = _rateLimiter.Peek(call.RateKey, call.Limit);
        }

        var rate = RateLimitStatus.Of(window);
        if (!allowed)
        {
            return (RateLimitExceeded(call), rate);
        }

        if (operation.CountsAgainstRateLimit && _runtime.TryTakeSecondaryRateLimit(out int retryAfter))
        {
            return (SecondaryRateLimit(surface, call.RequestId, retryAfter), rate);
        }

        var (body, tooLarge) = await ReadBodyAsync(http, operation.IsCreateTree ? _state.Limits.CreateTreeMaxBodyBytes : null).ConfigureAwait(false);
        if (tooLarge)
        {
            // GitHub's gateway gives up on huge create-tree payloads.
            return (GitHubResult.Error(502, "Server Error", surface.Docs("")), rate);
        }

        if (operation.CreatesContent && !CountContentCreation(call.RateKey, out int wait))
        {
            return (SecondaryRateLimit(surface, call.RequestId, wait), rate);
        }

        var result = handler(new GitHubRequest(http, surface, caller, _state, _time, rate)
        {
            Operation = operation,
            Runtime = _runtime,
            Body = body,
        });
        return (result, rate);
    }

    /// <summary>
    /// Sends the result: a 304 for a GET whose If-None-Match matches (given back to the rate limit), GitHub's headers,
    /// the log entry (before the body, so a client that has its answer finds the request logged), then the body.
    /// </summary>
    private async Task RespondAsync(Call call, GitHubResult result, RateLimitStatus rate)
    {
        var http = call.Http;
        int status = result.Status;
        byte[]? bytes = result.RawBody ?? (result.Body is null ? null : JsonSerializer.SerializeToUtf8Bytes(result.Body, BodyJson));
        string? etag = null;
        if (status is StatusCodes.Status200OK or StatusCodes.Status201Created && bytes is not null)
        {
            etag = "W/\"" + Convert.ToHexStringLower(SHA256.HashData(bytes)) + "\"";
            if (status == StatusCodes.Status200OK && HttpMethods.IsGet(http.Request.Method) && IfNoneMatchMatches(http.Request, etag))
            {
                status = StatusCodes.Status304NotModified;
                bytes = null;
                if (call.Operation.CountsAgainstRateLimit)
                {
                    rate = RateLimitStatus.Of(_rateLimiter.Refund(call.RateKey, call.Limit));
                }
            }
        }

        var response = http.Response;
        response.StatusCode = status;
        var headers = response.Headers;
        GitHubHeaders.AddCommon(headers, call.RequestId, call.Surface);
        GitHubHeaders.AddCaller(headers, call.Caller, call.Operation);
        GitHubHeaders.AddRateLimit(headers, rate);
        if (etag is not null)
        {
            GitHubHeaders.AddCaching(headers, call.Caller, etag, result.LastModified);
        }

        if (result.MediaType is { } mediaType)
        {
            headers["X-GitHub-Media-Type"] = mediaType;
        }

        foreach (var (name, value) in result.Headers)
        {
            headers[name] = value;
        }

        Log(http, call.Method, call.Path, status, call.Authorization, call.Surface);
        if (bytes is not null)
        {
            response.ContentType = result.RawContentType ?? GitHubHeaders.JsonContentType;
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

    private static GitHubResult RateLimitExceeded(Call call) => GitHubResult.Error(
        403,
        RateLimitExceededMessage(call.Caller, call.Http, call.RequestId),
        call.Surface.Docs("/overview/rate-limits-for-the-rest-api"));

    /// <summary>GitHub's secondary rate limit answer: 403, <c>retry-after</c>, the message that names the request id.</summary>
    public static GitHubResult SecondaryRateLimit(ApiSurface surface, string requestId, int retryAfterSeconds)
    {
        string docs = surface.IsEnterprise
            ? surface.Docs(SecondaryRateLimitDocs)
            : "https://docs.github.com/free-pro-team@latest/rest" + SecondaryRateLimitDocs;
        return GitHubResult.Error(
                403,
                "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
                + $"If you reach out to GitHub Support for help, please include the request ID {requestId}.",
                docs)
            .WithHeader("Retry-After", retryAfterSeconds.ToString(CultureInfo.InvariantCulture));
    }

    private bool CountContentCreation(string rateKey, out int retryAfterSeconds)
    {
        _runtime.Statistics.CountContentCreating();
        if (_runtime.TryCreateContent(rateKey, out retryAfterSeconds)) return true;
        _runtime.Statistics.CountContentCreationRefused();
        return false;
    }

    /// <summary>Reads the whole body; with a limit, a longer body is drained and reported as too large.</summary>
    private static async Task<(byte[] Body, bool TooLarge)> ReadBodyAsync(HttpContext http, long? limit)
    {
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            return (Array.Empty<byte>(), false);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // Blobs may be bigger than Kestrel's 30 MB default; GitHub's own limits are checked by the operations.
            sizeFeature.MaxRequestBodySize = null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        long total = 0;
        int read;
        try
        {
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (limit is null || total <= limit)
                {
                    buffer.Write(chunk, 0, read);
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException)
        {
            return (Array.Empty<byte>(), false);
        }

        return limit is not null && total > limit ? (Array.Empty<byte>(), true) : (buffer.ToArray(), false);
    }

    private async Task WriteFaultAsync(HttpContext http, ApiSurface surface, FaultRule fault, string requestId, string? authorization)
    {
        var caller = _authenticator.Authenticate(authorization);
        var (rateKey, limit) = RateLimitKey(caller, http);
        var response = http.Response;
        response.StatusCode = fault.Status;
        GitHubHeaders.AddCommon(response.Headers, requestId, surface);
        GitHubHeaders.AddRateLimit(response.Headers, RateLimitStatus.Of(_rateLimiter.Peek(rateKey, limit)));
        string root = $"{http.Request.Scheme}://{http.Request.Host}{surface.Prefix}/";
        byte[] body = fault.Body is not null
            ? Encoding.UTF8.GetBytes(HostileText.Expand(fault.Body, http.Request, root, _runtime.OtherHost))
            : JsonSerializer.SerializeToUtf8Bytes(
                GitHubBodies.Error(fault.Status, ReasonPhrase(fault.Status), surface.Docs("")), BodyJson);
        response.ContentType = GitHubHeaders.JsonContentType;
        foreach (var (name, value) in fault.Headers)
        {
            response.Headers[name] = HostileText.Expand(value, http.Request, root, _runtime.OtherHost);
        }

        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
        }
    }

    private static async Task FailConnectionAsync(HttpContext http, FaultKind kind)
    {
        if (kind == FaultKind.Timeout)
        {
            var stopping = http.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
            try
            {
                await Task.Delay(TimeoutFaultLimit, wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        http.Abort();
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";

    private void Log(HttpContext http, string method, string path, int status, string? authorization, ApiSurface surface) =>
        _log.Add(new RecordedRequest(
            method,
            path,
            http.Request.QueryString.HasValue ? http.Request.QueryString.Value!.TrimStart('?') : "",
            status,
            !string.IsNullOrEmpty(authorization),
            surface.IsEnterprise));

    private (string Key, int Limit) RateLimitKey(Caller caller, HttpContext http) => caller.Token is { } token
        ? ("token:" + token.Value, token.RateLimit)
        : ("address:" + ClientAddress(http), _state.AnonymousRateLimit);

    private static string ClientAddress(HttpContext http) =>
        http.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";

    private static string RateLimitExceededMessage(Caller caller, HttpContext http, string requestId)
    {
        string who = caller.Token switch
        {
            { User: { } user } => $"API rate limit exceeded for user ID {user.Id}.",
            { } token => $"API rate limit exceeded for installation ID {StableNumber(token.Value)}.",
            null => $"API rate limit exceeded for {ClientAddress(http)}. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)",
        };
        return $"{who} If you reach out to GitHub Support for help, please include the request ID {requestId}.";
    }

    /// <summary>A stable number for a token (FNV-1a), so that messages do not change between runs.</summary>
    private static uint StableNumber(string value)
    {
        uint hash = 2166136261;
        foreach (char c in value)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash % 100000000;
    }

    private static bool IfNoneMatchMatches(HttpRequest request, string etag)
    {
        string? ifNoneMatch = request.Headers.IfNoneMatch;
        if (string.IsNullOrEmpty(ifNoneMatch))
        {
            return false;
        }

        static string Opaque(string tag) => tag.Trim().StartsWith("W/", StringComparison.Ordinal) ? tag.Trim()[2..] : tag.Trim();
        return ifNoneMatch.Split(',').Any(t => t.Trim() == "*" || Opaque(t) == Opaque(etag));
    }

    private static string LoggedPath(string path, ApiSurface surface)
    {
        if (surface.IsEnterprise && path.StartsWith(ApiSurface.EnterprisePrefix, StringComparison.OrdinalIgnoreCase))
        {
            path = path[ApiSurface.EnterprisePrefix.Length..];
        }

        return path.Length == 0 ? "/" : path;
    }

    /// <summary>One request on its way through the pipeline: what it is, who sends it and which rate-limit window counts it.</summary>
    private sealed record Call(
        HttpContext Http,
        ApiSurface Surface,
        GitHubOperation Operation,
        string RequestId,
        string Method,
        string Path,
        string? Authorization,
        Caller Caller,
        string RateKey,
        int Limit);
}
