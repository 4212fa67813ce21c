using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Octokit.Internal;
using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>
/// What a GitHub server says about itself and about the account of a token (<c>/meta</c>, <c>/user</c>), as typed facts
/// read with Octokit's models; answers come back whatever their status, for the token and server checks to decide on.
/// </summary>
/// <remarks>
/// Sent through Octokit's connection, not <c>User.Current</c> / <c>Meta.GetMetadata</c>: the body is read only once the
/// answer looks like GitHub's, and a <c>/meta</c> GitHub answers in an unusual shape still leaves the server known as GitHub.
/// </remarks>
public sealed class GitHubServerClient
{
    private static readonly SimpleJsonSerializer Serializer = new();
    private readonly GitHubApi _api;

    /// <summary>Reads facts over <paramref name="connection"/> (which stays the caller's).</summary>
    public GitHubServerClient(GitHubConnection connection) => _api = new GitHubApi(connection);

    /// <summary>The server.</summary>
    public GitHubEndpoint Endpoint => _api.Connection.Endpoint;

    /// <summary>
    /// <c>GET /user</c>: the login of the token's account when the server answers as GitHub and the request succeeded
    /// (an app installation token has none, and is refused with 403 "not accessible by integration").
    /// </summary>
    public async Task<GitHubAnswer<string>> ReadLoginAsync(CancellationToken cancellationToken)
    {
        var answer = await _api.SendAsync(HttpMethod.Get, "user", null, cancellationToken).ConfigureAwait(false);
        return new GitHubAnswer<string>(answer.Response, answer.IsSuccess && answer.LooksLikeGitHub ? Read<Octokit.User>(answer).Login : null);
    }

    /// <summary><c>GET /meta</c>: the GitHub Enterprise Server version it reports, when it answers as GitHub and reports one.</summary>
    public async Task<GitHubAnswer<string>> ReadInstalledVersionAsync(CancellationToken cancellationToken)
    {
        var answer = await _api.SendAsync(HttpMethod.Get, "meta", null, cancellationToken).ConfigureAwait(false);
        string? version = null;
        if (answer.IsSuccess && answer.LooksLikeGitHub)
        {
            try
            {
                version = Serializer.Deserialize<Octokit.Meta>(answer.Body)?.InstalledVersion;
            }
            catch (Exception ex) when (ex is System.Runtime.Serialization.SerializationException or InvalidCastException or ArgumentException or FormatException)
            {
                version = null;   // GitHub answered, but not with its usual document: the version is unknown, the server is still GitHub.
            }
        }
        return new GitHubAnswer<string>(answer.Response, version);
    }

    /// <summary>The failure of a refused <c>GET /user</c> (or any read of this client) from the error table, about <paramref name="target"/>.</summary>
    public SyncException Failure(GitHubAnswer answer, string path, object target) =>
        _api.Failure(answer, GitHubRequestKind.Read, "GET", path, target);

    private static T Read<T>(GitHubAnswer answer)
    {
        try
        {
            return Serializer.Deserialize<T>(answer.Body) ?? throw new System.Text.Json.JsonException("The answer is empty.");
        }
        catch (System.Runtime.Serialization.SerializationException ex)
        {
            throw new System.Text.Json.JsonException($"GitHub's answer is not the JSON GitHub sends: {ex.Message}", ex);
        }
    }
}
