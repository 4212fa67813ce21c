using System.Globalization;
using Microsoft.Net.Http.Headers;
using PSGitHubSync.Emulator.Authentication;
using PSGitHubSync.Emulator.RateLimiting;
using PSGitHubSync.Emulator.State;

namespace PSGitHubSync.Emulator.GitHub;

/// <summary>The response headers GitHub sends (compare tests/reference/github-recorded/*.json).</summary>
internal static class GitHubHeaders
{
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string ApiVersion = "2022-11-28";
    public const string TokenExpiration = "github-authentication-token-expiration";

    private const string ExposedHeaders =
        "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, " +
        "X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, " +
        "X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset";

    /// <summary>The headers on every API response, whatever its status.</summary>
    public static void AddCommon(IHeaderDictionary headers, string requestId, ApiSurface surface)
    {
        headers[HeaderNames.Server] = "GitHub.com";
        headers["X-GitHub-Api-Version-Selected"] = ApiVersion;
        headers["X-GitHub-Media-Type"] = "github.v3; format=json";
        headers[HeaderNames.AccessControlExposeHeaders] = ExposedHeaders;
        headers[HeaderNames.AccessControlAllowOrigin] = "*";
        headers[HeaderNames.StrictTransportSecurity] = "max-age=31536000; includeSubdomains; preload";
        headers[HeaderNames.XFrameOptions] = "deny";
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.XXSSProtection] = "0";
        headers["Referrer-Policy"] = "origin-when-cross-origin, strict-origin-when-cross-origin";
        headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'";
        headers[HeaderNames.Vary] = "Accept-Encoding, Accept, X-Requested-With";
        if (surface.IsEnterprise)
        {
            headers["X-GitHub-Enterprise-Version"] = surface.EnterpriseVersion;
        }

        headers["X-GitHub-Request-Id"] = requestId;
    }

    /// <summary>What the token says about itself: scopes (classic/OAuth only), accepted scopes or permissions, expiry.</summary>
    public static void AddCaller(IHeaderDictionary headers, Caller caller, GitHubOperation operation)
    {
        if (caller.Token is not { } token)
        {
            return;
        }

        if (token.ExpiresAt is { } expiry)
        {
            // GitHub's own format, e.g. "2026-12-31 12:00:00 UTC".
            headers[TokenExpiration] = expiry.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        }

        if (token.HasOAuthScopes)
        {
            headers["X-OAuth-Scopes"] = string.Join(", ", token.Scopes);
            headers["X-Accepted-OAuth-Scopes"] = operation.AcceptedOAuthScopes;
        }
        else if (operation.AcceptedGitHubPermissions is { } permissions)
        {
            headers["X-Accepted-GitHub-Permissions"] = permissions;
        }
    }

    public static void AddRateLimit(IHeaderDictionary headers, RateLimitStatus status)
    {
        headers["X-RateLimit-Limit"] = status.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = status.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = status.Reset.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Used"] = status.Used.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Resource"] = status.Resource;
    }

    /// <summary>Caching headers of a successful GET: authenticated answers are private, anonymous ones public.</summary>
    public static void AddCaching(IHeaderDictionary headers, Caller caller, string etag, DateTimeOffset? lastModified)
    {
        headers[HeaderNames.CacheControl] = caller.Kind == CallerKind.Token
            ? "private, max-age=60, s-maxage=60"
            : "public, max-age=60, s-maxage=60";
        headers[HeaderNames.Vary] = new Microsoft.Extensions.Primitives.StringValues(new[]
        {
            "Accept, Authorization, Cookie, X-GitHub-OTP",
            "Accept-Encoding, Accept, X-Requested-With",
        });
        headers[HeaderNames.ETag] = etag;
        if (lastModified is { } modified)
        {
            headers[HeaderNames.LastModified] = modified.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);
        }
    }
}
