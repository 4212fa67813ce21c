using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Resources;

namespace PSGitHubSync.Engine.Http;

/// <summary>
/// Requests whose bodies are too large to hold as text: an answer's body copied to a stream (a temporary file)
/// as it arrives, and a request body written by an <see cref="HttpContent"/> made afresh for every attempt.
/// Both go through the same retries, pacing, narration, API-root scope check and cancellation as every other request.
/// </summary>
public abstract partial class HttpApiConnection
{
    private const int CopyBufferBytes = 81920;

    /// <summary>
    /// Sends a GET to <paramref name="path"/> and copies a successful (2xx) answer's body into <paramref name="destination"/>
    /// as it arrives, never holding it as text: the returned response's <see cref="ApiResponse.Body"/> is then empty. Any
    /// other answer is returned with its body as text, as <see cref="GetAsync(string, CancellationToken)"/> does, for its
    /// error message. <paramref name="destination"/> is emptied before each attempt, so a retried download never mixes two.
    /// </summary>
    /// <param name="path">The path relative to the API root (or an absolute address on it).</param>
    /// <param name="accept">The media type to ask for, or null for the API's default.</param>
    /// <param name="destination">A seekable, writable stream (such as a temporary file).</param>
    /// <param name="cancellationToken">Cancels the request and the copy.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> cannot be rewound.</exception>
    /// <exception cref="SyncException"><c>ServerUnreachable</c>, <c>ProxyAuthenticationRequired</c>, <c>RateLimited</c>.</exception>
    public Task<ApiResponse> GetToStreamAsync(string path, string? accept, Stream destination, CancellationToken cancellationToken)
    {
        if (destination is null) throw new ArgumentNullException(nameof(destination));
        if (!destination.CanSeek || !destination.CanWrite) throw new ArgumentException("The destination must be a writable stream that can be rewound for a retry.", nameof(destination));
        return SendExchangeAsync(HttpMethod.Get, path, new Exchange(null, accept, destination), cancellationToken);
    }

    /// <summary>
    /// Sends one request whose body <paramref name="createBody"/> makes, once per attempt (a retry sends a new one, so the
    /// body may stream from a file), and returns the answer whatever its status, with its body as text.
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path relative to the API root (or an absolute address on it).</param>
    /// <param name="createBody">Makes the request body for one attempt; its content headers (type, length) are sent as set.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SyncException"><c>ServerUnreachable</c>, <c>ProxyAuthenticationRequired</c>, <c>RateLimited</c>.</exception>
    public Task<ApiResponse> SendStreamedAsync(HttpMethod method, string path, Func<HttpContent> createBody, CancellationToken cancellationToken)
    {
        if (createBody is null) throw new ArgumentNullException(nameof(createBody));
        return SendExchangeAsync(method, path, new Exchange(createBody, null, null), cancellationToken);
    }

    /// <summary>
    /// The answer's body: copied into <paramref name="sink"/> for a 2xx answer when there is one (then empty text), else read as text.
    /// A failure while receiving is transient (<c>ServerUnreachable</c>, retried); one while writing to the sink is not.
    /// </summary>
    private async Task<string> ReadBodyAsync(HttpResponseMessage message, Stream? sink, CancellationToken timeout, CancellationToken cancellationToken)
    {
        if (message.Content is null) return string.Empty;
        try
        {
            if (sink is null || !message.IsSuccessStatusCode) return await message.Content.ReadAsStringAsync().ConfigureAwait(false);
            sink.Position = 0;
            sink.SetLength(0);
            var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
            try
            {
                using var source = await message.Content.ReadAsStreamAsync().ConfigureAwait(false);
                int read;
                while ((read = await source.ReadAsync(buffer, 0, buffer.Length, timeout).ConfigureAwait(false)) > 0)
                {
                    try
                    {
                        await sink.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                    }
                    catch (IOException ex)
                    {
                        throw new SinkFailure(ex);
                    }
                }
                await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
                return string.Empty;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (SinkFailure failure)
        {
            throw failure.InnerException!;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw Transient(new SyncException(SyncErrorId.ServerUnreachable, SyncErrorCategory.ConnectionError,
                string.Format(CultureInfo.InvariantCulture, Messages.ServerUnreachable, ServerName, ex.Message), ServerName, ex));
        }
    }

    /// <summary>The transient <c>ServerUnreachable</c> of a request that took longer than <see cref="HttpApiOptions.RequestTimeout"/>.</summary>
    private SyncException TimedOut() =>
        Transient(new SyncException(SyncErrorId.ServerUnreachable, SyncErrorCategory.OperationTimeout,
            string.Format(CultureInfo.InvariantCulture, Messages.ServerTimeout, ServerName, Options.RequestTimeout.TotalSeconds), ServerName));

    /// <summary>A local write failure while copying an answer, kept apart from the network's (which are retried).</summary>
    private sealed class SinkFailure : Exception
    {
        public SinkFailure(IOException inner) : base(inner.Message, inner) { }
    }

    /// <summary>What one request sends (a JSON text, a body made per attempt, or nothing) and where its answer's body goes.</summary>
    private sealed class Exchange
    {
        private readonly string? _jsonBody;
        private readonly Func<HttpContent>? _createBody;

        public Exchange(string? jsonBody, string? accept)
        {
            _jsonBody = jsonBody;
            Accept = accept;
        }

        public Exchange(Func<HttpContent>? createBody, string? accept, Stream? responseSink)
        {
            _createBody = createBody;
            Accept = accept;
            ResponseSink = responseSink;
        }

        /// <summary>The media type asked for, or null for the API's default.</summary>
        public string? Accept { get; }

        /// <summary>Where a successful answer's body is copied, or null to read it as text.</summary>
        public Stream? ResponseSink { get; }

        /// <summary>A new request body for one attempt, or null.</summary>
        public HttpContent? CreateContent() =>
            _jsonBody is not null ? new StringContent(_jsonBody, new UTF8Encoding(false), "application/json") : _createBody?.Invoke();

        /// <summary>The body's size as the request log shows it.</summary>
        public string DescribeBody(HttpContent? content)
        {
            if (_jsonBody is not null) return $" ({_jsonBody.Length:N0} bytes)";
            if (content is null) return string.Empty;
            return content.Headers.ContentLength is long length ? $" ({length:N0} bytes)" : " (streamed)";
        }
    }
}
