using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Diagnostics;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Resources;
using PSGitHubSync.Engine.Security;

namespace PSGitHubSync.Engine.Tokens;

/// <summary>
/// Decides who a token is, what it may do and how long it lasts from the facts the GitHub layer reads, in at most two
/// requests (<c>GET /user</c>, and <c>GET /repos/{owner}/{repo}</c> when a repository is given).
/// </summary>
public sealed class TokenVerifier
{
    /// <summary>How close an expiry date must be to earn a note.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

    private readonly IEngineLog _log;

    /// <summary>Creates the verifier.</summary>
    public TokenVerifier(IEngineLog? log = null) => _log = log ?? NullEngineLog.Instance;

    private static readonly (string Prefix, GitHubTokenKind Kind)[] Prefixes =
    {
        ("github_pat_", GitHubTokenKind.FineGrained),
        ("ghp_", GitHubTokenKind.Classic),
        ("gho_", GitHubTokenKind.OAuth),
        ("ghs_", GitHubTokenKind.App),
        ("ghu_", GitHubTokenKind.App),
    };

    /// <summary>Tells a token's kind from its prefix alone.</summary>
    public static GitHubTokenKind KindFromPrefix(SecretValue token)
    {
        foreach (var (prefix, kind) in Prefixes)
        {
            if (token.StartsWith(prefix)) return kind;
        }
        return GitHubTokenKind.Unknown;
    }

    /// <summary>Checks the token.</summary>
    /// <exception cref="SyncException"><c>TokenInvalid</c>, <c>ServerUnreachable</c>, <c>RateLimited</c>, <c>GitHubRequestFailed</c>.</exception>
    public async Task<TokenInfo> VerifyAsync(TokenCheckRequest request, CancellationToken cancellationToken)
    {
        using var connection = new GitHubConnection(request.Endpoint, request.Token, request.ConnectionOptions, _log);
        return await VerifyAsync(connection, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks a GitHub App: signs in with its key, gets an installation token for <paramref name="repository"/> and
    /// checks that token like any other, adding the app, installation, granted permissions, repositories and expiry.
    /// </summary>
    /// <exception cref="SyncException"><c>TokenInvalid</c> (the key or app id is wrong), <c>GitHubAppNotInstalled</c>, <c>ServerUnreachable</c>, <c>RateLimited</c>, <c>GitHubRequestFailed</c>.</exception>
    public async Task<TokenInfo> VerifyAppAsync(GitHubEndpoint endpoint, string appId, SecretValue privateKey, long? installation, RepositoryName repository,
        IReadOnlyList<string> requiredScopes, GitHubConnectionOptions options, CancellationToken cancellationToken)
    {
        using var app = new GitHubAppCredential(endpoint, appId, privateKey, installation, options, _log);
        app.AddRepository(repository);
        using var connection = GitHubConnection.ForApp(endpoint, app, options, _log);
        var grant = await app.GrantForAsync(repository, cancellationToken).ConfigureAwait(false);
        var request = new TokenCheckRequest(endpoint, grant.Token, requiredScopes) { Repository = repository, ConnectionOptions = options };
        var info = await VerifyAsync(connection, request, cancellationToken).ConfigureAwait(false);
        info.TokenType = GitHubTokenKind.App;
        info.AppId = appId;
        info.InstallationId = grant.Installation;
        info.Permissions = grant.Permissions;
        info.Repositories = grant.Repositories;
        info.ExpiresAt = grant.ExpiresAt;
        return info;
    }

    /// <summary>Checks the token over an existing connection (which must carry that token).</summary>
    public async Task<TokenInfo> VerifyAsync(GitHubConnection connection, TokenCheckRequest request, CancellationToken cancellationToken)
    {
        var endpoint = request.Endpoint;
        var server = endpoint.Server.AbsoluteUri;
        var notes = new List<string>();
        var info = new TokenInfo
        {
            Server = server,
            ApiUrl = endpoint.ApiRoot.AbsoluteUri,
            RequiredScopes = request.RequiredScopes.ToArray(),
            Repository = request.Repository?.ToString(),
        };

        var user = await new GitHubServerClient(connection).ReadLoginAsync(cancellationToken).ConfigureAwait(false);
        EnsureGitHub(user, server);
        info.ServerVersion = user.EnterpriseVersion;
        info.RateLimit = user.Response.RateLimit;
        info.ExpiresAt = user.TokenExpiration;

        var kind = KindFromPrefix(request.Token);
        if (user.StatusCode == HttpStatusCode.Unauthorized) throw new GitHubServerClient(connection).Failure(user, "/user", server);

        var isIntegration = user.StatusCode == HttpStatusCode.Forbidden
            && user.ErrorMessage.IndexOf("not accessible by integration", StringComparison.OrdinalIgnoreCase) >= 0;
        if (isIntegration)
        {
            kind = GitHubTokenKind.App;
        }
        else if (!user.IsSuccess)
        {
            throw new GitHubServerClient(connection).Failure(user, "/user", server);
        }
        else
        {
            info.Login = user.Value;
        }

        var scopes = user.OAuthScopes;
        if (kind == GitHubTokenKind.Unknown && scopes is not null) kind = GitHubTokenKind.Classic;
        info.TokenType = kind;
        var hasScopes = kind is GitHubTokenKind.Classic or GitHubTokenKind.OAuth;
        info.Scopes = scopes?.ToArray() ?? Array.Empty<string>();
        if (hasScopes)
        {
            info.MissingScopes = ScopeRequirements.Missing(request.RequiredScopes, info.Scopes);
            if (info.MissingScopes.Count > 0)
            {
                notes.Add(string.Format(CultureInfo.InvariantCulture, Messages.NoteMissingScopes, string.Join(", ", info.MissingScopes)));
            }
        }
        else if (kind == GitHubTokenKind.App)
        {
            notes.Add(Messages.NoteAppNoScopes);
        }
        else
        {
            notes.Add(Messages.NoteFineGrainedNoScopes);
        }

        var repositoryOk = true;
        if (request.Repository is not null)
        {
            repositoryOk = await CheckRepositoryAsync(connection, request, info, notes, kind, cancellationToken).ConfigureAwait(false);
        }

        if (info.ExpiresAt is { } expires)
        {
            var left = expires - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero) notes.Add(string.Format(CultureInfo.InvariantCulture, Messages.NoteExpired, expires.UtcDateTime));
            else if (left <= ExpiryWarning) notes.Add(string.Format(CultureInfo.InvariantCulture, Messages.NoteExpiresSoon, expires.UtcDateTime));
        }

        info.IsValid = info.MissingScopes.Count == 0 && repositoryOk;
        info.Notes = notes;
        return info;
    }

    private async Task<bool> CheckRepositoryAsync(GitHubConnection connection, TokenCheckRequest request, TokenInfo info, List<string> notes, GitHubTokenKind kind, CancellationToken cancellationToken)
    {
        var repository = request.Repository!;
        var client = new GitHubRepositoryClient(connection, repository);
        var response = await client.ReadRepositoryAsync(cancellationToken).ConfigureAwait(false);
        EnsureGitHub(response, info.Server);
        info.RateLimit = response.Response.RateLimit ?? info.RateLimit;
        if (response.StatusCode == HttpStatusCode.NotFound || response.StatusCode == HttpStatusCode.Forbidden && kind != GitHubTokenKind.Unknown)
        {
            info.CanRead = false;
            info.CanPush = false;
            notes.Add(string.Format(CultureInfo.InvariantCulture, Messages.RepositoryNotFound, repository, info.Server));
            return false;
        }
        if (!response.IsSuccess) throw new GitHubServerClient(connection).Failure(response, "/repos/" + repository, info.Server);

        info.CanRead = true;
        info.CanPush = response.Value!.CanPush;
        if (kind == GitHubTokenKind.FineGrained && info.CanPush == true) notes.Add(Messages.NoteFineGrainedPush);
        if (info.CanPush == false)
        {
            notes.Add(string.Format(CultureInfo.InvariantCulture, Messages.NoteCannotPush, repository));
            return false;
        }
        return true;
    }

    private static void EnsureGitHub(GitHubAnswer response, string server)
    {
        if (response.LooksLikeGitHub) return;
        var contentType = response.Header("content-type") ?? "no content type";
        throw new SyncException(SyncErrorId.ServerUnreachable, SyncErrorCategory.ConnectionError,
            string.Format(CultureInfo.InvariantCulture, Messages.ServerNotGitHub, server,
                $"HTTP {(int)response.StatusCode}, {contentType}, no x-github-request-id header"), server);
    }
}
