using System;
using System.Net;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Resources;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>
/// A GitHub server as users name it (<c>https://github.com</c>, <c>https://github.contoso.com</c>)
/// and the REST API root that address maps to (<c>https://api.github.com/</c>,
/// <c>https://github.contoso.com/api/v3/</c>).
/// </summary>
public sealed class GitHubEndpoint
{
    /// <summary>github.com's API root.</summary>
    public static readonly Uri GitHubComApi = new("https://api.github.com/");

    private GitHubEndpoint(Uri server, Uri apiRoot, bool isEnterprise)
    {
        Server = server;
        ApiRoot = apiRoot;
        IsEnterprise = isEnterprise;
    }

    /// <summary>The address users browse to (scheme, host and port).</summary>
    public Uri Server { get; }

    /// <summary>The REST API root, always ending with a slash.</summary>
    public Uri ApiRoot { get; }

    /// <summary>True for GitHub Enterprise Server (an <c>/api/v3/</c> API root).</summary>
    public bool IsEnterprise { get; }

    /// <summary>github.com.</summary>
    public static GitHubEndpoint GitHubCom { get; } = new(new Uri("https://github.com/"), GitHubComApi, isEnterprise: false);

    /// <summary>
    /// Maps what a user wrote to an endpoint: <c>github.com</c> and <c>api.github.com</c> are
    /// github.com; <c>*.ghe.com</c> (GitHub Enterprise Cloud with data residency) uses
    /// <c>api.HOST</c>; an address whose path already ends in <c>/api/v3</c> is taken as the API
    /// root; any other host is GitHub Enterprise Server at <c>/api/v3/</c>. A bare host name
    /// gets https. Plain http is refused unless the host is a loopback address.
    /// </summary>
    /// <exception cref="SyncException"><c>ServerInvalid</c> or <c>InsecureServer</c>.</exception>
    public static GitHubEndpoint Parse(string? server)
    {
        if (string.IsNullOrWhiteSpace(server)) return GitHubCom;
        var text = server!.Trim();
        if (text.IndexOf("://", StringComparison.Ordinal) < 0) text = "https://" + text;
        if (Uri.TryCreate(text, UriKind.Absolute, out var withCredentials) && !string.IsNullOrEmpty(withCredentials.UserInfo))
        {
            // Refused without repeating the address: the part before '@' may be a password.
            throw new SyncException(SyncErrorId.ServerInvalid, SyncErrorCategory.InvalidArgument,
                string.Format(Messages.ServerCredentialsNotAllowed, "server", "token"), withCredentials.GetLeftPart(UriPartial.Scheme) + withCredentials.Host);
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new SyncException(SyncErrorId.ServerInvalid, SyncErrorCategory.InvalidArgument,
                string.Format(Messages.ServerInvalid, server), server);
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            throw new SyncException(SyncErrorId.InsecureServer, SyncErrorCategory.SecurityError,
                string.Format(Messages.InsecureServer, uri.GetLeftPart(UriPartial.Authority)), server);
        }

        var host = uri.Host.ToLowerInvariant();
        if (host is "github.com" or "www.github.com" or "api.github.com") return GitHubCom;

        var authority = new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
        if (host.EndsWith(".ghe.com", StringComparison.Ordinal))
        {
            var apiHost = host.StartsWith("api.", StringComparison.Ordinal) ? host : "api." + host;
            var web = host.StartsWith("api.", StringComparison.Ordinal) ? host.Substring(4) : host;
            return new GitHubEndpoint(new Uri($"https://{web}/"), new Uri($"https://{apiHost}/"), isEnterprise: false);
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase))
        {
            var serverPath = path.Substring(0, path.Length - "/api/v3".Length);
            return new GitHubEndpoint(new Uri(authority, serverPath + "/"), new Uri(authority, path + "/"), isEnterprise: true);
        }

        return new GitHubEndpoint(authority, new Uri(authority, "api/v3/"), isEnterprise: true);
    }

    /// <summary>True for 127.0.0.0/8, ::1 and <c>localhost</c>.</summary>
    public static bool IsLoopback(Uri uri)
    {
        if (uri.IsLoopback) return true;
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>The API root as text.</summary>
    public override string ToString() => ApiRoot.AbsoluteUri;
}
