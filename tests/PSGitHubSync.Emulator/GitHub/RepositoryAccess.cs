using PSGitHubSync.Emulator.Authentication;
using PSGitHubSync.Emulator.State;

namespace PSGitHubSync.Emulator.GitHub;

/// <summary>The <c>permissions</c> object of a repository body.</summary>
internal readonly record struct RepositoryPermissions(bool Admin, bool Maintain, bool Push, bool Triage, bool Pull)
{
    public static RepositoryPermissions ForRole(RepositoryRole role) => new(
        Admin: role >= RepositoryRole.Admin,
        Maintain: role >= RepositoryRole.Maintain,
        Push: role >= RepositoryRole.Write,
        Triage: role >= RepositoryRole.Triage,
        Pull: true);
}

/// <summary>
/// Who may see a repository and what its <c>permissions</c> say, by token type — GitHub's rules:
/// <list type="bullet">
/// <item>Public repositories are visible to everybody, anonymous callers included.</item>
/// <item>Private ones: classic/OAuth tokens need the <c>repo</c> scope and the user's access; fine-grained
/// tokens need the repository granted and the user's access; app installations need the repository installed.
/// Otherwise GitHub answers 404, never 403.</item>
/// <item><c>permissions</c> report the USER's role, not what the token may do: a fine-grained token with
/// read-only contents still shows <c>push: true</c> for a user who can push (a real GitHub trap).</item>
/// </list>
/// </summary>
internal static class RepositoryAccess
{
    public static bool CanSee(Caller caller, RepositoryState repository)
    {
        if (!repository.Private)
        {
            return true;
        }

        var token = caller.Token;
        if (token is null)
        {
            return false;
        }

        return token.Kind switch
        {
            TokenKind.Classic or TokenKind.OAuth =>
                token.HasScope("repo") && repository.RoleOf(token.User?.Login) >= RepositoryRole.Read,
            TokenKind.FineGrained =>
                token.GrantOn(repository) != TokenAccess.None && repository.RoleOf(token.User?.Login) >= RepositoryRole.Read,
            TokenKind.App => token.GrantOn(repository) != TokenAccess.None,
            _ => false,
        };
    }

    /// <summary>The <c>permissions</c> GitHub reports; null (omitted) for anonymous callers.</summary>
    public static RepositoryPermissions? ReportedPermissions(Caller caller, RepositoryState repository)
    {
        var token = caller.Token;
        if (token is null)
        {
            return null;
        }

        if (token.Kind == TokenKind.App)
        {
            bool write = token.GrantOn(repository) == TokenAccess.Write;
            return new RepositoryPermissions(Admin: false, Maintain: false, Push: write, Triage: false, Pull: true);
        }

        return RepositoryPermissions.ForRole(repository.RoleOf(token.User?.Login));
    }

    /// <summary>
    /// Whether the caller may really write contents (what a push would check): the user's role and
    /// the token's own rights together (classic/OAuth: <c>repo</c> scope, or <c>public_repo</c> on a public
    /// repository; fine-grained: contents write; app: contents write). Used by the write endpoints.
    /// </summary>
    public static bool CanWriteContents(Caller caller, RepositoryState repository)
    {
        var token = caller.Token;
        if (token is null || repository.Archived || !CanSee(caller, repository))
        {
            return false;
        }

        return token.Kind switch
        {
            TokenKind.Classic or TokenKind.OAuth =>
                (token.HasScope("repo") || (!repository.Private && token.HasScope("public_repo")))
                && repository.RoleOf(token.User?.Login) >= RepositoryRole.Write,
            TokenKind.FineGrained =>
                token.GrantOn(repository) == TokenAccess.Write && repository.RoleOf(token.User?.Login) >= RepositoryRole.Write,
            TokenKind.App => token.GrantOn(repository) == TokenAccess.Write,
            _ => false,
        };
    }
}
