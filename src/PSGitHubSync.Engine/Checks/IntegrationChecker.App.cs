using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Security;
using PSGitHubSync.Engine.Tokens;

namespace PSGitHubSync.Engine.Checks;

/// <summary>The Token check of an integration that authenticates as a GitHub App.</summary>
public sealed partial class IntegrationChecker
{
    private async Task<TokenStage> CheckAppAsync(Integration integration, GitHubAppReference app, GitHubEndpoint endpoint, CancellationToken cancellationToken)
    {
        var source = $"GitHub App {app.Id} with the key from {app.PrivateKey}";
        var appsPage = new Uri(endpoint.Server, "settings/apps").AbsoluteUri;
        var resolved = await ResolveSecretAsync(integration, app.PrivateKey, "GitHub App private key", cancellationToken).ConfigureAwait(false);
        if (resolved.Failure is not null) return new TokenStage(resolved.Failure, source: source);

        GitHubAppCredential credential;
        try
        {
            credential = new GitHubAppCredential(endpoint, app.Id, resolved.Secret!, app.Installation, _session.GitHubOptions, _log);
        }
        catch (SyncException ex) when (ex.ErrorId == SyncErrorId.TokenInvalid)
        {
            return new TokenStage(Finding.FromError(ex,
                $"Store the .pem file GitHub generated for the app ({appsPage} > the app > Private keys), whole and unchanged, where {app.PrivateKey} points."), source: source);
        }
        lock (_owned) _owned.Add(credential);
        var repository = RepositoryName.Parse(integration.Repository);
        credential.AddRepository(repository);
        var connection = GitHubConnection.ForApp(endpoint, credential, _session.GitHubOptions, _log);
        lock (_owned) _owned.Add(connection);

        SecretValue token;
        try
        {
            token = await credential.TokenForAsync(repository, cancellationToken).ConfigureAwait(false);
        }
        catch (SyncException ex) when (ex.ErrorId == SyncErrorId.TokenInvalid)
        {
            return new TokenStage(Finding.FromError(ex,
                $"Check that 'id: {app.Id}' is the app's id (or client id) on {appsPage} > the app > General, generate a new private key there and store it where {app.PrivateKey} points; "
                + "if the key is right, correct this computer's clock (GitHub refuses tokens signed more than a minute off)."), source: source);
        }
        catch (SyncException ex) when (ex.ErrorId == SyncErrorId.GitHubAppNotInstalled)
        {
            return new TokenStage(Finding.FromError(ex,
                $"Install the app on '{repository.Owner}' ({appsPage} > the app > Install App > {repository.Owner}) with access to {repository} (or to all repositories), "
                + "after giving it the repository permission 'Contents: Read and write' (Permissions & events)."), source: source);
        }
        catch (SyncException ex)
        {
            return new TokenStage(ServerDiagnosis.Unreachable(ex, endpoint, _session.GitHubOptions.Proxy), source: source);
        }

        TokenInfo info;
        try
        {
            var request = new TokenCheckRequest(endpoint, token, Array.Empty<string>()) { ConnectionOptions = _session.GitHubOptions };
            info = await new TokenVerifier(_log).VerifyAsync(connection, request, cancellationToken).ConfigureAwait(false);
        }
        catch (SyncException ex)
        {
            return new TokenStage(ServerDiagnosis.Unreachable(ex, endpoint, _session.GitHubOptions.Proxy), source: source);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return new TokenStage(Unreadable("the token check", ex), source: source);
        }
        return new TokenStage(Finding.Pass($"Accepted: {source} got an installation token for {repository} (it lives an hour and is renewed as runs need)."), connection, info, source);
    }
}
