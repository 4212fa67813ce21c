using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PSGitHubSync.Emulator.Proxy;

namespace PSGitHubSync.Emulator;

/// <summary>
/// A tiny forward HTTP proxy on 127.0.0.1 (raw <see cref="TcpListener"/>), for testing clients behind a
/// corporate proxy: absolute-form requests (<c>GET http://127.0.0.1:PORT/user HTTP/1.1</c>) are forwarded,
/// and <c>CONNECT host:port</c> opens a tunnel — to loopback targets only (anything else: 403).
/// With a credential (<c>user:password</c>) every request must carry <c>Proxy-Authorization: Basic ...</c>,
/// else it gets 407 with <c>Proxy-Authenticate: Basic realm="emulator"</c>.
/// </summary>
public sealed class LoopbackProxy : IDisposable
{
    private static readonly HashSet<string> HopByHopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authorization", "Proxy-Authenticate",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host", "Content-Length",
    };

    private readonly TcpListener _listener;
    private readonly string? _credential;
    private readonly HttpClient _forwarder;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<TcpClient, byte> _connections = new();
    private readonly Task _acceptLoop;
    private int _requestCount;
    private int _authenticationFailures;
    private int _disposed;

    private LoopbackProxy(TcpListener listener, string? credential)
    {
        _listener = listener;
        _credential = credential;
        _forwarder = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            Timeout = TimeSpan.FromSeconds(100),
        };
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Url = new Uri($"http://127.0.0.1:{port}/");
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri Url { get; }

    /// <summary>Requests forwarded and tunnels opened (after authentication and the loopback check).</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>407 answers sent: requests without the right Proxy-Authorization.</summary>
    public int AuthenticationFailures => Volatile.Read(ref _authenticationFailures);

    /// <summary>Starts the proxy on 127.0.0.1:<paramref name="port"/> (0: a free port). <paramref name="credential"/>: "user:password", or null for no authentication.</summary>
    public static LoopbackProxy Start(string? credential = null, int port = 0)
    {
        if (credential is not null && !credential.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("The proxy credential must look like user:password.", nameof(credential));
        }

        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return new LoopbackProxy(listener, credential);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _listener.Stop();
        foreach (var connection in _connections.Keys)
        {
            connection.Dispose();
        }

        try
        {
            _acceptLoop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener; its exception is expected.
        }

        _forwarder.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Whether a target host is on this machine's loopback: 127.0.0.0/8, ::1, localhost. No DNS look-up is made.</summary>
    internal static bool IsLoopbackHost(string host)
    {
        host = host.Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }

    private async Task AcceptLoopAsync()
    {
        var cancellationToken = _stopping.Token;
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _connections.TryAdd(client, 0);
            _ = Task.Run(async () =>
            {
                try
                {
                    await HandleConnectionAsync(client, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // One connection's end, whatever the reason (a client that went away, garbage, a
                    // target that failed): drop that connection, keep the proxy running.
                }
                finally
                {
                    _connections.TryRemove(client, out _);
                    client.Dispose();
                }
            }, CancellationToken.None);
        }
    }

    private async Task HandleConnectionAsync(TcpClient client, CancellationToken cancellationToken)
    {
        client.NoDelay = true;
        var stream = client.GetStream();
        var reader = new ProxyStreamReader(stream);
        while (await reader.ReadHeadAsync(cancellationToken).ConfigureAwait(false) is { } head)
        {
            var request = ProxyRequestHead.Parse(head);
            if (request is null)
            {
                await WriteSimpleResponseAsync(stream, 400, "Bad Request", "Malformed request.", close: true, cancellationToken).ConfigureAwait(false);
                return;
            }

            // Read the body before answering anything, so that the connection stays in step.
            byte[] body = request.IsConnect ? Array.Empty<byte>() : await ReadBodyAsync(reader, request, cancellationToken).ConfigureAwait(false);

            if (!IsAuthorized(request))
            {
                Interlocked.Increment(ref _authenticationFailures);
                await WriteSimpleResponseAsync(
                    stream, 407, "Proxy Authentication Required", "Proxy authentication required.", close: true, cancellationToken,
                    "Proxy-Authenticate: Basic realm=\"emulator\"").ConfigureAwait(false);
                return;
            }

            if (request.IsConnect)
            {
                await TunnelAsync(stream, reader, request.Target, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (!Uri.TryCreate(request.Target, UriKind.Absolute, out var target) || target.Scheme != Uri.UriSchemeHttp)
            {
                await WriteSimpleResponseAsync(stream, 400, "Bad Request", "A proxy request needs an absolute http:// URL.", close: true, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (!IsLoopbackHost(target.Host))
            {
                await WriteSimpleResponseAsync(stream, 403, "Forbidden", "This proxy only forwards to loopback addresses.", close: true, cancellationToken).ConfigureAwait(false);
                return;
            }

            Interlocked.Increment(ref _requestCount);
            bool keepAlive = request.KeepAlive;
            await ForwardAsync(stream, request, target, body, keepAlive, cancellationToken).ConfigureAwait(false);
            if (!keepAlive)
            {
                return;
            }
        }
    }

    private bool IsAuthorized(ProxyRequestHead request)
    {
        if (_credential is null)
        {
            return true;
        }

        string? value = request.Header("Proxy-Authorization");
        if (value is null || !value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value[6..].Trim()));
            return string.Equals(decoded, _credential, StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static async Task<byte[]> ReadBodyAsync(ProxyStreamReader reader, ProxyRequestHead request, CancellationToken cancellationToken)
    {
        if (request.Header("Transfer-Encoding") is { } encoding && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            return await reader.ReadChunkedAsync(cancellationToken).ConfigureAwait(false);
        }

        if (request.Header("Content-Length") is { } lengthText)
        {
            if (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out long length))
            {
                throw new InvalidDataException("Bad Content-Length.");
            }

            return await reader.ReadExactAsync(length, cancellationToken).ConfigureAwait(false);
        }

        return Array.Empty<byte>();
    }

    private async Task ForwardAsync(NetworkStream client, ProxyRequestHead request, Uri target, byte[] body, bool keepAlive, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target) { Version = HttpVersion.Version11 };
        message.Headers.Host = request.Header("Host") ?? target.Authority;
        bool hasBody = body.Length > 0 || request.Header("Content-Length") is not null || request.Header("Transfer-Encoding") is not null;
        if (hasBody)
        {
            message.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in request.Headers)
        {
            if (HopByHopHeaders.Contains(name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, value) && message.Content is not null)
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await _forwarder.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            await WriteSimpleResponseAsync(client, 502, "Bad Gateway", "The target did not answer.", close: !keepAlive, cancellationToken).ConfigureAwait(false);
            return;
        }

        using (response)
        {
            byte[] responseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            bool isHead = request.Method.Equals("HEAD", StringComparison.OrdinalIgnoreCase);
            var head = new StringBuilder();
            head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {(int)response.StatusCode} {response.ReasonPhrase}\r\n");
            // The values as the target sent them (NonValidated keeps each header line as it was).
            foreach (var header in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
            {
                if (HopByHopHeaders.Contains(header.Key))
                {
                    continue;
                }

                foreach (var value in header.Value)
                {
                    head.Append(header.Key).Append(": ").Append(value).Append("\r\n");
                }
            }

            long contentLength = isHead ? response.Content.Headers.ContentLength ?? 0 : responseBody.Length;
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {contentLength}\r\n");
            head.Append(keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
            head.Append("\r\n");
            await client.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);
            if (!isHead && responseBody.Length > 0)
            {
                await client.WriteAsync(responseBody, cancellationToken).ConfigureAwait(false);
            }

            await client.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task TunnelAsync(NetworkStream client, ProxyStreamReader reader, string authority, CancellationToken cancellationToken)
    {
        if (!TrySplitAuthority(authority, out string host, out int port))
        {
            await WriteSimpleResponseAsync(client, 400, "Bad Request", "CONNECT needs host:port.", close: true, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!IsLoopbackHost(host))
        {
            await WriteSimpleResponseAsync(client, 403, "Forbidden", "This proxy only tunnels to loopback addresses.", close: true, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var upstream = new TcpClient();
        try
        {
            var address = IPAddress.TryParse(host.Trim('[', ']'), out var parsed) ? parsed : IPAddress.Loopback;
            await upstream.ConnectAsync(address, port, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            await WriteSimpleResponseAsync(client, 502, "Bad Gateway", "The target refused the connection.", close: true, cancellationToken).ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _requestCount);
        await client.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        var upstreamStream = upstream.GetStream();
        var early = reader.TakeBuffered();
        if (!early.IsEmpty)
        {
            await upstreamStream.WriteAsync(early, cancellationToken).ConfigureAwait(false);
        }

        var toUpstream = client.CopyToAsync(upstreamStream, cancellationToken);
        var toClient = upstreamStream.CopyToAsync(client, cancellationToken);
        await Task.WhenAny(toUpstream, toClient).ConfigureAwait(false);
    }

    private static bool TrySplitAuthority(string authority, out string host, out int port)
    {
        host = "";
        port = 0;
        int colon = authority.LastIndexOf(':');
        if (colon <= 0 || authority.EndsWith(']'))
        {
            return false;
        }

        host = authority[..colon];
        return int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= IPEndPoint.MaxPort;
    }

    private static async Task WriteSimpleResponseAsync(
        NetworkStream stream, int status, string reason, string text, bool close, CancellationToken cancellationToken, params string[] extraHeaders)
    {
        byte[] body = Encoding.UTF8.GetBytes(text + "\n");
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n");
        foreach (var header in extraHeaders)
        {
            head.Append(header).Append("\r\n");
        }

        head.Append("Content-Type: text/plain; charset=utf-8\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        head.Append(close ? "Connection: close\r\n" : "Connection: keep-alive\r\n");
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
