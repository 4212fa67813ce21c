using PSGitHubSync.Engine.Tokens;
using Xunit;

namespace PSGitHubSync.Tests.Engine;

public class ScopeRequirementsTests
{
    [Fact]
    public void Backup_needs_repo_and_user_and_schema_sync_needs_repo()
    {
        Assert.Equal(new[] { "repo", "user" }, ScopeRequirements.For(TokenPurpose.Backup));
        Assert.Equal(new[] { "repo" }, ScopeRequirements.For(TokenPurpose.SchemaSync));
    }

    [Theory]
    [InlineData("repo,user", "repo,user", "")]
    [InlineData("repo,user", "repo", "user")]
    [InlineData("repo,user", "public_repo,read:user", "repo,user")]
    [InlineData("public_repo,read:user", "repo,user", "")]
    [InlineData("read:org", "admin:org", "")]
    [InlineData("admin:org", "read:org", "admin:org")]
    [InlineData("repo", "", "repo")]
    [InlineData("REPO", "repo", "")]
    public void Parent_scopes_cover_their_children(string required, string granted, string missing)
    {
        var result = ScopeRequirements.Missing(Split(required), Split(granted));
        Assert.Equal(Split(missing), result);
    }

    private static string[] Split(string text) => text.Split(',', System.StringSplitOptions.RemoveEmptyEntries);
}
