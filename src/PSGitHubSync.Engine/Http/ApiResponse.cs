using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;

namespace PSGitHubSync.Engine.Http;

/// <summary>
/// One answer from an HTTP API (GitHub or Postman): status, headers (case-insensitive), body text, and what both APIs
/// answer alike (rate limit, error message). What only GitHub answers is read by the GitHub layer (<c>GitHubAnswer</c>).
/// </summary>
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
