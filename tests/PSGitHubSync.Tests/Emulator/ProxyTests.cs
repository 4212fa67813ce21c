using System.Net;
using System.Net.Sockets;
using System.Text;
using PSGitHubSync.Emulator;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>The loopback forward proxy: absolute-form forwarding, CONNECT tunnels, Basic proxy authentication.</summary>
public sealed class ProxyTests : IClassFixture<EmulatorServerFixture>
{
    private readonly EmulatorServerFixture _fixture;

    public ProxyTests(EmulatorServerFixture fixture)
    {
        _fixture = fixture;
    }

    private EmulatorServer Server => _fixture.Server;

    [Fact]
    public async Task Forwards_a_client_configured_with_the_proxy()
    {
        using var proxy = LoopbackProxy.Start(credential: null);
        using var client = ClientThrough(proxy, credentials: null);

        using var response = await client.GetAsync(new Uri(Server.GitHubUrl, "user"));
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"login\":\"octocat\"", body, StringComparison.Ordinal);
        // GitHub's headers come through untouched, multi-line ones included.
        Assert.Equal("repo, user", string.Join(", ", response.Headers.GetValues("X-OAuth-Scopes")));
        Assert.Equal(2, response.Headers.NonValidated["Vary"].Count);
        Assert.Equal(1, proxy.RequestCount);
        Assert.Equal(0, proxy.AuthenticationFailures);
        Assert.Equal("127.0.0.1", proxy.Url.Host);
    }

    [Fact]
    public async Task Keeps_the_connection_for_several_requests()
    {
        using var proxy = LoopbackProxy.Start(credential: null);
        using var client = ClientThrough(proxy, credentials: null);

        for (int i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync(new Uri(Server.EnterpriseApiUrl, "meta"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(3, proxy.RequestCount);
    }

    [Fact]
    public async Task With_a_credential_a_client_that_has_it_gets_through()
    {
        using var proxy = LoopbackProxy.Start("proxyuser:s3cret");
        using var client = ClientThrough(proxy, new NetworkCredential("proxyuser", "s3cret"));

        using var response = await client.GetAsync(new Uri(Server.GitHubUrl, "repos/contoso/api-backups"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, proxy.RequestCount);
        // .NET asks without credentials first and answers the 407 challenge: at most that one failure.
        Assert.InRange(proxy.AuthenticationFailures, 0, 1);
    }

    [Fact]
    public async Task With_a_credential_a_client_without_it_gets_407()
    {
        using var proxy = LoopbackProxy.Start("proxyuser:s3cret");
        using var client = ClientThrough(proxy, credentials: null);

        using var response = await client.GetAsync(new Uri(Server.GitHubUrl, "user"));

        Assert.Equal(HttpStatusCode.ProxyAuthenticationRequired, response.StatusCode);
        Assert.Equal("Basic realm=\"emulator\"", response.Headers.ProxyAuthenticate.ToString());
        Assert.Equal(0, proxy.RequestCount);
        Assert.Equal(1, proxy.AuthenticationFailures);
    }

    [Theory]
    [InlineData("proxyuser:wrong")]
    [InlineData("other:s3cret")]
    public async Task Wrong_proxy_credentials_get_407(string credential)
    {
        using var proxy = LoopbackProxy.Start("proxyuser:s3cret");
        string authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credential));

        string response = await RawAsync(proxy, $"GET {Server.GitHubUrl}meta HTTP/1.1\r\nHost: {Server.GitHubUrl.Authority}\r\nProxy-Authorization: {authorization}\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 407 ", response, StringComparison.Ordinal);
        Assert.Contains("Proxy-Authenticate: Basic realm=\"emulator\"\r\n", response, StringComparison.Ordinal);
        Assert.Equal(1, proxy.AuthenticationFailures);
    }

    [Fact]
    public async Task Raw_absolute_form_request_with_basic_credentials_is_forwarded()
    {
        using var proxy = LoopbackProxy.Start("proxyuser:s3cret");
        string authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("proxyuser:s3cret"));

        string response = await RawAsync(proxy,
            $"GET {Server.GitHubUrl}user HTTP/1.1\r\nHost: {Server.GitHubUrl.Authority}\r\nAuthorization: token {TestWorld.Classic}\r\nProxy-Authorization: {authorization}\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 ", response, StringComparison.Ordinal);
        Assert.Contains("X-OAuth-Scopes: repo, user\r\n", response, StringComparison.Ordinal);
        Assert.EndsWith("}", response, StringComparison.Ordinal);
        Assert.Equal(0, proxy.AuthenticationFailures);
    }

    [Fact]
    public async Task Request_bodies_are_forwarded_and_the_connection_stays_in_step()
    {
        using var proxy = LoopbackProxy.Start(credential: null);
        string target = Server.GitHubUrl + "user";
        string host = Server.GitHubUrl.Authority;

        // A chunked POST, then a GET on the same connection: if the body were not consumed, the GET would be garbage.
        string response = await RawAsync(proxy,
            $"POST {target} HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n5\r\n{{\"a\":\r\n2\r\n1}}\r\n0\r\n\r\n"
            + $"GET {Server.GitHubUrl}meta HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 404 ", response, StringComparison.Ordinal);
        // The 404 body ends exactly where the next answer starts (Content-Length is right).
        Assert.Contains("\"status\":\"404\"}HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.Equal(2, proxy.RequestCount);
        Assert.Equal(1, Server.Requests.Count(r => r.Method == "POST" && r.Path == "/user"));
    }

    [Fact]
    public async Task Refuses_to_forward_to_anything_but_loopback()
    {
        using var proxy = LoopbackProxy.Start(credential: null);

        // No connection is attempted: the host is refused before any look-up (.invalid never resolves anyway).
        string response = await RawAsync(proxy, "GET http://example.invalid/user HTTP/1.1\r\nHost: example.invalid\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 403 ", response, StringComparison.Ordinal);
        Assert.Equal(0, proxy.RequestCount);
    }

    [Fact]
    public async Task Connect_tunnels_to_a_loopback_target()
    {
        using var proxy = LoopbackProxy.Start(credential: null);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, proxy.Url.Port);
        var stream = tcp.GetStream();

        await WriteAsync(stream, $"CONNECT {Server.GitHubUrl.Authority} HTTP/1.1\r\nHost: {Server.GitHubUrl.Authority}\r\n\r\n");
        string established = await ReadHeadAsync(stream);
        await WriteAsync(stream, $"GET /rate_limit HTTP/1.1\r\nHost: {Server.GitHubUrl.Authority}\r\nConnection: close\r\n\r\n");
        string tunnelled = await ReadToEndAsync(stream);

        Assert.Equal("HTTP/1.1 200 Connection Established\r\n\r\n", established);
        Assert.StartsWith("HTTP/1.1 200 OK", tunnelled, StringComparison.Ordinal);
        Assert.Contains("\"resources\"", tunnelled, StringComparison.Ordinal);
        Assert.Equal(1, proxy.RequestCount);
    }

    [Theory]
    [InlineData("example.invalid:443")]
    [InlineData("0.0.0.0:9")]
    [InlineData("[::]:9")]
    public async Task Connect_to_anything_but_loopback_is_refused(string authority)
    {
        using var proxy = LoopbackProxy.Start(credential: null);

        string response = await RawAsync(proxy, $"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 403 ", response, StringComparison.Ordinal);
        Assert.Equal(0, proxy.RequestCount);
    }

    [Fact]
    public async Task Connect_needs_the_credential_too()
    {
        using var proxy = LoopbackProxy.Start("proxyuser:s3cret");

        string response = await RawAsync(proxy, $"CONNECT {Server.GitHubUrl.Authority} HTTP/1.1\r\nHost: {Server.GitHubUrl.Authority}\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 407 ", response, StringComparison.Ordinal);
        Assert.Equal(1, proxy.AuthenticationFailures);
    }

    [Fact]
    public void Disposed_proxy_stops_listening()
    {
        var proxy = LoopbackProxy.Start(credential: null);
        int port = proxy.Url.Port;

        proxy.Dispose();

        using var tcp = new TcpClient();
        Assert.ThrowsAny<SocketException>(() => tcp.Connect(IPAddress.Loopback, port));
    }

    private HttpClient ClientThrough(LoopbackProxy proxy, ICredentials? credentials)
    {
        var handler = new SocketsHttpHandler
        {
            Proxy = new WebProxy(proxy.Url) { Credentials = credentials, BypassProxyOnLocal = false },
            UseProxy = true,
        };
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "token " + TestWorld.Classic);
        return client;
    }

    /// <summary>Sends raw bytes to the proxy and reads until it closes the connection.</summary>
    private static async Task<string> RawAsync(LoopbackProxy proxy, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, proxy.Url.Port);
        var stream = tcp.GetStream();
        await WriteAsync(stream, request);
        return await ReadToEndAsync(stream);
    }

    private static Task WriteAsync(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    private static async Task<string> ReadToEndAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, timeout.Token);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, timeout.Token) == 0)
            {
                break;
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}
