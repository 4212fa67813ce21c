using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Security;
using Xunit;
using static PSGitHubSync.Tests.Definitions.DefinitionTestSupport;

namespace PSGitHubSync.Tests.Definitions;

/// <summary>The references a definitions file holds instead of secrets, and reading them.</summary>
public class SecretReferenceTests
{
    [Theory]
    [InlineData("env:GITHUB_TOKEN", "env", "GITHUB_TOKEN", null, "env:GITHUB_TOKEN")]
    [InlineData("  env:_private1  ", "env", "_private1", null, "env:_private1")]
    [InlineData("ENV:Token", "env", "Token", null, "ENV:Token")]
    [InlineData("env: SPACED", "env", "SPACED", null, "env: SPACED")]
    [InlineData("file:/run/secrets/github_token", "file", "/run/secrets/github_token", null, "file:/run/secrets/github_token")]
    [InlineData("file:../secrets/token.txt", "file", "../secrets/token.txt", null, "file:../secrets/token.txt")]
    [InlineData("file:C:\\secrets\\token", "file", "C:\\secrets\\token", null, "file:C:\\secrets\\token")]
    [InlineData("secret:GitHubToken", "secret", "GitHubToken", null, "secret:GitHubToken")]
    [InlineData("secret:MyVault/GitHubToken", "secret", "GitHubToken", "MyVault", "secret:MyVault/GitHubToken")]
    [InlineData("secret:Vault/a/b", "secret", "a/b", "Vault", "secret:Vault/a/b")]
    public void TryParse_reads_each_form(string text, string kind, string name, string? vault, string written)
    {
        var reference = SecretReference.TryParse(text);
        Assert.NotNull(reference);
        Assert.Equal(kind, reference!.Kind);
        Assert.Equal(name, reference.Name);
        Assert.Equal(vault, reference.Vault);
        Assert.Equal(written, reference.Text);
        Assert.Equal(written, reference.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("GITHUB_TOKEN")]
    [InlineData(":GITHUB_TOKEN")]
    [InlineData("vault:x")]
    [InlineData("keychain:github")]
    [InlineData("env:")]
    [InlineData("env:   ")]
    [InlineData("env:1TOKEN")]
    [InlineData("env:MY-TOKEN")]
    [InlineData("env:MY TOKEN")]
    [InlineData("env:$TOKEN")]
    [InlineData("file:")]
    [InlineData("secret:")]
    [InlineData("secret:/name")]
    [InlineData("secret:vault/")]
    [InlineData("secret: / ")]
    [InlineData(ClassicToken)]
    [InlineData("https://github.com")]
    public void TryParse_refuses_what_is_not_a_reference(string? text) => Assert.Null(SecretReference.TryParse(text));

    [Theory]
    [InlineData(ClassicToken)]
    [InlineData(OAuthToken)]
    [InlineData(AppToken)]
    [InlineData("ghu_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789")]
    [InlineData("ghr_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789")]
    [InlineData(FineGrainedToken)]
    [InlineData(PostmanKey)]
    [InlineData(LegacyToken)]
    [InlineData("  0123456789ABCDEF0123456789abcdef01234567  ")]
    [InlineData("Bearer " + ClassicToken)]
    [InlineData("token=" + ClassicToken)]
    [InlineData("env:" + ClassicToken)]
    public void LooksLikeLiteralSecret_finds_tokens(string text) => Assert.True(SecretReference.LooksLikeLiteralSecret(text));

    [Theory]
    [InlineData("env:GITHUB_TOKEN")]
    [InlineData("secret:Vault/GitHubToken")]
    [InlineData("file:./ghp_token.txt")]
    [InlineData("ghp_short")]
    [InlineData("ghp_")]
    [InlineData("github_pat_short")]
    [InlineData("PMAK-short")]
    [InlineData("0123456789abcdef0123456789abcdef0123456")]   // 39 hex digits
    [InlineData("0123456789abcdef0123456789abcdef012345678")] // 41 hex digits
    [InlineData("0123456789abcdef0123456789abcdef0123456g")]  // 40 characters, not all hex
    [InlineData("contoso/api-backups")]
    [InlineData("Payments API")]
    [InlineData("")]
    public void LooksLikeLiteralSecret_leaves_other_text_alone(string text) => Assert.False(SecretReference.LooksLikeLiteralSecret(text));

    [Fact]
    public async Task An_env_reference_reads_the_variable_or_is_SecretNotFound()
    {
        var name = "PSGS_TEST_" + Guid.NewGuid().ToString("N").ToUpperInvariant();
        var reference = SecretReference.TryParse("env:" + name)!;
        try
        {
            Environment.SetEnvironmentVariable(name, "s3cr3t value");
            using (var secret = await reference.ResolveAsync(Path.GetTempPath(), vault: null, CancellationToken.None))
            {
                Assert.Equal("s3cr3t value", secret.Reveal());
                Assert.Equal("***", secret.ToString());
            }

            Environment.SetEnvironmentVariable(name, null);
            var ex = await Assert.ThrowsAsync<SyncException>(() => reference.ResolveAsync(Path.GetTempPath(), null, CancellationToken.None));
            Assert.Equal(SyncErrorId.SecretNotFound, ex.ErrorId);
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
            Assert.Contains("not set", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public async Task A_file_reference_is_read_relative_to_the_base_directory_and_trimmed()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "secrets"));
        folder.Write(Path.Combine("secrets", "token"), "  the-token\r\n\n");
        var reference = SecretReference.TryParse("file:secrets/token")!;
        using (var secret = await reference.ResolveAsync(folder.Path, null, CancellationToken.None))
        {
            Assert.Equal("the-token", secret.Reveal());
        }

        // Relative to the base directory given, not to the current directory.
        var elsewhere = Path.Combine(folder.Path, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        var missing = await Assert.ThrowsAsync<SyncException>(() => reference.ResolveAsync(elsewhere, null, CancellationToken.None));
        Assert.Equal(SyncErrorId.SecretNotFound, missing.ErrorId);
        Assert.Contains(Path.Combine(elsewhere, "secrets", "token"), missing.Message, StringComparison.Ordinal);

        // An absolute path ignores the base directory.
        var absolute = SecretReference.TryParse("file:" + Path.Combine(folder.Path, "secrets", "token"))!;
        using (var secret = await absolute.ResolveAsync(elsewhere, null, CancellationToken.None))
        {
            Assert.Equal("the-token", secret.Reveal());
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t\r\n")]
    public async Task An_empty_secret_file_is_SecretNotFound(string content)
    {
        using var folder = new TempFolder();
        folder.Write("token", content);
        var ex = await Assert.ThrowsAsync<SyncException>(() => SecretReference.TryParse("file:token")!.ResolveAsync(folder.Path, null, CancellationToken.None));
        Assert.Equal(SyncErrorId.SecretNotFound, ex.ErrorId);
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_reference_without_SecretManagement_is_SecretManagementUnavailable()
    {
        var ex = await Assert.ThrowsAsync<SyncException>(() => SecretReference.TryParse("secret:GitHubToken")!.ResolveAsync(Path.GetTempPath(), null, CancellationToken.None));
        Assert.Equal(SyncErrorId.SecretManagementUnavailable, ex.ErrorId);
        Assert.Equal(SyncErrorCategory.NotInstalled, ex.Category);
        Assert.Contains("Microsoft.PowerShell.SecretManagement", ex.Message, StringComparison.Ordinal);
        Assert.Contains("env:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_reference_reads_the_vault()
    {
        var vault = new FakeVault { Value = "vault-token" };
        using (var secret = await SecretReference.TryParse("secret:Corp/GitHubToken")!.ResolveAsync(Path.GetTempPath(), vault, CancellationToken.None))
        {
            Assert.Equal("vault-token", secret.Reveal());
        }
        Assert.Equal(("GitHubToken", "Corp"), vault.Asked.Single());

        using (var secret = await SecretReference.TryParse("secret:GitHubToken")!.ResolveAsync(Path.GetTempPath(), vault, CancellationToken.None))
        {
            Assert.Equal("vault-token", secret.Reveal());
        }
        Assert.Equal(("GitHubToken", (string?)null), vault.Asked.Last());
    }

    [Fact]
    public async Task A_secret_the_vault_does_not_have_is_SecretNotFound()
    {
        var vault = new FakeVault { Value = null };
        var ex = await Assert.ThrowsAsync<SyncException>(() => SecretReference.TryParse("secret:Corp/Missing")!.ResolveAsync(Path.GetTempPath(), vault, CancellationToken.None));
        Assert.Equal(SyncErrorId.SecretNotFound, ex.ErrorId);
        Assert.Contains("'Missing'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Corp'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Set-Secret", ex.Message, StringComparison.Ordinal);

        var defaultVault = await Assert.ThrowsAsync<SyncException>(() => SecretReference.TryParse("secret:Missing")!.ResolveAsync(Path.GetTempPath(), vault, CancellationToken.None));
        Assert.Contains("default vault", defaultVault.Message, StringComparison.Ordinal);
    }

    private sealed class FakeVault : ISecretVault
    {
        public string? Value { get; set; }

        public List<(string Name, string? Vault)> Asked { get; } = new();

        public Task<SecretValue?> GetSecretAsync(string name, string? vault, CancellationToken cancellationToken)
        {
            Asked.Add((name, vault));
            return Task.FromResult(Value is null ? null : SecretValue.FromChars(Value.AsSpan()));
        }
    }
}
