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
    /// <summary>GitHub's message when an app installation token lacks a permission (or acts for no user).</summary>
    public const string IntegrationRefused = "Resource not accessible by integration";

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
    /// Whether the caller may really write contents (what a push would check). Used by the write endpoints and
    /// wherever a read depends on it (draft releases).
    /// </summary>
    public static bool CanWriteContents(Caller caller, RepositoryState repository) =>
        WriteRefusalOf(caller, repository) == WriteRefusal.None;

    /// <summary>
    /// The one set of write rules, in GitHub's order: the repository must be visible to the caller; the caller must
    /// hold a token; the token's own rights and the user's role together must allow writing contents (classic/OAuth:
    /// <c>repo</c> scope, or <c>public_repo</c> on a public repository, and a role of write or more; fine-grained:
    /// Contents write granted, then the role; app installation: Contents write granted); the repository must not
    /// be archived.
    /// </summary>
    public static WriteRefusal WriteRefusalOf(Caller caller, RepositoryState repository)
    {
        if (!CanSee(caller, repository))
        {
            return WriteRefusal.Hidden;
        }

        if (caller.Kind != CallerKind.Token || caller.Token is not { } token)
        {
            return WriteRefusal.RequiresAuthentication;
        }

        bool userMayWrite = repository.RoleOf(token.User?.Login) >= RepositoryRole.Write;
        var refusal = token.Kind switch
        {
            TokenKind.Classic or TokenKind.OAuth =>
                (token.HasScope("repo") || (!repository.Private && token.HasScope("public_repo"))) && userMayWrite
                    ? WriteRefusal.None
                    : WriteRefusal.Hidden,
            TokenKind.FineGrained when token.GrantOn(repository) != TokenAccess.Write => WriteRefusal.TokenNotGranted,
            TokenKind.FineGrained => userMayWrite ? WriteRefusal.None : WriteRefusal.Hidden,
            TokenKind.App => token.GrantOn(repository) == TokenAccess.Write ? WriteRefusal.None : WriteRefusal.IntegrationNotGranted,
            _ => WriteRefusal.Hidden,
        };
        return refusal == WriteRefusal.None && repository.Archived ? WriteRefusal.Archived : refusal;
    }

    /// <summary>GitHub's answer to a refused write: status and message.</summary>
    public static (int Status, string Message) Answer(WriteRefusal refusal) => refusal switch
    {
        WriteRefusal.Hidden => (404, "Not Found"),
        WriteRefusal.RequiresAuthentication => (401, "Requires authentication"),
        WriteRefusal.TokenNotGranted => (403, "Resource not accessible by personal access token"),
        WriteRefusal.IntegrationNotGranted => (403, IntegrationRefused),
        WriteRefusal.Archived => (403, "Repository was archived so is read-only."),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "Not a refusal."),
    };
}

/// <summary>Why a caller may not write a repository's contents (<see cref="RepositoryAccess.WriteRefusalOf"/>).</summary>
internal enum WriteRefusal
{
    /// <summary>The caller may write.</summary>
    None = 0,

    /// <summary>
    /// 404: the caller cannot see the repository, or (classic/OAuth without the scope, a user who may not push) GitHub
    /// hides write endpoints from those who cannot write.
    /// </summary>
    Hidden,

    /// <summary>401: no token (anonymous, or an app's JWT).</summary>
    RequiresAuthentication,

    /// <summary>403: a fine-grained token without Contents write, even though <c>permissions.push</c> (the user's role) says true.</summary>
    TokenNotGranted,

    /// <summary>403: an app installation token without Contents write.</summary>
    IntegrationNotGranted,

    /// <summary>403: the repository is archived, so read-only.</summary>
    Archived,
}
