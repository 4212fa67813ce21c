using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Tokens;

namespace PSGitHubSync.Engine.Checks;

public sealed partial class IntegrationChecker
{
    /// <summary>Test blobs are made of an existing file's content up to this size (else an empty blob).</summary>
    private const int ProbeBlobMaxBytes = 64 * 1024;

    // ---- 5. Repository, 6. Branch, 7. Permission -----------------------------------------------------

    private async Task RepositoryChecksAsync(Run run, Integration integration, GitHubEndpoint endpoint, TokenStage token, Action<string> starting, CancellationToken cancellationToken)
    {
        starting(IntegrationCheckName.Repository);
        var repository = RepositoryName.Parse(integration.Repository);
        var connection = token.Connection!;
        var client = new GitHubRepositoryClient(connection, repository);
        var schemaSync = IsSchemaSync(integration);

        RepositoryDetails? facts = null;
        BranchHead? head = null;
        var empty = false;
        IReadOnlyDictionary<string, string>? branches = null;
        var repositoryFinding = await Guard(async () =>
        {
            var read = await client.ReadRepositoryAsync(cancellationToken).ConfigureAwait(false);
            if (read.StatusCode == HttpStatusCode.NotFound) return RepositoryNotFound(integration, endpoint, token, repository);
            if (!read.IsSuccess) return RepositoryRefused(client.Failure(read), endpoint);
            facts = read.Value!;
            var branch = integration.Branch ?? facts.DefaultBranch;
            head = await client.GetBranchAsync(branch, cancellationToken).ConfigureAwait(false);
            if (head is null) (empty, branches) = await client.ListBranchHeadsAsync(cancellationToken).ConfigureAwait(false);

            var visibility = facts.Private ? "private" : "public";
            if (facts.Archived)
            {
                return Finding.Fail(SyncErrorId.PushDenied, SyncErrorCategory.PermissionDenied,
                    $"{repository} is archived, so it is read-only: nothing can be {(schemaSync ? "synced" : "backed up")} to it.",
                    $"Unarchive it ({client.WebUrl("settings")}: Danger Zone > Unarchive this repository), or point 'repository:' at another repository.");
            }
            if (empty)
            {
                var first = schemaSync ? "sync" : "backup";
                var cmdlet = schemaSync ? "Sync-ApiSchema" : "Invoke-CollectionBackup";
                return Finding.Warn($"{repository} ({visibility}) is visible to this token but empty: it has no commits yet. The first {first} creates its first commit (on '{facts.DefaultBranch}').",
                    $"Nothing needs doing: {cmdlet} initializes the repository. To start from a commit of your own instead (a README, a licence), create it on GitHub before the first {first}.");
            }
            return Finding.Pass($"{repository} ({visibility}, default branch '{facts.DefaultBranch}') is visible to this token.");
        }, "the repository").ConfigureAwait(false);
        run.Add(IntegrationCheckName.Repository, repositoryFinding);

        starting(IntegrationCheckName.Branch);
        var branchName = integration.Branch ?? facts?.DefaultBranch;
        var branchFinding = CheckBranch(integration, endpoint, repository, facts, head, empty, branches);
        run.Add(IntegrationCheckName.Branch, branchFinding);

        starting(IntegrationCheckName.Permission);
        Finding permission;
        if (facts is null)
        {
            permission = Finding.Skip("The repository could not be used (see the Repository check).");
        }
        else if (facts.Archived)
        {
            permission = Finding.Skip("The repository is archived; nothing can be pushed to it until it is unarchived (see the Repository check).");
        }
        else if (branchFinding.Status == CheckStatus.Failed)
        {
            permission = Finding.Skip("The branch does not exist (see the Branch check).");
        }
        else
        {
            var factsNow = facts;
            var headNow = head;
            permission = await Guard(() => CheckPermissionAsync(integration, endpoint, token, client, factsNow, headNow, branchName!, cancellationToken), "push permission").ConfigureAwait(false);
        }
        run.Add(IntegrationCheckName.Permission, permission);
    }

    /// <summary>The Branch check: the configured (or default) branch exists, or what to do about it.</summary>
    private static Finding CheckBranch(Integration integration, GitHubEndpoint endpoint, RepositoryName repository, RepositoryDetails? facts, BranchHead? head, bool empty, IReadOnlyDictionary<string, string>? branches)
    {
        var schemaSync = IsSchemaSync(integration);
        var branchName = integration.Branch ?? facts?.DefaultBranch;
        if (facts is null)
        {
            return Finding.Skip("The repository could not be used (see the Repository check).");
        }
        else if (head is not null)
        {
            return Finding.Pass(integration.Branch is null
                ? $"'{head.Name}', the repository's default branch (no 'branch:' is configured), is at {Short(head.CommitSha)}."
                : $"'{head.Name}' exists, at {Short(head.CommitSha)}.");
        }
        else if (empty)
        {
            return branchName == facts.DefaultBranch
                ? Finding.Skip($"The repository is empty; the first {(schemaSync ? "sync" : "backup")} creates '{facts.DefaultBranch}' with its first commit.")
                : Finding.Fail(SyncErrorId.BranchNotFound, SyncErrorCategory.ObjectNotFound,
                    $"The branch '{branchName}' does not exist, and in an empty repository the first {(schemaSync ? "sync" : "backup")} can only create the default branch '{facts.DefaultBranch}'.",
                    $"Remove 'branch:' (or set it to '{facts.DefaultBranch}') for the first {(schemaSync ? "sync" : "backup")} and create '{branchName}' afterwards; or push a first commit to {repository} and create the branch from it: git push origin HEAD:refs/heads/{branchName}");
        }
        else
        {
            return BranchNotFound(integration, endpoint, repository, branchName!, facts.DefaultBranch, branches ?? new Dictionary<string, string>());
        }
    }

    private static Finding RepositoryNotFound(Integration integration, GitHubEndpoint endpoint, TokenStage token, RepositoryName repository)
    {
        var info = token.Info!;
        var detail = $"GitHub answers 404 for {repository} on {endpoint.Server}: the repository does not exist, it is private and this token has no access to it, or the owner is wrong.";
        var address = new Uri(endpoint.Server, repository.ToString()).AbsoluteUri;
        string fix;
        switch (info.TokenType)
        {
            case GitHubTokenKind.FineGrained:
                fix = $"Check the owner and name in 'repository:' (they are in the repository's address, {address}). A fine-grained token sees only the repositories chosen when it was made, of one resource owner: edit the token ({new Uri(endpoint.Server, "settings/personal-access-tokens").AbsoluteUri}), make '{repository.Owner}' its resource owner and add {repository} under Repository access.";
                break;
            case GitHubTokenKind.App:
                fix = $"Check the owner and name in 'repository:' (they are in the repository's address, {address}), and install the GitHub App on {repository} ('{repository.Owner}' Settings > GitHub Apps > Configure > Repository access).";
                break;
            default:
                var hasRepo = ScopeRequirements.Missing(new[] { "repo" }, info.Scopes).Count == 0;
                if (token.HasScopes && !hasRepo)
                {
                    detail += " This token has no 'repo' scope, so it cannot see private repositories at all.";
                }
                fix = $"Check the owner and name in 'repository:' (they are in the repository's address, {address})."
                    + (token.HasScopes && !hasRepo ? " Add the 'repo' scope to the token (Settings > Developer settings > Personal access tokens)." : string.Empty)
                    + $" For a private repository, {(info.Login ?? "the token's account")} must be a collaborator or member of a team with access to it; ask an administrator of '{repository.Owner}' to add it.";
                break;
        }
        return Finding.Fail(SyncErrorId.RepositoryNotFound, SyncErrorCategory.ObjectNotFound, detail, fix);
    }

    /// <summary>The Repository check of a refusal other than 404, from the error table's verdict: what to do about each.</summary>
    private static Finding RepositoryRefused(SyncException refusal, GitHubEndpoint endpoint)
    {
        var fix = refusal.ErrorId switch
        {
            SyncErrorId.RepositoryNotFound => $"Authorize the token for single sign-on: {new Uri(endpoint.Server, "settings/tokens").AbsoluteUri} > Configure SSO > Authorize next to the repository's owner.",
            SyncErrorId.TokenInvalid => "Create a new token and store it where the integration's 'github: token' reference points.",
            _ => "Run again with -Verbose to see the request and answer; if it persists, give GitHub support the request id.",
        };
        return Finding.Fail(refusal.ErrorId, refusal.Category, refusal.Message, fix, refusal);
    }

    private static Finding BranchNotFound(Integration integration, GitHubEndpoint endpoint, RepositoryName repository, string branch, string defaultBranch, IReadOnlyDictionary<string, string> branches)
    {
        var names = branches.Keys.ToList();
        var list = names.Count == 0 ? string.Empty : $" (it has: {string.Join(", ", names.Take(15))}{(names.Count > 15 ? $" and {names.Count - 15} more" : string.Empty)})";
        var detail = $"The branch '{branch}' does not exist in {repository}{list}" + (integration.Branch is null ? $"; it is the repository's default branch, as no 'branch:' is configured." : ".")
            + " Branches are never created silently.";
        string fix;
        if (branches.TryGetValue(defaultBranch, out var sha) && branch != defaultBranch)
        {
            var host = endpoint.ApiRoot == GitHubEndpoint.GitHubComApi ? string.Empty : $"--hostname {endpoint.Server.Authority} ";
            fix = $"Create it from '{defaultBranch}' (at {Short(sha)}): in a clone of {repository} run  git push origin {sha}:refs/heads/{branch}  "
                + $"or, without a clone,  gh api {host}repos/{repository}/git/refs -f ref=refs/heads/{branch} -f sha={sha}  (or on GitHub: Branches > New branch). "
                + "Or set 'branch:' in the definitions file to an existing branch.";
        }
        else
        {
            fix = $"Create it in a clone of {repository}:  git push origin HEAD:refs/heads/{branch}  (or on GitHub: Branches > New branch), or set 'branch:' in the definitions file to an existing branch.";
        }
        return Finding.Fail(SyncErrorId.BranchNotFound, SyncErrorCategory.ObjectNotFound, detail, fix);
    }

    private async Task<Finding> CheckPermissionAsync(Integration integration, GitHubEndpoint endpoint, TokenStage token, GitHubRepositoryClient client,
        RepositoryDetails facts, BranchHead? head, string branch, CancellationToken cancellationToken)
    {
        var info = token.Info!;
        var repository = client.Repository;
        var who = info.Login ?? "The GitHub App installation";
        var writes = IsSchemaSync(integration) ? "sync" : "back up";

        if (token.HasScopes)
        {
            var scopeOk = ScopeRequirements.Missing(new[] { "repo" }, info.Scopes).Count == 0
                || (!facts.Private && ScopeRequirements.Missing(new[] { "public_repo" }, info.Scopes).Count == 0);
            if (facts.CanPush == false)
            {
                return Finding.Fail(SyncErrorId.PushDenied, SyncErrorCategory.PermissionDenied,
                    $"{who} can read {repository} but not push to it (GitHub reports permissions.push = false).",
                    $"Ask an administrator of {repository} to give {who} the Write role (Settings > Collaborators and teams), or use a token of an account that has it.");
            }
            if (!scopeOk)
            {
                return Finding.Fail(SyncErrorId.PushDenied, SyncErrorCategory.PermissionDenied,
                    $"{who} may push to {repository}, but this token has no 'repo' scope{(facts.Private ? string.Empty : " (nor 'public_repo')")}, so GitHub refuses its writes.",
                    $"Edit the token at {new Uri(endpoint.Server, "settings/tokens").AbsoluteUri}, tick 'repo' and save.");
            }
            if (facts.CanPush == true)
            {
                var pushes = $"{who} may push to {repository} (GitHub reports permissions.push = true) and the token has the 'repo' scope.";
                return head is null ? Finding.Pass(pushes + " No branch exists yet; the first backup creates it.") : await ProtectionAsync(integration, client, head, branch, facts, info.Login, pushes, cancellationToken).ConfigureAwait(false);
            }
        }

        if (head is null)
        {
            // An empty repository: git objects cannot be stored before the first commit, and a write would be that commit.
            if (facts.CanPush == false)
            {
                return Finding.Fail(SyncErrorId.PushDenied, SyncErrorCategory.PermissionDenied,
                    $"{who} can read {repository} but not push to it (GitHub reports permissions.push = false).",
                    $"Ask an administrator of {repository} to give {who} the Write role (Settings > Collaborators and teams).");
            }
            return Finding.Warn($"{repository} is empty, so whether this token itself may write cannot be tested without writing to it; {who}'s role allows pushing.",
                PermissionFix(info.TokenType, repository, endpoint) + " The first backup then creates the first commit.");
        }

        var probe = await ProbeWriteAsync(client, head, cancellationToken).ConfigureAwait(false);
        if (probe.Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            return Finding.Fail(SyncErrorId.PushDenied, SyncErrorCategory.PermissionDenied,
                $"{who} can read {repository}, but GitHub refused to store a test blob with this token ({(int)probe.Status}: {probe.Message}), so it cannot {writes} there."
                + (facts.CanPush == false ? $" GitHub also reports that {who} may not push (permissions.push = false)." : string.Empty),
                PermissionFix(info.TokenType, repository, endpoint) + (facts.CanPush == false && info.TokenType != GitHubTokenKind.App ? $" {who} also needs the Write role on {repository}." : string.Empty));
        }
        if (probe.Status != HttpStatusCode.Created && probe.Status != HttpStatusCode.OK)
        {
            return Finding.Fail(SyncErrorId.GitHubRequestFailed, SyncErrorCategory.NotSpecified,
                $"Testing write access to {repository} failed: GitHub answered {(int)probe.Status} to storing a test blob ({probe.Message}).",
                "Run again with -Verbose to see the request and answer.");
        }
        var stored = $"{who} may write to {repository}: GitHub stored a test blob for this token ({probe.What}; no branch or ref moved).";
        return await ProtectionAsync(integration, client, head, branch, facts, info.Login, stored, cancellationToken).ConfigureAwait(false);
    }

    private static string PermissionFix(GitHubTokenKind kind, RepositoryName repository, GitHubEndpoint endpoint) => kind switch
    {
        GitHubTokenKind.App => $"Give the GitHub App the repository permission 'Contents: Read and write' and have '{repository.Owner}' accept it ('{repository.Owner}' Settings > GitHub Apps > the app > review the new permissions), with {repository} among the installation's repositories.",
        GitHubTokenKind.FineGrained => $"Edit the token ({new Uri(endpoint.Server, "settings/personal-access-tokens").AbsoluteUri} > the token > Edit): under Repository permissions set 'Contents' to 'Read and write', with {repository} selected under Repository access.",
        _ => $"Give the token write access to {repository}: a classic token needs the 'repo' scope and an account with the Write role; a fine-grained token needs 'Contents: Read and write' on the repository.",
    };

    private sealed class ProbeResult
    {
        public ProbeResult(HttpStatusCode status, string message, string what)
        {
            Status = status;
            Message = message;
            What = what;
        }

        public HttpStatusCode Status { get; }

        public string Message { get; }

        public string What { get; }
    }

    /// <summary>
    /// Stores a blob with the token — the one write that changes no branch — made of the content of a small
    /// file at the branch head, so that the repository's objects stay exactly as they were (git objects are
    /// named by their content); an empty blob, referenced by nothing, when there is no such file.
    /// </summary>
    private static async Task<ProbeResult> ProbeWriteAsync(GitHubRepositoryClient client, BranchHead head, CancellationToken cancellationToken)
    {
        var content = Array.Empty<byte>();
        var what = "an empty blob, which nothing references";
        if (await client.SmallestBlobAsync(head.TreeSha, ProbeBlobMaxBytes, cancellationToken).ConfigureAwait(false) is { } smallest)
        {
            content = await client.GetBlobAsync(smallest.Sha, cancellationToken).ConfigureAwait(false);
            what = $"the content of '{smallest.Path}', which the repository already holds, so nothing was added";
        }
        var response = await client.ProbeBlobAsync(content, cancellationToken).ConfigureAwait(false);
        return new ProbeResult(response.StatusCode, response.IsSuccess ? string.Empty : response.ErrorMessage, what);
    }

    private async Task<Finding> ProtectionAsync(Integration integration, GitHubRepositoryClient client, BranchHead head, string branch, RepositoryDetails facts, string? login,
        string pushes, CancellationToken cancellationToken)
    {
        if (!head.Protected) return Finding.Pass(pushes + $" '{branch}' is not protected.");
        var who = login ?? "this account";
        var writes = IsSchemaSync(integration) ? "Sync" : "Back up";
        var fix = $"{writes} to a branch without protection (set 'branch:' in the definitions file to one; create it as the Branch check's fix shows), "
            + $"or have an administrator let {who} bypass the rule for '{branch}' (Settings > Branches > edit the rule: 'Allow specified actors to bypass required pull requests', or add {who} to 'Restrict who can push').";
        var protection = await client.ReadBranchProtectionAsync(branch, cancellationToken).ConfigureAwait(false);
        if (protection is null)
        {
            return Finding.Fail(SyncErrorId.PushDenied, SyncErrorCategory.PermissionDenied,
                $"{pushes} But '{branch}' is a protected branch, and branch protection normally refuses the direct pushes a {(IsSchemaSync(integration) ? "sync" : "backup")} makes; "
                + "its rules cannot be read with this token (that needs admin rights), so they are taken to refuse.",
                fix);
        }
        BranchProtection.Verdict verdict;
        using (var document = JsonDocument.Parse(protection))
        {
            verdict = BranchProtection.Analyze(document.RootElement, login, facts.Admin);
        }
        if (verdict.Refusals.Count == 0) return Finding.Pass(pushes + $" '{branch}' is protected, but its rules let a direct push through.");
        var rules = string.Join("; ", verdict.Refusals);
        if (verdict.AdministratorsBypass)
        {
            return Finding.Warn($"{pushes} '{branch}' is protected ({rules}), but the rules do not apply to administrators and {who} is one, so the push goes through.",
                $"Nothing needs doing while {who} stays an administrator. If the rule is changed to include administrators ('Do not allow bypassing the above settings'), pushes are refused: then {fix.Substring(0, 1).ToLowerInvariant()}{fix.Substring(1)}");
        }
        return Finding.Fail(SyncErrorId.PushDenied, SyncErrorCategory.PermissionDenied,
            $"{pushes} But '{branch}' is protected and refuses a direct push: {rules}.", fix);
    }

    private static string Short(string sha) => sha.Length > 7 ? sha.Substring(0, 7) : sha;
}
