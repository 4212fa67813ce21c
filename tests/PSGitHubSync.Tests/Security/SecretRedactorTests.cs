using System.Collections;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Http;
using PSGitHubSync.Engine.Security;
using Xunit;

namespace PSGitHubSync.Tests.Security;

/// <summary>Issue 11, item 2: the one redaction point and its registry.</summary>
public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("ghp_abcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("gho_abcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("ghu_abcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("ghs_abcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("ghr_abcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("github_pat_11ABCDEFG0123456789abc_defghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTU")]
    [InlineData("PMAK-64f1c2a9e6b7d4c529a1e0d3-5e7f9a10b2c4d6e8f0a1b3c5d7e9f1a2b3")]
    public void Token_shaped_text_that_no_one_registered_is_redacted(string token)
    {
        var redactor = new SecretRedactor();
        var text = redactor.Redact($"Validation failed for '{token}': bad (\"{token}\")");
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Substring(4, 16), text, StringComparison.Ordinal);
        Assert.Contains("Validation failed for '***'", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Authorization: Bearer s3cretGhesToken", "s3cretGhesToken")]
    [InlineData("{\"authorization\":\"token s3cretGhesToken\"}", "s3cretGhesToken")]
    [InlineData("x-api-key: my-postman-k3y", "my-postman-k3y")]
    [InlineData("{\"X-Api-Key\": \"my-postman-k3y\"}", "my-postman-k3y")]
    [InlineData("Proxy-Authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz")]
    public void Echoed_credential_headers_are_redacted_whatever_the_credential_looks_like(string text, string secret)
    {
        var redacted = new SecretRedactor().Redact(text);
        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains("***", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registered_secret_is_redacted_as_sent_percent_encoded_and_JSON_escaped()
    {
        var redactor = new SecretRedactor();
        const string password = "p@ss word\"with/odd\\chars";
        redactor.AddText(password);
        foreach (var form in new[] { password, Uri.EscapeDataString(password), System.Text.Json.JsonSerializer.Serialize(password).Trim('"') })
        {
            var text = redactor.Redact("the proxy said: " + form + " is wrong");
            Assert.Equal("the proxy said: *** is wrong", text);
        }
    }

    [Fact]
    public void Commit_shas_and_ordinary_words_are_left_alone()
    {
        var redactor = new SecretRedactor();
        redactor.AddText("ab");   // too short to search for: it would blank ordinary words
        const string text = "Committed 0123456789abcdef0123456789abcdef01234567 to main; the token lacks the 'repo' scope.";
        Assert.Equal(text, redactor.Redact(text));
    }

    [Fact]
    public void Every_secret_value_registers_itself_with_the_shared_registry_trimmed_and_untrimmed()
    {
        var secret = "unshaped-secret-" + Guid.NewGuid().ToString("N");
        using var value = SecretValue.FromChars((secret + "\n").AsSpan(), "env:TEST");
        Assert.Equal(secret.Length, value.Length);
        Assert.Equal("says *** here", SecretRedactor.Shared.Redact($"says {secret} here"));
    }

    [Fact]
    public void An_engine_exception_stores_no_secret_in_its_message_target_inner_exceptions_or_Data()
    {
        var secret = "unshaped-secret-" + Guid.NewGuid().ToString("N");
        using var value = SecretValue.FromChars(secret.AsSpan(), "env:TEST");
        var inner = new FormatException($"The format of value 'Bearer {secret}' is invalid.");
        inner.Data["header"] = "Bearer " + secret;
        var error = new SyncException("GitHubRequestFailed", SyncErrorCategory.NotSpecified, $"GitHub said: {secret}", "target " + secret, new InvalidOperationException("wrapped", inner));

        var everything = Describe(error);
        Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        Assert.Contains("GitHub said: ***", error.Message, StringComparison.Ordinal);
        Assert.Equal("target ***", error.Target);
        Assert.Equal("System.FormatException", Assert.IsType<RedactedException>(error.InnerException!.InnerException).OriginalType);
        Assert.Contains("System.FormatException (redacted)", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Redacting_a_foreign_exception_keeps_its_stack_trace_and_keeps_a_clean_one_as_it_is()
    {
        var secret = "unshaped-secret-" + Guid.NewGuid().ToString("N");
        using var value = SecretValue.FromChars(secret.AsSpan(), "env:TEST");
        Exception thrown;
        try
        {
            throw new IOException("cannot read " + secret);
        }
        catch (IOException ex)
        {
            thrown = ex;
        }

        var redacted = SecretRedactor.Shared.Redact(thrown);
        Assert.NotSame(thrown, redacted);
        Assert.DoesNotContain(secret, Describe(redacted), StringComparison.Ordinal);
        Assert.Contains(nameof(Redacting_a_foreign_exception_keeps_its_stack_trace_and_keeps_a_clean_one_as_it_is), redacted.StackTrace, StringComparison.Ordinal);

        var clean = new IOException("disk full");
        Assert.Same(clean, SecretRedactor.Shared.Redact(clean));
    }

    [Fact]
    public void A_server_error_message_is_redacted_before_anyone_can_quote_it()
    {
        var secret = "unshaped-secret-" + Guid.NewGuid().ToString("N");
        using var value = SecretValue.FromChars(secret.AsSpan());
        var response = new ApiResponse(System.Net.HttpStatusCode.UnprocessableEntity, new Dictionary<string, string>(),
            "{\"message\":\"Invalid request: token " + secret + " and ghp_abcdefghijklmnopqrstuvwxyz0123456789\"}");
        Assert.Equal("Invalid request: token *** and ***", response.ErrorMessage);
    }

    private static string Describe(Exception exception)
    {
        var text = new System.Text.StringBuilder(exception.ToString());
        for (var current = exception; current is not null; current = current.InnerException)
        {
            text.AppendLine(current.Message).AppendLine(current.StackTrace);
            foreach (DictionaryEntry entry in current.Data) text.AppendLine($"{entry.Key}={entry.Value}");
            if (current is SyncException sync) text.AppendLine(sync.Target?.ToString());
        }
        return text.ToString();
    }
}
