using PSGitHubSync.Emulator;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>The configuration model and its JSON file format (standalone mode).</summary>
public sealed class EmulatorConfigTests
{
    [Fact]
    public async Task Camel_case_json_file_configures_the_emulator()
    {
        var config = EmulatorConfig.FromJson("""
            {
              // comments are allowed
              "users": [ { "login": "octocat", "id": 7, "name": "Mona" } ],
              "repositories": [ { "owner": "octocat", "name": "r", "private": true, "defaultBranch": "dev" } ],
              "tokens": [
                { "value": "ghp_x", "type": "classic", "login": "octocat", "scopes": ["repo"], "expiresAt": "2030-01-02T03:04:05Z" },
                { "value": "github_pat_y", "type": "", "login": "octocat", "repositoryPermissions": { "octocat/r": "write" } }
              ],
              "enterpriseVersion": "3.16.1"
            }
            """);

        Assert.Equal(7, config.Users[0].Id);
        Assert.Equal("dev", config.Repositories[0].DefaultBranch);
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), config.Tokens[0].ExpiresAt);
        Assert.Equal("3.16.1", config.EnterpriseVersion);

        await using var server = await EmulatorServer.StartAsync(config);
        var classic = await EmulatorHttp.GetAsync(server.EnterpriseApiUrl, "/repos/octocat/r", "ghp_x");
        var inferredFineGrained = await EmulatorHttp.GetAsync(server.GitHubUrl, "/repos/octocat/r", "github_pat_y");

        Assert.Equal("dev", classic.Json.GetProperty("default_branch").GetString());
        Assert.Equal(7, classic.Json.GetProperty("owner").GetProperty("id").GetInt64());
        Assert.Equal("2030-01-02 03:04:05 UTC", classic.Header("github-authentication-token-expiration"));
        Assert.Equal("3.16.1", classic.Header("X-GitHub-Enterprise-Version"));
        // An empty type is inferred from the github_pat_ prefix: no scopes header.
        Assert.Equal(System.Net.HttpStatusCode.OK, inferredFineGrained.Status);
        Assert.False(inferredFineGrained.HasHeader("X-OAuth-Scopes"));
    }

    [Fact]
    public void Json_round_trips()
    {
        var config = TestWorld.Config();

        var again = EmulatorConfig.FromJson(config.ToJson());

        Assert.Equal(config.ToJson(), again.ToJson());
        Assert.Contains("\"repositoryPermissions\"", config.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_owner_missing_from_users_is_synthesised_as_a_user()
    {
        var config = new EmulatorConfig
        {
            Tokens = { new EmulatorToken { Value = "ghp_ghost", Login = "ghost", Scopes = { "user" } } },
            Repositories = { new EmulatorRepository { Owner = "ghost", Name = "attic" }, new EmulatorRepository { Owner = "acme", Name = "site" } },
        };
        await using var server = await EmulatorServer.StartAsync(config);

        var user = await EmulatorHttp.GetAsync(server.GitHubUrl, "/user", "ghp_ghost");
        var userRepo = await EmulatorHttp.GetAsync(server.GitHubUrl, "/repos/ghost/attic", "ghp_ghost");
        var orgRepo = await EmulatorHttp.GetAsync(server.GitHubUrl, "/repos/acme/site", "ghp_ghost");

        Assert.Equal("ghost", user.Json.GetProperty("login").GetString());
        Assert.True(user.Json.GetProperty("id").GetInt64() > 0);
        Assert.Equal("User", userRepo.Json.GetProperty("owner").GetProperty("type").GetString());
        Assert.True(userRepo.Json.GetProperty("permissions").GetProperty("admin").GetBoolean());
        Assert.Equal("Organization", orgRepo.Json.GetProperty("owner").GetProperty("type").GetString());
        Assert.NotEqual(user.Json.GetProperty("id").GetInt64(), orgRepo.Json.GetProperty("owner").GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData("""{"tokens":[{"value":"ghp_a","type":"classic"}]}""", "no login")]
    [InlineData("""{"tokens":[{"value":"ghp_a","type":"deploy-key","login":"x"}]}""", "unknown type")]
    [InlineData("""{"tokens":[{"value":"ghp_a","login":"x"},{"value":"ghp_a","login":"y"}]}""", "twice")]
    [InlineData("""{"repositories":[{"owner":"o","name":"r"},{"owner":"O","name":"R"}]}""", "twice")]
    [InlineData("""{"repositories":[{"owner":"o","name":"r","collaborators":{"x":"owner"}}]}""", "unknown repository role")]
    [InlineData("""{"tokens":[{"value":"github_pat_a","login":"x","type":"fine-grained","repositoryPermissions":{"o/r":"admin"}}]}""", "unknown token permission")]
    [InlineData("""{"users":[{"login":"a","id":5},{"login":"b","id":5}]}""", "used twice")]
    public async Task Invalid_configuration_is_refused_with_a_reason(string json, string reason)
    {
        var config = EmulatorConfig.FromJson(json);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => EmulatorServer.StartAsync(config));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_never_appears_whole_in_a_configuration_error()
    {
        const string Secret = "ghp_VerySecretValue1234567890";
        var config = new EmulatorConfig { Tokens = { new EmulatorToken { Value = Secret } } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => EmulatorServer.StartAsync(config));

        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("VerySecret", error.Message, StringComparison.Ordinal);
    }
}
