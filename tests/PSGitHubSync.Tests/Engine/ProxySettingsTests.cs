using System.Net;
using PSGitHubSync.Engine.GitHub;
using Xunit;

namespace PSGitHubSync.Tests.Engine;

public class ProxySettingsTests
{
    private static ProxySettings WithEnvironment(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return new ProxySettings { Environment = name => map.TryGetValue(name, out var value) ? value : null };
    }

    [Fact]
    public void Without_variables_the_platform_default_is_kept()
    {
        Assert.Null(WithEnvironment().CreateProxy());
    }

    [Fact]
    public void HTTPS_PROXY_serves_https_targets_and_HTTP_PROXY_http_targets()
    {
        var proxy = WithEnvironment(("HTTPS_PROXY", "http://secure-proxy:3128"), ("http_proxy", "plain-proxy:8080")).CreateProxy()!;
        Assert.Equal(new Uri("http://secure-proxy:3128/"), proxy.GetProxy(new Uri("https://api.github.com/user")));
        Assert.Equal(new Uri("http://plain-proxy:8080/"), proxy.GetProxy(new Uri("http://127.0.0.1:5000/user")));
        Assert.False(proxy.IsBypassed(new Uri("https://api.github.com/")));
        Assert.False(proxy.IsBypassed(new Uri("http://127.0.0.1:5000/")));   // loopback is not silently bypassed
    }

    [Theory]
    [InlineData("contoso.com", "https://github.contoso.com/", true)]
    [InlineData(".contoso.com", "https://github.contoso.com/", true)]
    [InlineData("*.contoso.com", "https://github.contoso.com/", true)]
    [InlineData("contoso.com", "https://notcontoso.com/", false)]
    [InlineData("127.0.0.1", "http://127.0.0.1:5000/", true)]
    [InlineData("127.0.0.1:6000", "http://127.0.0.1:5000/", false)]
    [InlineData("localhost, 127.0.0.1:5000", "http://127.0.0.1:5000/", true)]
    [InlineData("*", "https://api.github.com/", true)]
    public void NO_PROXY_entries_bypass_matching_hosts(string noProxy, string target, bool bypassed)
    {
        var proxy = WithEnvironment(("ALL_PROXY", "http://proxy:3128"), ("NO_PROXY", noProxy)).CreateProxy()!;
        Assert.Equal(bypassed, proxy.IsBypassed(new Uri(target)));
    }

    [Fact]
    public void Credentials_in_the_proxy_address_are_used_and_kept_out_of_the_description()
    {
        var settings = WithEnvironment(("HTTPS_PROXY", "http://svc%40corp:p%3Ass@proxy:3128"));
        var proxy = settings.CreateProxy()!;
        var credential = proxy.Credentials!.GetCredential(new Uri("http://proxy:3128"), "Basic");
        Assert.Equal("svc@corp", credential!.UserName);
        Assert.Equal("p:ss", credential.Password);
        Assert.Equal(new Uri("http://proxy:3128/"), proxy.GetProxy(new Uri("https://api.github.com/")));
        Assert.DoesNotContain("p:ss", settings.Describe());
        Assert.DoesNotContain("svc", settings.Describe());
    }

    [Fact]
    public void An_explicit_proxy_wins_over_the_environment_and_uses_default_credentials_without_ProxyCredential()
    {
        var settings = WithEnvironment(("HTTPS_PROXY", "http://env-proxy:3128"), ("NO_PROXY", "*"));
        settings.Address = new Uri("http://explicit:8080");
        var proxy = settings.CreateProxy()!;
        Assert.Equal(new Uri("http://explicit:8080/"), proxy.GetProxy(new Uri("https://api.github.com/")));
        Assert.False(proxy.IsBypassed(new Uri("https://api.github.com/")));
        Assert.Same(CredentialCache.DefaultCredentials, proxy.Credentials);

        settings.Credential = new NetworkCredential("user", "pass");
        Assert.Equal("user", settings.CreateProxy()!.Credentials!.GetCredential(new Uri("http://explicit:8080"), "Basic")!.UserName);
    }
}
