using System;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using PSGitHubSync.Engine.Diagnostics;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Http;
using PSGitHubSync.Engine.Security;

namespace PSGitHubSync.Engine.Postman;

/// <summary>
/// HTTP to the Postman API: the <c>X-Api-Key</c> header, and retries of 5xx answers and of
/// 429 <c>rateLimited</c> (honouring <c>X-RateLimit-RetryAfter</c> / <c>Retry-After</c>).
/// </summary>
public sealed class PostmanConnection : HttpApiConnection
{
    /// <summary>Postman's public API.</summary>
    public static readonly Uri DefaultServer = new("https://api.getpostman.com/");

    private readonly SecretValue _apiKey;

    /// <summary>Reports something the user should know (redacted like every message of the connection).</summary>
    internal void Warn(string message) => Log.Warning(message);

    /// <summary>Creates the connection.</summary>
    public PostmanConnection(Uri server, SecretValue apiKey, HttpApiOptions? options = null, IEngineLog? log = null)
        : base(WithSlash(WithoutCredentials(server)), WithSlash(server).AbsoluteUri, options ?? new HttpApiOptions(), log, Usable(apiKey, "API key"))
    {
        if (server.Scheme == Uri.UriSchemeHttp && !GitHub.GitHubEndpoint.IsLoopback(server))
        {
            throw new SyncException(SyncErrorId.InsecureServer, SyncErrorCategory.SecurityError,
                string.Format(CultureInfo.InvariantCulture, Resources.Messages.InsecureServer, server.GetLeftPart(UriPartial.Authority)), server.AbsoluteUri);
        }
        _apiKey = apiKey;
    }

    /// <inheritdoc />
    protected override string CredentialName => "API key";

    /// <inheritdoc />
    protected override void PrepareRequest(HttpRequestMessage request)
    {
        request.Headers.Add("X-Api-Key", _apiKey.Reveal());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (request.RequestUri!.AbsolutePath.IndexOf("/apis", StringComparison.Ordinal) >= 0)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.api.v10+json"));
        }
    }

    /// <inheritdoc />
    protected override TimeSpan? RetryWait(ApiResponse response, int attempt)
    {
        if ((int)response.StatusCode == 429)
        {
            TimeSpan wait;
            if (int.TryParse(response.Header("x-ratelimit-retryafter") ?? response.Header("retry-after") ?? response.Header("retryafter"),
                    NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                wait = TimeSpan.FromSeconds(Math.Max(seconds, 1));
            }
            else if (response.RateLimit is { } rate && rate.ResetsAt > DateTimeOffset.UtcNow)
            {
                wait = rate.ResetsAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
            }
            else
            {
                wait = TimeSpan.FromSeconds(60);
            }
            if (wait > Options.MaxRateLimitWait || attempt >= Options.MaxRetries) throw RateLimited(DateTimeOffset.UtcNow + wait);
            Log.Verbose($"Postman's rate limit was reached; waiting {wait.TotalSeconds:0} s as Postman asks.");
            return wait;
        }
        return IsServerError(response) && attempt < Options.MaxRetries ? Backoff(attempt) : null;
    }

    /// <summary><paramref name="server"/>, refused (before anything is logged) when it carries a user name or password.</summary>
    private static Uri WithoutCredentials(Uri server)
    {
        if (server is null) throw new ArgumentNullException(nameof(server));
        if (string.IsNullOrEmpty(server.UserInfo)) return server;
        throw new SyncException(SyncErrorId.ServerInvalid, SyncErrorCategory.InvalidArgument,
            string.Format(CultureInfo.InvariantCulture, Resources.Messages.ServerCredentialsNotAllowed, "postman.server", "API key"), server.Host);
    }

    private static Uri WithSlash(Uri server) =>
        server.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? server : new Uri(server.AbsoluteUri + "/");
}
