using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Octokit;
using Octokit.Internal;
using PSGitHubSync.Engine.Http;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>
/// Octokit's HTTP client, carried by the project's own transport: every request Octokit makes goes through
/// <see cref="HttpApiConnection.SendAsync(HttpMethod, string, Func{HttpContent}, string, CancellationToken)"/>,
/// and so keeps its retries, pacing, proxy, redaction, request log, API-root scope check and request count.
/// The cancellation token is Octokit's when it passes one, else the ambient one the layer sets around each call
/// (<see cref="Scope"/>), since most of Octokit's typed clients take none.
/// </summary>
internal sealed class GitHubTransport : IHttpClient
{
    private static readonly AsyncLocal<CallScope?> Ambient = new();
    private readonly HttpApiConnection _connection;

    /// <summary>Carries Octokit's requests over <paramref name="connection"/> (which stays the caller's).</summary>
    public GitHubTransport(HttpApiConnection connection) => _connection = connection ?? throw new ArgumentNullException(nameof(connection));

    /// <summary>
    /// Opens the scope of one call of the layer: <paramref name="token"/> cancels every request sent in it, and the
    /// scope records the last answer (whose headers a typed Octokit client does not return).
    /// </summary>
    public static CallScope Scope(CancellationToken token)
    {
        var scope = new CallScope(token, Ambient.Value);
        Ambient.Value = scope;
        return scope;
    }

    /// <inheritdoc />
    public async Task<IResponse> Send(IRequest request, CancellationToken cancellationToken, Func<object, object>? preprocessResponseBody = null)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        var scope = Ambient.Value;
        var ambient = scope?.Token ?? CancellationToken.None;
        using var linked = cancellationToken.CanBeCanceled && ambient.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, ambient) : null;
        var token = linked?.Token ?? (cancellationToken.CanBeCanceled ? cancellationToken : ambient);

        // The address as written (by the layer, or by a server in a Link header): the connection's API-root check reads it
        // before anything normalizes it, and resolves it against the API root, which is Octokit's base address too.
        var target = request.Endpoint.OriginalString;
        // Octokit's own media types give way to the connection's (GitHub's current one); only what the layer asks for passes.
        var accept = scope?.Accept;
        ApiResponse response;
        if (request.Body is string text && IsJson(request.ContentType))
        {
            response = await _connection.SendAsync(request.Method, target, text, accept, token).ConfigureAwait(false);
        }
        else
        {
            response = await _connection.SendAsync(request.Method, target, ContentOf(request), accept, token).ConfigureAwait(false);
        }
        var answer = new TransportResponse(response, scope?.ReadsBodyItself == true);
        if (scope is not null) scope.Last = answer;
        return answer;
    }

    /// <inheritdoc />
    public void SetRequestTimeout(TimeSpan timeout)
    {
        // The connection's options decide the timeout of every request.
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The connection belongs to whoever created it.
    }

    /// <summary>Octokit labels every JSON body it serialized as a form; both go out as the JSON they are.</summary>
    private static bool IsJson(string? contentType) =>
        contentType is null || contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    /// <summary>The request body made afresh for each attempt: streams and contents pass through untouched.</summary>
    private static Func<HttpContent>? ContentOf(IRequest request)
    {
        var type = request.ContentType;
        switch (request.Body)
        {
            case null:
                return null;
            case HttpContent content:
                return () => new PassThroughContent(content);
            case Stream stream:
                var start = stream.CanSeek ? stream.Position : 0;
                return () =>
                {
                    if (stream.CanSeek) stream.Position = start;
                    var content = new PassThroughContent(new StreamContent(new NonClosingStream(stream)));
                    if (type is not null) content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);
                    return content;
                };
            case string text:
                return () => new StringContent(text, new UTF8Encoding(false), type ?? "application/json");
            default:
                throw new ArgumentException($"Octokit passed a request body of type {request.Body.GetType().Name}, which the transport cannot send.", nameof(request));
        }
    }

    /// <summary>One call of the layer: its cancellation and its last answer.</summary>
    internal sealed class CallScope : IDisposable
    {
        private readonly CallScope? _outer;

        public CallScope(CancellationToken token, CallScope? outer)
        {
            Token = token;
            _outer = outer;
        }

        public CancellationToken Token { get; }

        public TransportResponse? Last { get; set; }

        /// <summary>The media type the layer asks for instead of the connection's, or null.</summary>
        public string? Accept { get; set; }

        /// <summary>True when the layer reads the body itself: Octokit is not to deserialize it.</summary>
        public bool ReadsBodyItself { get; set; }

        public void Dispose() => Ambient.Value = _outer;
    }

    /// <summary>Sends another content's bytes without taking it over: disposing the request leaves it usable for the next attempt.</summary>
    private sealed class PassThroughContent : HttpContent
    {
        private readonly HttpContent _inner;

        public PassThroughContent(HttpContent inner)
        {
            _inner = inner;
            foreach (var header in inner.Headers) Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            var known = _inner.Headers.ContentLength;
            length = known ?? -1;
            return known is not null;
        }
    }

    /// <summary>A stream that the request's disposal does not close (the caller's stream stays the caller's).</summary>
    private sealed class NonClosingStream : Stream
    {
        private readonly Stream _inner;

        public NonClosingStream(Stream inner) => _inner = inner;

        public override bool CanRead => _inner.CanRead;

        public override bool CanSeek => _inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => _inner.Length;

        public override long Position { get => _inner.Position; set => _inner.Position = value; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>
/// The transport's answer as Octokit reads it: JSON bodies as text (which Octokit deserializes), every other body as
/// bytes; <see cref="Source"/> keeps the transport's own <see cref="ApiResponse"/> for the layer's error table.
/// </summary>
internal sealed class TransportResponse : IResponse
{
    public TransportResponse(ApiResponse source, bool readsBodyItself = false)
    {
        Source = source;
        var headers = source.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
        Headers = headers;
        StatusCode = source.StatusCode;
        var contentType = source.Header("Content-Type");
        var mediaType = contentType?.Split(';')[0].Trim();
        Body = IsJson(mediaType) || readsBodyItself ? source.Body : new UTF8Encoding(false).GetBytes(source.Body);
        // Octokit deserializes exactly "application/json"; a body the layer reads itself keeps its full type, which Octokit leaves alone.
        ContentType = readsBodyItself ? contentType ?? string.Empty : mediaType!;
        ApiInfo = InfoOf(source);
    }

    /// <summary>The transport's answer.</summary>
    public ApiResponse Source { get; }

    public object Body { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public ApiInfo ApiInfo { get; }

    public HttpStatusCode StatusCode { get; }

    public string ContentType { get; }

    private static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static ApiInfo InfoOf(ApiResponse source)
    {
        var links = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
        foreach (var (rel, target) in LinkHeader.Parse(source.Header("Link")))
        {
            // Only absolute addresses (Octokit copies each link by its text); the layer follows pages from the raw header itself.
            if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && Uri.TryCreate(uri.ToString(), UriKind.Absolute, out _)) links[rel] = uri;
        }
        var scopes = Split(source.Header("x-oauth-scopes"));
        var accepted = Split(source.Header("x-accepted-oauth-scopes"));
        RateLimit rate;
        if (source.RateLimit is { } limit)
        {
            rate = new RateLimit(limit.Limit, limit.Remaining, limit.ResetsAt.ToUnixTimeSeconds());
        }
        else
        {
            rate = new RateLimit(0, 0, 0);
        }
        return new ApiInfo(links, scopes, accepted, source.Header("ETag") ?? string.Empty, rate);
    }

    private static List<string> Split(string? header) =>
        header is null ? new List<string>() : header.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
}

/// <summary>The <c>Link</c> header of GitHub's paged answers.</summary>
internal static class LinkHeader
{
    /// <summary>Each <c>rel</c> with its target as the server wrote it.</summary>
    public static IEnumerable<(string Rel, string Target)> Parse(string? link)
    {
        if (string.IsNullOrEmpty(link)) yield break;
        foreach (var part in link!.Split(','))
        {
            var pieces = part.Split(';');
            if (pieces.Length < 2) continue;
            var target = pieces[0].Trim();
            if (target.StartsWith("<", StringComparison.Ordinal) && target.EndsWith(">", StringComparison.Ordinal)) target = target.Substring(1, target.Length - 2);
            foreach (var piece in pieces.Skip(1))
            {
                var p = piece.Trim();
                if (!p.StartsWith("rel=", StringComparison.OrdinalIgnoreCase)) continue;
                yield return (p.Substring(4).Trim('"').ToLowerInvariant(), target);
            }
        }
    }

    /// <summary>The <c>rel="next"</c> target, or null.</summary>
    public static string? Next(string? link)
    {
        foreach (var (rel, target) in Parse(link))
        {
            if (rel == "next") return target.Length == 0 ? null : target;
        }
        return null;
    }
}
