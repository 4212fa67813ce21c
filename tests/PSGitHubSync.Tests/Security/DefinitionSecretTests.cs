using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Definitions;
using Xunit;

namespace PSGitHubSync.Tests.Security;

/// <summary>Issue 11, item 5: definitions errors never show a secret's value nor a password in an address.</summary>
public sealed class DefinitionSecretTests
{
    private const string FakeFile = "/defs/psgithubsync.yml";

    private static string File(params string[] integrationLines) => string.Join("\n", new[]
    {
        "version: 1",
        "integrations:",
        "  - name: a",
        "    type: collection-backup",
        "    source: { workspace: w, collection: c }",
        "    repository: o/r",
    }.Concat(integrationLines)) + "\n";

    [Theory]
    [InlineData("    github: { token: 'hunter2-literal-value' }", "hunter2-literal-value", DefinitionProblemId.InvalidSecretReference)]
    [InlineData("    postman: { apiKey: 'hunter2-literal-value' }", "hunter2-literal-value", DefinitionProblemId.InvalidSecretReference)]
    [InlineData("    github: { token: 'hunter2' }", "hunter2", DefinitionProblemId.InvalidSecretReference)]
    [InlineData("    github: { password: 'hunter2-literal-value' }", "hunter2-literal-value", DefinitionProblemId.UnknownKey)]
    [InlineData("    privateKey: 'hunter2-literal-value'", "hunter2-literal-value", DefinitionProblemId.UnknownKey)]
    [InlineData("    postman: { server: 'https://admin:s3cr3t-pass@postman.contoso.com' }", "s3cr3t-pass", DefinitionProblemId.InvalidValue)]
    [InlineData("    postman: { server: 'https://s3cr3t-pass@postman.contoso.com' }", "s3cr3t-pass", DefinitionProblemId.InvalidValue)]
    [InlineData("    github: { server: 'https://admin:s3cr3t-pass@github.contoso.com' }", "s3cr3t-pass", DefinitionProblemId.InvalidValue)]
    public void The_problem_is_reported_without_the_value(string line, string secret, string problemId)
    {
        var (_, problems) = DefinitionLoader.TryParse(File(line), FakeFile, BackupFileNaming.Instance);
        var problem = Assert.Single(problems, p => p.ProblemId == problemId);
        foreach (var p in problems) Assert.DoesNotContain(secret, p.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, string.Join("\n", problems.Select(p => p.ToString())), StringComparison.Ordinal);
        Assert.True(problem.Message.Contains("literal value", StringComparison.Ordinal)
            || problem.Message.Contains("user name or password", StringComparison.Ordinal)
            || problem.Message.Contains("is not a key", StringComparison.Ordinal), problem.Message);
    }

    [Fact]
    public void A_literal_value_under_a_secret_key_says_how_to_reference_it_instead()
    {
        var (_, problems) = DefinitionLoader.TryParse(File("    github: { token: 'hunter2-literal-value' }"), FakeFile, BackupFileNaming.Instance);
        var message = Assert.Single(problems).Message;
        Assert.Contains("'env:GITHUB_TOKEN'", message, StringComparison.Ordinal);
        Assert.Contains("secret:NAME", message, StringComparison.Ordinal);
        Assert.Contains("file:PATH", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_concealed_value_is_never_quoted_whichever_message_quotes_it()
    {
        var list = new DefinitionProblemList(FakeFile);
        list.Add(DefinitionProblemId.InvalidValue, "'hunter2' is not one of: a, b.", 3, 4);
        list.Conceal("hunter2");
        var problem = Assert.Single(list.Sorted());
        Assert.Equal("'***' is not one of: a, b.", problem.Message);
    }

    [Fact]
    public void References_under_secret_keys_are_not_concealed()
    {
        var (integrations, problems) = DefinitionLoader.TryParse(File("    github: { token: 'env:MY_TOKEN' }", "    branch: 'a b'"), FakeFile, BackupFileNaming.Instance);
        Assert.Empty(integrations);
        Assert.Contains(problems, p => p.Message.Contains("'a b'", StringComparison.Ordinal));
    }
}
