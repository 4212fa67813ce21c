using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Octokit;
using Octokit.Internal;
using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>
/// Octokit over the project's transport: <see cref="Client"/> (Git Data, Repositories, Branches, Releases, Users,
/// Miscellaneous, ...) and <see cref="Raw"/> (Octokit's connection, for what the typed clients lack) send every
/// request through <see cref="GitHubTransport"/> and so through <see cref="GitHubConnection"/>. Each call runs in a
/// scope that carries its cancellation token to the transport and keeps the answer's headers; failures come back as
/// answers (<see cref="GitHubAnswer{T}"/>) for the caller to decide on, or as <see cref="SyncException"/>s from
/// <see cref="GitHubFailures"/>. Octokit's types stay inside this folder.
/// </summary>
internal sealed class GitHubApi
{
    private static readonly ICredentialStore Anonymous = new InMemoryCredentialStore(Credentials.Anonymous);

    /// <summary>Octokit over <paramref name="connection"/>, which authenticates each request itself.</summary>
    public GitHubApi(GitHubConnection connection)
    {
        Connection = connection ?? throw new ArgumentNullException(nameof(connection));
        var octokit = new Connection(new Octokit.ProductHeaderValue("PSGitHubSync"), connection.ApiRoot, Anonymous, new GitHubTransport(connection), new SimpleJsonSerializer());
        Raw = octokit;
        Client = new GitHubClient(octokit);
    }

    /// <summary>The transport.</summary>
    public GitHubConnection Connection { get; }

    /// <summary>Octokit's connection over the transport.</summary>
    public IConnection Raw { get; }

    /// <summary>Octokit's typed clients over the transport.</summary>
    public IGitHubClient Client { get; }

    /// <summary>
    /// Runs <paramref name="call"/> with <paramref name="cancellationToken"/> and returns its value with the last answer
    /// it got; a refusal (4xx, or 5xx after the transport's retries) comes back as the answer, with no value.
    /// </summary>
    /// <exception cref="SyncException">From the transport: <c>ServerUnreachable</c>, <c>RateLimited</c>, ...</exception>
    public async Task<GitHubAnswer<T>> CallAsync<T>(Func<IGitHubClient, Task<T>> call, CancellationToken cancellationToken, string? accept = null)
    {
        using var scope = GitHubTransport.Scope(cancellationToken);
        scope.Accept = accept;
        try
        {
            var value = await call(Client).ConfigureAwait(false);
            return new GitHubAnswer<T>(scope.Last?.Source ?? throw new InvalidOperationException("Octokit returned without sending a request."), value);
        }
        catch (ApiException ex) when (ex.HttpResponse is TransportResponse refused)
        {
            return new GitHubAnswer<T>(refused.Source, default);
        }
        catch (System.Runtime.Serialization.SerializationException ex)
        {
            throw new System.Text.Json.JsonException($"GitHub's answer is not the JSON GitHub sends: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Sends <paramref name="method"/> to <paramref name="path"/> through Octokit's connection with <paramref name="jsonBody"/>
    /// sent as written (so that a tree entry's <c>"sha": null</c> and the size of a create-tree request stay the caller's),
    /// and returns the answer whatever its status, with its body as text for the caller to read.
    /// </summary>
    public async Task<GitHubAnswer> SendAsync(HttpMethod method, string path, string? jsonBody, CancellationToken cancellationToken, string? accept = null)
    {
        using var scope = GitHubTransport.Scope(cancellationToken);
        scope.ReadsBodyItself = true;
        scope.Accept = accept;
        var uri = Relative(path);
        try
        {
            if (method == HttpMethod.Get) await Raw.Get<object>(uri, null, null!, cancellationToken).ConfigureAwait(false);
            else if (method == HttpMethod.Post) await Raw.Post<object>(uri, jsonBody ?? "{}", null!, "application/json", (IDictionary<string, string>)null!, cancellationToken).ConfigureAwait(false);
            else if (method == HttpMethod.Put) await Raw.Put<object>(uri, jsonBody ?? "{}").ConfigureAwait(false);
            else if (method.Method == "PATCH") await Raw.Patch<object>(uri, jsonBody ?? "{}").ConfigureAwait(false);
            else throw new ArgumentException($"The GitHub layer does not send {method}.", nameof(method));
        }
        catch (ApiException ex) when (ex.HttpResponse is TransportResponse refused)
        {
            return new GitHubAnswer(refused.Source);
        }
        return new GitHubAnswer(scope.Last?.Source ?? throw new InvalidOperationException("Octokit returned without sending a request."));
    }

    /// <summary>GET <paramref name="path"/> (relative to the API root) read as <typeparamref name="T"/>, asking for <paramref name="accept"/> when given.</summary>
    public Task<GitHubAnswer<T>> GetAsync<T>(string path, CancellationToken cancellationToken, string? accept = null) =>
        CallAsync(async _ => (await Raw.Get<T>(Relative(path), null, null!, cancellationToken).ConfigureAwait(false)).Body, cancellationToken, accept);

    /// <summary>POST <paramref name="body"/> (an object Octokit serializes, or JSON text sent as it is) to <paramref name="path"/>.</summary>
    public Task<GitHubAnswer<T>> PostAsync<T>(string path, object body, CancellationToken cancellationToken) =>
        CallAsync(async _ => (await Raw.Post<T>(Relative(path), body, null!, "application/json", (IDictionary<string, string>)null!, cancellationToken).ConfigureAwait(false)).Body, cancellationToken);

    /// <summary>PATCH <paramref name="body"/> to <paramref name="path"/>.</summary>
    public Task<GitHubAnswer<T>> PatchAsync<T>(string path, object body, CancellationToken cancellationToken) =>
        CallAsync(async _ => (await Raw.Patch<T>(Relative(path), body).ConfigureAwait(false)).Body, cancellationToken);

    /// <summary>PUT <paramref name="body"/> to <paramref name="path"/>.</summary>
    public Task<GitHubAnswer<T>> PutAsync<T>(string path, object body, CancellationToken cancellationToken) =>
        CallAsync(async _ => (await Raw.Put<T>(Relative(path), body).ConfigureAwait(false)).Body, cancellationToken);

    /// <summary>The failure of <paramref name="answer"/> from the error table.</summary>
    public SyncException Failure(GitHubAnswer answer, GitHubRequestKind kind, string method, string path, object target, RepositoryName? repository = null, string? branch = null, string? appId = null) =>
        GitHubFailures.For(new GitHubFailedRequest(answer, kind, method, path, Connection.Endpoint.Server, target)
        {
            Repository = repository,
            Branch = branch,
            AppId = appId ?? Connection.App?.AppId,
        });

    /// <summary>An address as the layer or a server wrote it (relative to the API root, or absolute from a Link header).</summary>
    /// <remarks>
    /// The API-root check runs here first (the transport runs it again on what Octokit sends): an address off the root is
    /// refused (<c>UrlOutsideApiRoot</c>) before Octokit parses it, whatever Octokit would make of it.
    /// </remarks>
    private Uri Relative(string path)
    {
        var resolved = Http.ApiRootScope.Resolve(Connection.ApiRoot, path, Connection.ServerName);
        return Uri.TryCreate(path, UriKind.RelativeOrAbsolute, out var uri) ? uri : resolved;
    }
}
