using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
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

namespace PSGitHubSync.Engine.Http;

/// <summary>
/// What GitHub's and Postman's connections share: one HttpClient with the configured proxy,
/// a timeout per request, narration of every request (secrets redacted), transport failures
/// mapped to <c>ServerUnreachable</c>, and a bounded retry loop whose waits the API-specific
/// subclass decides (<see cref="RetryWait"/>). Answers are returned whatever their status;
/// only transport failures and exhausted limits throw.
/// </summary>
public abstract partial class HttpApiConnection : IDisposable
{
    private readonly HttpClient _http;
    private readonly Random _jitter = new();
    private int _requestCount;

    /// <summary>Creates the connection to <paramref name="apiRoot"/>.</summary>
    protected HttpApiConnection(Uri apiRoot, string serverName, HttpApiOptions options, IEngineLog? log, SecretValue? secret)
    {
        ApiRoot = apiRoot;
        ServerName = serverName;
        Options = options;
        SecretRedactor.Shared.Add(secret);
        Log = new RedactingEngineLog(log ?? NullEngineLog.Instance, SecretRedactor.Shared);

        var handler = new HttpClientHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate };
        var proxy = options.Proxy.CreateProxy();
        if (proxy is not null)
        {
            handler.Proxy = proxy;
            handler.UseProxy = true;
        }
        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("PSGitHubSync", options.ProductVersion));
        Log.Debug($"Connecting to {ApiRoot} through {options.Proxy.Describe()}.");
    }

    /// <summary>The API root, ending with a slash.</summary>
    public Uri ApiRoot { get; }

    /// <summary>How the server is named in messages.</summary>
    public string ServerName { get; }

    /// <summary>Transport settings.</summary>
    protected HttpApiOptions Options { get; }

    /// <summary>The narration sink (already redacting).</summary>
    protected IEngineLog Log { get; }

    /// <summary>How many HTTP requests were sent (retries included).</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Waits between retries; replaceable in tests.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (wait, token) => Task.Delay(wait, token);

    /// <summary>Sends a GET to <paramref name="path"/> (relative to the API root).</summary>
    public Task<ApiResponse> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    /// <summary>Sends a GET to <paramref name="path"/> asking for the media type <paramref name="accept"/> instead of the API's default.</summary>
    public Task<ApiResponse> GetAsync(string path, string accept, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, (string?)null, accept, cancellationToken);

    /// <summary>
    /// Sends one request, retrying transient failures within the configured bounds, and returns
    /// the final answer whatever its status.
    /// </summary>
    /// <exception cref="SyncException"><c>ServerUnreachable</c>, <c>ProxyAuthenticationRequired</c>, <c>RateLimited</c>.</exception>
    public Task<ApiResponse> SendAsync(HttpMethod method, string path, string? jsonBody, CancellationToken cancellationToken) =>
        SendAsync(method, path, jsonBody, null, cancellationToken);

    /// <summary>
    /// Sends one request whose body <paramref name="content"/> makes afresh for each attempt (null: no body), asking for
    /// <paramref name="accept"/> (null: the API's default media type), with the same retries as every other request.
    /// </summary>
    /// <exception cref="SyncException"><c>ServerUnreachable</c>, <c>ProxyAuthenticationRequired</c>, <c>RateLimited</c>.</exception>
    public Task<ApiResponse> SendAsync(HttpMethod method, string path, Func<HttpContent>? content, string? accept, CancellationToken cancellationToken) =>
        SendExchangeAsync(method, path, new Exchange(content, accept, null), cancellationToken);

    internal Task<ApiResponse> SendAsync(HttpMethod method, string path, string? jsonBody, string? accept, CancellationToken cancellationToken) =>
        SendExchangeAsync(method, path, new Exchange(jsonBody, accept), cancellationToken);

    private async Task<ApiResponse> SendExchangeAsync(HttpMethod method, string path, Exchange exchange, CancellationToken cancellationToken)
    {
        // Every request, whether its address was built here or taken from an answer, stays on the API root.
        var uri = ApiRootScope.Resolve(ApiRoot, path, ServerName);
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await BeforeSendAsync(method, uri, cancellationToken).ConfigureAwait(false);
            ApiResponse response;
            try
            {
                response = await SendOnceAsync(method, uri, exchange, cancellationToken).ConfigureAwait(false);
            }
            catch (SyncException ex) when (ex.IsTransient && attempt < Options.MaxRetries)
            {
                var wait = Backoff(attempt);
                Log.Verbose($"{method} {uri.AbsolutePath} failed ({ex.InnerException?.Message ?? ex.Message}); retry {attempt + 1} of {Options.MaxRetries} in {wait.TotalSeconds:0.##} s.");
                await Delay(wait, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var retryWait = RetryWait(response, attempt);
            if (retryWait is null) return response;
            Log.Verbose($"{method} {uri.AbsolutePath} answered {(int)response.StatusCode}; waiting {retryWait.Value.TotalSeconds:0.##} s before retry {attempt + 1} of {Options.MaxRetries}.");
            await Delay(retryWait.Value, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <paramref name="secret"/> when it can be sent in a header; <c>SecretInvalid</c> (naming <paramref name="what"/>
    /// and where the secret came from) when it holds control characters.
    /// </summary>
    /// <exception cref="SyncException"><c>SecretInvalid</c>.</exception>
    protected static SecretValue? Usable(SecretValue? secret, string what)
    {
        secret?.EnsureUsable(what);
        return secret;
    }

    /// <summary>Adds authentication and API-specific headers to a request.</summary>
    protected abstract void PrepareRequest(HttpRequestMessage request);

    /// <summary>
    /// How long to wait before retrying <paramref name="response"/>, or null to return it. Throws
    /// <c>RateLimited</c> when the wait would be too long or the retries are used up.
    /// </summary>
    protected abstract TimeSpan? RetryWait(ApiResponse response, int attempt);

    /// <summary>Adds authentication and API-specific headers to a request when they take a request of their own to get (short-lived tokens).</summary>
    protected virtual Task PrepareRequestAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        PrepareRequest(request);
        return Task.CompletedTask;
    }

    /// <summary>Runs before each attempt (pacing).</summary>
    protected virtual Task BeforeSendAsync(HttpMethod method, Uri uri, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Exponential backoff from <see cref="HttpApiOptions.RetryBaseDelay"/> with up to 25% jitter.</summary>
    protected TimeSpan Backoff(int attempt)
    {
        var baseMs = Options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt);
        double jitter;
        lock (_jitter) jitter = _jitter.NextDouble() * 0.25 * baseMs;
        return TimeSpan.FromMilliseconds(baseMs + jitter);
    }

    /// <summary>True for 500, 502, 503 and 504.</summary>
    protected static bool IsServerError(ApiResponse response) =>
        (int)response.StatusCode is 500 or 502 or 503 or 504;

    /// <summary>The <c>RateLimited</c> failure for a limit that resets at <paramref name="resetsAt"/>.</summary>
    protected SyncException RateLimited(DateTimeOffset resetsAt) =>
        new(SyncErrorId.RateLimited, SyncErrorCategory.LimitsExceeded,
            string.Format(CultureInfo.InvariantCulture, Messages.RateLimited, resetsAt.UtcDateTime, ServerName, CredentialName), ServerName);

    /// <summary>What the secret of this API is called in messages ("token", "API key").</summary>
    protected abstract string CredentialName { get; }

    private async Task<ApiResponse> SendOnceAsync(HttpMethod method, Uri uri, Exchange exchange, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        await PrepareRequestAsync(request, cancellationToken).ConfigureAwait(false);
        if (exchange.Accept is not null)
        {
            request.Headers.Accept.Clear();
            request.Headers.Accept.ParseAdd(exchange.Accept);
        }
        request.Content = exchange.CreateContent();

        Interlocked.Increment(ref _requestCount);
        Log.Verbose($"{method} {uri.AbsoluteUri}" + exchange.DescribeBody(request.Content));
        var stopwatch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.RequestTimeout);
        HttpResponseMessage message;
        try
        {
            var completion = exchange.ResponseSink is null ? HttpCompletionOption.ResponseContentRead : HttpCompletionOption.ResponseHeadersRead;
            message = await _http.SendAsync(request, completion, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut();
        }
        catch (HttpRequestException ex)
        {
            throw MapTransportFailure(ex);
        }

        using (message)
        {
            var body = await ReadBodyAsync(message, exchange.ResponseSink, timeout.Token, cancellationToken).ConfigureAwait(false);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in message.Headers) headers[header.Key] = string.Join(", ", header.Value);
            if (message.Content is not null)
            {
                foreach (var header in message.Content.Headers) headers[header.Key] = string.Join(", ", header.Value);
            }
            var response = new ApiResponse(message.StatusCode, headers, body);
            Log.Verbose($"{(int)response.StatusCode} {method} {uri.AbsolutePath} in {stopwatch.ElapsedMilliseconds} ms" + Describe(response));

            if (response.StatusCode == HttpStatusCode.ProxyAuthenticationRequired)
            {
                throw new SyncException(SyncErrorId.ProxyAuthenticationRequired, SyncErrorCategory.AuthenticationError,
                    string.Format(CultureInfo.InvariantCulture, Messages.ProxyAuthenticationRequired, Options.Proxy.Describe()), ServerName);
            }
            return response;
        }
    }

    /// <summary>Extra detail for the narration of an answer (request id, rate limit).</summary>
    protected virtual string Describe(ApiResponse response) =>
        response.RateLimit is null ? string.Empty : $", rate limit {response.RateLimit}";

    private SyncException MapTransportFailure(HttpRequestException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
            {
                return new SyncException(SyncErrorId.ServerUnreachable, SyncErrorCategory.SecurityError,
                    string.Format(CultureInfo.InvariantCulture, Messages.ServerTlsFailure, ServerName, inner.Message), ServerName, ex);
            }
        }

        var innermost = (Exception)ex;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        var error = new SyncException(SyncErrorId.ServerUnreachable, SyncErrorCategory.ConnectionError,
            string.Format(CultureInfo.InvariantCulture, Messages.ServerUnreachable, ServerName, innermost.Message), ServerName, ex);
        // Resets and aborted connections may be a blip; a refused connection or an unknown host is not.
        SocketError? socket = null;
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socketException) socket = socketException.SocketErrorCode;
        }
        var permanent = socket is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NoData or SocketError.HostUnreachable or SocketError.NetworkUnreachable
            || innermost.Message.IndexOf("No such host", StringComparison.OrdinalIgnoreCase) >= 0
            || innermost.Message.IndexOf("Name or service not known", StringComparison.OrdinalIgnoreCase) >= 0;
        return permanent ? error : Transient(error);
    }

    private static SyncException Transient(SyncException error)
    {
        error.IsTransient = true;
        return error;
    }

    /// <summary>Releases the HTTP client.</summary>
    public void Dispose() => _http.Dispose();
}

/// <summary>Transport settings shared by GitHub's and Postman's connections.</summary>
public class HttpApiOptions
{
    /// <summary>How requests reach the server.</summary>
    public GitHub.ProxySettings Proxy { get; set; } = new();

    /// <summary>How long one request may take before it counts as timed out.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How many times a transient failure (5xx, timeout, reset, rate limit) is retried.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry's delay; each later one doubles, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait for a rate limit to reset before failing with <c>RateLimited</c>.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The version in the User-Agent header.</summary>
    public string ProductVersion { get; set; } = typeof(HttpApiOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
