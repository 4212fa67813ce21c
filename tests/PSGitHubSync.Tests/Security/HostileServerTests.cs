using System.Collections;
using PSGitHubSync.Emulator;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Http;
using PSGitHubSync.Engine.Security;
using PSGitHubSync.Tests.Backup;
using Xunit;

namespace PSGitHubSync.Tests.Security;

/// <summary>
/// Issue 11, items 2, 3 and 4 against the emulator's hostile mode: servers that echo the credentials in error bodies,
/// pagination links that point elsewhere (a second loopback listener counts what reaches it), and secrets with a
/// trailing newline or a control character inside.
/// </summary>
public sealed class HostileServerTests
{
    private const string OneCollection = @"
  - name: payments
    type: collection-backup
    source: { workspace: Payments, collection: Payments API }
    repository: contoso/api-backups
";

    [Fact]
    public async Task A_GitHub_422_that_echoes_the_token_leaves_no_trace_of_it_in_the_error()
    {
        await using var world = await BackupWorld.StartAsync();
        world.Server.InjectFault(new FaultRule
        {
            Method = "*",
            PathPattern = "/repos/*",
            Count = 100,
            Status = 422,
            Body = "{\"message\":\"Validation Failed for {authorization} (token {token})\",\"errors\":[{\"value\":\"{token}\"}]}",
            Headers = { ["X-Echo"] = "{authorization}" },
        });
        var warnings = new List<string>();
        var outcome = Assert.Single(await world.RunAsync(world.Integrations(OneCollection), world.Session(warnings: warnings)));

        Assert.NotNull(outcome.Error);
        Assert.Contains("***", outcome.Error!.Message, StringComparison.Ordinal);
        AssertNowhere(BackupWorld.Token, outcome.Error, warnings);
    }

    [Fact]
    public async Task A_Postman_401_that_echoes_an_unshaped_API_key_leaves_no_trace_of_it()
    {
        await using var world = await BackupWorld.StartAsync();
        world.Server.Postman.EchoApiKey = true;
        var wrongKey = "wrong-postman-key-" + Guid.NewGuid().ToString("N");
        var session = world.Session();
        session.PostmanApiKey = SecretValue.FromChars(wrongKey.AsSpan(), "-PostmanApiKey");
        var outcome = Assert.Single(await world.RunAsync(world.Integrations(OneCollection), session));

        Assert.Equal(SyncErrorId.ApiKeyInvalid, outcome.Error?.ErrorId);
        Assert.Contains("X-Api-Key ***", outcome.Error!.Message, StringComparison.Ordinal);
        AssertNowhere(wrongKey, outcome.Error, new List<string>());
    }

    [Theory]
    [InlineData("<{apiRoot}http://{otherAuthority}/repositories/1/commits?page=2>; rel=\"next\"", true)]
    [InlineData("<http://{otherAuthority}/api/v3/repositories/1/commits?page=2>; rel=\"next\"", false)]
    [InlineData("<//{otherAuthority}/api/v3/repositories/1/commits?page=2>; rel=\"next\"", false)]
    [InlineData("<{apiRoot}@{otherAuthority}/x>; rel=\"next\"", true)]
    [InlineData("<http://x@{otherAuthority}/api/v3/x>; rel=\"next\"", false)]
    [InlineData("<{apiRoot}%2e%2e/%2e%2e/x>; rel=\"next\"", false)]
    [InlineData("<{apiRoot}..\\..\\x>; rel=\"next\"", false)]
    [InlineData("<{otherHost}>; rel=\"next\", <{apiRoot}repos/contoso/api-backups/commits?page=9>; rel=\"last\"", false)]
    public async Task A_pagination_link_never_takes_the_token_to_another_host(string link, bool staysOnRoot)
    {
        await using var world = await BackupWorld.StartAsync();
        world.Server.InjectFault(new FaultRule
        {
            Method = "GET",
            PathPattern = "/repos/contoso/api-backups/commits",
            Count = 1,
            Status = 200,
            Body = "[]",
            Headers = { ["Link"] = link },
        });
        using var token = SecretValue.FromChars(BackupWorld.Token.AsSpan());
        using var connection = new GitHubConnection(GitHubEndpoint.Parse(world.Server.GitHubUrl.AbsoluteUri), token);
        var client = new GitHubRepositoryClient(connection, RepositoryName.Parse("contoso/api-backups"));
        world.Server.ClearRequests();

        Exception? error = await Record.ExceptionAsync(() => client.ListCommitsAsync("main", null, null, CancellationToken.None));

        Assert.Equal(0, world.Server.OtherHost.RequestCount);
        if (staysOnRoot)
        {
            // The address was on the API root after all (a path that happens to contain a URL): asked there, not elsewhere.
            Assert.True(error is null or SyncException, error?.ToString());
            Assert.Equal(2, connection.RequestCount);
        }
        else
        {
            var refused = Assert.IsAssignableFrom<SyncException>(error);
            Assert.Equal(SecurityErrorIds.UrlOutsideApiRoot, refused.ErrorId);
            Assert.Equal(1, connection.RequestCount);
        }
    }

    [Fact]
    public async Task The_other_host_listener_counts_what_reaches_it()
    {
        await using var world = await BackupWorld.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, world.Server.OtherHost.Url);
        request.Headers.Add("X-Api-Key", "k");
        using var response = await http.SendAsync(request);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, world.Server.OtherHost.RequestCount);
        Assert.Equal(1, world.Server.OtherHost.CredentialCount);
    }

    [Fact]
    public async Task A_token_with_a_trailing_newline_works_and_one_with_a_control_character_fails_only_its_own_integration()
    {
        await using var world = await BackupWorld.StartAsync();
        var good = "PSGITHUBSYNC_TEST_GOOD_" + Guid.NewGuid().ToString("N");
        var bad = "PSGITHUBSYNC_TEST_BAD_" + Guid.NewGuid().ToString("N");
        var badValue = BackupWorld.Token.Substring(0, 20) + "\u001b[2J" + BackupWorld.Token.Substring(20);
        Environment.SetEnvironmentVariable(good, BackupWorld.Token + "\r\n");
        Environment.SetEnvironmentVariable(bad, badValue);
        try
        {
            var integrations = world.Integrations($@"
  - name: broken
    type: collection-backup
    source: {{ workspace: Payments, collection: Orders API }}
    repository: contoso/archived
    directory: broken
    github: {{ token: 'env:{bad}' }}
  - name: working
    type: collection-backup
    source: {{ workspace: Payments, collection: Payments API }}
    repository: contoso/api-backups
    directory: working
    github: {{ token: 'env:{good}' }}
");
            var session = world.Session();
            session.GitHubToken = null;
            var outcomes = await world.RunAsync(integrations, session);

            var broken = Assert.Single(outcomes, o => o.Integration.Name == "broken");
            Assert.Equal(SecurityErrorIds.SecretInvalid, broken.Error?.ErrorId);
            Assert.Contains($"env:{bad}", broken.Error!.Message, StringComparison.Ordinal);
            Assert.Contains("control characters", broken.Error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(BackupWorld.Token.Substring(4, 16), broken.Error.ToString(), StringComparison.Ordinal);

            var working = Assert.Single(outcomes, o => o.Integration.Name == "working");
            Assert.Null(working.Error);
            Assert.NotNull(working.Result.CommitSha);
            Assert.NotNull(world.Repository.ReadFile("main", "working/Payments API.postman_collection.json"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(good, null);
            Environment.SetEnvironmentVariable(bad, null);
        }
    }

    private static void AssertNowhere(string secret, SyncException error, List<string> log)
    {
        var text = new System.Text.StringBuilder(error.ToString());
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            text.AppendLine(current.Message);
            foreach (DictionaryEntry entry in current.Data) text.AppendLine($"{entry.Key}={entry.Value}");
        }
        text.AppendLine(error.Target?.ToString());
        foreach (var line in log) text.AppendLine(line);
        Assert.DoesNotContain(secret, text.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret.Substring(secret.Length - 12), text.ToString(), StringComparison.Ordinal);
    }
}
