using System;
using System.Collections.Generic;

namespace PSGitHubSync;

/// <summary>What a GitHub server says about a token (the output of <c>Test-GitHubToken</c>).</summary>
public sealed class TokenInfo
{
    /// <summary>The server as users browse to it.</summary>
    public string Server { get; set; } = string.Empty;

    /// <summary>The REST API root that was called.</summary>
    public string ApiUrl { get; set; } = string.Empty;

    /// <summary>The GitHub Enterprise Server version, or null on github.com.</summary>
    public string? ServerVersion { get; set; }

    /// <summary>The user the token belongs to (null for GitHub App installation tokens).</summary>
    public string? Login { get; set; }

    /// <summary>The token's kind.</summary>
    public GitHubTokenKind TokenType { get; set; }

    /// <summary>The OAuth scopes granted (empty for fine-grained and app tokens).</summary>
    public IReadOnlyList<string> Scopes { get; set; } = Array.Empty<string>();

    /// <summary>The scopes the intended use needs.</summary>
    public IReadOnlyList<string> RequiredScopes { get; set; } = Array.Empty<string>();

    /// <summary>Required scopes the token lacks (always empty for tokens without scopes).</summary>
    public IReadOnlyList<string> MissingScopes { get; set; } = Array.Empty<string>();

    /// <summary>When the token expires, if it does.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The core rate limit after the check.</summary>
    public RateLimitInfo? RateLimit { get; set; }

    /// <summary>The repository that was checked (owner/name), or null.</summary>
    public string? Repository { get; set; }

    /// <summary>Whether the token can read <see cref="Repository"/> (null when none was checked).</summary>
    public bool? CanRead { get; set; }

    /// <summary>Whether the token can push to <see cref="Repository"/> (null when none was checked or GitHub did not say).</summary>
    public bool? CanPush { get; set; }

    /// <summary>True when the token is accepted, has every required scope and, when a repository was given, can read and push to it.</summary>
    public bool IsValid { get; set; }

    /// <summary>GitHub App: the app id (or client id) the token was issued to, or null for other tokens.</summary>
    public string? AppId { get; set; }

    /// <summary>GitHub App: the installation the token belongs to.</summary>
    public long? InstallationId { get; set; }

    /// <summary>GitHub App: the permissions the installation token was granted (for example contents = write).</summary>
    public IReadOnlyDictionary<string, string>? Permissions { get; set; }

    /// <summary>GitHub App: the repositories the installation token is restricted to (empty: all of the installation's).</summary>
    public IReadOnlyList<string> Repositories { get; set; } = Array.Empty<string>();

    /// <summary>Explanations: why the token is not valid, and what the check could not prove.</summary>
    public IReadOnlyList<string> Notes { get; set; } = Array.Empty<string>();

    /// <summary>One line: <c>octocat's Classic token on https://github.com: valid for contoso/api-backups</c>, or what is wrong.</summary>
    public override string ToString()
    {
        var who = string.IsNullOrEmpty(Login) ? $"{TokenType} token" : $"{Login}'s {TokenType} token";
        var verdict = IsValid ? "valid" : "not valid";
        if (Repository is not null) verdict += " for " + Repository;
        if (MissingScopes.Count > 0) verdict += " (missing scopes: " + string.Join(", ", MissingScopes) + ")";
        return $"{who} on {Server}: {verdict}";
    }
}
