using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using System.Threading;
using System;
using PSGitHubSync.Engine.Collections;
using PSGitHubSync.Engine.Diagnostics;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.IO;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Postman;
using PSGitHubSync.Engine;

namespace PSGitHubSync.Engine.Backup;

/// <summary>
/// Runs collection-backup integrations: fetch (only collections whose <c>updatedAt</c> moved
/// since the last backup), validate, scan for secrets, normalize, compare blob shas, and
/// commit everything that changed for one repository and branch in ONE commit with a
/// changelog. Each integration succeeds or fails on its own; failures are returned as data.
/// </summary>
public sealed class BackupRunner
{
    private readonly BackupSession _session;

    /// <summary>Creates the runner over a session (connections, secrets, callbacks).</summary>
    public BackupRunner(BackupSession session) => _session = session;

    /// <summary>Runs the integrations (collection-backup ones; others are ignored) and returns one outcome each, in input order.</summary>
    public async Task<IReadOnlyList<IntegrationOutcome<BackupResult>>> RunAsync(IReadOnlyList<Integration> integrations, BackupOptions options, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<Integration, IntegrationOutcome<BackupResult>>();
        var backups = integrations.Where(i => i.Type == Integration.CollectionBackup).ToList();
        var groups = backups.GroupBy(i => (Server: ServerKey(i), Repository: i.Repository.ToLowerInvariant(), Branch: i.Branch ?? string.Empty)).ToList();
        var done = 0;
        foreach (var group in groups)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _session.Progress?.Invoke(new BackupProgress($"{group.First().Repository}" + (group.Key.Branch.Length == 0 ? string.Empty : $" ({group.Key.Branch})"), done, groups.Count));
            foreach (var outcome in await RunGroupAsync(group.ToList(), options, cancellationToken).ConfigureAwait(false))
            {
                outcomes[outcome.Integration] = outcome;
            }
            done++;
        }
        return backups.Select(i => outcomes[i]).ToArray();
    }

    private static string ServerKey(Integration integration)
    {
        try
        {
            return GitHubEndpoint.Parse(integration.Server).ApiRoot.AbsoluteUri;
        }
        catch (SyncException)
        {
            return integration.Server;
        }
    }

    private async Task<IReadOnlyList<IntegrationOutcome<BackupResult>>> RunGroupAsync(List<Integration> group, BackupOptions options, CancellationToken cancellationToken)
    {
        var first = group[0];
        var log = _session.Log;
        GitHubRepositoryClient client;
        BackupManifest manifest;
        BranchHead? readAt = null;
        var repositoryEmpty = false;
        try
        {
            var connection = await _session.GitHubConnectionAsync(first, cancellationToken).ConfigureAwait(false);
            client = new GitHubRepositoryClient(connection, RepositoryName.Parse(first.Repository));
            byte[]? manifestFile = null;
            try
            {
                // A named branch: the state file is read at the commit the branch points to now, and the commit is built
                // on that same commit. A push landing in between (another shard or backup of this branch) then makes the
                // fast-forward fail and the state is rebuilt with what that push recorded, instead of overwriting it.
                if (first.Branch is not null) readAt = await client.GetBranchAsync(first.Branch, cancellationToken).ConfigureAwait(false);
                manifestFile = await client.GetTextFileAsync(BackupManifest.RepositoryPath, readAt?.CommitSha ?? first.Branch, cancellationToken).ConfigureAwait(false);
            }
            catch (SyncException ex) when (ex.ErrorId == SyncErrorId.RepositoryEmpty)
            {
                repositoryEmpty = true;
            }
            manifest = BackupManifest.Parse(manifestFile);
        }
        catch (SyncException ex)
        {
            return group.Select(i => Failed(i, ex)).ToArray();
        }

        // Prepare every integration's files (fetching concurrently within a small bound).
        var prepared = new Dictionary<Integration, PreparedIntegration>();
        var failures = new Dictionary<Integration, SyncException>();
        var claimed = new Dictionary<string, Integration>(PortableFileName.Comparer);   // one file on Windows and macOS is one path
        var tasks = group.Select(async integration =>
        {
            try
            {
                return (integration, work: await PrepareAsync(integration, manifest, options, cancellationToken).ConfigureAwait(false), error: (SyncException?)null);
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
            if (error is not null)
            {
                failures[integration] = error;
                continue;
            }
            if (work.Files.Count == 0 && work.ItemErrors.Count > 0 && work.Removals.Count == 0)
            {
                // Nothing of it could be backed up: the integration failed (each item's error is still reported).
                failures[integration] = work.ItemErrors[0];
                prepared[integration] = work;
                continue;
            }
            if (work.Files.Select(f => RepositoryPathRule.Refusal(f.Path, integration.AllowGitHubFolder)).FirstOrDefault(r => r is not null) is { } refusal)
            {
                failures[integration] = new SyncException(SyncErrorId.PathNotAllowed, SyncErrorCategory.SecurityError, $"'{integration.Name}': {refusal}", integration.Name);
                prepared[integration] = work;
                continue;
            }
            var clash = work.Files.FirstOrDefault(f => claimed.ContainsKey(f.Path));
            if (clash is not null)
            {
                failures[integration] = new SyncException(SyncErrorId.DefinitionFileInvalid, SyncErrorCategory.InvalidData,
                    $"'{integration.Name}' would write {DisplayText.Line(clash.Path)}, which '{claimed[clash.Path].Name}' writes in the same run (or a path Windows and macOS take for the same file). Give one of them another directory or fileName.", integration.Name);
                continue;
            }
            foreach (var file in work.Files) claimed[file.Path] = integration;
            prepared[integration] = work;
        }

        var succeeded = prepared.Where(p => !failures.ContainsKey(p.Key)).ToList();
        var changed = succeeded.SelectMany(p => p.Value.Files).Where(f => f.Changed).ToList();
        var removed = succeeded.SelectMany(p => p.Value.Removals).Where(r => r.Remove).ToList();
        var outcomes = new List<IntegrationOutcome<BackupResult>>();
        if (changed.Count == 0 && removed.Count == 0)
        {
            foreach (var integration in group)
            {
                outcomes.Add(Outcome(integration, prepared, failures, work => Result(integration, work, BackupStatus.Unchanged, manifest.Branch ?? integration.Branch ?? string.Empty, null, null)));
            }
            log.Verbose($"Nothing changed for {first.Repository}; no commit.");
            return outcomes;
        }

        var names = changed.Select(f => f.Name).Concat(removed.Select(r => r.Name)).Distinct().ToList();
        var target = first.Repository + (first.Branch is null ? string.Empty : $" ({first.Branch})");
        var action = $"Commit {changed.Count + removed.Count} changed file(s): {string.Join(", ", names.Take(10))}{(names.Count > 10 ? $" and {names.Count - 10} more" : string.Empty)}";
        var approved = await _session.ShouldProcess(target, action).ConfigureAwait(false);
        if (!approved)
        {
            var wouldBranch = first.Branch ?? manifest.Branch;
            if (wouldBranch is null)
            {
                try
                {
                    wouldBranch = (await client.GetRepositoryAsync(cancellationToken).ConfigureAwait(false)).DefaultBranch;
                }
                catch (SyncException)
                {
                    wouldBranch = string.Empty;   // the real run would report this; -WhatIf only shows what it would write
                }
            }
            foreach (var integration in group)
            {
                outcomes.Add(Outcome(integration, prepared, failures, work => Result(integration, work, null, wouldBranch, null, null, wouldOnly: true)));
            }
            return outcomes;
        }

        CommitOutcome commit;
        string branch;
        try
        {
            branch = first.Branch ?? manifest.Branch ?? (await client.GetRepositoryAsync(cancellationToken).ConfigureAwait(false)).DefaultBranch;
            Record(manifest, succeeded.Select(p => p.Value), onlyChanged: false);
            manifest.Branch = branch;
            var fileChanges = FileChanges(changed, removed);
            fileChanges.Add(FileChange.Write(BackupManifest.RepositoryPath, manifest.ToJson()));
            var message = CommitMessage(changed, removed, options.Message);
            var committer = new RepositoryCommitter(client, _session.CommitterOptions, log);
            var allowGitHubFolder = changed.All(f => !RepositoryPathRule.EntersGitHubFolder(f.Path) || f.Integration.AllowGitHubFolder);
            try
            {
                commit = await committer.CommitAsync(new CommitRequest(branch, fileChanges, message, CommitIdentity.For(first)) { RebuildOnNewHead = RebuildState, AllowGitHubFolder = allowGitHubFolder }, readAt, cancellationToken).ConfigureAwait(false);
            }
            catch (SyncException ex) when (ex.ErrorId == SyncErrorId.BranchNotFound && first.Branch is null && manifest.Branch is not null && !repositoryEmpty)
            {
                // The default branch recorded last time is gone (renamed): ask GitHub again.
                branch = (await client.GetRepositoryAsync(cancellationToken).ConfigureAwait(false)).DefaultBranch;
                manifest.Branch = branch;
                fileChanges[fileChanges.Count - 1] = FileChange.Write(BackupManifest.RepositoryPath, manifest.ToJson());
                commit = await committer.CommitAsync(new CommitRequest(branch, fileChanges, message, CommitIdentity.For(first)) { RebuildOnNewHead = RebuildState, AllowGitHubFolder = allowGitHubFolder }, null, cancellationToken).ConfigureAwait(false);
            }

            // Someone pushed meanwhile, perhaps another backup of this repository: the state file on the new head
            // keeps what that push recorded, and takes this run's entries for the files this run writes, moves or removes.
            async Task<IReadOnlyList<FileChange>> RebuildState(BranchHead newHead, CancellationToken token)
            {
                var theirs = BackupManifest.Parse(await client.GetTextFileAsync(BackupManifest.RepositoryPath, newHead.CommitSha, token).ConfigureAwait(false));
                Record(theirs, succeeded.Select(p => p.Value), onlyChanged: true);
                theirs.Branch = branch;
                var rebuilt = fileChanges.Take(fileChanges.Count - 1).ToList();
                rebuilt.Add(FileChange.Write(BackupManifest.RepositoryPath, theirs.ToJson()));
                return rebuilt;
            }
        }
        catch (SyncException ex)
        {
            foreach (var integration in group)
            {
                var unchangedOnly = !failures.ContainsKey(integration) && prepared[integration].Files.All(f => !f.Changed) && prepared[integration].Removals.All(r => !r.Remove);
                outcomes.Add(failures.ContainsKey(integration) || unchangedOnly
                    ? Outcome(integration, prepared, failures, work => Result(integration, work, BackupStatus.Unchanged, first.Branch ?? string.Empty, null, null))
                    : Failed(integration, ex));
            }
            return outcomes;
        }

        foreach (var integration in group)
        {
            outcomes.Add(Outcome(integration, prepared, failures, work => Result(integration, work, null, branch, commit.Committed ? commit.CommitSha : null, commit.Committed ? commit.CommitUrl : null)));
        }
        return outcomes;
    }

    /// <summary>The outcome of one integration: failed (with its items' other errors), or its result and the errors of the items that failed on their own.</summary>
    private static IntegrationOutcome<BackupResult> Outcome(Integration integration, Dictionary<Integration, PreparedIntegration> prepared, Dictionary<Integration, SyncException> failures, Func<PreparedIntegration, BackupResult> result)
    {
        prepared.TryGetValue(integration, out var work);
        if (failures.TryGetValue(integration, out var failure))
        {
            var others = work?.ItemErrors.Where(e => !ReferenceEquals(e, failure)).ToArray() ?? Array.Empty<SyncException>();
            var failed = Failed(integration, failure, others);
            failed.Result.FailedCount = (work?.ItemErrors.Count ?? 0) == 0 ? 1 : work!.ItemErrors.Count;
            return failed;
        }
        return new IntegrationOutcome<BackupResult>(integration, result(work!), null, work!.ItemErrors);
    }

    /// <summary>The file changes of a commit: each written file, the old path of each moved file, each pruned file.</summary>
    private static List<FileChange> FileChanges(IReadOnlyList<PreparedFile> changed, IReadOnlyList<PreparedRemoval> removed)
    {
        var writes = changed.Select(f => FileChange.Write(f.Path, f.Content!)).ToList();
        var written = new HashSet<string>(changed.Select(f => f.Path), StringComparer.Ordinal);
        var deletions = changed.Where(f => f.PreviousPath is not null).Select(f => f.PreviousPath!).Concat(removed.Select(r => r.Path))
            .Where(p => !written.Contains(p)).Distinct(StringComparer.Ordinal).Select(FileChange.Delete);
        writes.AddRange(deletions);
        return writes;
    }

    /// <summary>Records a run's files in a state file: moved files leave their old path, pruned ones are forgotten, workspace folders are kept.</summary>
    private static void Record(BackupManifest manifest, IEnumerable<PreparedIntegration> work, bool onlyChanged)
    {
        foreach (var integration in work)
        {
            foreach (var file in integration.Files)
            {
                if (file.PreviousPath is { } previous && manifest.Files.TryGetValue(previous, out var old) && old.Id == file.Entry.Id) manifest.Files.Remove(previous);
                if (!onlyChanged || file.Changed || !manifest.Files.ContainsKey(file.Path)) manifest.Files[file.Path] = file.Entry;
            }
            foreach (var removal in integration.Removals.Where(r => r.Remove)) manifest.Files.Remove(removal.Path);
            foreach (var folder in integration.WorkspaceFolders) manifest.WorkspaceFolders[folder.Key] = folder.Value;
        }
    }

    private async Task<PreparedIntegration> PrepareAsync(Integration integration, BackupManifest manifest, BackupOptions options, CancellationToken cancellationToken)
    {
        var policy = BackupPolicies.Normalize(options.SecretPolicy ?? integration.SecretPolicy);
        var prune = options.Prune || integration.Prune;
        var directory = (integration.Directory ?? Integration.DefaultDirectory).Trim('/');
        if (directory == ".") directory = string.Empty;
        string PathIn(string folder, string fileName) => folder.Length == 0 ? fileName : folder + "/" + fileName;
        var result = new PreparedIntegration();

        if (integration.Source.File is { } file)
        {
            var root = LocalFileGate.RootFor(file, integration.DefinitionFile);
            LocalFileGate.RefuseLinks(file, root, integration.Name);
            if (!File.Exists(file))
            {
                throw new SyncException(SyncErrorId.SourceFileNotFound, SyncErrorCategory.ObjectNotFound,
                    $"The collection file {file} of '{integration.Name}' does not exist. Export the collection from Postman to that path, or fix 'source.file' (relative paths start at the definitions file's folder).", integration.Name);
            }
            byte[] bytes;
            try
            {
                bytes = LocalFileGate.ReadAllBytes(file, root, integration.Name);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SyncException(SyncErrorId.SourceFileNotFound, SyncErrorCategory.PermissionDenied,
                    $"The collection file {file} of '{integration.Name}' could not be read: {ex.Message} Check that it is not being written or locked and that this account can read it, then run again.", integration.Name, ex);
            }
            var collection = NormalizeCollection(integration, new MemoryStream(bytes, writable: false), file, policy);
            var path = PathIn(directory, integration.FileName ?? FileNames.ForCollection(collection.Result.Name));
            manifest.Files.TryGetValue(path, out var previous);
            result.Files.Add(Process(integration, collection, path, previous, new BackupManifestEntry { Source = "file", Id = collection.Result.PostmanId, Name = collection.Result.Name, SecretPolicy = policy }));
            return result;
        }

        var postman = await _session.PostmanClientAsync(integration, cancellationToken).ConfigureAwait(false);
        var wildcardWorkspace = integration.Source.IsWorkspaceWildcard;
        var workspaces = await postman.SelectWorkspacesAsync(integration.Source.Workspace!, cancellationToken).ConfigureAwait(false);
        if (workspaces.Count == 0) _session.Log.Warning($"'{integration.Name}': the API key sees no workspace that matches '{integration.Source.Workspace}'.");

        // What the state file says this integration backed up, by identity (kind and Postman id): renames follow it.
        var known = manifest.Files.Where(f => f.Value.Integration == integration.Name && f.Value.Source == "postman" && f.Value.Id is not null)
            .GroupBy(f => (f.Value.Kind, f.Value.Id!)).ToDictionary(g => g.Key, g => g.First().Key);
        var handled = new HashSet<string>(StringComparer.Ordinal);          // paths this run accounts for
        var failedWorkspaces = new HashSet<string>(StringComparer.Ordinal);
        var folders = WorkspaceFolders(integration, manifest, workspaces, wildcardWorkspace);
        var work = new List<Task<PreparedFile?>>();
        var namedCollectionGone = false;
        foreach (var workspace in workspaces)
        {
            var folder = wildcardWorkspace ? PathIn(directory, folders[workspace.Id]) : directory;
            if (wildcardWorkspace) result.WorkspaceFolders[BackupManifest.WorkspaceKey(integration.Name, workspace.Id)] = folders[workspace.Id];
            IReadOnlyList<PostmanCollectionSummary> selected;
            IReadOnlyList<PostmanCollectionSummary> environments = Array.Empty<PostmanCollectionSummary>();
            try
            {
                var listed = await _session.CollectionsOfAsync(postman, workspace.Id, cancellationToken).ConfigureAwait(false);
                selected = SelectCollections(integration, listed, workspace, known, ref namedCollectionGone);
                if (selected.Count == 0) _session.Log.Warning($"'{integration.Name}': no collection in the workspace '{workspace.Name}' matches '{integration.Source.Collection}'.");
                foreach (var skipped in listed.Except(selected)) _session.Log.Verbose($"'{integration.Name}': skipping the collection '{Printable(skipped.Name)}' ({skipped.Uid}) of '{workspace.Name}': it does not match '{integration.Source.Collection}'.");
                if (integration.Source.Environments) environments = await postman.ListEnvironmentsAsync(workspace.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (SyncException ex) when (wildcardWorkspace)
            {
                // One workspace of several: it fails on its own, and nothing of it counts as orphaned.
                failedWorkspaces.Add(workspace.Id);
                result.ItemErrors.Add(new SyncException(ex.ErrorId, ex.Category, $"'{integration.Name}': the workspace '{workspace.Name}' ({workspace.Id}) could not be listed: {ex.Message}", integration.Name, ex));
                continue;
            }

            var fileNames = FileNames.Assign(selected, integration.Source.IsWildcard || wildcardWorkspace ? null : integration.FileName, FileNames.CollectionSuffix);
            work.AddRange(selected.Select(summary => Guarded(integration, "collection", summary, workspace, () => PrepareRemoteAsync(integration, summary, PathIn(folder, fileNames[summary]), "collection", workspace.Id, manifest, known, policy,
                token => postman.GetCollectionAsync(summary.Uid, token), cancellationToken))));
            var environmentNames = FileNames.Assign(environments, null, FileNames.EnvironmentSuffix);
            work.AddRange(environments.Select(summary => Guarded(integration, "environment", summary, workspace, () => PrepareRemoteAsync(integration, summary, PathIn(folder, environmentNames[summary]), "environment", workspace.Id, manifest, known, policy,
                token => postman.GetEnvironmentAsync(summary.Uid, token), cancellationToken))));
        }

        // Each collection and environment succeeds or fails on its own.
        async Task<PreparedFile?> Guarded(Integration owner, string kind, PostmanCollectionSummary summary, PostmanWorkspace workspace, Func<Task<PreparedFile>> prepare)
        {
            try
            {
                return await prepare().ConfigureAwait(false);
            }
            catch (SyncException ex)
            {
                lock (result) result.ItemErrors.Add(ItemError(owner, kind, summary, workspace, ex, ex.ErrorId, ex.Category));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                lock (result) result.ItemErrors.Add(ItemError(owner, kind, summary, workspace, ex, SyncErrorId.PostmanRequestFailed, SyncErrorCategory.InvalidData));
            }
            lock (handled)
            {
                // A failed item keeps its last backup: never orphaned, never pruned for failing.
                if (known.TryGetValue((kind, summary.Id), out var kept)) handled.Add(kept);
            }
            return null;
        }

        foreach (var prepared in await Task.WhenAll(work).ConfigureAwait(false))
        {
            if (prepared is null) continue;
            result.Files.Add(prepared);
            handled.Add(prepared.Path);
            if (prepared.PreviousPath is not null) handled.Add(prepared.PreviousPath);
        }

        // What this integration backed up before and no longer finds: orphaned (kept), or removed with prune.
        if (!integration.Source.IsWildcard && !wildcardWorkspace && !namedCollectionGone) return result;
        foreach (var entry in manifest.Files.Where(f => f.Value.Integration == integration.Name && f.Value.Source == "postman" && !handled.Contains(f.Key)))
        {
            if (entry.Value.WorkspaceId is { } id && failedWorkspaces.Contains(id)) continue;
            if (entry.Value.Kind == "environment" && !integration.Source.Environments && !prune) continue;
            result.Removals.Add(new PreparedRemoval(entry.Key, entry.Value.Name, entry.Value, prune));
            _session.Log.Warning(prune
                ? $"'{integration.Name}': the {entry.Value.Kind} '{Printable(entry.Value.Name)}' ({entry.Value.Id}) is no longer in Postman (or no longer matches); prune removes {entry.Key}."
                : $"'{integration.Name}': the {entry.Value.Kind} '{Printable(entry.Value.Name)}' ({entry.Value.Id}) is no longer in Postman (or no longer matches); its backup {entry.Key} is kept (Orphaned). Use -Prune (or 'prune: true') to remove it.");
        }
        return result;
    }

    /// <summary>
    /// The collections of <paramref name="workspace"/> the integration selects. A single named collection that is not
    /// found by its name but was backed up before is followed by its id when it is still there (renamed in Postman),
    /// and otherwise reported as gone (<paramref name="gone"/>: its backup becomes Orphaned) instead of CollectionNotFound;
    /// a name that never matched anything is still CollectionNotFound.
    /// </summary>
    private IReadOnlyList<PostmanCollectionSummary> SelectCollections(Integration integration, IReadOnlyList<PostmanCollectionSummary> listed, PostmanWorkspace workspace,
        Dictionary<(string Kind, string Id), string> known, ref bool gone)
    {
        try
        {
            return PostmanClient.Select(listed, integration.Source.Collection!, workspace.Name);
        }
        catch (SyncException ex) when (ex.ErrorId == SyncErrorId.CollectionNotFound)
        {
            var backedUp = new HashSet<string>(known.Keys.Where(k => k.Kind == "collection").Select(k => k.Id), StringComparer.Ordinal);
            if (backedUp.Count == 0) throw;
            var renamed = listed.Where(c => backedUp.Contains(c.Id)).ToArray();
            if (renamed.Length == 1)
            {
                _session.Log.Warning($"'{integration.Name}': the collection '{Printable(integration.Source.Collection!)}' is now named '{Printable(renamed[0].Name)}' in Postman; its backup follows it by id ({renamed[0].Id}). Put the new name or the id in 'collection:' of the definitions file.");
                return renamed;
            }
            gone = true;
            return Array.Empty<PostmanCollectionSummary>();
        }
    }

    private static SyncException ItemError(Integration integration, string kind, PostmanCollectionSummary summary, PostmanWorkspace workspace, Exception ex, string errorId, SyncErrorCategory category) =>
        new(errorId, category,
            $"'{integration.Name}': the {kind} '{Printable(summary.Name)}' (id {summary.Id}) of the workspace '{workspace.Name}' was not backed up; the others were. {ex.Message}",
            integration.Name, ex);

    /// <summary>A name as messages show it: line breaks as \n, \r and \t, other control and bidirectional characters escaped (<see cref="DisplayText.Line"/>).</summary>
    internal static string Printable(string name) =>
        DisplayText.Line(name.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t"));

    /// <summary>
    /// The folder of each workspace (wildcard workspaces only): the one recorded in the state file, so a renamed
    /// workspace keeps its folder; else its sanitized name, with its id added when two workspaces would share one.
    /// </summary>
    private static Dictionary<string, string> WorkspaceFolders(Integration integration, BackupManifest manifest, IReadOnlyList<PostmanWorkspace> workspaces, bool wildcard)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!wildcard) return result;
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in manifest.WorkspaceFolders.Where(p => p.Key.StartsWith(integration.Name + "|", StringComparison.Ordinal))) taken.Add(pair.Value);
        foreach (var workspace in workspaces)
        {
            if (manifest.WorkspaceFolders.TryGetValue(BackupManifest.WorkspaceKey(integration.Name, workspace.Id), out var recorded)) result[workspace.Id] = recorded;
        }
        foreach (var workspace in workspaces.Where(w => !result.ContainsKey(w.Id)))
        {
            var name = FileNames.Sanitize(workspace.Name);
            if (!taken.Add(name))
            {
                name = FileNames.Sanitize($"{workspace.Name} ({workspace.Id})");
                taken.Add(name);
            }
            result[workspace.Id] = name;
        }
        return result;
    }

    private async Task<PreparedFile> PrepareRemoteAsync(Integration integration, PostmanCollectionSummary summary, string path, string kind, string workspaceId,
        BackupManifest manifest, IReadOnlyDictionary<(string Kind, string Id), string> known, string policy, Func<CancellationToken, Task<byte[]>> download, CancellationToken cancellationToken)
    {
        // The last backup of this collection, found by its id (it may have had another name, hence another path).
        string? previousPath = known.TryGetValue((kind, summary.Id), out var knownPath) ? knownPath : manifest.Files.ContainsKey(path) ? path : null;
        BackupManifestEntry? previous = previousPath is null ? null : manifest.Files[previousPath];
        var moved = previousPath is not null && !string.Equals(previousPath, path, StringComparison.Ordinal);
        var entry = new BackupManifestEntry { Kind = kind, Source = "postman", Id = summary.Id, Uid = summary.Uid, Name = summary.Name, WorkspaceId = workspaceId, UpdatedAt = summary.UpdatedAt, SecretPolicy = policy };
        if (!moved && previous is not null && summary.UpdatedAt is not null && previous.UpdatedAt == summary.UpdatedAt && previous.Uid == summary.Uid && previous.Integration == integration.Name
            && (previous.SecretPolicy == policy || previous.Secrets == 0))
        {
            // Postman says nothing changed since the last backup, and the secret policy it was written under
            // still gives the same file: no download at all.
            entry.Integration = integration.Name;
            entry.Sha = previous.Sha;
            entry.Requests = previous.Requests;
            entry.SecretPolicy = previous.SecretPolicy;
            entry.Secrets = previous.Secrets;
            entry.Warnings = previous.Warnings;
            entry.RenamedFrom = previous.RenamedFrom;
            return new PreparedFile(integration, path, summary.Name, entry, null, changed: false, isNew: false, Array.Empty<RequestChange>(), 0);
        }

        byte[] bytes;
        await _session.FetchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _session.Log.Verbose($"'{integration.Name}': downloading {kind} '{Printable(summary.Name)}' ({summary.Uid}).");
            bytes = await download(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _session.FetchGate.Release();
        }

        PreparedFile prepared;
        if (kind == "environment")
        {
            using var normalized = new MemoryStream();
            var environment = CollectionStreamNormalizer.NormalizeEnvironment(new MemoryStream(bytes, writable: false), normalized, $"{summary.Name} ({summary.Uid})", new CollectionPassOptions { RedactSecrets = policy == "redact" });
            ApplySecretPolicy(integration, "environment", summary.Name, environment.Secrets, policy);
            prepared = Finish(integration, path, summary.Name, previous, entry, normalized.ToArray(), environment.Secrets.Count, Array.Empty<RequestChange>(), Array.Empty<CollectionFinding>());
        }
        else
        {
            var collection = NormalizeCollection(integration, new MemoryStream(bytes, writable: false), $"{summary.Name} ({summary.Uid})", policy);
            prepared = Process(integration, collection, path, previous, entry);
        }
        entry.RenamedFrom = previous?.RenamedFrom ?? Array.Empty<BackupManifestRename>();
        if (moved)
        {
            prepared.PreviousPath = previousPath;
            entry.RenamedFrom = new[] { new BackupManifestRename(previousPath!, previous!.Name) }.Concat(entry.RenamedFrom.Where(r => r.Path != path)).ToArray();
            prepared.Changed = true;
            _session.Log.Verbose($"'{integration.Name}': the {kind} '{Printable(previous!.Name)}' is now '{Printable(summary.Name)}': moving {previousPath} to {path}.");
        }
        return prepared;
    }

    /// <summary>
    /// The one streaming pass over a collection (<see cref="CollectionStreamNormalizer"/>): the normalized bytes, the
    /// secrets (replaced by placeholders under 'redact'), the request index and the schema findings; warns about
    /// the findings and applies the secret policy ('block' refuses the collection).
    /// </summary>
    private (byte[] Bytes, CollectionPassResult Result) NormalizeCollection(Integration integration, Stream input, string sourceName, string policy)
    {
        using var output = new MemoryStream();
        var result = CollectionStreamNormalizer.NormalizeCollection(input, output, sourceName, new CollectionPassOptions { RedactSecrets = policy == "redact" });
        if (result.Findings.Count > 0)
        {
            _session.Log.Warning($"'{integration.Name}': the collection '{Printable(result.Name)}' deviates from the Postman collection schema v{result.FormatVersion} at {result.Findings.Count} place(s); it is backed up as Postman served it: {CollectionFinding.Summarize(result.Findings)}.");
        }
        ApplySecretPolicy(integration, "collection", result.Name, result.Secrets, policy);
        return (output.ToArray(), result);
    }

    private static PreparedFile Process(Integration integration, (byte[] Bytes, CollectionPassResult Result) collection, string path, BackupManifestEntry? previous, BackupManifestEntry entry)
    {
        var (bytes, result) = collection;
        entry.Requests = result.Requests;
        var changes = RequestIndex.Compare(previous?.Requests, result.Requests);
        return Finish(integration, path, result.Name, previous, entry, bytes, result.Secrets.Count, changes, result.Findings);
    }

    /// <summary>
    /// Applies the secret policy to what the scanner found in one collection or environment: warns
    /// (keep), throws <c>SecretsInCollection</c> (block), or returns true when the values are
    /// replaced by the placeholder (redact; the streaming pass has replaced them).
    /// </summary>
    private bool ApplySecretPolicy(Integration integration, string kind, string name, IReadOnlyList<SecretFinding> findings, string policy)
    {
        if (findings.Count == 0) return false;
        var paths = string.Join(", ", findings.Select(f => f.JsonPath).Take(10)) + (findings.Count > 10 ? $" and {findings.Count - 10} more" : string.Empty);
        var fix = kind == "environment" ? "Make those variables of type secret in Postman (their values are then never written)" : "Move the values into Postman variables of type secret or a vault";
        switch (policy)
        {
            case "block":
                throw new SyncException(CollectionErrorIds.SecretsInCollection, SyncErrorCategory.SecurityError,
                    $"'{integration.Name}': the {kind} '{name}' holds {findings.Count} likely secret value(s) at {paths}; with the secret policy 'block' nothing of it is committed. {fix}, or use -SecretPolicy Redact.",
                    integration.Name);
            case "redact":
                _session.Log.Warning($"'{integration.Name}': replaced {findings.Count} likely secret value(s) in the {kind} '{name}' with a placeholder: {paths}.");
                return true;
            default:
                _session.Log.Warning($"'{integration.Name}': the {kind} '{name}' holds {findings.Count} likely secret value(s) that will be committed (secret policy 'keep'): {paths}. Git history keeps them for good: remove 'secretPolicy: keep' (the default is redact) or use -SecretPolicy Redact or Block to keep them out.");
                return false;
        }
    }

    private static PreparedFile Finish(Integration integration, string path, string name, BackupManifestEntry? previous, BackupManifestEntry entry, byte[] bytes, int secrets, IReadOnlyList<RequestChange> changes, IReadOnlyList<CollectionFinding> findings)
    {
        entry.Integration = integration.Name;
        entry.Secrets = secrets;
        entry.Warnings = findings.Count;
        entry.Sha = GitBlob.ComputeSha1(bytes);
        var changed = previous is null || previous.Sha != entry.Sha;
        return new PreparedFile(integration, path, name, entry, bytes, changed, isNew: previous is null, changed ? changes : Array.Empty<RequestChange>(), secrets) { Findings = findings };
    }

    private static BackupResult Result(Integration integration, PreparedIntegration work, BackupStatus? status, string branch, string? commitSha, string? commitUrl, bool wouldOnly = false)
    {
        var files = work.Files;
        BackupStatus StatusOf(PreparedFile f) =>
            !f.Changed ? BackupStatus.Unchanged
            : f.PreviousPath is not null ? (wouldOnly ? BackupStatus.WouldRename : BackupStatus.Renamed)
            : wouldOnly ? (f.IsNew ? BackupStatus.WouldCreate : BackupStatus.WouldUpdate)
            : f.IsNew ? BackupStatus.Created : BackupStatus.Updated;

        var fileResults = files.Select(f => new BackupFile { Path = f.Path, Name = f.Name, Id = f.Entry.Id, PreviousPath = f.PreviousPath, Status = status ?? StatusOf(f), Warnings = f.Entry.Warnings, Bytes = f.Content?.LongLength ?? 0 })
            .Concat(work.Removals.Select(r => new BackupFile { Path = r.Path, Name = r.Name, Id = r.Entry.Id, Status = !r.Remove ? BackupStatus.Orphaned : wouldOnly ? BackupStatus.WouldRemove : status is null ? BackupStatus.Removed : BackupStatus.Orphaned }))
            .ToArray();
        var overall = status ?? (fileResults.Any(f => f.Status is BackupStatus.Updated or BackupStatus.WouldUpdate or BackupStatus.Renamed or BackupStatus.WouldRename or BackupStatus.Removed or BackupStatus.WouldRemove)
            ? (wouldOnly ? BackupStatus.WouldUpdate : BackupStatus.Updated)
            : fileResults.Any(f => f.Status is BackupStatus.Created or BackupStatus.WouldCreate)
                ? (wouldOnly ? BackupStatus.WouldCreate : BackupStatus.Created)
                : BackupStatus.Unchanged);
        var anyChanged = files.Any(f => f.Changed) || work.Removals.Any(r => r.Remove);
        return new BackupResult
        {
            Name = integration.Name,
            Source = integration.Source.ToString(),
            Repository = integration.Repository,
            Branch = branch,
            Path = files.Count == 1 && work.Removals.Count == 0 ? files[0].Path : (integration.Directory ?? Integration.DefaultDirectory),
            Files = fileResults,
            Status = overall,
            CommitSha = anyChanged ? commitSha : null,
            CommitUrl = anyChanged ? commitUrl : null,
            Bytes = files.Where(f => f.Changed).Sum(f => f.Content?.LongLength ?? 0),
            SecretsFound = files.Sum(f => f.SecretsFound),
            Changes = files.Where(f => f.Changed).SelectMany(f => f.Changes.Select(c => $"{f.Name}: {c}")).ToArray(),
            BackedUp = files.Count,
            FailedCount = work.ItemErrors.Count,
            Orphaned = work.Removals.Count,
            Warnings = files.Sum(f => f.Entry.Warnings),
            Findings = files.SelectMany(f => f.Findings.Select(x => new BackupFinding { Collection = f.Name, JsonPath = x.JsonPath, Kind = x.Kind, Message = x.Message })).ToArray(),
        };
    }

    private static IntegrationOutcome<BackupResult> Failed(Integration integration, SyncException error, IReadOnlyList<SyncException>? itemErrors = null) => new(integration, new BackupResult
    {
        Name = integration.Name,
        Source = integration.Source.ToString(),
        Repository = integration.Repository,
        Branch = integration.Branch ?? string.Empty,
        Path = integration.Directory ?? string.Empty,
        Status = BackupStatus.Failed,
        FailedCount = 1,
    }, error, itemErrors);

    /// <summary>
    /// The commit message: a subject naming the collections, and a changelog body (moves and removals included).
    /// Names come from data, so each is shown on one line with control characters escaped (<see cref="DisplayText.Line"/>):
    /// a name cannot add lines, colour a terminal or reverse text; <see cref="CommitRequest"/> cleans the whole message once more.
    /// </summary>
    internal static string CommitMessage(IReadOnlyList<PreparedFile> changed, IReadOnlyList<PreparedRemoval> removed, string? subject)
    {
        var names = changed.Select(f => f.Name).Concat(removed.Select(r => r.Name)).Select(DisplayText.Line).Distinct().ToList();
        var builder = new StringBuilder();
        builder.Append(subject ?? (names.Count <= 3
            ? "Back up " + string.Join(", ", names)
            : $"Back up {names.Count} Postman collections: {string.Join(", ", names.Take(3))} and {names.Count - 3} more"));
        builder.Append("\n\n");
        foreach (var file in changed.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            builder.Append(DisplayText.Line(file.Name)).Append(" (").Append(DisplayText.Line(file.Path)).Append(")").Append(file.IsNew ? ": new" : string.Empty);
            if (file.PreviousPath is not null) builder.Append(": renamed from ").Append(DisplayText.Line(file.PreviousPath));
            builder.Append('\n');
            foreach (var change in file.Changes.Take(50)) builder.Append("  ").Append(DisplayText.Line(change.ToString())).Append('\n');
            if (file.Changes.Count > 50) builder.Append("  ... and ").Append(file.Changes.Count - 50).Append(" more\n");
            if (!file.IsNew && file.Changes.Count == 0 && file.PreviousPath is null) builder.Append("  (collection settings changed)\n");
        }
        foreach (var removal in removed.OrderBy(r => r.Path, StringComparer.Ordinal))
        {
            builder.Append(Printable(removal.Name)).Append(" (").Append(removal.Path).Append("): removed, no longer in Postman\n");
        }
        builder.Append("\nBacked up by PSGitHubSync.\n");
        return builder.ToString();
    }
}

/// <summary>One file a backup run prepared.</summary>
internal sealed class PreparedFile
{
    public PreparedFile(Integration integration, string path, string name, BackupManifestEntry entry, byte[]? content, bool changed, bool isNew, IReadOnlyList<RequestChange> changes, int secretsFound)
    {
        Integration = integration;
        Path = path;
        Name = name;
        Entry = entry;
        Content = content;
        Changed = changed;
        IsNew = isNew;
        Changes = changes;
        SecretsFound = secretsFound;
    }

    public Integration Integration { get; }

    public string Path { get; }

    public string Name { get; }

    public BackupManifestEntry Entry { get; }

    public byte[]? Content { get; }

    public bool Changed { get; set; }

    public bool IsNew { get; }

    public IReadOnlyList<RequestChange> Changes { get; }

    public int SecretsFound { get; }

    /// <summary>Where the file was until now, when the collection was renamed (the commit moves it).</summary>
    public string? PreviousPath { get; set; }

    /// <summary>The schema deviations found in this download (none when it was not downloaded).</summary>
    public IReadOnlyList<CollectionFinding> Findings { get; set; } = Array.Empty<CollectionFinding>();
}

/// <summary>What one integration of a run prepared: its files, what failed on its own, and its orphaned files.</summary>
internal sealed class PreparedIntegration
{
    public List<PreparedFile> Files { get; } = new();

    public List<SyncException> ItemErrors { get; } = new();

    public List<PreparedRemoval> Removals { get; } = new();

    /// <summary>The workspace folders to record (wildcard workspaces), keyed as in the state file.</summary>
    public Dictionary<string, string> WorkspaceFolders { get; } = new(StringComparer.Ordinal);
}

/// <summary>A backed-up file whose collection is gone from Postman: reported, and removed when <see cref="Remove"/>.</summary>
internal sealed class PreparedRemoval
{
    public PreparedRemoval(string path, string name, BackupManifestEntry entry, bool remove)
    {
        Path = path;
        Name = name;
        Entry = entry;
        Remove = remove;
    }

    public string Path { get; }

    public string Name { get; }

    public BackupManifestEntry Entry { get; }

    public bool Remove { get; }
}

/// <summary>Options of one backup run.</summary>
public sealed class BackupOptions
{
    /// <summary>A commit subject instead of the generated one.</summary>
    public string? Message { get; set; }

    /// <summary><c>redact</c>, <c>keep</c> (alias <c>warn</c>) or <c>block</c> for every integration, instead of each one's own.</summary>
    public string? SecretPolicy { get; set; }

    /// <summary>Remove the backups of collections deleted in Postman for every integration (<c>-Prune</c>), as <c>prune: true</c> does for one.</summary>
    public bool Prune { get; set; }
}

/// <summary>Progress of a backup run, for Write-Progress.</summary>
public sealed class BackupProgress
{
    /// <summary>Creates the value.</summary>
    public BackupProgress(string current, int done, int total)
    {
        Current = current;
        Done = done;
        Total = total;
    }

    /// <summary>What is being worked on.</summary>
    public string Current { get; }

    /// <summary>Repositories finished.</summary>
    public int Done { get; }

    /// <summary>Repositories in all.</summary>
    public int Total { get; }
}

/// <summary>
/// File names for backed-up collections and environments, all made by the one portable rule
/// (<see cref="PortableFileName"/>: at most 255 bytes, NFC, safe on Windows, macOS and Linux).
/// </summary>
public static class FileNames
{
    /// <summary>The suffix of collection files.</summary>
    public const string CollectionSuffix = ".postman_collection.json";

    /// <summary>The suffix of environment files.</summary>
    public const string EnvironmentSuffix = ".postman_environment.json";

    /// <summary><c>&lt;name&gt;.postman_collection.json</c>, made portable by <see cref="PortableFileName.Create"/>.</summary>
    public static string ForCollection(string name) => PortableFileName.Create(name, CollectionSuffix);

    /// <summary>
    /// One file or folder name (such as a workspace's folder) for <paramref name="name"/>, by <see cref="PortableFileName.Create"/>;
    /// an empty name becomes <c>collection</c>.
    /// </summary>
    public static string Sanitize(string name) => PortableFileName.Create(name);

    /// <summary>
    /// A file name per item: <paramref name="fixedName"/> for a single item when given, else the portable
    /// name plus <paramref name="suffix"/>. Items whose file names would be one file on Windows or macOS
    /// (equal but for case, Unicode normalization or replaced characters) each get their Postman id added,
    /// <c>Name (id).postman_collection.json</c>, which stays the same from run to run.
    /// </summary>
    public static IReadOnlyDictionary<PostmanCollectionSummary, string> Assign(IReadOnlyList<PostmanCollectionSummary> items, string? fixedName, string suffix)
    {
        var result = new Dictionary<PostmanCollectionSummary, string>();
        if (fixedName is not null && items.Count == 1)
        {
            result[items[0]] = fixedName;
            return result;
        }
        var plain = items.ToDictionary(i => i, i => PortableFileName.Create(i.Name, suffix));
        var counts = plain.Values.GroupBy(n => n, PortableFileName.Comparer).ToDictionary(g => g.Key, g => g.Count(), PortableFileName.Comparer);
        var taken = new HashSet<string>(PortableFileName.Comparer);
        foreach (var item in items)
        {
            var name = counts[plain[item]] > 1 ? PortableFileName.Create(item.Name, suffix, qualifier: $" ({PortableFileName.Clean(item.Id)})") : plain[item];
            // Ids are unique, so this only matters when a name happens to look like another's "Name (id)".
            if (!taken.Add(name))
            {
                name = PortableFileName.Create(item.Name, suffix, qualifier: $" ({PortableFileName.ShortHash(item.Uid + "|" + item.Id)})");
                taken.Add(name);
            }
            result[item] = name;
        }
        return result;
    }
}
