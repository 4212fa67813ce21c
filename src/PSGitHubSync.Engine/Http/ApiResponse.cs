using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;

namespace PSGitHubSync.Engine.Http;

/// <summary>One answer from an HTTP API (GitHub or Postman): status, headers (case-insensitive) and body text.</summary>
public sealed class ApiResponse
{
    /// <summary>Creates the response.</summary>
    public ApiResponse(HttpStatusCode statusCode, IReadOnlyDictionary<string, string> headers, string body)
    {
        StatusCode = statusCode;
        Headers = headers;
        Body = body;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Response and content headers; multiple values joined with <c>, </c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The body as text (empty when none).</summary>
    public string Body { get; }

    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => (int)StatusCode >= 200 && (int)StatusCode < 300;

    /// <summary>The value of a header, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary><c>x-github-request-id</c>, which GitHub support asks for.</summary>
    public string? RequestId => Header("x-github-request-id");

    /// <summary>True when the answer carries GitHub's own headers (a proxy's or web server's page does not).</summary>
    public bool LooksLikeGitHub => RequestId is not null || Header("x-github-media-type") is not null;

    /// <summary>The OAuth scopes of a classic or OAuth token (<c>x-oauth-scopes</c>), or null when the header is absent.</summary>
    public IReadOnlyList<string>? OAuthScopes
    {
        get
        {
            var header = Header("x-oauth-scopes");
            if (header is null) return null;
            return header.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
        }
    }

    /// <summary>The token's expiry from <c>github-authentication-token-expiration</c>, or null.</summary>
    public DateTimeOffset? TokenExpiration
    {
        get
        {
            var header = Header("github-authentication-token-expiration");
            if (header is null) return null;
            var text = header.Trim();
            string[] formats = { "yyyy-MM-dd HH:mm:ss 'UTC'", "yyyy-MM-dd HH:mm:ss zzz", "yyyy-MM-dd HH:mm:ss zz" };
            if (DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)) return value;
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value) ? value : null;
        }
    }

    /// <summary>The rate limit from the <c>x-ratelimit-*</c> headers, or null.</summary>
    public RateLimitInfo? RateLimit
    {
        get
        {
            if (!int.TryParse(Header("x-ratelimit-limit"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit)) return null;
            int.TryParse(Header("x-ratelimit-remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining);
            long.TryParse(Header("x-ratelimit-reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset);
            return new RateLimitInfo(limit, remaining, DateTimeOffset.FromUnixTimeSeconds(reset), Header("x-ratelimit-resource"));
        }
    }

    /// <summary>
    /// The error message of a JSON error body (GitHub's <c>message</c>, Postman's
    /// <c>error.message</c>), or the start of the body; with every secret the server may have echoed
    /// (the token, the API key, anything shaped like one) redacted, so it can be quoted in any message.
    /// </summary>
    public string ErrorMessage => Security.SecretRedactor.Shared.Redact(RawErrorMessage);

    private string RawErrorMessage
    {
        get
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(Body);
                var root = document.RootElement;
                if (root.ValueKind == System.Text.Json.JsonValueKind.Object
                    && root.TryGetProperty("error", out var error) && error.ValueKind == System.Text.Json.JsonValueKind.Object)
                {
                    root = error;
                }
                if (root.ValueKind == System.Text.Json.JsonValueKind.Object
                    && root.TryGetProperty("message", out var message)
                    && message.ValueKind == System.Text.Json.JsonValueKind.String)
                {
                    return message.GetString() ?? string.Empty;
                }
            }
            catch (System.Text.Json.JsonException)
            {
            }
            return Body.Length > 200 ? Body.Substring(0, 200) + "..." : Body;
        }
    }
}
