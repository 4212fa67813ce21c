using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Resources;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>What a failed request was for, which decides its error id.</summary>
internal enum GitHubRequestKind
{
    /// <summary>A read (or a write whose refusal is not about permission).</summary>
    Read,

    /// <summary>A write to a repository: refusals are <c>PushDenied</c>.</summary>
    Write,

    /// <summary>A request signed with a GitHub App's JWT (installation lookups, installation tokens).</summary>
    AppJwt,
}

/// <summary>One failed request as the error table reads it.</summary>
internal sealed class GitHubFailedRequest
{
    public GitHubFailedRequest(GitHubAnswer answer, GitHubRequestKind kind, string method, string path, Uri server, object target)
    {
        Answer = answer;
        Kind = kind;
        Method = method;
        Path = path;
        Server = server;
        Target = target;
    }

    public GitHubAnswer Answer { get; }

    public GitHubRequestKind Kind { get; }

    public string Method { get; }

    public string Path { get; }

    public Uri Server { get; }

    /// <summary>What the failure is about (the repository, the server, the app id).</summary>
    public object Target { get; }

    /// <summary>The repository the request was about, or null.</summary>
    public RepositoryName? Repository { get; set; }

    /// <summary>The branch a write was to, or null.</summary>
    public string? Branch { get; set; }

    /// <summary>The GitHub App the request was made as, or null.</summary>
    public string? AppId { get; set; }

    public int Status => (int)Answer.StatusCode;

    public bool Says(string text) => Answer.ErrorMessage.IndexOf(text, StringComparison.OrdinalIgnoreCase) >= 0;
}

/// <summary>
/// The one table that turns GitHub's refusals into the engine's stable error ids: the first rule that matches a failed
/// request makes its <see cref="SyncException"/>. Rules are tried in order; the last matches everything.
/// </summary>
internal static class GitHubFailures
{
    private sealed class Rule
    {
        public Rule(string name, Func<GitHubFailedRequest, bool> matches, Func<GitHubFailedRequest, SyncException> create)
        {
            Name = name;
            Matches = matches;
            Create = create;
        }

        public string Name { get; }

        public Func<GitHubFailedRequest, bool> Matches { get; }

        public Func<GitHubFailedRequest, SyncException> Create { get; }
    }

    private static readonly IReadOnlyList<Rule> Rules = new[]
    {
        new Rule("401 to an app's JWT", r => r.Kind == GitHubRequestKind.AppJwt && r.Status == 401, AppJwtRefused),
        new Rule("401", r => r.Status == 401, TokenInvalid),
        new Rule("write refused", IsWriteRefusal, PushDenied),
        new Rule("403 for SAML single sign-on", r => r.Status == 403 && r.Repository is not null && (r.Says("SAML") || r.Answer.Header("x-github-sso") is not null), SingleSignOn),
        new Rule("409 of an empty repository", r => r.Repository is not null && r.Status == 409 && r.Says("empty"), RepositoryEmpty),
        new Rule("404 of a repository", r => r.Repository is not null && r.Kind != GitHubRequestKind.AppJwt && r.Status == 404, RepositoryNotFound),
        new Rule("any other answer to an app's JWT", r => r.Kind == GitHubRequestKind.AppJwt, AppRequestFailed),
        new Rule("any other answer", _ => true, RequestFailed),
    };

    /// <summary>The failure for <paramref name="request"/>, from the first rule that matches it.</summary>
    public static SyncException For(GitHubFailedRequest request) => Rules.First(r => r.Matches(request)).Create(request);

    /// <summary>The names of the rules, in order (for tests and documentation).</summary>
    public static IReadOnlyList<string> RuleNames => Rules.Select(r => r.Name).ToArray();

    private static bool IsWriteRefusal(GitHubFailedRequest r) =>
        r.Kind == GitHubRequestKind.Write
        && (r.Status == 403 || (r.Status == 422 && r.Says("protected branch")) || (r.Status == 404 && r.Method != "GET"));

    private static string Target(GitHubFailedRequest r) => r.Target.ToString() ?? string.Empty;

    private static SyncException TokenInvalid(GitHubFailedRequest r) =>
        new(SyncErrorId.TokenInvalid, SyncErrorCategory.AuthenticationError,
            string.Format(CultureInfo.InvariantCulture, Messages.TokenInvalid, r.Server), Target(r));

    private static SyncException AppJwtRefused(GitHubFailedRequest r) =>
        new(SyncErrorId.TokenInvalid, SyncErrorCategory.AuthenticationError,
            $"{r.Server} refused the JSON Web Token of GitHub App {r.AppId} (401: {r.Answer.ErrorMessage}): the private key is not this app's (or was revoked), "
            + "the app id is wrong, or this computer's clock is off. Generate a new private key on the app's settings page and store it where 'privateKey' points.", Target(r));

    private static SyncException AppRequestFailed(GitHubFailedRequest r) =>
        new(SyncErrorId.GitHubRequestFailed, SyncErrorCategory.NotSpecified,
            $"GitHub answered {r.Status} ({r.Answer.StatusCode}) to {r.Method} {r.Path} for GitHub App {r.AppId}: {r.Answer.ErrorMessage}", Target(r));

    private static SyncException RequestFailed(GitHubFailedRequest r) =>
        new(SyncErrorId.GitHubRequestFailed, SyncErrorCategory.NotSpecified,
            string.Format(CultureInfo.InvariantCulture, Messages.GitHubRequestFailed, r.Status, r.Answer.StatusCode, r.Method, r.Path, r.Answer.ErrorMessage)
            + (r.Answer.RequestId is null ? string.Empty : $" (GitHub request id {r.Answer.RequestId})"),
            Target(r));

    private static SyncException RepositoryNotFound(GitHubFailedRequest r) =>
        new(SyncErrorId.RepositoryNotFound, SyncErrorCategory.ObjectNotFound,
            string.Format(CultureInfo.InvariantCulture, Messages.RepositoryNotFound, r.Repository, r.Server), Target(r));

    private static SyncException RepositoryEmpty(GitHubFailedRequest r) => RepositoryEmpty(r.Repository!);

    /// <summary>The <c>RepositoryEmpty</c> failure of <paramref name="repository"/>.</summary>
    public static SyncException RepositoryEmpty(RepositoryName repository) =>
        new(SyncErrorId.RepositoryEmpty, SyncErrorCategory.InvalidOperation,
            $"The repository {repository} has no commits yet.", repository.ToString());

    private static SyncException SingleSignOn(GitHubFailedRequest r) =>
        new(SyncErrorId.RepositoryNotFound, SyncErrorCategory.PermissionDenied,
            $"'{r.Repository!.Owner}' uses SAML single sign-on, and this token is not authorized for it ({r.Answer.ErrorMessage}).", Target(r));

    private static SyncException PushDenied(GitHubFailedRequest r)
    {
        var message = r.Answer.ErrorMessage;
        string why;
        if (r.Says("archived"))
        {
            why = $"the repository {r.Repository} is archived (read-only). Unarchive it in its Settings, or back up to another repository.";
        }
        else if (r.Says("protected branch") || r.Says("branch protection"))
        {
            why = $"the branch {r.Branch} is protected and refuses direct pushes. Back up to an unprotected branch ('branch:' in the definitions file), or allow this account to bypass the protection.";
        }
        else if (r.AppId is { } app)
        {
            why = $"GitHub App {app} may read {r.Repository} but not write to it (GitHub said: {message}): it lacks the repository permission 'Contents: Read and write'. "
                + "Add that permission on the app's settings page (Permissions & events), then accept the new permission on the installation.";
        }
        else
        {
            why = $"the token may read {r.Repository} but not write to it (GitHub said: {message}). Give it write access: classic tokens need the 'repo' scope and a collaborator role with write; fine-grained tokens need 'Contents: Read and write' on this repository; apps need contents write.";
        }
        return new SyncException(SyncErrorId.PushDenied, SyncErrorCategory.PermissionDenied, "Cannot push: " + why, Target(r));
    }
}
