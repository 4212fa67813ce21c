using System;
using System.Net.Sockets;
using System.Security.Authentication;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Http;

namespace PSGitHubSync.Engine.Checks;

/// <summary>
/// Tells why a GitHub server could not be used — plain http, TLS, a proxy that refuses or wants
/// credentials, a name that does not resolve, a firewall, a server that is not GitHub — and what to do
/// about each.
/// </summary>
internal static class ServerDiagnosis
{
    private const string ProxyVariables = "HTTPS_PROXY and HTTP_PROXY";

    /// <summary>An address the endpoint parser refused (plain http to a non-loopback host, or no usable address).</summary>
    public static Finding BadAddress(SyncException error, string server)
    {
        if (error.ErrorId == SyncErrorId.InsecureServer)
        {
            var https = HttpsVersion(server);
            return Finding.Fail(error.ErrorId, error.Category,
                $"The server '{server}' is given with http://, and a token is never sent unencrypted (plain http is accepted only for loopback test servers).",
                $"Write the server's https address in the definitions file ('github: server: {https}'). GitHub Enterprise Server serves its web interface and API over https; if it answers only on http, ask its administrators to enable TLS.",
                error);
        }
        return Finding.Fail(error.ErrorId, error.Category,
            $"The server '{server}' is not a usable address.",
            "Write the address users browse to in the definitions file ('github: server:'), for example https://github.com or https://github.contoso.com.",
            error);
    }

    /// <summary>A request to the server failed before GitHub could answer.</summary>
    public static Finding Unreachable(SyncException error, GitHubEndpoint endpoint, ProxySettings proxy) =>
        Unreachable(error, endpoint.ApiRoot, AllowListHosts(endpoint), "'github: server:'", proxy);

    /// <summary>A request to an API at <paramref name="api"/> failed before the API could answer.</summary>
    /// <param name="error">The failure.</param>
    /// <param name="api">The API root.</param>
    /// <param name="allow">The hosts a firewall or proxy must let HTTPS through to, in words.</param>
    /// <param name="setting">Where the address is configured, for the fix (<c>'github: server:'</c>).</param>
    /// <param name="proxy">The proxy settings in use.</param>
    public static Finding Unreachable(SyncException error, Uri api, string allow, string setting, ProxySettings proxy)
    {
        var host = api.IsDefaultPort ? api.Host : api.Host + ":" + api.Port;
        var via = ProxyFor(api, proxy);
        var cause = Innermost(error).Message;
        var route = via is null ? string.Empty : $" (through {proxy.Describe()})";

        if (error.ErrorId == SyncErrorId.ProxyAuthenticationRequired || MentionsProxyStatus(error, "407"))
        {
            return Finding.Fail(SyncErrorId.ProxyAuthenticationRequired, SyncErrorCategory.AuthenticationError,
                $"The proxy {(via is null ? "in between" : ProxySettings.WithoutCredentials(via))} asked for credentials (407 Proxy Authentication Required) before letting the request to {host} through.",
                $"Put the proxy's credentials into its address for the account that runs this: set {ProxyVariables} to http://user:password@proxy:port (URL-encode special characters), or ask the proxy's administrators to let this account through without signing in.",
                error);
        }

        if (error.ErrorId != SyncErrorId.ServerUnreachable)
        {
            return Finding.Fail(error.ErrorId, error.Category, error.Message,
                "Run again later; if it keeps failing, run with -Verbose to see each request and its answer.", error);
        }

        if (error.Category == SyncErrorCategory.SecurityError || Find<AuthenticationException>(error) is not null)
        {
            var tls = Find<AuthenticationException>(error)?.Message ?? cause;
            return Finding.Fail(SyncErrorId.ServerUnreachable, SyncErrorCategory.SecurityError,
                $"No trusted TLS connection to {host}{route}: {tls}",
                $"If {host} uses a certificate from your organisation's own certificate authority, add that CA to this computer's trusted root store (Windows: Local Computer > Trusted Root Certification Authorities; Linux: copy it to /usr/local/share/ca-certificates and run update-ca-certificates). "
                + "If a TLS-inspecting proxy or firewall sits in between, trust its CA the same way. Check also that the address uses the port where the server speaks https. Certificate validation is never switched off.",
                error);
        }

        if (MentionsProxyStatus(error, null))
        {
            return Finding.Fail(SyncErrorId.ServerUnreachable, SyncErrorCategory.ConnectionError,
                $"The proxy {(via is null ? string.Empty : ProxySettings.WithoutCredentials(via) + " ")}refused to connect to {host}: {cause}",
                $"Ask the proxy's administrators to allow HTTPS to {allow} (an allow-list entry), or, if {host} is reachable without the proxy, add it to NO_PROXY.",
                error);
        }

        if (error.Category == SyncErrorCategory.OperationTimeout)
        {
            return Finding.Fail(SyncErrorId.ServerUnreachable, SyncErrorCategory.OperationTimeout,
                $"{host} did not answer in time{route}: {cause}",
                via is null
                    ? $"A firewall that drops packets looks like this: ask for outbound HTTPS (TCP {api.Port}) to {allow} to be allowed. If this network reaches the internet through a proxy, set {ProxyVariables} to its address (http://proxy:port) for the account that runs this, with NO_PROXY for internal hosts."
                    : $"Check that the proxy in {ProxyVariables} is the right one and running, and that it allows HTTPS to {allow}; if {host} is reachable without the proxy, add it to NO_PROXY.",
                error);
        }

        if (via is not null)
        {
            return Finding.Fail(SyncErrorId.ServerUnreachable, SyncErrorCategory.ConnectionError,
                $"Could not reach {host} through {proxy.Describe()}: {cause}",
                $"Check the proxy address in {ProxyVariables} (scheme, host and port) and that the proxy is running; if {host} is reachable without the proxy, add it to NO_PROXY. The proxy must allow HTTPS to {allow}.",
                error);
        }

        if (IsHostNotFound(error))
        {
            return Finding.Fail(SyncErrorId.ServerUnreachable, SyncErrorCategory.ConnectionError,
                $"The name {api.Host} does not resolve: {cause}",
                $"Check the spelling of {setting} in the definitions file. An internal server may resolve only inside the company network (VPN) or through its DNS; outside it, connect first, or set {ProxyVariables} to a proxy that can reach it.",
                error);
        }

        return Finding.Fail(SyncErrorId.ServerUnreachable, SyncErrorCategory.ConnectionError,
            $"Could not connect to {host}: {cause}",
            $"Check the address and port in {setting}. If this network reaches the internet through a proxy, set {ProxyVariables} to its address (http://proxy:port) for the account that runs this, with NO_PROXY for internal hosts. "
            + $"If a firewall filters outbound traffic, ask for an allow-list entry for HTTPS (TCP {api.Port}) to {allow}.",
            error);
    }

    /// <summary>The server answered, but without GitHub's headers.</summary>
    public static Finding NotGitHub(ApiResponse response, GitHubEndpoint endpoint, ProxySettings proxy)
    {
        var via = ProxyFor(endpoint.ApiRoot, proxy);
        var contentType = response.Header("content-type") ?? "no content type";
        var server = response.Header("server");
        var what = $"HTTP {(int)response.StatusCode}, {contentType}" + (server is null ? string.Empty : $", server '{server}'") + ", no x-github-request-id header";
        var detail = $"{endpoint.ApiRoot}meta answered, but it is not a GitHub API ({what})."
            + (via is null ? string.Empty : $" Requests go through {proxy.Describe()}, and a proxy's own refusal or sign-in page looks like this.");
        var fix = "Write the address users browse to in 'github: server:': https://github.com for github.com, or your GitHub Enterprise Server's address such as https://github.contoso.com (its API is then found at /api/v3/). "
            + $"If the address is right, something else answers in GitHub's place (a proxy, a sign-on gateway, a captive portal): ask for {AllowListHosts(endpoint)} to be allowed through, or add the host to NO_PROXY if it is reachable directly.";
        return Finding.Fail(SyncErrorId.ServerUnreachable, SyncErrorCategory.ConnectionError, detail, fix);
    }

    /// <summary>The hosts a firewall or proxy must let HTTPS through to.</summary>
    public static string AllowListHosts(GitHubEndpoint endpoint)
    {
        var api = endpoint.ApiRoot;
        var host = api.IsDefaultPort ? api.Host : api.Host + ":" + api.Port;
        if (string.Equals(api.Host, "api.github.com", StringComparison.OrdinalIgnoreCase)) return "api.github.com (and github.com)";
        var web = endpoint.Server;
        return string.Equals(web.Host, api.Host, StringComparison.OrdinalIgnoreCase) ? host : $"{host} (and {web.Host})";
    }

    /// <summary>The proxy requests to <paramref name="target"/> go through, or null (direct, or the system's settings).</summary>
    public static Uri? ProxyFor(Uri target, ProxySettings settings)
    {
        var proxy = settings.CreateProxy();
        if (proxy is null || proxy.IsBypassed(target)) return null;
        return proxy.GetProxy(target);
    }

    private static string HttpsVersion(string server)
    {
        var text = server.Trim();
        return text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "https://" + text.Substring(7).TrimEnd('/') : text;
    }

    private static bool MentionsProxyStatus(Exception error, string? status)
    {
        for (Exception? inner = error; inner is not null; inner = inner.InnerException)
        {
            var message = inner.Message;
            if (message.IndexOf("proxy tunnel", StringComparison.OrdinalIgnoreCase) < 0) continue;
            if (status is null || message.IndexOf("'" + status + "'", StringComparison.Ordinal) >= 0 || message.IndexOf(" " + status, StringComparison.Ordinal) >= 0) return true;
        }
        return false;
    }

    private static bool IsHostNotFound(Exception error)
    {
        for (Exception? inner = error; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket && socket.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain) return true;
            if (inner.Message.IndexOf("No such host", StringComparison.OrdinalIgnoreCase) >= 0
                || inner.Message.IndexOf("Name or service not known", StringComparison.OrdinalIgnoreCase) >= 0
                || inner.Message.IndexOf("nodename nor servname", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }
        return false;
    }

    private static T? Find<T>(Exception error)
        where T : Exception
    {
        for (Exception? inner = error; inner is not null; inner = inner.InnerException)
        {
            if (inner is T found) return found;
        }
        return null;
    }

    private static Exception Innermost(Exception error)
    {
        var innermost = error;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        return innermost;
    }
}
