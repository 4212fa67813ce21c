namespace PSGitHubSync.Emulator.State;

internal enum TokenKind
{
    Classic,
    FineGrained,
    OAuth,
    App,
}

/// <summary>A configured token, resolved against the accounts it belongs to.</summary>
internal sealed class TokenState
{
    private readonly Dictionary<string, TokenAccess> _grants;

    public TokenState(
        string value,
        TokenKind kind,
        Account? user,
        IReadOnlyList<string> scopes,
        DateTimeOffset? expiresAt,
        Dictionary<string, TokenAccess> grants,
        int rateLimit)
    {
        Value = value;
        Kind = kind;
        User = user;
        Scopes = scopes;
        ExpiresAt = expiresAt;
        _grants = new Dictionary<string, TokenAccess>(grants, StringComparer.OrdinalIgnoreCase);
        RateLimit = rateLimit;
    }

    public string Value { get; }

    public TokenKind Kind { get; }

    /// <summary>The user the token acts for; null for app installation tokens.</summary>
    public Account? User { get; }

    /// <summary>OAuth scopes, sorted as GitHub lists them.</summary>
    public IReadOnlyList<string> Scopes { get; }

    public DateTimeOffset? ExpiresAt { get; }

    public int RateLimit { get; }

    /// <summary>Classic and OAuth tokens carry OAuth scopes (and the X-OAuth-Scopes header).</summary>
    public bool HasOAuthScopes => Kind is TokenKind.Classic or TokenKind.OAuth;

    public bool HasScope(string scope) => Scopes.Contains(scope, StringComparer.Ordinal);

    /// <summary>What a fine-grained or app token was granted on a repository ("owner/*" covers all of an owner's).</summary>
    public TokenAccess GrantOn(RepositoryState repository)
    {
        if (_grants.TryGetValue(repository.FullName, out var access))
        {
            return access;
        }

        return _grants.TryGetValue(repository.Owner.Login + "/*", out var ownerWide) ? ownerWide : TokenAccess.None;
    }

    /// <summary>The installation an app token was issued for at run time, or null (configured tokens).</summary>
    public InstallationState? Installation { get; init; }

    /// <summary>The permissions an issued installation token carries, or null.</summary>
    public IReadOnlyDictionary<string, string>? Permissions { get; init; }

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiry && expiry <= now;
}
