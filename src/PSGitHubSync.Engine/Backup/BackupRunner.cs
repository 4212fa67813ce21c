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
public sealed partial class BackupRunner
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
        // Downloads and prepared files too large to keep in memory; deleted when the run ends, however it ends.
        using var scratch = TemporaryFolder.Create(_session.TemporaryRoot);
        foreach (var group in groups)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _session.Progress?.Invoke(new BackupProgress($"{group.First().Repository}" + (group.Key.Branch.Length == 0 ? string.Empty : $" ({group.Key.Branch})"), done, groups.Count));
            foreach (var outcome in await RunGroupAsync(group.ToList(), options, scratch, cancellationToken).ConfigureAwait(false))
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

    /// <summary>
    /// One repository and branch: read the state file, prepare every integration's files, and commit what changed
    /// in one commit (or report what would be committed, or that nothing changed).
    /// </summary>
    private async Task<IReadOnlyList<IntegrationOutcome<BackupResult>>> RunGroupAsync(List<Integration> group, BackupOptions options, TemporaryFolder scratch, CancellationToken cancellationToken)
    {
        var first = group[0];
        BackupTarget target;
        try
        {
            target = await ReadTargetAsync(first, scratch, cancellationToken).ConfigureAwait(false);
        }
        catch (SyncException ex)
        {
            return group.Select(i => Failed(i, ex)).ToArray();
        }

        var work = await PrepareGroupAsync(group, target.Manifest, options, scratch, cancellationToken).ConfigureAwait(false);
        var (prepared, failures) = (work.Prepared, work.Failures);
        var manifest = target.Manifest;
        if (work.Changed.Count == 0 && work.Removed.Count == 0)
        {
            _session.Log.Verbose($"Nothing changed for {first.Repository}; no commit.");
            return group.Select(integration => Outcome(integration, prepared, failures, w => Result(integration, w, BackupStatus.Unchanged, manifest.Branch ?? integration.Branch ?? string.Empty, null, null))).ToList();
        }

        var names = work.Changed.Select(f => f.Name).Concat(work.Removed.Select(r => r.Name)).Distinct().ToList();
        var where = first.Repository + (first.Branch is null ? string.Empty : $" ({first.Branch})");
        var action = $"Commit {work.Changed.Count + work.Removed.Count} changed file(s): {string.Join(", ", names.Take(10))}{(names.Count > 10 ? $" and {names.Count - 10} more" : string.Empty)}";
        if (!await _session.ShouldProcess(where, action).ConfigureAwait(false))
        {
            var wouldBranch = await WouldCommitToAsync(first, target, cancellationToken).ConfigureAwait(false);
            return group.Select(integration => Outcome(integration, prepared, failures, w => Result(integration, w, null, wouldBranch, null, null, wouldOnly: true))).ToList();
        }
        return await CommitGroupAsync(group, target, work, options, scratch, cancellationToken).ConfigureAwait(false);
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

    private async Task<PreparedIntegration> PrepareAsync(Integration integration, BackupManifest manifest, BackupOptions options, TemporaryFolder scratch, CancellationToken cancellationToken)
    {
        var policy = BackupPolicies.Normalize(options.SecretPolicy ?? integration.SecretPolicy);
        var prune = options.Prune || integration.Prune;
        var directory = (integration.Directory ?? Integration.DefaultDirectory).Trim('/');
        if (directory == ".") directory = string.Empty;
        string PathIn(string folder, string fileName) => folder.Length == 0 ? fileName : folder + "/" + fileName;
        var result = new PreparedIntegration();

        if (integration.Source.File is { } file)
        {
            result.Files.Add(PrepareFile(integration, file, manifest, policy, directory, scratch));
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
                (stream, token) => postman.DownloadCollectionAsync(summary.Uid, stream, token), scratch, cancellationToken))));
            var environmentNames = FileNames.Assign(environments, null, FileNames.EnvironmentSuffix);
            work.AddRange(environments.Select(summary => Guarded(integration, "environment", summary, workspace, () => PrepareRemoteAsync(integration, summary, PathIn(folder, environmentNames[summary]), "environment", workspace.Id, manifest, known, policy,
                (stream, token) => postman.DownloadEnvironmentAsync(summary.Uid, stream, token), scratch, cancellationToken))));
        }

        // Each collection and environment succeeds or fails on its own.
        Task<PreparedFile?> Guarded(Integration owner, string kind, PostmanCollectionSummary summary, PostmanWorkspace workspace, Func<Task<PreparedFile>> prepare) =>
            GuardedAsync(owner, kind, summary, workspace, prepare, result, handled, known);

        foreach (var prepared in await Task.WhenAll(work).ConfigureAwait(false))
        {
            if (prepared is null) continue;
            result.Files.Add(prepared);
            handled.Add(prepared.Path);
            if (prepared.PreviousPath is not null) handled.Add(prepared.PreviousPath);
        }

        // What this integration backed up before and no longer finds: orphaned (kept), or removed with prune.
        if (integration.Source.IsWildcard || wildcardWorkspace || namedCollectionGone) AddRemovals(integration, manifest, result, handled, failedWorkspaces, prune);
        return result;
    }

    /// <summary>One collection or environment prepared on its own: its failure is recorded as an item error, and its last backup is kept (never orphaned, never pruned for failing).</summary>
    private static async Task<PreparedFile?> GuardedAsync(Integration owner, string kind, PostmanCollectionSummary summary, PostmanWorkspace workspace, Func<Task<PreparedFile>> prepare,
        PreparedIntegration result, HashSet<string> handled, IReadOnlyDictionary<(string Kind, string Id), string> known)
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

    /// <summary>A collection exported to a local file (never through a link), streamed through the one pass.</summary>
    private PreparedFile PrepareFile(Integration integration, string file, BackupManifest manifest, string policy, string directory, TemporaryFolder scratch)
    {
        string PathIn(string folder, string fileName) => folder.Length == 0 ? fileName : folder + "/" + fileName;
        var root = LocalFileGate.RootFor(file, integration.DefinitionFile);
        LocalFileGate.RefuseLinks(file, root, integration.Name);
        if (!File.Exists(file))
        {
            throw new SyncException(SyncErrorId.SourceFileNotFound, SyncErrorCategory.ObjectNotFound,
                $"The collection file {file} of '{integration.Name}' does not exist. Export the collection from Postman to that path, or fix 'source.file' (relative paths start at the definitions file's folder).", integration.Name);
        }
        Stream input;
        try
        {
            input = LocalFileGate.OpenRead(file, root, integration.Name);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SyncException(SyncErrorId.SourceFileNotFound, SyncErrorCategory.PermissionDenied,
                $"The collection file {file} of '{integration.Name}' could not be read: {ex.Message} Check that it is not being written or locked and that this account can read it, then run again.", integration.Name, ex);
        }
        (FileContent Content, CollectionPassResult Result) collection;
        using (input) collection = NormalizeCollection(integration, input, file, policy, scratch);
        var path = PathIn(directory, integration.FileName ?? FileNames.ForCollection(collection.Result.Name));
        manifest.Files.TryGetValue(path, out var previous);
        var prepared = Process(integration, collection, path, previous, new BackupManifestEntry { Source = "file", Id = collection.Result.PostmanId, Name = collection.Result.Name, SecretPolicy = policy });
        prepared.KeepContent(scratch, _session.PreparedInMemoryBytes);
        return prepared;
    }

    /// <summary>What <paramref name="integration"/> backed up before and no longer finds: reported Orphaned (kept), or removed with prune.</summary>
    private void AddRemovals(Integration integration, BackupManifest manifest, PreparedIntegration result, HashSet<string> handled, HashSet<string> failedWorkspaces, bool prune)
    {
        foreach (var entry in manifest.Files.Where(f => f.Value.Integration == integration.Name && f.Value.Source == "postman" && !handled.Contains(f.Key)))
        {
            if (entry.Value.WorkspaceId is { } id && failedWorkspaces.Contains(id)) continue;
            if (entry.Value.Kind == "environment" && !integration.Source.Environments && !prune) continue;
            result.Removals.Add(new PreparedRemoval(entry.Key, entry.Value.Name, entry.Value, prune));
            _session.Log.Warning(prune
                ? $"'{integration.Name}': the {entry.Value.Kind} '{Printable(entry.Value.Name)}' ({entry.Value.Id}) is no longer in Postman (or no longer matches); prune removes {entry.Key}."
                : $"'{integration.Name}': the {entry.Value.Kind} '{Printable(entry.Value.Name)}' ({entry.Value.Id}) is no longer in Postman (or no longer matches); its backup {entry.Key} is kept (Orphaned). Use -Prune (or 'prune: true') to remove it.");
        }
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
        BackupManifest manifest, IReadOnlyDictionary<(string Kind, string Id), string> known, string policy, Func<Stream, CancellationToken, Task> download, TemporaryFolder scratch, CancellationToken cancellationToken)
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
            entry.TakeRequestsOf(previous);
            entry.SecretPolicy = previous.SecretPolicy;
            entry.Secrets = previous.Secrets;
            entry.Warnings = previous.Warnings;
            entry.RenamedFrom = previous.RenamedFrom;
            return new PreparedFile(integration, path, summary.Name, entry, (FileContent?)null, changed: false, isNew: false, Array.Empty<RequestChange>(), 0);
        }

        var prepared = await DownloadAndNormalizeAsync(integration, summary, path, kind, previous, entry, policy, download, scratch, cancellationToken).ConfigureAwait(false);
        entry.RenamedFrom = previous?.RenamedFrom ?? Array.Empty<BackupManifestRename>();
        if (moved)
        {
            prepared.PreviousPath = previousPath;
            entry.RenamedFrom = new[] { new BackupManifestRename(previousPath!, previous!.Name) }.Concat(entry.RenamedFrom.Where(r => r.Path != path)).ToArray();
            prepared.Changed = true;
            _session.Log.Verbose($"'{integration.Name}': the {kind} '{Printable(previous!.Name)}' is now '{Printable(summary.Name)}': moving {previousPath} to {path}.");
        }
        prepared.KeepContent(scratch, _session.PreparedInMemoryBytes);
        return prepared;
    }

    /// <summary>
    /// Downloads a collection or environment into a temporary file (deleted when read) and runs the one streaming pass
    /// over it into the prepared file (in memory when small, else a temporary file): nothing is held whole in memory.
    /// </summary>
    private async Task<PreparedFile> DownloadAndNormalizeAsync(Integration integration, PostmanCollectionSummary summary, string path, string kind, BackupManifestEntry? previous, BackupManifestEntry entry,
        string policy, Func<Stream, CancellationToken, Task> download, TemporaryFolder scratch, CancellationToken cancellationToken)
    {
        // The gate bounds the downloads and the passes over them together: at most that many collections are worked on at once.
        await _session.FetchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _session.Log.Verbose($"'{integration.Name}': downloading {kind} '{Printable(summary.Name)}' ({summary.Uid}).");
            using var input = await DownloadedFile.OpenAsync(scratch, kind, download, cancellationToken).ConfigureAwait(false);
            var sourceName = $"{summary.Name} ({summary.Uid})";
            if (kind != "environment") return Process(integration, NormalizeCollection(integration, input, sourceName, policy, scratch), path, previous, entry);
            EnvironmentPassResult? environment = null;
            var normalized = scratch.Capture("environment", PreparedFile.InMemoryLimit,
                output => environment = CollectionStreamNormalizer.NormalizeEnvironment(input, output, sourceName, new CollectionPassOptions { RedactSecrets = policy == "redact" }));
            ApplySecretPolicy(integration, "environment", summary.Name, environment!.Secrets, policy);
            return Finish(integration, path, summary.Name, previous, entry, normalized, environment.Secrets.Count, () => Array.Empty<RequestChange>(), Array.Empty<CollectionFinding>());
        }
        finally
        {
            _session.FetchGate.Release();
        }
    }

    /// <summary>
    /// The one streaming pass over a collection (<see cref="CollectionStreamNormalizer"/>): the normalized bytes, the
    /// secrets (replaced by placeholders under 'redact'), the request index and the schema findings; warns about
    /// the findings and applies the secret policy ('block' refuses the collection).
    /// </summary>
    private (FileContent Content, CollectionPassResult Result) NormalizeCollection(Integration integration, Stream input, string sourceName, string policy, TemporaryFolder scratch)
    {
        CollectionPassResult? pass = null;
        var content = scratch.Capture("collection", PreparedFile.InMemoryLimit,
            output => pass = CollectionStreamNormalizer.NormalizeCollection(input, output, sourceName, new CollectionPassOptions { RedactSecrets = policy == "redact" }));
        var result = pass!;
        if (result.Findings.Count > 0)
        {
            _session.Log.Warning($"'{integration.Name}': the collection '{Printable(result.Name)}' deviates from the Postman collection schema v{result.FormatVersion} at {result.Findings.Count} place(s); it is backed up as Postman served it: {CollectionFinding.Summarize(result.Findings)}.");
        }
        ApplySecretPolicy(integration, "collection", result.Name, result.Secrets, policy);
        return (content, result);
    }

    private static PreparedFile Process(Integration integration, (FileContent Content, CollectionPassResult Result) collection, string path, BackupManifestEntry? previous, BackupManifestEntry entry)
    {
        var (content, result) = collection;
        // The old index is decoded only when the file changed (for its changelog); the new one is kept compressed.
        var prepared = Finish(integration, path, result.Name, previous, entry, content, result.Secrets.Count, () => RequestIndex.Compare(previous?.Requests, result.Requests), result.Findings);
        entry.CompressRequests(result.Requests);
        return prepared;
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

    private static PreparedFile Finish(Integration integration, string path, string name, BackupManifestEntry? previous, BackupManifestEntry entry, FileContent content, int secrets, Func<IReadOnlyList<RequestChange>> changes, IReadOnlyList<CollectionFinding> findings)
    {
        entry.Integration = integration.Name;
        entry.Secrets = secrets;
        entry.Warnings = findings.Count;
        entry.Sha = content.ComputeGitBlobSha();
        var changed = previous is null || previous.Sha != entry.Sha;
        return new PreparedFile(integration, path, name, entry, content, changed, isNew: previous is null, changed ? changes() : Array.Empty<RequestChange>(), secrets) { Findings = findings };
    }
}
