using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using PSGitHubSync.Emulator.Authentication;
using PSGitHubSync.Emulator.RateLimiting;
using PSGitHubSync.Emulator.State;

namespace PSGitHubSync.Emulator.GitHub;

/// <summary>
/// What GitHub does around every REST call, in GitHub's order: authenticate (a bad token is 401 whatever
/// the path), count the request against the caller's hourly limit (403 when used up), run the operation,
/// answer 304 to a matching If-None-Match (not counted), then send the body with GitHub's headers, and log it.
/// </summary>
internal sealed class GitHubPipeline
{
    private static readonly JsonSerializerOptions BodyJson = new()
    {
        // GitHub writes '+', '<', '&' and non-ASCII characters as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    private readonly EmulatorState _state;
    private readonly RequestLog _log;
    private readonly TimeProvider _time;
    private readonly TokenAuthenticator _authenticator;
    private readonly RateLimiter _rateLimiter;
    private readonly RequestIdGenerator _requestIds;

    public GitHubPipeline(EmulatorState state, RequestLog log, TimeProvider time)
    {
        _state = state;
        _log = log;
        _time = time;
        _authenticator = new TokenAuthenticator(state, time);
        _rateLimiter = new RateLimiter(time);
        _requestIds = new RequestIdGenerator(time);
    }

    public async Task ExecuteAsync(HttpContext http, ApiSurface surface, GitHubOperation operation, Func<GitHubRequest, GitHubResult> handler)
    {
        string requestId = _requestIds.Next();
        string? authorization = http.Request.Headers.Authorization;
        var caller = _authenticator.Authenticate(authorization);
        var (rateKey, limit) = RateLimitKey(caller, http);

        GitHubResult result;
        RateLimitStatus rate;
        if (caller.Kind == CallerKind.BadCredentials)
        {
            // Counted against the client address, like any unauthenticated call.
            _rateLimiter.TryConsume(rateKey, limit, out rate);
            result = GitHubResult.Error(401, "Bad credentials", surface.Docs(""));
        }
        else
        {
            bool allowed = true;
            if (operation.CountsAgainstRateLimit)
            {
                allowed = _rateLimiter.TryConsume(rateKey, limit, out rate);
            }
            else
            {
                rate = _rateLimiter.Peek(rateKey, limit);
            }

            result = allowed
                ? handler(new GitHubRequest(http, surface, caller, _state, _time, rate))
                : GitHubResult.Error(403, RateLimitExceededMessage(caller, http, requestId), surface.Docs("/overview/rate-limits-for-the-rest-api"));
        }

        int status = result.Status;
        byte[]? body = result.Body is null ? null : JsonSerializer.SerializeToUtf8Bytes(result.Body, BodyJson);
        string? etag = null;
        if (status == StatusCodes.Status200OK && body is not null && HttpMethods.IsGet(http.Request.Method))
        {
            etag = "W/\"" + Convert.ToHexStringLower(SHA256.HashData(body)) + "\"";
            if (IfNoneMatchMatches(http.Request, etag))
            {
                status = StatusCodes.Status304NotModified;
                body = null;
                if (operation.CountsAgainstRateLimit)
                {
                    rate = _rateLimiter.Refund(rateKey, limit);
                }
            }
        }

        var response = http.Response;
        response.StatusCode = status;
        var headers = response.Headers;
        GitHubHeaders.AddCommon(headers, requestId, surface);
        GitHubHeaders.AddCaller(headers, caller, operation);
        GitHubHeaders.AddRateLimit(headers, rate);
        if (etag is not null)
        {
            GitHubHeaders.AddCaching(headers, caller, etag, result.LastModified);
        }

        if (body is not null)
        {
            response.ContentType = GitHubHeaders.JsonContentType;
            response.ContentLength = body.Length;
            if (!HttpMethods.IsHead(http.Request.Method))
            {
                await response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
            }
        }
        else
        {
            response.ContentLength = 0;
        }

        _log.Add(new RecordedRequest(
            http.Request.Method.ToUpperInvariant(),
            LoggedPath(http.Request.Path.Value ?? "/", surface),
            http.Request.QueryString.HasValue ? http.Request.QueryString.Value!.TrimStart('?') : "",
            status,
            !string.IsNullOrEmpty(authorization),
            surface.IsEnterprise));
    }

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
}
