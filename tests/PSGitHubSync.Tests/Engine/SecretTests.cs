using System.Security;
using PSGitHubSync.Engine.Diagnostics;
using PSGitHubSync.Engine.Security;
using Xunit;

namespace PSGitHubSync.Tests.Engine;

public class SecretTests
{
    private const string Token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";

    [Fact]
    public void A_secret_never_shows_its_text()
    {
        using var secret = SecretValue.FromChars(Token.AsSpan());
        Assert.Equal("***", secret.ToString());
        Assert.Equal("***", $"{secret}");
        Assert.Equal(Token.Length, secret.Length);
        Assert.Equal(Token, secret.Reveal());
        Assert.True(secret.StartsWith("ghp_"));
        Assert.False(secret.StartsWith("github_pat_"));
    }

    [Theory]
    [InlineData("github_pat_11AAAAAAA0_abcdefghijklmnopqrstuvwxyz", GitHubTokenKind.FineGrained)]
    [InlineData("ghp_abcdefghijklmnopqrstuvwxyz0123456789", GitHubTokenKind.Classic)]
    [InlineData("gho_abcdefghijklmnopqrstuvwxyz0123456789", GitHubTokenKind.OAuth)]
    [InlineData("ghs_abcdefghijklmnopqrstuvwxyz0123456789", GitHubTokenKind.App)]
    [InlineData("ghu_abcdefghijklmnopqrstuvwxyz0123456789", GitHubTokenKind.App)]
    [InlineData("0123456789abcdef0123456789abcdef01234567", GitHubTokenKind.Unknown)]
    public void The_kind_of_a_token_comes_from_its_prefix(string token, GitHubTokenKind kind)
    {
        using var secret = SecretValue.FromChars(token.AsSpan());
        Assert.Equal(kind, PSGitHubSync.Engine.Tokens.TokenVerifier.KindFromPrefix(secret));
    }

    [Fact]
    public void A_secret_copies_the_secure_string_it_is_given()
    {
        var secure = new SecureString();
        foreach (var c in Token) secure.AppendChar(c);
        using var secret = new SecretValue(secure);
        secure.Clear();
        Assert.Equal(Token, secret.Reveal());
    }

    [Fact]
    public void The_redactor_removes_every_registered_secret()
    {
        var redactor = new SecretRedactor();
        using var first = SecretValue.FromChars(Token.AsSpan());
        using var second = SecretValue.FromChars("PMAK-0123456789abcdef".AsSpan());
        redactor.Add(first);
        redactor.Add(second);
        Assert.Equal("Authorization: Bearer *** and key ***.", redactor.Redact($"Authorization: Bearer {Token} and key PMAK-0123456789abcdef."));
        Assert.Equal("nothing to hide", redactor.Redact("nothing to hide"));
    }

    [Fact]
    public void The_redacting_log_redacts_every_channel()
    {
        var redactor = new SecretRedactor();
        using var secret = SecretValue.FromChars(Token.AsSpan());
        redactor.Add(secret);
        var sink = new ListLog();
        var log = new RedactingEngineLog(sink, redactor);
        log.Verbose("v " + Token);
        log.Warning("w " + Token);
        log.Debug("d " + Token);
        Assert.Equal(new[] { "v ***", "w ***", "d ***" }, sink.Messages);
    }

    private sealed class ListLog : IEngineLog
    {
        public List<string> Messages { get; } = new();

        public void Verbose(string message) => Messages.Add(message);

        public void Warning(string message) => Messages.Add(message);

        public void Debug(string message) => Messages.Add(message);
    }
}
