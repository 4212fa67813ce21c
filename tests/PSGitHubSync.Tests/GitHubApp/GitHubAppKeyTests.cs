using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Definitions;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Security;
using Xunit;
using static PSGitHubSync.Tests.Definitions.DefinitionTestSupport;

namespace PSGitHubSync.Tests.GitHubApp;

/// <summary>The app's PEM key (PKCS#1 and PKCS#8, read without the framework's PEM import), the JWT, and the definitions file's <c>app:</c> block.</summary>
public sealed class GitHubAppKeyTests
{
    public static TheoryData<string> Formats => new() { "pkcs1", "pkcs8" };

    private static string Pem(RSA rsa, string format) => format == "pkcs1" ? rsa.ExportRSAPrivateKeyPem() : rsa.ExportPkcs8PrivateKeyPem();

    [Theory]
    [MemberData(nameof(Formats))]
    public void Reads_the_key_GitHub_hands_out_in_both_formats(string format)
    {
        for (var i = 0; i < 4; i++)   // several keys: leading zero bytes in D or the primes must not break the import
        {
            using var rsa = RSA.Create(2048);
            var expected = rsa.ExportParameters(true);
            var parameters = RsaPrivateKeyPem.Read(Pem(rsa, format));
            Assert.Equal(expected.Modulus, parameters.Modulus);
            Assert.Equal(expected.Exponent, parameters.Exponent);
            Assert.Equal(expected.D, parameters.D);
            Assert.Equal(expected.P, parameters.P);
            Assert.Equal(expected.InverseQ, parameters.InverseQ);

            using var imported = RsaPrivateKeyPem.CreateRsa(Pem(rsa, format));
            var data = Encoding.UTF8.GetBytes("signed");
            var signature = imported.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            Assert.True(rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        }
    }

    [Fact]
    public void Reads_a_key_with_CRLF_line_endings_and_surrounding_text()
    {
        using var rsa = RSA.Create(2048);
        var pem = "key for the backup app\r\n" + rsa.ExportRSAPrivateKeyPem().Replace("\n", "\r\n") + "\r\n";
        Assert.Equal(rsa.ExportParameters(false).Modulus, RsaPrivateKeyPem.Read(pem).Modulus);
    }

    [Fact]
    public void Refuses_what_is_not_an_unencrypted_RSA_key_without_quoting_it()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportRSAPrivateKeyPem();
        var body = pem.Split('\n')[1];
        var cases = new[]
        {
            "not a key at all " + body,
            rsa.ExportSubjectPublicKeyInfoPem(),
            pem.Substring(0, pem.Length / 2) + "\n-----END RSA PRIVATE KEY-----",
            pem.Replace(body, body.Substring(0, 20) + "!!" + body.Substring(22)),
            rsa.ExportEncryptedPkcs8PrivateKeyPem("pass".AsSpan(), new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)),
            ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem(),
        };
        foreach (var text in cases)
        {
            var ex = Assert.Throws<FormatException>(() => RsaPrivateKeyPem.Read(text));
            Assert.DoesNotContain(body.Substring(0, 20), ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Jwt_is_RS256_with_iat_backdated_exp_within_ten_minutes_and_the_app_as_issuer()
    {
        using var rsa = RSA.Create(2048);
        var now = new DateTimeOffset(2026, 12, 6, 17, 0, 0, TimeSpan.Zero);
        var jwt = GitHubAppJwt.Create("123456", rsa, now);
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
        Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
        using var payload = JsonDocument.Parse(FromBase64Url(parts[1]));
        var iat = payload.RootElement.GetProperty("iat").GetInt64();
        var exp = payload.RootElement.GetProperty("exp").GetInt64();
        Assert.Equal(now.ToUnixTimeSeconds() - 60, iat);
        Assert.True(exp > now.ToUnixTimeSeconds() && exp <= now.ToUnixTimeSeconds() + 600, $"exp {exp}");
        Assert.Equal(123456, payload.RootElement.GetProperty("iss").GetInt64());
        Assert.True(rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        // A client id is a string issuer.
        using var clientPayload = JsonDocument.Parse(FromBase64Url(GitHubAppJwt.Create("Iv23liABC", rsa, now).Split('.')[1]));
        Assert.Equal("Iv23liABC", clientPayload.RootElement.GetProperty("iss").GetString());
    }

    [Fact]
    public void The_key_and_its_lines_are_redacted_once_the_credential_holds_it()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportRSAPrivateKeyPem();
        using var key = SecretValue.FromChars(pem.AsSpan(), "file:app.pem");
        using var credential = new GitHubAppCredential(GitHubEndpoint.Parse("https://github.com"), "1", key);
        var line = pem.Split('\n')[3];
        Assert.Equal("x *** y", SecretRedactor.Shared.Redact("x " + line + " y"));
        Assert.DoesNotContain(line, SecretRedactor.Shared.Redact(pem), StringComparison.Ordinal);
        using var jwt = credential.CreateJwt();
        Assert.Equal("***", jwt.ToString());
    }

    [Fact]
    public void A_key_that_is_not_a_key_is_TokenInvalid_naming_where_it_came_from()
    {
        using var key = SecretValue.FromChars("definitely not a pem".AsSpan(), "secret:AppKey");
        var ex = Assert.Throws<PSGitHubSync.SyncException>(() => new GitHubAppCredential(GitHubEndpoint.Parse("https://github.com"), "1", key));
        Assert.Equal("TokenInvalid", ex.ErrorId);
        Assert.Contains("secret:AppKey", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("definitely", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Definitions_take_an_app_in_defaults_and_per_integration()
    {
        var text = Lf("""
            version: 1
            defaults:
              github:
                app: { id: 12345, privateKey: secret:Vault/AppKey }
            integrations:
              - name: one
                type: collection-backup
                source: { workspace: W, collection: C }
                repository: contoso/one
              - name: two
                type: collection-backup
                source: { workspace: W, collection: C }
                repository: contoso/two
                github:
                  app: { id: 777, privateKey: file:other.pem, installation: 678 }
              - name: three
                type: collection-backup
                source: { workspace: W, collection: C }
                repository: contoso/three
                github: { token: env:OTHER_TOKEN }
            """);
        var integrations = DefinitionLoader.Parse(text, FakeFile, BackupFileNaming.Instance);
        Assert.Equal("12345", integrations[0].App!.Id);
        Assert.Equal("secret:Vault/AppKey", integrations[0].App!.PrivateKey);
        Assert.Null(integrations[0].App!.Installation);
        Assert.Equal("777", integrations[1].App!.Id);
        Assert.Equal(678, integrations[1].App!.Installation);
        Assert.Null(integrations[2].App);
        Assert.Equal("env:OTHER_TOKEN", integrations[2].Token);
    }

    [Fact]
    public void A_literal_PEM_key_is_refused_like_a_literal_token_and_never_echoed()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportRSAPrivateKeyPem();
        var indented = string.Join("\n", pem.TrimEnd().Split('\n').Select(l => "        " + l));
        var text = Lf("""
            version: 1
            defaults:
              github:
                app:
                  id: 12345
                  privateKey: |
            """) + "\n" + indented + "\n" + Lf("""
            integrations:
              - name: one
                type: collection-backup
                source: { workspace: W, collection: C }
                repository: contoso/one
            """);
        var ex = Assert.Throws<DefinitionFileException>(() => DefinitionLoader.Parse(text, FakeFile, BackupFileNaming.Instance));
        Assert.Contains(ex.Problems, p => p.ProblemId == DefinitionProblemId.LiteralTokenNotAllowed);
        var body = pem.Split('\n')[2];
        Assert.DoesNotContain(body, ex.Message, StringComparison.Ordinal);
        Assert.All(ex.Problems, p => Assert.DoesNotContain(body, p.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("app: { privateKey: env:K }", DefinitionProblemId.MissingKey)]
    [InlineData("app: { id: abc, privateKey: env:K }", DefinitionProblemId.InvalidValue)]
    [InlineData("app: { id: 1, privateKey: env:K, installation: x }", DefinitionProblemId.InvalidValue)]
    [InlineData("app: { id: 1, privateKey: plain-text-key-value }", DefinitionProblemId.InvalidSecretReference)]
    [InlineData("app: { id: 1, privateKey: env:K, secret: 2 }", DefinitionProblemId.UnknownKey)]
    [InlineData("{ token: env:T, app: { id: 1, privateKey: env:K } }", DefinitionProblemId.InvalidValue)]
    public void Bad_app_blocks_are_reported(string github, string problem)
    {
        var block = github.StartsWith("{", StringComparison.Ordinal) ? github : "{ " + github + " }";
        var text = Lf("""
            version: 1
            integrations:
              - name: one
                type: collection-backup
                source: { workspace: W, collection: C }
                repository: contoso/one
            """) + "\n    github: " + block + "\n";
        var ex = Assert.Throws<DefinitionFileException>(() => DefinitionLoader.Parse(text, FakeFile, BackupFileNaming.Instance));
        Assert.Contains(ex.Problems, p => p.ProblemId == problem);
    }

    private static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }
}
