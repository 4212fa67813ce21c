using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PSGitHubSync.Emulator.Hostile;

/// <summary>
/// "Another host" for hostile-server tests: a second loopback listener (127.0.0.1, its own port) that a hostile
/// answer can point a client to (a foreign pagination <c>Link</c>, a <c>Location</c>). It answers every request
/// with <c>200 []</c> and counts what reached it — requests, and those carrying a credential header
/// (<c>Authorization</c>, <c>X-Api-Key</c>, <c>Proxy-Authorization</c>) — so that a test can prove nothing did.
/// </summary>
public sealed class OtherHostListener : IDisposable
{
    private static readonly string[] CredentialHeaders = { "authorization", "x-api-key", "proxy-authorization" };
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private int _requestCount;
    private int _credentialCount;
    private int _disposed;

    private OtherHostListener(TcpListener listener)
    {
        _listener = listener;
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>http://127.0.0.1:PORT/ — a host other than the emulator's API roots.</summary>
    public Uri Url { get; }

    /// <summary>Requests received since the start or <see cref="Reset"/>.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Of those, the requests that carried a credential header.</summary>
    public int CredentialCount => Volatile.Read(ref _credentialCount);

    /// <summary>Starts listening on a free loopback port.</summary>
    public static OtherHostListener Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new OtherHostListener(listener);
    }

    /// <summary>Sets the counters to zero.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _requestCount, 0);
        Interlocked.Exchange(ref _credentialCount, 0);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[1];
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 65536)
                {
                    if (await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false) == 0) break;
                    head.Append((char)buffer[0]);
                }

                if (head.Length == 0)
                {
                    return;
                }

                Interlocked.Increment(ref _requestCount);
                var lines = head.ToString().Split("\r\n");
                if (lines.Skip(1).Any(l => CredentialHeaders.Any(h => l.StartsWith(h + ":", StringComparison.OrdinalIgnoreCase))))
                {
                    Interlocked.Increment(ref _credentialCount);
                }

                byte[] body = "[]"u8.ToArray();
                byte[] response = Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(response, timeout.Token).ConfigureAwait(false);
                await stream.WriteAsync(body, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away; what it sent is counted already.
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _listener.Stop();
        try
        {
            _acceptLoop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stopping.Dispose();
    }
}
