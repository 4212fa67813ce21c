using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.IO;

namespace PSGitHubSync.Engine.Backup;

/// <summary>The steps of one repository and branch: read its state, prepare the integrations' files, commit them once.</summary>
public sealed partial class BackupRunner
{
    /// <summary>The repository client, the state file as read, and where it was read.</summary>
    private async Task<BackupTarget> ReadTargetAsync(Integration first, TemporaryFolder scratch, CancellationToken cancellationToken)
    {
        var connection = await _session.GitHubConnectionAsync(first, cancellationToken).ConfigureAwait(false);
        var client = new GitHubRepositoryClient(connection, RepositoryName.Parse(first.Repository));
        var manifest = new BackupManifest();
        BranchHead? readAt = null;
        var repositoryEmpty = false;
        try
        {
            // A named branch: the state file is read at the commit the branch points to now, and the commit is built
            // on that same commit. A push landing in between (another shard or backup of this branch) then makes the
            // fast-forward fail and the state is rebuilt with what that push recorded, instead of overwriting it.
            if (first.Branch is not null) readAt = await client.GetBranchAsync(first.Branch, cancellationToken).ConfigureAwait(false);
            manifest = await BackupStateFile.ReadAsync(client, readAt?.CommitSha ?? first.Branch, scratch, cancellationToken).ConfigureAwait(false);
        }
        catch (SyncException ex) when (ex.ErrorId == SyncErrorId.RepositoryEmpty)
        {
            repositoryEmpty = true;
        }
        return new BackupTarget(client, manifest, readAt, repositoryEmpty);
    }

    /// <summary>Prepares every integration's files (fetching concurrently within a small bound); each succeeds or fails on its own.</summary>
    private async Task<GroupWork> PrepareGroupAsync(List<Integration> group, BackupManifest manifest, BackupOptions options, TemporaryFolder scratch, CancellationToken cancellationToken)
    {
        var result = new GroupWork();
        var claimed = new Dictionary<string, Integration>(PortableFileName.Comparer);   // one file on Windows and macOS is one path
        var tasks = group.Select(async integration =>
        {
            try
            {
                return (integration, work: await PrepareAsync(integration, manifest, options, scratch, cancellationToken).ConfigureAwait(false), error: (SyncException?)null);
            }
            catch (SyncException ex)
            {
                return (integration, work: new PreparedIntegration(), error: ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Something unforeseen (such as a Postman answer with an unexpected body): this integration fails, the others run.
                var fromFile = integration.Source.File is not null;
                var error = new SyncException(fromFile ? SyncErrorId.SourceFileNotFound : SyncErrorId.PostmanRequestFailed, SyncErrorCategory.InvalidData,
                    $"'{integration.Name}': its {(fromFile ? "collection file" : "collections in Postman")} could not be read ({ex.GetType().Name}: {ex.Message}). Run again with -Verbose to see each step.", integration.Name, ex);
                return (integration, work: new PreparedIntegration(), error);
            }
        }).ToList();
        foreach (var (integration, work, error) in await Task.WhenAll(tasks).ConfigureAwait(false))
        {
            if (error is not null) result.Failures[integration] = error;
            else Admit(integration, work, result, claimed);
        }
        var succeeded = result.Prepared.Where(p => !result.Failures.ContainsKey(p.Key)).Select(p => p.Value).ToList();
        result.Succeeded.AddRange(succeeded);
        result.Changed.AddRange(succeeded.SelectMany(p => p.Files).Where(f => f.Changed));
        result.Removed.AddRange(succeeded.SelectMany(p => p.Removals).Where(r => r.Remove));
        return result;
    }

    /// <summary>Takes one integration's prepared files into the commit, or records why it failed (nothing backed up, a forbidden path, a path another integration writes).</summary>
    private static void Admit(Integration integration, PreparedIntegration work, GroupWork result, Dictionary<string, Integration> claimed)
    {
        if (work.Files.Count == 0 && work.ItemErrors.Count > 0 && work.Removals.Count == 0)
        {
            // Nothing of it could be backed up: the integration failed (each item's error is still reported).
            result.Failures[integration] = work.ItemErrors[0];
            result.Prepared[integration] = work;
            return;
        }
        if (work.Files.Select(f => RepositoryPathRule.Refusal(f.Path, integration.AllowGitHubFolder)).FirstOrDefault(r => r is not null) is { } refusal)
        {
            result.Failures[integration] = new SyncException(SyncErrorId.PathNotAllowed, SyncErrorCategory.SecurityError, $"'{integration.Name}': {refusal}", integration.Name);
            result.Prepared[integration] = work;
            return;
        }
        var clash = work.Files.FirstOrDefault(f => claimed.ContainsKey(f.Path));
        if (clash is not null)
        {
            result.Failures[integration] = new SyncException(SyncErrorId.DefinitionFileInvalid, SyncErrorCategory.InvalidData,
                $"'{integration.Name}' would write {DisplayText.Line(clash.Path)}, which '{claimed[clash.Path].Name}' writes in the same run (or a path Windows and macOS take for the same file). Give one of them another directory or fileName.", integration.Name);
            return;
        }
        foreach (var file in work.Files) claimed[file.Path] = integration;
        result.Prepared[integration] = work;
    }

    /// <summary>The branch -WhatIf names: the integration's, the recorded one, or the default branch (empty when GitHub cannot say).</summary>
    private static async Task<string> WouldCommitToAsync(Integration first, BackupTarget target, CancellationToken cancellationToken)
    {
        var wouldBranch = first.Branch ?? target.Manifest.Branch;
        if (wouldBranch is not null) return wouldBranch;
        try
        {
            return (await target.Client.GetRepositoryAsync(cancellationToken).ConfigureAwait(false)).DefaultBranch;
        }
        catch (SyncException)
        {
            return string.Empty;   // the real run would report this; -WhatIf only shows what it would write
        }
    }

    /// <summary>The one commit of the group's changed, moved and removed files and its state file; each integration's outcome.</summary>
    private async Task<IReadOnlyList<IntegrationOutcome<BackupResult>>> CommitGroupAsync(List<Integration> group, BackupTarget target, GroupWork work, BackupOptions options, TemporaryFolder scratch, CancellationToken cancellationToken)
    {
        var (first, client, manifest) = (group[0], target.Client, target.Manifest);
        var (prepared, failures) = (work.Prepared, work.Failures);
        CommitOutcome commit;
        string branch;
        try
        {
            branch = first.Branch ?? manifest.Branch ?? (await client.GetRepositoryAsync(cancellationToken).ConfigureAwait(false)).DefaultBranch;
            Record(manifest, work.Succeeded, onlyChanged: false);
            manifest.Branch = branch;
            var fileChanges = FileChanges(work.Changed, work.Removed);
            fileChanges.Add(BackupStateFile.Write(manifest, scratch));
            var message = CommitMessage(work.Changed, work.Removed, options.Message);
            var committer = new RepositoryCommitter(client, _session.CommitterOptions, _session.Log);
            var allowGitHubFolder = work.Changed.All(f => !RepositoryPathRule.EntersGitHubFolder(f.Path) || f.Integration.AllowGitHubFolder);
            CommitRequest Request() => new(branch, fileChanges, message, CommitIdentity.For(first)) { RebuildOnNewHead = (head, token) => RebuildStateAsync(client, work, fileChanges, branch, head, scratch, token), AllowGitHubFolder = allowGitHubFolder, RecordPath = BackupManifest.RepositoryPath };
            try
            {
                commit = await committer.CommitAsync(Request(), target.ReadAt, cancellationToken).ConfigureAwait(false);
            }
            catch (SyncException ex) when (ex.ErrorId == SyncErrorId.BranchNotFound && first.Branch is null && manifest.Branch is not null && !target.RepositoryEmpty)
            {
                // The default branch recorded last time is gone (renamed): ask GitHub again.
                branch = (await client.GetRepositoryAsync(cancellationToken).ConfigureAwait(false)).DefaultBranch;
                manifest.Branch = branch;
                fileChanges[fileChanges.Count - 1] = BackupStateFile.Write(manifest, scratch);
                commit = await committer.CommitAsync(Request(), null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SyncException ex)
        {
            return group.Select(integration =>
            {
                var unchangedOnly = !failures.ContainsKey(integration) && prepared[integration].Files.All(f => !f.Changed) && prepared[integration].Removals.All(r => !r.Remove);
                return failures.ContainsKey(integration) || unchangedOnly
                    ? Outcome(integration, prepared, failures, w => Result(integration, w, BackupStatus.Unchanged, first.Branch ?? string.Empty, null, null))
                    : Failed(integration, ex);
            }).ToList();
        }
        return group.Select(integration => Outcome(integration, prepared, failures, w => Result(integration, w, null, branch, commit.Committed ? commit.CommitSha : null, commit.Committed ? commit.CommitUrl : null))).ToList();
    }

    /// <summary>
    /// Someone pushed meanwhile, perhaps another backup of this repository: the state file on the new head keeps what that
    /// push recorded, and takes this run's entries for the files this run writes, moves or removes.
    /// </summary>
    private static async Task<IReadOnlyList<FileChange>> RebuildStateAsync(GitHubRepositoryClient client, GroupWork work, List<FileChange> fileChanges, string branch, BranchHead newHead, TemporaryFolder scratch, CancellationToken token)
    {
        var theirs = await BackupStateFile.ReadAsync(client, newHead.CommitSha, scratch, token).ConfigureAwait(false);
        Record(theirs, work.Succeeded, onlyChanged: true);
        theirs.Branch = branch;
        var rebuilt = fileChanges.Take(fileChanges.Count - 1).ToList();
        rebuilt.Add(BackupStateFile.Write(theirs, scratch));
        return rebuilt;
    }

    /// <summary>Where a group commits: the repository, its state file as read, the head it was read at (named branches), and whether the repository was empty.</summary>
    private sealed class BackupTarget
    {
        public BackupTarget(GitHubRepositoryClient client, BackupManifest manifest, BranchHead? readAt, bool repositoryEmpty)
        {
            Client = client;
            Manifest = manifest;
            ReadAt = readAt;
            RepositoryEmpty = repositoryEmpty;
        }

        public GitHubRepositoryClient Client { get; }

        public BackupManifest Manifest { get; }

        public BranchHead? ReadAt { get; }

        public bool RepositoryEmpty { get; }
    }

    /// <summary>What a group prepared: each integration's work, the failures, and the files to commit.</summary>
    private sealed class GroupWork
    {
        public Dictionary<Integration, PreparedIntegration> Prepared { get; } = new();

        public Dictionary<Integration, SyncException> Failures { get; } = new();

        public List<PreparedIntegration> Succeeded { get; } = new();

        public List<PreparedFile> Changed { get; } = new();

        public List<PreparedRemoval> Removed { get; } = new();
    }
}
