using System;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Diagnostics;
using PSGitHubSync.Engine.Http;
using PSGitHubSync.Engine.Security;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>
/// The one place that talks HTTP to a GitHub server: bearer token, GitHub's media type and API
/// version, pacing of content-creating requests under GitHub's secondary limits, and retries of
/// 5xx answers and rate limits (primary: waits for <c>x-ratelimit-reset</c> when the wait is
/// short, else <c>RateLimited</c>; secondary: honours <c>retry-after</c>).
/// </summary>
public sealed class GitHubConnection : HttpApiConnection
{
    private readonly SecretValue? _token;
    private readonly GitHubConnectionOptions _options;
    private readonly SemaphoreSlim _paceGate = new(1, 1);
    private double _paceTokens;
    private DateTimeOffset _paceUpdated;   // default: no content-creating request yet (the bucket is full)

    /// <summary>Creates a connection; <paramref name="token"/> may be null for anonymous requests.</summary>
    public GitHubConnection(GitHubEndpoint endpoint, SecretValue? token, GitHubConnectionOptions? options = null, IEngineLog? log = null)
        : base(endpoint.ApiRoot, endpoint.Server.AbsoluteUri, options ??= new GitHubConnectionOptions(), log, Usable(token, "token"))
    {
        Endpoint = endpoint;
        _token = token;
        _options = options;
        _paceTokens = options.ContentCreationBurst;
    }

    /// <summary>The clock the content-creation pacing reads; replaceable in tests (with <see cref="HttpApiConnection.Delay"/>).</summary>
    internal Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>Creates a connection that authenticates as a GitHub App, with installation tokens that <paramref name="app"/> gets and renews.</summary>
    public static GitHubConnection ForApp(GitHubEndpoint endpoint, GitHubAppCredential app, GitHubConnectionOptions? options = null, IEngineLog? log = null) =>
        new(endpoint, (SecretValue?)null, options, log) { App = app ?? throw new ArgumentNullException(nameof(app)) };

    /// <summary>The GitHub App this connection authenticates as, or null when it uses a token.</summary>
    public GitHubAppCredential? App { get; private set; }

    /// <summary>The server this connection talks to.</summary>
    public GitHubEndpoint Endpoint { get; }

    /// <inheritdoc />
    protected override string CredentialName => "token";

    /// <inheritdoc />
    protected override void PrepareRequest(HttpRequestMessage request)
    {
        if (_token is not null && _token.Length > 0) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token.Reveal());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
    }

    /// <inheritdoc />
    protected override async Task PrepareRequestAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        PrepareRequest(request);
        if (App is not null && request.RequestUri is not null)
        {
            var token = await App.TokenForAsync(request.RequestUri, cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
        }
    }

    /// <inheritdoc />
    protected override string Describe(ApiResponse response) =>
        (GitHubAnswer.RequestIdOf(response) is { } requestId ? $" (request id {requestId})" : string.Empty) + base.Describe(response);

    /// <inheritdoc />
    protected override TimeSpan? RetryWait(ApiResponse response, int attempt)
    {
        var status = (int)response.StatusCode;
        if (status == 401 && App is not null && attempt == 0)
        {
            // An installation token that expired early (clock drift, a long pause): get a new one once.
            Log.Verbose($"GitHub refused the installation token of GitHub App {App.AppId}; asking for a new one.");
            App.ForgetTokens();
            return TimeSpan.Zero;
        }
        var rate = response.RateLimit;
        var message = status is 403 or 429 ? response.ErrorMessage : string.Empty;
        var secondary = message.IndexOf("secondary rate limit", StringComparison.OrdinalIgnoreCase) >= 0
            || message.IndexOf("abuse", StringComparison.OrdinalIgnoreCase) >= 0;
        var primary = (status is 403 or 429) && rate?.Remaining == 0;
        if (secondary || primary || status == 429)
        {
            TimeSpan wait;
            if (int.TryParse(response.Header("retry-after"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                wait = TimeSpan.FromSeconds(Math.Max(seconds, 1));
            }
            else if (primary)
            {
                wait = rate!.ResetsAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
                if (wait < TimeSpan.FromSeconds(1)) wait = TimeSpan.FromSeconds(1);
            }
            else
            {
                // GitHub's advice for a secondary limit without retry-after: wait at least a minute.
                wait = TimeSpan.FromSeconds(60);
            }

            if (wait > _options.MaxRateLimitWait || attempt >= _options.MaxRetries)
            {
                throw RateLimited(DateTimeOffset.UtcNow + wait);
            }
            Log.Verbose((secondary ? "GitHub's secondary rate limit" : "GitHub's rate limit") + $" was reached; waiting {wait.TotalSeconds:0} s as GitHub asks.");
            return wait;
        }

        return IsServerError(response) && attempt < _options.MaxRetries ? Backoff(attempt) : null;
    }

    /// <inheritdoc />
    protected override async Task BeforeSendAsync(HttpMethod method, Uri uri, CancellationToken cancellationToken)
    {
        if (_options.ContentCreationPerMinute <= 0 || !CreatesContent(method, uri)) return;
        await _paceGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var perSecond = _options.ContentCreationPerMinute / 60.0;
            var now = Clock();
            if (_paceUpdated != default) _paceTokens = Math.Min(_options.ContentCreationBurst, _paceTokens + (now - _paceUpdated).TotalSeconds * perSecond);
            _paceUpdated = now;
            if (_paceTokens < 1)
            {
                var wait = TimeSpan.FromSeconds((1 - _paceTokens) / perSecond);
                Log.Verbose($"Pacing content creation under GitHub's secondary limit: waiting {wait.TotalSeconds:0.#} s.");
                await Delay(wait, cancellationToken).ConfigureAwait(false);
                _paceTokens = 1;
                _paceUpdated = Clock();
            }
            _paceTokens -= 1;
        }
        finally
        {
            _paceGate.Release();
        }
    }

    private static bool CreatesContent(HttpMethod method, Uri uri)
    {
        if (method == HttpMethod.Put) return uri.AbsolutePath.IndexOf("/contents/", StringComparison.Ordinal) >= 0;
        if (method != HttpMethod.Post) return false;
        var path = uri.AbsolutePath;
        return path.EndsWith("/git/blobs", StringComparison.Ordinal) || path.EndsWith("/git/trees", StringComparison.Ordinal)
            || path.EndsWith("/git/commits", StringComparison.Ordinal) || path.EndsWith("/git/tags", StringComparison.Ordinal)
            || path.EndsWith("/releases", StringComparison.Ordinal);
    }
}
