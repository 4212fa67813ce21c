using System.Collections.Generic;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Security;

namespace PSGitHubSync.Engine.Tokens;

/// <summary>What <see cref="TokenVerifier"/> is asked to check.</summary>
public sealed class TokenCheckRequest
{
    /// <summary>Creates the request.</summary>
    public TokenCheckRequest(GitHubEndpoint endpoint, SecretValue token, IReadOnlyList<string> requiredScopes)
    {
        Endpoint = endpoint;
        Token = token;
        RequiredScopes = requiredScopes;
    }

    /// <summary>The server.</summary>
    public GitHubEndpoint Endpoint { get; }

    /// <summary>The token.</summary>
    public SecretValue Token { get; }

    /// <summary>Scopes the token must have (classic and OAuth tokens).</summary>
    public IReadOnlyList<string> RequiredScopes { get; }

    /// <summary>A repository to check read and push access to, or null.</summary>
    public RepositoryName? Repository { get; set; }

    /// <summary>Transport settings.</summary>
    public GitHubConnectionOptions ConnectionOptions { get; set; } = new();
}
