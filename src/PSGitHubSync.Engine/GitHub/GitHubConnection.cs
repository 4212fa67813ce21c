using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Diagnostics;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Resources;
using PSGitHubSync.Engine.Security;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>
/// The one place that talks HTTP to a GitHub server: authentication, headers, proxy,
/// narration of every request (secrets redacted), and bounded retries of transient failures
/// (5xx, timeouts, connection resets, rate limits honouring <c>Retry-After</c> and
/// <c>x-ratelimit-reset</c>). Answers are returned as <see cref="GitHubResponse"/>; only
/// transport failures and exhausted limits throw.
/// </summary>
public sealed class GitHubConnection : IDisposable
{
    private readonly HttpClient _http;
    private readonly SecretValue? _token;
    private readonly GitHubConnectionOptions _options;
    private readonly IEngineLog _log;
    private readonly Random _jitter = new();
    private int _requestCount;

    /// <summary>Creates a connection; <paramref name="token"/> may be null for anonymous requests.</summary>
    public GitHubConnection(GitHubEndpoint endpoint, SecretValue? token, GitHubConnectionOptions? options = null, IEngineLog? log = null)
    {
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _token = token;
        _options = options ?? new GitHubConnectionOptions();
        var redactor = new SecretRedactor();
        redactor.Add(token);
        _log = new RedactingEngineLog(log ?? NullEngineLog.Instance, redactor);

        var handler = new HttpClientHandler { AllowAutoRedirect = false };
        var proxy = _options.Proxy.CreateProxy();
        if (proxy is not null)
        {
            handler.Proxy = proxy;
            handler.UseProxy = true;
        }
        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("PSGitHubSync", _options.UserAgent.Split('/').Last()));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        _http.DefaultRequestHeaders.Add("X-GitHub-Api-Version", "2022-11-28");
        _log.Debug($"Connecting to {Endpoint.ApiRoot} through {_options.Proxy.Describe()}.");
    }

    /// <summary>The server this connection talks to.</summary>
    public GitHubEndpoint Endpoint { get; }

    /// <summary>How many HTTP requests were sent (retries included).</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Waits between retries; replaceable in tests.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (wait, token) => Task.Delay(wait, token);

    /// <summary>Sends a GET to <paramref name="path"/> (relative to the API root).</summary>
    public Task<GitHubResponse> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    /// <summary>
    /// Sends one request, retrying transient failures within the configured bounds, and returns
    /// the final answer whatever its status.
    /// </summary>
    /// <exception cref="SyncException"><c>ServerUnreachable</c>, <c>ProxyAuthenticationRequired</c> or <c>RateLimited</c>.</exception>
    public async Task<GitHubResponse> SendAsync(HttpMethod method, string path, string? jsonBody, CancellationToken cancellationToken)
    {
        var uri = new Uri(Endpoint.ApiRoot, path.TrimStart('/'));
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            GitHubResponse response;
            try
            {
                response = await SendOnceAsync(method, uri, jsonBody, cancellationToken).ConfigureAwait(false);
            }
            catch (SyncException ex) when (IsRetryableTransport(ex) && attempt < _options.MaxRetries)
            {
                var wait = Backoff(attempt);
                _log.Verbose($"{method} {uri.AbsolutePath} failed ({ex.InnerException?.Message ?? ex.Message}); retry {attempt + 1} of {_options.MaxRetries} in {wait.TotalSeconds:0.#} s.");
                await Delay(wait, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var retryWait = RetryWait(response, attempt);
            if (retryWait is null) return response;
            _log.Verbose($"{method} {uri.AbsolutePath} answered {(int)response.StatusCode}; waiting {retryWait.Value.TotalSeconds:0.#} s before retry {attempt + 1} of {_options.MaxRetries}.");
            await Delay(retryWait.Value, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan? RetryWait(GitHubResponse response, int attempt)
    {
        var status = (int)response.StatusCode;
        var rate = response.RateLimit;
        var isRateLimit = (status == 403 || status == 429)
            && (response.Header("retry-after") is not null || rate?.Remaining == 0
                || response.ErrorMessage.IndexOf("rate limit", StringComparison.OrdinalIgnoreCase) >= 0);
        if (isRateLimit)
        {
            TimeSpan wait;
            if (int.TryParse(response.Header("retry-after"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                wait = TimeSpan.FromSeconds(Math.Max(seconds, 1));
            }
            else if (rate is not null && rate.Remaining == 0)
            {
                wait = rate.ResetsAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
                if (wait < TimeSpan.FromSeconds(1)) wait = TimeSpan.FromSeconds(1);
            }
            else
            {
                wait = TimeSpan.FromSeconds(60);
            }

            if (wait > _options.MaxRateLimitWait || attempt >= _options.MaxRetries)
            {
                var resetsAt = DateTimeOffset.UtcNow + wait;
                throw new SyncException(SyncErrorId.RateLimited, SyncErrorCategory.LimitsExceeded,
                    string.Format(CultureInfo.InvariantCulture, Messages.RateLimited, resetsAt), Endpoint.Server.AbsoluteUri);
            }
            return wait;
        }

        if ((status == 500 || status == 502 || status == 503 || status == 504) && attempt < _options.MaxRetries)
        {
            return Backoff(attempt);
        }
        return null;
    }

    private TimeSpan Backoff(int attempt)
    {
        var baseMs = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt);
        double jitter;
        lock (_jitter) jitter = _jitter.NextDouble() * 0.25 * baseMs;
        return TimeSpan.FromMilliseconds(baseMs + jitter);
    }

    private static bool IsRetryableTransport(SyncException ex) =>
        ex.ErrorId == SyncErrorId.ServerUnreachable && ex.Data.Contains(TransientMarker);

    private const string TransientMarker = "PSGitHubSync.Transient";

    private async Task<GitHubResponse> SendOnceAsync(HttpMethod method, Uri uri, string? jsonBody, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (_token is not null && _token.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token.Reveal());
        }
        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, new UTF8Encoding(false), "application/json");
        }

        Interlocked.Increment(ref _requestCount);
        _log.Verbose($"{method} {uri.AbsoluteUri}");
        var stopwatch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        HttpResponseMessage message;
        try
        {
            message = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Transient(new SyncException(SyncErrorId.ServerUnreachable, SyncErrorCategory.OperationTimeout,
                string.Format(CultureInfo.InvariantCulture, Messages.ServerTimeout, Endpoint.Server.AbsoluteUri, _options.RequestTimeout.TotalSeconds),
                Endpoint.Server.AbsoluteUri));
        }
        catch (HttpRequestException ex)
        {
            throw MapTransportFailure(ex);
        }

        using (message)
        {
            var body = message.Content is null ? string.Empty : await message.Content.ReadAsStringAsync().ConfigureAwait(false);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in message.Headers) headers[header.Key] = string.Join(", ", header.Value);
            if (message.Content is not null)
            {
                foreach (var header in message.Content.Headers) headers[header.Key] = string.Join(", ", header.Value);
            }
            var response = new GitHubResponse(message.StatusCode, headers, body);
            _log.Verbose($"{(int)response.StatusCode} {method} {uri.AbsolutePath} in {stopwatch.ElapsedMilliseconds} ms"
                + (response.RequestId is null ? string.Empty : $" (request id {response.RequestId})")
                + (response.RateLimit is null ? string.Empty : $", rate limit {response.RateLimit}"));

            if (response.StatusCode == HttpStatusCode.ProxyAuthenticationRequired)
            {
                throw new SyncException(SyncErrorId.ProxyAuthenticationRequired, SyncErrorCategory.AuthenticationError,
                    string.Format(CultureInfo.InvariantCulture, Messages.ProxyAuthenticationRequired, _options.Proxy.Describe()), Endpoint.Server.AbsoluteUri);
            }
            return response;
        }
    }

    private SyncException MapTransportFailure(HttpRequestException ex)
    {
        var server = Endpoint.Server.AbsoluteUri;
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
            {
                return new SyncException(SyncErrorId.ServerUnreachable, SyncErrorCategory.SecurityError,
                    string.Format(CultureInfo.InvariantCulture, Messages.ServerTlsFailure, server, inner.Message), server, ex);
            }
        }

        var reason = Innermost(ex).Message;
        var error = new SyncException(SyncErrorId.ServerUnreachable, SyncErrorCategory.ConnectionError,
            string.Format(CultureInfo.InvariantCulture, Messages.ServerUnreachable, server, reason), server, ex);
        // Resets and refused connections may be a blip; a name that does not resolve is not.
        var socket = FindSocketError(ex);
        if (socket is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.TimedOut or null)
        {
            var notFound = socket is null && reason.IndexOf("No such host", StringComparison.OrdinalIgnoreCase) >= 0;
            if (!notFound) Transient(error);
        }
        return error;
    }

    private static SyncException Transient(SyncException error)
    {
        error.Data[TransientMarker] = true;
        return error;
    }

    private static SocketError? FindSocketError(Exception ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket) return socket.SocketErrorCode;
        }
        return null;
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }

    /// <summary>Releases the HTTP client.</summary>
    public void Dispose() => _http.Dispose();
}
