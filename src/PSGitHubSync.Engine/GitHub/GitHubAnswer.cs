using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using PSGitHubSync.Engine.Http;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>
/// One answer of a GitHub server as the GitHub layer hands it on: the transport's <see cref="ApiResponse"/> (status,
/// headers, body) and what only GitHub's answers carry — request id, OAuth scopes, token expiry, Enterprise version.
/// </summary>
public class GitHubAnswer
{
    /// <summary>Wraps <paramref name="response"/>.</summary>
    public GitHubAnswer(ApiResponse response) => Response = response ?? throw new ArgumentNullException(nameof(response));

    /// <summary>The answer as the transport received it.</summary>
    public ApiResponse Response { get; }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode => Response.StatusCode;

    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => Response.IsSuccess;

    /// <summary>The body as text (empty when none).</summary>
    public string Body => Response.Body;

    /// <summary>GitHub's error message (redacted), or the start of the body.</summary>
    public string ErrorMessage => Response.ErrorMessage;

    /// <summary>The value of a header, or null.</summary>
    public string? Header(string name) => Response.Header(name);

    /// <summary><c>x-github-request-id</c>, which GitHub support asks for.</summary>
    public string? RequestId => RequestIdOf(Response);

    /// <summary>True when the answer carries GitHub's own headers (a proxy's or web server's page does not).</summary>
    public bool LooksLikeGitHub => RequestId is not null || Header("x-github-media-type") is not null;

    /// <summary>The GitHub Enterprise Server version (<c>x-github-enterprise-version</c>), or null.</summary>
    public string? EnterpriseVersion => Header("x-github-enterprise-version");

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

    /// <summary>The <c>x-github-request-id</c> of any answer, or null.</summary>
    public static string? RequestIdOf(ApiResponse response) => response?.Header("x-github-request-id");
}

/// <summary>A GitHub answer with the typed value read from its body (default when the request failed).</summary>
/// <typeparam name="T">What the body was read as.</typeparam>
public sealed class GitHubAnswer<T> : GitHubAnswer
{
    /// <summary>Wraps <paramref name="response"/> and its value.</summary>
    public GitHubAnswer(ApiResponse response, T? value) : base(response) => Value = value;

    /// <summary>The body read as <typeparamref name="T"/>; default for a failed request.</summary>
    public T? Value { get; }
}
