using System;
using System.Collections.Generic;

namespace PSGitHubSync;

/// <summary>
/// The result of one troubleshooting check of one integration (the output of
/// <c>Test-BackupIntegration</c>): what was checked, how it went, what was found, and what to do.
/// </summary>
public sealed class IntegrationCheck
{
    /// <summary>The integration's name.</summary>
    public string Integration { get; set; } = string.Empty;

    /// <summary>
    /// The check: <c>Definition</c>, <c>Server</c>, <c>Token</c>, <c>Scopes</c>, <c>Repository</c>,
    /// <c>Branch</c>, <c>Permission</c> or <c>Source</c> (see <see cref="IntegrationCheckName"/>);
    /// <c>All</c> on the one-line summary of an integration whose checks all passed.
    /// </summary>
    public string Check { get; set; } = string.Empty;

    /// <summary>Passed, Failed, Warning or Skipped.</summary>
    public CheckStatus Status { get; set; }

    /// <summary>What the check found (for a skipped check: why it was skipped).</summary>
    public string Detail { get; set; } = string.Empty;

    /// <summary>What to do about a failure or warning, in words; null when there is nothing to do.</summary>
    public string? Fix { get; set; }

    /// <summary>The stable error id of a failed check (for example <c>BranchNotFound</c>); null otherwise.</summary>
    public string? ErrorId { get; set; }

    /// <summary>The definitions file the integration comes from (full path), or empty.</summary>
    public string DefinitionFile { get; set; } = string.Empty;

    /// <summary>
    /// On the one-line summary of an integration (the output without <c>-Detailed</c>): every check of
    /// that integration, in order. Empty on the individual checks.
    /// </summary>
    public IReadOnlyList<IntegrationCheck> Checks { get; set; } = Array.Empty<IntegrationCheck>();

    /// <summary><c>integration Check: Status - Detail</c>.</summary>
    public override string ToString() => $"{Integration} {Check}: {Status} - {Detail}";
}

/// <summary>How a check of an integration went.</summary>
public enum CheckStatus
{
    /// <summary>The check found nothing wrong.</summary>
    Passed,
    /// <summary>The integration cannot work until this is fixed.</summary>
    Failed,
    /// <summary>The integration works, but something needs attention (for example a token that expires soon).</summary>
    Warning,
    /// <summary>The check did not run, because an earlier one made it meaningless or it does not apply; the detail says why.</summary>
    Skipped,
}

/// <summary>The names of the checks <c>Test-BackupIntegration</c> runs, in the order it runs them.</summary>
public static class IntegrationCheckName
{
    /// <summary>The integration loads from its definitions file with no problems.</summary>
    public const string Definition = nameof(Definition);
    /// <summary>The server answers and is GitHub (github.com or GitHub Enterprise Server).</summary>
    public const string Server = nameof(Server);
    /// <summary>The token resolves from its reference, is accepted, and does not expire soon.</summary>
    public const string Token = nameof(Token);
    /// <summary>A classic or OAuth token has the scopes the integration needs.</summary>
    public const string Scopes = nameof(Scopes);
    /// <summary>The repository is visible to the token, not archived, and initialized.</summary>
    public const string Repository = nameof(Repository);
    /// <summary>The branch exists.</summary>
    public const string Branch = nameof(Branch);
    /// <summary>The token may push to the branch.</summary>
    public const string Permission = nameof(Permission);
    /// <summary>The source (Postman workspace and collection or API, or a file) is there and usable.</summary>
    public const string Source = nameof(Source);
    /// <summary>The summary of an integration whose checks all passed (or were skipped).</summary>
    public const string All = nameof(All);

    /// <summary>Every check, in order.</summary>
    public static IReadOnlyList<string> InOrder { get; } = new[] { Definition, Server, Token, Scopes, Repository, Branch, Permission, Source };
}
