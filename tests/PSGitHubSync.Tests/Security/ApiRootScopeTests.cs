using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Http;
using PSGitHubSync.Engine.Security;
using Xunit;

namespace PSGitHubSync.Tests.Security;

/// <summary>Issue 11, item 3: every address a request goes to stays on the configured API root.</summary>
public sealed class ApiRootScopeTests
{
    private static readonly Uri Root = new("https://ghe.contoso.com/api/v3/");

    [Theory]
    [InlineData("repos/contoso/api/commits?sha=main&per_page=100", "https://ghe.contoso.com/api/v3/repos/contoso/api/commits?sha=main&per_page=100")]
    [InlineData("/user", "https://ghe.contoso.com/api/v3/user")]
    [InlineData("https://ghe.contoso.com/api/v3/repositories/1/commits?page=2", "https://ghe.contoso.com/api/v3/repositories/1/commits?page=2")]
    [InlineData("HTTPS://GHE.CONTOSO.COM:443/api/v3/x", "https://ghe.contoso.com/api/v3/x")]
    [InlineData("https://ghe.contoso.com/api/v3/http://other-host/x", "https://ghe.contoso.com/api/v3/http://other-host/x")]
    [InlineData("repos/o/r/contents/Postman%20Collections/a..b.json", "https://ghe.contoso.com/api/v3/repos/o/r/contents/Postman%20Collections/a..b.json")]
    public void Addresses_under_the_root_are_resolved_against_it(string reference, string expected)
    {
        var target = ApiRootScope.TryResolve(Root, reference, out var why);
        Assert.True(target is not null, why);
        Assert.Equal(expected, target!.AbsoluteUri);
    }

    [Theory]
    [InlineData("http://other-host/repos/x", "scheme")]
    [InlineData("https://other-host/api/v3/repos/x", "points to")]
    [InlineData("https://ghe.contoso.com:8443/api/v3/repos/x", "points to")]
    [InlineData("http://ghe.contoso.com/api/v3/repos/x", "scheme")]
    [InlineData("https://ghe.contoso.com.evil.example/api/v3/x", "points to")]
    [InlineData("https://ghe.contoso.com@other-host/api/v3/x", "user name or password")]
    [InlineData("https://user:pass@ghe.contoso.com/api/v3/x", "user name or password")]
    [InlineData("//other-host/api/v3/x", "another host")]
    [InlineData("///other-host/api/v3/x", "another host")]
    [InlineData("https:\\\\other-host\\api\\v3\\x", "backslash")]
    [InlineData("https://ghe.contoso.com\\@other-host/api/v3/x", "backslash")]
    [InlineData("repos\\..\\..\\x", "backslash")]
    [InlineData("https://ghe.contoso.com/x", "not under")]
    [InlineData("https://ghe.contoso.com/api/v3", "not under")]
    [InlineData("https://ghe.contoso.com/api/v30/x", "not under")]
    [InlineData("https://ghe.contoso.com/api/v3/../../x", "not under")]
    [InlineData("https://ghe.contoso.com/api/v3/%2e%2e/%2e%2e/x", "not under")]
    [InlineData("https://ghe.contoso.com/api/v3/%2E%2E%2F%2E%2E%2Fx", "'..'")]
    [InlineData("https://ghe.contoso.com/api/v3/%252e%252e/x", "'..'")]
    [InlineData("repos/%2e%2e/%2e%2e/%2e%2e/x", "not under")]
    [InlineData("repos/x/%2e%2e%2fy", "'..'")]
    [InlineData("../../x", "not under")]
    [InlineData("https://ghe.contoso.com/api/v3/x\thttp://other-host/", "control")]
    [InlineData("https://ghe.contoso.com/api/v3/x\r\nHost: other-host", "control")]
    [InlineData(" https://other-host/x", "whitespace")]
    [InlineData("javascript:alert(1)", "scheme")]
    [InlineData("file:///etc/passwd", "scheme")]
    [InlineData("ftp://ghe.contoso.com/api/v3/x", "scheme")]
    [InlineData("http:other-host/x", "not a valid")]
    [InlineData("", "empty")]
    public void Addresses_that_leave_the_root_are_refused_with_a_reason(string reference, string reason)
    {
        Assert.Null(ApiRootScope.TryResolve(Root, reference, out var why));
        Assert.Contains(reason, why, StringComparison.Ordinal);

        var error = Assert.Throws<SyncException>(() => ApiRootScope.Resolve(Root, reference, "https://ghe.contoso.com/"));
        Assert.Equal(SecurityErrorIds.UrlOutsideApiRoot, error.ErrorId);
        Assert.Equal(SyncErrorCategory.SecurityError, error.Category);
        Assert.Contains("https://ghe.contoso.com/api/v3/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_github_com_root_has_no_path_prefix_but_still_pins_host_scheme_and_port()
    {
        var root = new Uri("https://api.github.com/");
        Assert.NotNull(ApiRootScope.TryResolve(root, "https://api.github.com/repositories/1/commits?page=2", out _));
        Assert.Null(ApiRootScope.TryResolve(root, "https://api.github.com.evil.example/x", out _));
        Assert.Null(ApiRootScope.TryResolve(root, "https://github.com/x", out _));
        Assert.Null(ApiRootScope.TryResolve(root, "https://uploads.github.com/x", out _));
    }

    [Fact]
    public void An_address_with_a_token_is_refused_without_printing_the_token()
    {
        const string token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
        var error = Assert.Throws<SyncException>(() => ApiRootScope.Resolve(Root, $"https://other-host/x?access_token={token}", "ghe"));
        Assert.DoesNotContain(token, error.ToString(), StringComparison.Ordinal);
    }
}
