using System;
using System.Collections.Generic;
using PSGitHubSync.Engine.Security;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>An installation token and what GitHub granted with it.</summary>
public sealed class GitHubAppTokenGrant
{
    /// <summary>Creates the grant.</summary>
    public GitHubAppTokenGrant(SecretValue token, long installation, DateTimeOffset expiresAt, IReadOnlyDictionary<string, string> permissions, IReadOnlyList<string> repositories)
    {
        Token = token;
        Installation = installation;
        ExpiresAt = expiresAt;
        Permissions = permissions;
        Repositories = repositories;
    }

    /// <summary>The installation token (never shown).</summary>
    public SecretValue Token { get; }

    /// <summary>The installation id.</summary>
    public long Installation { get; }

    /// <summary>When the token expires.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The permissions granted (for example contents = write).</summary>
    public IReadOnlyDictionary<string, string> Permissions { get; }

    /// <summary>The repositories (owner/name) the token is restricted to; empty: all of the installation's.</summary>
    public IReadOnlyList<string> Repositories { get; }
}
