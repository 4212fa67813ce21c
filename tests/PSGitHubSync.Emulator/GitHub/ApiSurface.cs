namespace PSGitHubSync.Emulator.GitHub;

/// <summary>
/// Which GitHub the request talks to: github.com style (served at <c>/</c>, like api.github.com) or
/// GitHub Enterprise Server (served at <c>/api/v3/</c>).
/// </summary>
internal sealed class ApiSurface
{
    public const string EnterprisePrefix = "/api/v3";

    private ApiSurface(bool isEnterprise, string prefix, string? enterpriseVersion)
    {
        IsEnterprise = isEnterprise;
        Prefix = prefix;
        EnterpriseVersion = enterpriseVersion;
        DocsRoot = isEnterprise
            ? $"https://docs.github.com/enterprise-server@{MajorMinor(enterpriseVersion!)}/rest"
            : "https://docs.github.com/rest";
    }

    public static ApiSurface GitHubCom { get; } = new(false, "", null);

    public bool IsEnterprise { get; }

    /// <summary>"" or "/api/v3".</summary>
    public string Prefix { get; }

    public string? EnterpriseVersion { get; }

    /// <summary>Root of the documentation links in error bodies.</summary>
    public string DocsRoot { get; }

    public static ApiSurface Enterprise(string version) => new(true, EnterprisePrefix, version);

    /// <summary>A documentation link, e.g. <c>Docs("/repos/repos#get-a-repository")</c>; <c>Docs("")</c> is the REST root.</summary>
    public string Docs(string page) => DocsRoot + page;

    /// <summary>The URLs of bodies: API root (with the prefix) and web root of the host the client called.</summary>
    public GitHubUrls UrlsFor(HttpRequest request)
    {
        string host = request.Host.HasValue ? request.Host.Value! : "127.0.0.1";
        string web = $"{request.Scheme}://{host}/";
        return new GitHubUrls(web + (IsEnterprise ? EnterprisePrefix.TrimStart('/') + "/" : ""), web, request.Host.Host ?? "127.0.0.1", host);
    }

    private static string MajorMinor(string version)
    {
        var parts = version.Split('.');
        return parts.Length >= 2 ? parts[0] + "." + parts[1] : version;
    }
}

/// <summary>Absolute URLs as GitHub writes them into bodies.</summary>
/// <param name="Api">API root ending in '/', e.g. http://127.0.0.1:5000/ or http://127.0.0.1:5000/api/v3/.</param>
/// <param name="Web">Web root ending in '/'.</param>
/// <param name="HostName">Host name without port (ssh URLs).</param>
/// <param name="HostAndPort">Host with port (git:// URLs).</param>
internal sealed record GitHubUrls(string Api, string Web, string HostName, string HostAndPort)
{
    public string ApiPath(string relative) => Api + relative;

    public string WebPath(string relative) => Web + relative;
}
