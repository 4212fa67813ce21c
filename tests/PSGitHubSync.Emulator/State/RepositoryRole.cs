namespace PSGitHubSync.Emulator.State;

/// <summary>A user's role on a repository, lowest first (GitHub's repository roles).</summary>
internal enum RepositoryRole
{
    None = 0,
    Read,
    Triage,
    Write,
    Maintain,
    Admin,
}

/// <summary>What a fine-grained or app token was granted on one repository (its Contents permission).</summary>
internal enum TokenAccess
{
    None = 0,
    Read,
    Write,
}

internal static class RoleNames
{
    public static RepositoryRole ParseRole(string value, string context) => value.Trim().ToLowerInvariant() switch
    {
        "read" or "pull" => RepositoryRole.Read,
        "triage" => RepositoryRole.Triage,
        "write" or "push" => RepositoryRole.Write,
        "maintain" => RepositoryRole.Maintain,
        "admin" => RepositoryRole.Admin,
        _ => throw new ArgumentException($"{context}: unknown repository role '{value}' (admin, maintain, write, triage or read)."),
    };

    public static TokenAccess ParseAccess(string value, string context) => value.Trim().ToLowerInvariant() switch
    {
        "read" => TokenAccess.Read,
        "write" => TokenAccess.Write,
        _ => throw new ArgumentException($"{context}: unknown token permission '{value}' (read or write)."),
    };
}
