using System;
using System.Collections.Generic;
using System.Net;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>
/// How requests reach the server: an explicit proxy (<c>-Proxy</c>, with <c>-ProxyCredential</c>
/// or the current user's default credentials), the standard <c>HTTPS_PROXY</c>/<c>HTTP_PROXY</c>/
/// <c>ALL_PROXY</c>/<c>NO_PROXY</c> environment variables, or the platform's default.
/// </summary>
public sealed class ProxySettings
{
    /// <summary>An explicitly given proxy for every request, or null.</summary>
    public Uri? Address { get; set; }

    /// <summary>Credentials for the explicit proxy; null uses the current user's default credentials.</summary>
    public NetworkCredential? Credential { get; set; }

    /// <summary>Reads environment variables; replaceable in tests.</summary>
    public Func<string, string?> Environment { get; set; } = System.Environment.GetEnvironmentVariable;

    /// <summary>
    /// The proxy to give the HTTP handler, or null to keep the platform default (used when
    /// neither an explicit proxy nor any proxy variable is set).
    /// </summary>
    public IWebProxy? CreateProxy()
    {
        if (Address is not null)
        {
            return new ConfiguredWebProxy(Address, Address, CredentialFor(Address, Credential, useDefault: true), Array.Empty<string>());
        }

        var https = ParseVariable("HTTPS_PROXY") ?? ParseVariable("ALL_PROXY");
        var http = ParseVariable("HTTP_PROXY") ?? ParseVariable("ALL_PROXY");
        if (https is null && http is null) return null;
        var credential = CredentialFor(https ?? http!, Credential, useDefault: false);
        var noProxy = (Variable("NO_PROXY") ?? string.Empty)
            .Split(new[] { ',', ' ', ';' }, StringSplitOptions.RemoveEmptyEntries);
        return new ConfiguredWebProxy(https, http, credential, noProxy);
    }

    /// <summary>A description for verbose output, without credentials.</summary>
    public string Describe()
    {
        if (Address is not null) return "proxy " + WithoutCredentials(Address);
        var https = ParseVariable("HTTPS_PROXY") ?? ParseVariable("ALL_PROXY");
        var http = ParseVariable("HTTP_PROXY") ?? ParseVariable("ALL_PROXY");
        if (https is null && http is null) return "the system's proxy settings";
        var parts = new List<string>();
        if (https is not null) parts.Add("https via " + WithoutCredentials(https));
        if (http is not null) parts.Add("http via " + WithoutCredentials(http));
        return "proxy from environment (" + string.Join(", ", parts) + ")";
    }

    /// <summary>scheme://host:port, never the user name or password a proxy address may carry.</summary>
    internal static string WithoutCredentials(Uri uri) => $"{uri.Scheme}://{uri.Host}:{uri.Port}";

    private string? Variable(string name)
    {
        var value = Environment(name);
        if (string.IsNullOrWhiteSpace(value)) value = Environment(name.ToLowerInvariant());
        return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }

    private Uri? ParseVariable(string name)
    {
        var value = Variable(name);
        if (value is null) return null;
        if (value.IndexOf("://", StringComparison.Ordinal) < 0) value = "http://" + value;
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : null;
    }

    private static ICredentials? CredentialFor(Uri proxy, NetworkCredential? explicitCredential, bool useDefault)
    {
        // A proxy password is a credential of the run like the token: no message may show it.
        if (explicitCredential is not null)
        {
            Security.SecretRedactor.Shared.AddText(explicitCredential.Password);
            return explicitCredential;
        }
        if (!string.IsNullOrEmpty(proxy.UserInfo))
        {
            var parts = proxy.UserInfo.Split(new[] { ':' }, 2);
            var password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty;
            Security.SecretRedactor.Shared.AddText(password);
            if (parts.Length > 1) Security.SecretRedactor.Shared.AddText(parts[1]);
            return new NetworkCredential(Uri.UnescapeDataString(parts[0]), password);
        }
        return useDefault ? CredentialCache.DefaultCredentials : null;
    }
}

/// <summary>
/// A proxy chosen per target scheme with a NO_PROXY list. Unlike <see cref="WebProxy"/> it does
/// not silently bypass loopback targets, so a proxy configured for loopback is really used.
/// </summary>
internal sealed class ConfiguredWebProxy : IWebProxy
{
    private readonly Uri? _https;
    private readonly Uri? _http;
    private readonly string[] _noProxy;

    public ConfiguredWebProxy(Uri? https, Uri? http, ICredentials? credentials, string[] noProxy)
    {
        _https = StripUserInfo(https);
        _http = StripUserInfo(http);
        Credentials = credentials;
        _noProxy = noProxy;
    }

    public ICredentials? Credentials { get; set; }

    public Uri? GetProxy(Uri destination) => destination.Scheme == Uri.UriSchemeHttps ? _https : _http;

    public bool IsBypassed(Uri host)
    {
        if (GetProxy(host) is null) return true;
        foreach (var entry in _noProxy)
        {
            if (entry == "*") return true;
            var pattern = entry.TrimStart('*');
            var colon = pattern.LastIndexOf(':');
            if (colon > 0 && int.TryParse(pattern.Substring(colon + 1), out var port))
            {
                if (port != host.Port) continue;
                pattern = pattern.Substring(0, colon);
            }
            var bare = pattern.TrimStart('.');
            if (string.Equals(host.Host, bare, StringComparison.OrdinalIgnoreCase)
                || host.Host.EndsWith("." + bare, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static Uri? StripUserInfo(Uri? uri) =>
        uri is null || string.IsNullOrEmpty(uri.UserInfo) ? uri : new Uri(ProxySettings.WithoutCredentials(uri) + "/");
}
