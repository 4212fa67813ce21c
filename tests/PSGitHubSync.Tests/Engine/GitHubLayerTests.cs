using System.Net;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Http;
using Xunit;

namespace PSGitHubSync.Tests.Engine;

/// <summary>The GitHub layer's error table and its transport's cancellation, without a server.</summary>
public class GitHubLayerTests
{
    private static readonly Uri Server = new("https://github.contoso.com/");
    private static readonly RepositoryName Repository = RepositoryName.Parse("contoso/api-backups");

    private static GitHubAnswer Answer(int status, string message, params (string Name, string Value)[] headers) =>
        new(new ApiResponse((HttpStatusCode)status, headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase), "{\"message\":\"" + message + "\"}"));

    private static SyncException Failure(GitHubAnswer answer, GitHubRequestKind kind, string method = "GET", string? appId = null, RepositoryName? repository = null) =>
        GitHubFailures.For(new GitHubFailedRequest(answer, kind, method, "/repos/contoso/api-backups/git/trees", Server, (object?)repository?.ToString() ?? Server.AbsoluteUri)
        {
            Repository = repository,
            Branch = "main",
            AppId = appId,
        });

    [Theory]
    [InlineData(401, "Bad credentials", "Read", "GET", SyncErrorId.TokenInvalid, SyncErrorCategory.AuthenticationError)]
    [InlineData(401, "Bad credentials", "Write", "POST", SyncErrorId.TokenInvalid, SyncErrorCategory.AuthenticationError)]
    [InlineData(403, "Resource not accessible by personal access token", "Write", "POST", SyncErrorId.PushDenied, SyncErrorCategory.PermissionDenied)]
    [InlineData(422, "Cannot update this protected branch", "Write", "PATCH", SyncErrorId.PushDenied, SyncErrorCategory.PermissionDenied)]
    [InlineData(404, "Not Found", "Write", "POST", SyncErrorId.PushDenied, SyncErrorCategory.PermissionDenied)]
    [InlineData(404, "Not Found", "Read", "GET", SyncErrorId.RepositoryNotFound, SyncErrorCategory.ObjectNotFound)]
    [InlineData(409, "Git Repository is empty.", "Read", "GET", SyncErrorId.RepositoryEmpty, SyncErrorCategory.InvalidOperation)]
    [InlineData(403, "Resource protected by organization SAML enforcement.", "Read", "GET", SyncErrorId.RepositoryNotFound, SyncErrorCategory.PermissionDenied)]
    [InlineData(422, "Invalid request", "Write", "POST", SyncErrorId.GitHubRequestFailed, SyncErrorCategory.NotSpecified)]
    [InlineData(500, "Server Error", "Read", "GET", SyncErrorId.GitHubRequestFailed, SyncErrorCategory.NotSpecified)]
    public void One_table_turns_GitHubs_refusals_of_a_repository_request_into_error_ids(int status, string message, string kind, string method, string errorId, SyncErrorCategory category)
    {
        var error = Failure(Answer(status, message), Enum.Parse<GitHubRequestKind>(kind), method, repository: Repository);

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(category, error.Category);
        Assert.Equal(Repository.ToString(), error.Target);
    }

    [Fact]
    public void A_refusal_names_GitHubs_request_id_and_a_write_refusal_says_why()
    {
        var failed = Failure(Answer(502, "Bad gateway", ("x-github-request-id", "C0A8:3F2E:1A2B3C:1B2C3D:6745A1B2")), GitHubRequestKind.Read, repository: Repository);
        var archived = Failure(Answer(403, "Repository was archived so is read-only."), GitHubRequestKind.Write, "POST", repository: Repository);
        var app = Failure(Answer(403, "Resource not accessible by integration"), GitHubRequestKind.Write, "POST", appId: "12345", repository: Repository);

        Assert.Contains("(GitHub request id C0A8:3F2E:1A2B3C:1B2C3D:6745A1B2)", failed.Message, StringComparison.Ordinal);
        Assert.Contains("archived", archived.Message, StringComparison.Ordinal);
        Assert.Contains("GitHub App 12345", app.Message, StringComparison.Ordinal);
        Assert.Contains("Contents: Read and write", app.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Requests_signed_as_an_app_and_requests_about_no_repository_have_their_own_rows()
    {
        var jwt = Failure(Answer(401, "A JSON web token could not be decoded"), GitHubRequestKind.AppJwt, appId: "12345");
        var appOther = Failure(Answer(500, "Server Error"), GitHubRequestKind.AppJwt, "POST", appId: "12345");
        var user = Failure(Answer(404, "Not Found"), GitHubRequestKind.Read);

        Assert.Equal(SyncErrorId.TokenInvalid, jwt.ErrorId);
        Assert.Contains("JSON Web Token of GitHub App 12345", jwt.Message, StringComparison.Ordinal);
        Assert.Equal(SyncErrorId.GitHubRequestFailed, appOther.ErrorId);
        Assert.Contains("for GitHub App 12345", appOther.Message, StringComparison.Ordinal);
        Assert.Equal(SyncErrorId.GitHubRequestFailed, user.ErrorId);                // a 404 about no repository is not RepositoryNotFound
        Assert.Equal(Server.AbsoluteUri, user.Target);
    }

    [Fact]
    public async Task An_Octokit_client_call_without_a_token_of_its_own_is_cancelled_by_the_layers_token_before_any_request()
    {
        using var connection = new GitHubConnection(GitHubEndpoint.Parse("http://127.0.0.1:9"), null);
        var client = new GitHubRepositoryClient(connection, Repository);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        // Releases.Get and Git.Blob.Get are Octokit's typed clients, which take no cancellation token: the transport's ambient one applies.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetReleaseUrlAsync("v1.0.0", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetBlobAsync(new string('a', 40), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetRepositoryAsync(cancelled.Token));
        Assert.Equal(0, connection.RequestCount);
    }

    [Fact]
    public async Task Whether_a_transport_failure_is_transient_is_a_typed_property_and_a_refused_connection_is_not_retried()
    {
        using var connection = new GitHubConnection(GitHubEndpoint.Parse("http://127.0.0.1:9"), null);
        var waits = 0;
        connection.Delay = (_, _) =>
        {
            waits++;
            return Task.CompletedTask;
        };
        var client = new GitHubRepositoryClient(connection, Repository);

        var error = await Assert.ThrowsAsync<SyncException>(() => client.GetRepositoryAsync(CancellationToken.None));

        Assert.Equal(SyncErrorId.ServerUnreachable, error.ErrorId);
        Assert.False(error.IsTransient);
        Assert.Empty(error.Data);
        Assert.Equal(1, connection.RequestCount);
        Assert.Equal(0, waits);
    }
}
