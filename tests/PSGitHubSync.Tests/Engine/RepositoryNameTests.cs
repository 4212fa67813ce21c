using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using Xunit;

namespace PSGitHubSync.Tests.Engine;

public class RepositoryNameTests
{
    [Theory]
    [InlineData("contoso/api-backups", "contoso", "api-backups")]
    [InlineData(" contoso/api.backups ", "contoso", "api.backups")]
    [InlineData("contoso/api-backups.git", "contoso", "api-backups")]
    [InlineData("https://github.com/contoso/api-backups", "contoso", "api-backups")]
    [InlineData("https://github.contoso.com/team-1/payments_api.git", "team-1", "payments_api")]
    public void Parses_owner_and_name(string input, string owner, string name)
    {
        var repository = RepositoryName.Parse(input);
        Assert.Equal(owner, repository.Owner);
        Assert.Equal(name, repository.Name);
        Assert.Equal($"repos/{owner}/{name}", repository.ApiPath);
    }

    [Theory]
    [InlineData("")]
    [InlineData("contoso")]
    [InlineData("contoso/api/backups")]
    [InlineData("contoso/..")]
    [InlineData("-contoso/api")]
    [InlineData("contoso/api backups")]
    [InlineData("../etc/passwd")]
    public void Refuses_anything_else_naming_the_input(string input)
    {
        var error = Assert.Throws<SyncException>(() => RepositoryName.Parse(input));
        Assert.Equal(SyncErrorId.RepositoryNameInvalid, error.ErrorId);
        Assert.Contains($"'{input}'", error.Message);
    }
}
