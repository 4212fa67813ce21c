using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using Xunit;

namespace PSGitHubSync.Tests.Engine;

public class GitHubEndpointTests
{
    [Theory]
    [InlineData(null, "https://github.com/", "https://api.github.com/", false)]
    [InlineData("https://github.com", "https://github.com/", "https://api.github.com/", false)]
    [InlineData("github.com", "https://github.com/", "https://api.github.com/", false)]
    [InlineData("https://api.github.com/", "https://github.com/", "https://api.github.com/", false)]
    [InlineData("https://github.contoso.com", "https://github.contoso.com/", "https://github.contoso.com/api/v3/", true)]
    [InlineData("github.contoso.com", "https://github.contoso.com/", "https://github.contoso.com/api/v3/", true)]
    [InlineData("https://github.contoso.com/api/v3", "https://github.contoso.com/", "https://github.contoso.com/api/v3/", true)]
    [InlineData("https://github.contoso.com:8443/", "https://github.contoso.com:8443/", "https://github.contoso.com:8443/api/v3/", true)]
    [InlineData("https://contoso.ghe.com", "https://contoso.ghe.com/", "https://api.contoso.ghe.com/", false)]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/", "http://127.0.0.1:5000/api/v3/", true)]
    [InlineData("http://localhost:5000/api/v3/", "http://localhost:5000/", "http://localhost:5000/api/v3/", true)]
    [InlineData("http://[::1]:5000", "http://[::1]:5000/", "http://[::1]:5000/api/v3/", true)]
    public void Maps_what_users_write_to_the_api_root(string? input, string server, string apiRoot, bool enterprise)
    {
        var endpoint = GitHubEndpoint.Parse(input);
        Assert.Equal(server, endpoint.Server.AbsoluteUri);
        Assert.Equal(apiRoot, endpoint.ApiRoot.AbsoluteUri);
        Assert.Equal(enterprise, endpoint.IsEnterprise);
    }

    [Theory]
    [InlineData("http://github.contoso.com")]
    [InlineData("http://10.1.2.3:8080")]
    [InlineData("http://api.github.com")]
    public void Refuses_plain_http_to_anything_but_loopback(string input)
    {
        var error = Assert.Throws<SyncException>(() => GitHubEndpoint.Parse(input));
        Assert.Equal(SyncErrorId.InsecureServer, error.ErrorId);
        Assert.Equal(SyncErrorCategory.SecurityError, error.Category);
        Assert.Contains("https://", error.Message);
    }

    [Theory]
    [InlineData("ftp://github.contoso.com")]
    [InlineData("https://")]
    public void Refuses_addresses_that_are_not_http_servers(string input)
    {
        var error = Assert.Throws<SyncException>(() => GitHubEndpoint.Parse(input));
        Assert.Equal(SyncErrorId.ServerInvalid, error.ErrorId);
        Assert.Contains(input, error.Message);
    }

    [Theory]
    [InlineData("https://user:hunter2pass@github.contoso.com")]
    [InlineData("admin:hunter2pass@github.contoso.com")]
    [InlineData("https://hunter2pass@github.contoso.com/api/v3")]
    public void Refuses_addresses_with_credentials_without_repeating_them(string input)
    {
        var error = Assert.Throws<SyncException>(() => GitHubEndpoint.Parse(input));
        Assert.Equal(SyncErrorId.ServerInvalid, error.ErrorId);
        Assert.Contains("user name or password", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2pass", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2pass", error.Target?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }
}
