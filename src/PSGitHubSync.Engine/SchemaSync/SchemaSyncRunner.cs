using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using System.Threading;
using System;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Collections;
using PSGitHubSync.Engine.Diagnostics;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.IO;
using PSGitHubSync.Engine.Postman;
using PSGitHubSync.Engine.Schemas;
using PSGitHubSync.Engine;

namespace PSGitHubSync.Engine.SchemaSync;

/// <summary>
/// Two-way sync of API schemas between a repository path on a branch (the remote side) and a
/// file or folder on disk or a Postman API's schema files (the local side), decided three-way
/// against the state recorded at the last sync.
/// </summary>
/// <remarks>
/// <para>
/// The last synced state is a ref in the target repository, <c>refs/psgithubsync/schema-sync/NAME</c>,
/// pointing at the commit whose content both sides matched. It lives where the schema lives, so an
/// ephemeral CI runner that starts from an empty disk still finds it; updating it is one cheap ref
/// write and never adds a commit to the branch (a pull changes nothing in the repository's history);
/// and the base content is the repository's own history, so comparing is by git blob hashes with
/// no extra copies kept anywhere. The ref also keeps its commit reachable when the branch is rewritten.
/// </para>
/// <para>
/// A push never overwrites a change it has not seen: the committer is asked not to rebuild on a moved
/// branch by itself; instead the whole decision is taken again on the new head, so a concurrent change
/// to the schema becomes a conflict and a change elsewhere on the branch is kept under the new commit.
/// </para>
/// </remarks>
public sealed class SchemaSyncRunner
{
    /// <summary>The namespace of the state refs.</summary>
    public const string StateRefPrefix = "refs/psgithubsync/schema-sync/";

    private readonly BackupSession _session;
    private readonly Random _jitter = new();

    /// <summary>Creates the runner over a session (connections, secrets, confirmation).</summary>
    public SchemaSyncRunner(BackupSession session) => _session = session ?? throw new ArgumentNullException(nameof(session));

    /// <summary>The ref that records an integration's last synced commit.</summary>
    /// <remarks>
    /// Integration names are letters, digits, <c>.</c>, <c>_</c> and <c>-</c>; the characters git refuses in a
    /// ref component (a leading or trailing <c>.</c>, <c>..</c>, a <c>.lock</c> suffix) become <c>_</c>.
    /// </remarks>
    public static string StateRef(string integrationName)
    {
        if (integrationName is null) throw new ArgumentNullException(nameof(integrationName));
        var name = integrationName.Replace("..", "__");
        if (name.StartsWith(".", StringComparison.Ordinal)) name = "_" + name.Substring(1);
        if (name.EndsWith(".", StringComparison.Ordinal)) name = name.Substring(0, name.Length - 1) + "_";
        if (name.EndsWith(".lock", StringComparison.OrdinalIgnoreCase)) name += "_";
        return StateRefPrefix + name;
    }

    /// <summary>Runs the schema-sync integrations (others are ignored), one outcome each, in input order.</summary>
    public async Task<IReadOnlyList<IntegrationOutcome<SchemaSyncResult>>> RunAsync(IReadOnlyList<Integration> integrations, SchemaSyncOptions options, CancellationToken cancellationToken)
    {
        if (integrations is null) throw new ArgumentNullException(nameof(integrations));
        if (options is null) throw new ArgumentNullException(nameof(options));
        var selected = integrations.Where(i => i.Type == Integration.SchemaSync).ToArray();
        var outcomes = new List<IntegrationOutcome<SchemaSyncResult>>();
        foreach (var integration in selected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _session.Progress?.Invoke(new BackupProgress(integration.Name, outcomes.Count, selected.Length));
            var result = Result(integration);
            IntegrationOutcome<SchemaSyncResult> outcome;
            try
            {
                outcome = await SyncAsync(integration, result, options, cancellationToken).ConfigureAwait(false);
            }
            catch (SyncException ex)
            {
                // result.Direction stays what was done before the failure (Failed when nothing was written).
                _session.Log.Verbose($"'{integration.Name}': {ex.ErrorId}.");
                outcome = new IntegrationOutcome<SchemaSyncResult>(integration, result, ex);
            }
            outcomes.Add(outcome);
            // Written as each integration finishes, so a later one (or a stop) cannot hold back or lose it.
            if (options.Completed is { } completed) await completed(outcome).ConfigureAwait(false);
        }
        return outcomes;
    }

    private async Task<IntegrationOutcome<SchemaSyncResult>> SyncAsync(Integration integration, SchemaSyncResult result, SchemaSyncOptions options, CancellationToken cancellationToken)
    {
        var log = _session.Log;
        var repositoryPath = Definitions.DefinitionLoader.NormalizeRepositoryPath(integration.SchemaPath ?? string.Empty);
        if (repositoryPath.Length == 0)
        {
            throw new SyncException(SyncErrorId.IntegrationInvalid, SyncErrorCategory.InvalidArgument,
                $"'{integration.Name}': the schema-sync integration has no 'path' in the repository. Add 'path: <file or folder>' (for example 'api/openapi.yaml') to its definition.", integration.Name);
        }
        if (!SchemaFormatNames.TryParse(integration.Format, out var format))
        {
            throw new SyncException(SyncErrorId.IntegrationInvalid, SyncErrorCategory.InvalidArgument,
                $"'{integration.Name}': 'format: {integration.Format}' is not a schema format; use openapi, raml or graphql, or remove 'format:' to detect it from the content.", integration.Name);
        }

        var connection = await _session.GitHubConnectionAsync(integration, cancellationToken).ConfigureAwait(false);
        var client = new GitHubRepositoryClient(connection, RepositoryName.Parse(integration.Repository));
        var branch = integration.Branch ?? (await client.GetRepositoryAsync(cancellationToken).ConfigureAwait(false)).DefaultBranch;
        result.Branch = branch;

        var local = await ReadLocalAsync(integration, cancellationToken).ConfigureAwait(false);
        log.Verbose($"'{integration.Name}': the local side, {local.Description}, has {local.Files.Count} file(s); the repository side is {integration.Repository} {repositoryPath} on {branch}.");

        var context = new SyncContext(integration, options, client, branch, repositoryPath, format, local, result);
        var attempts = Math.Max(1, _session.CommitterOptions.MaxRaceRetries);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SyncOnceAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (SyncException ex) when (ex.ErrorId == SyncErrorId.BranchMoved)
            {
                if (attempt >= attempts)
                {
                    throw new SyncException(SyncErrorId.BranchMoved, SyncErrorCategory.ResourceBusy,
                        $"'{integration.Name}': the branch {branch} of {integration.Repository} kept moving while this run tried to push the schema ({attempt} attempts); nothing was overwritten. Run again when the other pushes have finished.",
                        integration.Name, ex);
                }
                int delayMs;
                lock (_jitter) delayMs = _jitter.Next(50, 250) * attempt;
                log.Verbose($"'{integration.Name}': the branch {branch} moved while pushing (someone else pushed); deciding again on the new head in {delayMs} ms (attempt {attempt + 1}).");
                await Task.Delay(delayMs, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<IntegrationOutcome<SchemaSyncResult>> SyncOnceAsync(SyncContext context, CancellationToken cancellationToken)
    {
        var log = _session.Log;
        var integration = context.Integration;
        var name = integration.Name;
        var client = context.Client;
        var branch = context.Branch;
        var repositoryPath = context.RepositoryPath;
        var local = context.Local;
        var result = context.Result;

        var head = await client.GetBranchAsync(branch, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            // Only the default branch of an empty repository may be missing: the first push creates it.
            var details = await client.GetRepositoryAsync(cancellationToken).ConfigureAwait(false);
            if (branch != details.DefaultBranch || details.Size > 0) throw client.BranchNotFound(branch);
        }

        // The three sides, as relative path -> git blob sha.
        var linksAndSubmodules = new List<KeyValuePair<string, string>>();
        var remoteTree = head is null ? new Dictionary<string, string>(StringComparer.Ordinal) : await client.GetTreeAsync(head.CommitSha, repositoryPath, cancellationToken, linksAndSubmodules).ConfigureAwait(false);
        WarnLinksAndSubmodules(context, linksAndSubmodules);
        var singleFile = IsSingleFile(integration, local, remoteTree, repositoryPath);
        var fileName = repositoryPath.Split('/').Last();
        var prefix = singleFile ? repositoryPath.Substring(0, repositoryPath.Length - fileName.Length) : repositoryPath + "/";
        var remote = Under(remoteTree, repositoryPath, singleFile, fileName);
        var localFiles = singleFile
            ? local.Files.ToDictionary(_ => fileName, f => f.Value, StringComparer.Ordinal)
            : local.Files.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var localShas = localFiles.ToDictionary(f => f.Key, f => GitBlob.ComputeSha1(f.Value), StringComparer.Ordinal);
        var remoteDescription = $"{integration.Repository} {repositoryPath} on {branch}";
        if (localFiles.Count == 0 && remote.Count == 0)
        {
            throw new SyncException(SyncErrorId.SourceFileNotFound, SyncErrorCategory.ObjectNotFound,
                $"'{name}': there is no schema on either side: {local.Description} is missing or empty, and so is {remoteDescription}. Check 'source' and 'path' in the definition, or put the schema on one side; the next run copies it to the other.",
                name);
        }

        var stateRef = StateRef(name);
        var baseCommit = head is null ? null : await client.GetRefAsync(stateRef, cancellationToken).ConfigureAwait(false);
        var inSync = Same(localShas, remote);
        Dictionary<string, string>? @base = null;
        if (baseCommit is not null && !inSync)
        {
            // Only sides that differ need the last synced state to tell which one moved.
            @base = baseCommit == head!.CommitSha ? remote : Under(await client.GetTreeAsync(baseCommit, repositoryPath, cancellationToken).ConfigureAwait(false), repositoryPath, singleFile, fileName);
        }

        var localChanged = @base is null || !Same(localShas, @base);
        var remoteChanged = @base is null || !Same(remote, @base);
        SchemaSyncDirection decided;
        var preferred = false;
        if (inSync) decided = SchemaSyncDirection.InSync;
        else if (@base is null ? localShas.Count == 0 : !localChanged) decided = SchemaSyncDirection.Pulled;
        else if (@base is null ? remote.Count == 0 : !remoteChanged) decided = SchemaSyncDirection.Pushed;
        else
        {
            // Both sides changed differently (or, on a first sync, both exist and differ): only -Prefer decides.
            preferred = context.Options.Prefer != SyncPreference.None;
            decided = context.Options.Prefer switch
            {
                SyncPreference.Local => SchemaSyncDirection.Pushed,
                SyncPreference.Remote => SchemaSyncDirection.Pulled,
                _ => SchemaSyncDirection.Conflict,
            };
        }

        var changedFiles = localShas.Keys.Union(remote.Keys, StringComparer.Ordinal)
            .Where(p => !localShas.TryGetValue(p, out var l) || !remote.TryGetValue(p, out var r) || l != r)
            .OrderBy(p => p, StringComparer.Ordinal).ToArray();
        result.Files = changedFiles;
        result.RemoteCommit = head?.CommitSha;
        result.LocalVersion = Version(localFiles);
        var since = baseCommit is null ? "(no previous sync recorded in " + stateRef + ")" : "the last sync (" + Short(baseCommit) + ")";
        log.Verbose($"'{name}': local {(localChanged ? "changed" : "unchanged")}, repository {(remoteChanged ? "changed" : "unchanged")} since {since}; "
            + (changedFiles.Length == 0 ? "the sides match" : $"they differ in {string.Join(", ", changedFiles)}") + $" -> {decided}"
            + (preferred ? $" (both changed; -Prefer {context.Options.Prefer} decides)" : string.Empty) + ".");

        if (decided == SchemaSyncDirection.Conflict)
        {
            result.Direction = SchemaSyncDirection.Conflict;
            return new IntegrationOutcome<SchemaSyncResult>(integration, result, await ConflictAsync(context, head!, baseCommit, prefix, changedFiles, cancellationToken).ConfigureAwait(false));
        }

        // Nothing invalid is ever copied: the side that wins is checked before anything is written.
        Dictionary<string, byte[]>? remoteFiles = null;
        if (decided == SchemaSyncDirection.Pushed)
        {
            Checked(context, SchemaValidator.Validate(SchemaSetOf(integration, localFiles), context.Format, $"the local side ({local.Description})", name));
        }
        else if (decided == SchemaSyncDirection.Pulled)
        {
            if (local.Postman is null && remote.Keys.FirstOrDefault(RepositoryPathRule.EntersGitFolder) is { } gitPath)
            {
                // Git refuses such tree entries, but a server need not: written locally they could plant git hooks.
                throw new SyncException(SyncErrorId.PathNotAllowed, SyncErrorCategory.SecurityError,
                    $"'{name}': {remoteDescription} holds '{DisplayText.Line(gitPath)}', a path under '.git' (or a name Windows or macOS takes for it); nothing is ever written there, so nothing was pulled. Remove that entry from the repository.",
                    name);
            }
            remoteFiles = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var pair in remote)
            {
                remoteFiles[pair.Key] = await client.GetBlobAsync(pair.Value, cancellationToken).ConfigureAwait(false);
            }
            Checked(context, SchemaValidator.Validate(SchemaSetOf(integration, remoteFiles), context.Format, $"the repository side ({remoteDescription})", name));
        }

        // A release tag is never moved: refuse before writing anything when it names another commit.
        if (context.Options.Release is { } releaseTag)
        {
            var tagged = await client.GetTagCommitAsync(releaseTag, cancellationToken).ConfigureAwait(false);
            if (tagged is not null && (decided == SchemaSyncDirection.Pushed || tagged != head?.CommitSha))
            {
                throw ReleaseTagExists(integration, releaseTag, tagged, decided == SchemaSyncDirection.Pushed ? null : head?.CommitSha);
            }
        }

        string? syncedCommit = head?.CommitSha;
        if (decided == SchemaSyncDirection.Pushed)
        {
            var action = $"Commit {changedFiles.Length} schema file(s) to {integration.Repository} {repositoryPath} on {branch}: {string.Join(", ", changedFiles.Select(p => Mark(p, localFiles, remote) + prefix + p))}";
            if (!await Confirm(integration, action).ConfigureAwait(false))
            {
                result.Direction = SchemaSyncDirection.WouldPush;
                return new IntegrationOutcome<SchemaSyncResult>(integration, result, null);
            }
            var changes = changedFiles.Select(p => localFiles.TryGetValue(p, out var bytes) ? FileChange.Write(prefix + p, bytes) : FileChange.Delete(prefix + p)).ToList();
            var message = (context.Options.Message ?? $"Sync the {name} schema from {local.ShortDescription}") + "\n\n"
                + string.Join("\n", changedFiles.Select(p => Mark(p, localFiles, remote) + DisplayText.Line(prefix + p))) + "\n\nSynced by PSGitHubSync.\n";
            var limits = _session.CommitterOptions;
            // One attempt: when the branch moved, SyncAsync decides again on the new head instead of rebuilding blindly.
            var committer = new RepositoryCommitter(client, new CommitterOptions { MaxInlineFileBytes = limits.MaxInlineFileBytes, MaxTreeRequestBytes = limits.MaxTreeRequestBytes, MaxRaceRetries = 1 }, log);
            var commit = await committer.CommitAsync(new CommitRequest(branch, changes, message, CommitIdentity.For(integration)) { AllowGitHubFolder = integration.AllowGitHubFolder }, head, cancellationToken).ConfigureAwait(false);
            syncedCommit = commit.CommitSha ?? head?.CommitSha;
            result.Direction = SchemaSyncDirection.Pushed;
            result.CommitSha = syncedCommit;
            log.Verbose($"'{name}': pushed {changedFiles.Length} file(s) to {remoteDescription} as {Short(syncedCommit)}.");
        }
        else if (decided == SchemaSyncDirection.Pulled)
        {
            if (!await Confirm(integration, $"Write {changedFiles.Length} schema file(s) from {remoteDescription} to {local.Description}: {string.Join(", ", changedFiles.Select(p => Mark(p, remote, localFiles) + p))}").ConfigureAwait(false))
            {
                result.Direction = SchemaSyncDirection.WouldPull;
                return new IntegrationOutcome<SchemaSyncResult>(integration, result, null);
            }
            await local.WriteAsync(remoteFiles!, singleFile, name, integration.DefinitionFile, cancellationToken).ConfigureAwait(false);
            result.Direction = SchemaSyncDirection.Pulled;
            result.CommitSha = head!.CommitSha;
            result.LocalVersion = Version(remoteFiles!);
            log.Verbose($"'{name}': wrote {changedFiles.Length} file(s) from {Short(head.CommitSha)} to {local.Description}.");
        }
        else
        {
            result.Direction = SchemaSyncDirection.InSync;
            result.CommitSha = head?.CommitSha;
        }

        if (syncedCommit is not null && syncedCommit != baseCommit)
        {
            // After a confirmed write the state is recorded without asking again; an in-sync run asks (so -WhatIf writes nothing).
            if (decided != SchemaSyncDirection.InSync || await Confirm(integration, $"Record the synced state ({Short(syncedCommit)}) in {integration.Repository} {stateRef}").ConfigureAwait(false))
            {
                await client.SetStateRefAsync(stateRef, syncedCommit, baseCommit is not null, cancellationToken).ConfigureAwait(false);
                log.Verbose($"'{name}': recorded the synced state {Short(syncedCommit)} in {stateRef}.");
            }
        }

        if (context.Options.Release is { } tag && syncedCommit is not null)
        {
            await ReleaseAsync(context, tag, syncedCommit, cancellationToken).ConfigureAwait(false);
        }
        return new IntegrationOutcome<SchemaSyncResult>(integration, result, null);
    }

    /// <summary>
    /// Symbolic links and submodules at or under the schema's path in the repository are skipped, with a warning each:
    /// a pull never writes them (as links or as files), a push never changes or deletes them.
    /// </summary>
    private void WarnLinksAndSubmodules(SyncContext context, IReadOnlyList<KeyValuePair<string, string>> entries)
    {
        foreach (var entry in entries.Where(e => e.Key == context.RepositoryPath || e.Key.StartsWith(context.RepositoryPath + "/", StringComparison.Ordinal)))
        {
            var what = entry.Value == "120000" ? "a symbolic link" : "a submodule";
            _session.Log.Warning($"'{context.Integration.Name}': {entry.Key} in {context.Integration.Repository} on {context.Branch} is {what}; a schema sync never writes links or submodules, so it was skipped: not written locally, and left as it is in the repository. Replace it with the file itself if it belongs to the schema.");
        }
    }

    private async Task<SyncException> ConflictAsync(SyncContext context, BranchHead head, string? baseCommit, string prefix, IReadOnlyList<string> changedFiles, CancellationToken cancellationToken)
    {
        var integration = context.Integration;
        var local = context.Local;
        string remoteChange;
        try
        {
            var last = (await context.Client.ListCommitsAsync(head.CommitSha, context.RepositoryPath, 1, cancellationToken, pageSize: 1).ConfigureAwait(false)).FirstOrDefault();
            remoteChange = last is null
                ? $"at commit {Short(head.CommitSha)}"
                : $"last changed by commit {Short(last.Sha)} ({last.AuthorName}, {last.Date.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}); head {Short(head.CommitSha)}";
        }
        catch (SyncException)
        {
            remoteChange = $"at commit {Short(head.CommitSha)}";
        }
        var localWhen = local.LastWrite is null ? string.Empty : $", last written {local.LastWrite.Value.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}";
        var since = baseCommit is null
            ? "both sides have the schema, with different content, and they were never synced before (no state in " + StateRef(integration.Name) + ")"
            : $"the schema changed on both sides since the last sync (commit {Short(baseCommit)})";
        return new SyncException(SyncErrorId.SchemaSyncConflict, SyncErrorCategory.WriteError,
            $"'{integration.Name}': {since}: the local side ({local.Description}{localWhen}) and {integration.Repository} {context.RepositoryPath} on {context.Branch} ({remoteChange}) "
            + $"differ in {string.Join(", ", changedFiles.Select(f => prefix + f))}. Nothing was written on either side. "
            + "Merge the changes by hand on one side, or run again with -Prefer Local (the local side wins) or -Prefer Remote (the repository wins).",
            integration.Name);
    }

    private async Task ReleaseAsync(SyncContext context, string tag, string commit, CancellationToken cancellationToken)
    {
        var integration = context.Integration;
        var client = context.Client;
        var notes = context.Options.ReleaseNotes;
        var existing = await client.GetTagCommitAsync(tag, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing != commit) throw ReleaseTagExists(integration, tag, existing, commit);
        if (!await Confirm(integration, $"Tag {Short(commit)} as {tag} in {integration.Repository} and publish a release" + (context.Local.Postman is null ? string.Empty : " and a Postman API version")).ConfigureAwait(false)) return;
        if (existing is null)
        {
            var tagObject = await client.CreateAnnotatedTagAsync(tag, notes ?? $"{integration.Name} {tag}", commit, CommitIdentity.For(integration), cancellationToken).ConfigureAwait(false);
            await client.CreateRefAsync("refs/tags/" + tag, tagObject, cancellationToken).ConfigureAwait(false);
            _session.Log.Verbose($"'{integration.Name}': tagged {Short(commit)} as {tag}.");
        }
        var url = await client.GetReleaseUrlAsync(tag, cancellationToken).ConfigureAwait(false);
        if (url is null)
        {
            url = await client.CreateReleaseAsync(tag, $"{integration.Name} {tag}", notes, cancellationToken).ConfigureAwait(false);
            _session.Log.Verbose($"'{integration.Name}': published the release {tag}.");
        }
        if (context.Local.Postman is { } postman)
        {
            var versions = await postman.Client.GetApiVersionNamesAsync(postman.ApiId, cancellationToken).ConfigureAwait(false);
            if (!versions.Contains(tag, StringComparer.Ordinal))
            {
                await postman.Client.CreateApiVersionAsync(postman.ApiId, postman.SchemaId, tag, notes, cancellationToken).ConfigureAwait(false);
                _session.Log.Verbose($"'{integration.Name}': created the Postman API version {tag}.");
            }
        }
        context.Result.Release = tag;
        context.Result.ReleaseUrl = string.IsNullOrEmpty(url) ? null : url;
    }

    private static SyncException ReleaseTagExists(Integration integration, string tag, string existing, string? commit) =>
        new(SyncErrorId.ReleaseTagExists, SyncErrorCategory.ResourceExists,
            $"'{integration.Name}': the tag {tag} already exists in {integration.Repository} on another commit ({Short(existing)}, not the "
            + (commit is null ? "new commit this sync pushes" : "synced " + Short(commit)) + "). Tags are never moved, and nothing was written: choose a new version for -Release.",
            integration.Name);

    private Task<bool> Confirm(Integration integration, string action) => _session.ShouldProcess(integration.Name, action);

    /// <summary>The side's files as one schema, with the integration's <c>root:</c> when it names one of them.</summary>
    private static SchemaSet SchemaSetOf(Integration integration, IReadOnlyDictionary<string, byte[]> files)
    {
        var root = integration.SchemaRoot;
        // A single-file schema is its own root; 'root:' only picks among the files of a folder.
        if (root is not null && files.Count == 1 && !files.ContainsKey(root)) root = null;
        try
        {
            return SchemaSet.Create(files, root);
        }
        catch (SyncException ex) when (root is not null && ex.ErrorId == SchemaErrorIds.InvalidSchema)
        {
            throw new SyncException(SchemaErrorIds.InvalidSchema, SyncErrorCategory.InvalidData,
                $"'{integration.Name}': 'root: {root}' names no file of the schema ({ex.Message}) Set 'root:' to the root document's path relative to the schema's folder, or remove it.", integration.Name, ex);
        }
    }

    /// <summary>The warnings of the side that is copied: on the result, and one line each in the warning stream (at most a few).</summary>
    private void Checked(SyncContext context, SchemaValidationResult validation)
    {
        if (validation.Warnings.Count == 0) return;
        context.Result.Warnings = validation.Warnings.Select(w => w.ToString()).ToArray();
        const int shown = 5;
        foreach (var warning in validation.Warnings.Take(shown)) _session.Log.Warning($"'{context.Integration.Name}': {warning}");
        if (validation.Warnings.Count > shown)
        {
            _session.Log.Warning($"'{context.Integration.Name}': ... and {validation.Warnings.Count - shown} more schema warning(s); see the result's Warnings. They do not stop the sync.");
        }
    }

    private async Task<LocalSide> ReadLocalAsync(Integration integration, CancellationToken cancellationToken)
    {
        if (integration.Source.File is { } path)
        {
            // Links are never followed: a schema (file or folder) that is or holds a link is refused, so nothing it points at is pushed.
            var root = LocalFileGate.RootFor(path, integration.DefinitionFile);
            LocalFileGate.RefuseLinks(path, root, integration.Name);
            try
            {
                if (File.Exists(path))
                {
                    return new LocalSide(new Dictionary<string, byte[]>(StringComparer.Ordinal) { [Path.GetFileName(path)] = LocalFileGate.ReadAllBytes(path, root, integration.Name) }, true, true, path, Path.GetFileName(path), File.GetLastWriteTimeUtc(path), null);
                }
                if (Directory.Exists(path))
                {
                    var set = SchemaSet.FromDirectory(path);
                    var files = set.Files.ToDictionary(f => f.Path, f => f.ToArray(), StringComparer.Ordinal);
                    var last = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty().Max();
                    return new LocalSide(files, false, true, path, Path.GetFileName(path.TrimEnd('/', '\\')), last == default ? null : new DateTimeOffset(last, TimeSpan.Zero), null);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SyncException(SchemaSyncErrorIds.LocalReadFailed, SyncErrorCategory.PermissionDenied,
                    $"'{integration.Name}': cannot read the schema at {path}: {ex.Message}", integration.Name, ex);
            }
            catch (SyncException ex) when (ex.ErrorId == SyncErrorId.LocalPathIsLink && !Equals(ex.Target, integration.Name))
            {
                throw new SyncException(ex.ErrorId, ex.Category, $"'{integration.Name}': {ex.Message}", integration.Name, ex);
            }
            // Neither exists: a sync pulls into it. A path with an extension is taken for a file.
            return new LocalSide(new Dictionary<string, byte[]>(StringComparer.Ordinal), Path.HasExtension(path), false, path, Path.GetFileName(path.TrimEnd('/', '\\')), null, null);
        }

        if (integration.Source.PostmanWorkspace is null || integration.Source.PostmanApi is null)
        {
            throw new SyncException(SyncErrorId.IntegrationInvalid, SyncErrorCategory.InvalidArgument,
                $"'{integration.Name}': the source names neither a file nor a Postman API. Add 'source: {{ file: <file or folder> }}' or 'source: {{ postman: {{ workspace: ..., api: ... }} }}'.", integration.Name);
        }
        var client = await _session.PostmanClientAsync(integration, cancellationToken).ConfigureAwait(false);
        var workspace = await client.ResolveWorkspaceAsync(integration.Source.PostmanWorkspace, cancellationToken).ConfigureAwait(false);
        var api = await client.ResolveApiAsync(workspace, integration.Source.PostmanApi, cancellationToken).ConfigureAwait(false);
        var schemaId = await client.GetSchemaIdAsync(api.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new SyncException(SyncErrorId.ApiNotFound, SyncErrorCategory.ObjectNotFound,
                $"'{integration.Name}': the Postman API '{api.Name}' has no schema yet. Add one in Postman (API > Definition), then run again.", integration.Name);
        var schemaFiles = await client.GetSchemaFilesAsync(api.Id, schemaId, cancellationToken).ConfigureAwait(false);
        var normalized = schemaFiles.ToDictionary(f => f.Key.TrimStart('/'), f => f.Value, StringComparer.Ordinal);
        var description = $"the Postman API '{api.Name}' in the workspace '{workspace.Name}'";
        return new LocalSide(normalized, normalized.Count == 1, normalized.Count > 0, description, $"Postman API '{api.Name}'", null, new PostmanSide(client, api.Id, schemaId));
    }

    /// <summary>Whether the schema is one file (true) or a folder, from what each side holds; a file on one side and a folder on the other is refused.</summary>
    private static bool IsSingleFile(Integration integration, LocalSide local, IReadOnlyDictionary<string, string> tree, string repositoryPath)
    {
        var remoteIsFile = tree.ContainsKey(repositoryPath);
        var remoteIsFolder = !remoteIsFile && tree.Keys.Any(k => k.StartsWith(repositoryPath + "/", StringComparison.Ordinal));
        if (local.Postman is null)
        {
            if (!local.Exists) return remoteIsFile || (!remoteIsFolder && local.IsSingleFile);
            if (local.IsSingleFile && remoteIsFolder) throw ShapeMismatch(integration, $"{local.Description} is a file, but {repositoryPath} is a folder in {integration.Repository}", "point 'source.file' at a folder, or 'path' at a file");
            if (!local.IsSingleFile && remoteIsFile) throw ShapeMismatch(integration, $"{local.Description} is a folder, but {repositoryPath} is a file in {integration.Repository}", "point 'path' at a folder for a multi-file schema, or 'source.file' at a file");
            return local.IsSingleFile;
        }
        var single = remoteIsFile || (!remoteIsFolder && local.Files.Count <= 1 && Path.HasExtension(repositoryPath));
        if (single && local.Files.Count > 1)
        {
            throw ShapeMismatch(integration, $"{repositoryPath} is {(remoteIsFile ? "a file in " + integration.Repository : "the name of a file")}, but {local.Description} has {local.Files.Count} schema files", "point 'path' at a folder for a multi-file schema");
        }
        return single;
    }

    private static SyncException ShapeMismatch(Integration integration, string what, string fix) =>
        new(SyncErrorId.IntegrationInvalid, SyncErrorCategory.InvalidArgument, $"'{integration.Name}': {what}; a schema syncs as a file on both sides or as a folder on both sides. Change the definition: {fix}.", integration.Name);

    private static Dictionary<string, string> Under(IReadOnlyDictionary<string, string> tree, string repositoryPath, bool singleFile, string fileName)
    {
        if (singleFile)
        {
            return tree.TryGetValue(repositoryPath, out var sha) ? new Dictionary<string, string>(StringComparer.Ordinal) { [fileName] = sha } : new Dictionary<string, string>(StringComparer.Ordinal);
        }
        var prefix = repositoryPath + "/";
        return tree.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(e => e.Key.Substring(prefix.Length), e => e.Value, StringComparer.Ordinal);
    }

    private static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var other) && other == pair.Value);

    private static string Mark<T1, T2>(string path, IReadOnlyDictionary<string, T1> from, IReadOnlyDictionary<string, T2> to) =>
        from.ContainsKey(path) ? (to.ContainsKey(path) ? "~ " : "+ ") : "- ";

    private static string? Version(IReadOnlyDictionary<string, byte[]> files) =>
        files.Count == 0 ? null : SchemaSet.Create(files).Fingerprint.Substring(0, 12);

    private static string Short(string? sha) => sha is null ? "(none)" : sha.Length > 7 ? sha.Substring(0, 7) : sha;

    private static SchemaSyncResult Result(Integration integration) => new()
    {
        Name = integration.Name,
        Direction = SchemaSyncDirection.Failed,
        Repository = integration.Repository,
        Branch = integration.Branch ?? string.Empty,
        Path = integration.SchemaPath ?? string.Empty,
    };

    private sealed class SyncContext
    {
        public SyncContext(Integration integration, SchemaSyncOptions options, GitHubRepositoryClient client, string branch, string repositoryPath, SchemaFormat? format, LocalSide local, SchemaSyncResult result)
        {
            Integration = integration;
            Options = options;
            Client = client;
            Branch = branch;
            RepositoryPath = repositoryPath;
            Format = format;
            Local = local;
            Result = result;
        }

        public Integration Integration { get; }

        public SchemaSyncOptions Options { get; }

        public GitHubRepositoryClient Client { get; }

        public string Branch { get; }

        public string RepositoryPath { get; }

        public SchemaFormat? Format { get; }

        public LocalSide Local { get; }

        public SchemaSyncResult Result { get; }
    }

    /// <summary>The local side: files on disk or a Postman API's schema files.</summary>
    private sealed class LocalSide
    {
        public LocalSide(IReadOnlyDictionary<string, byte[]> files, bool isSingleFile, bool exists, string description, string shortDescription, DateTimeOffset? lastWrite, PostmanSide? postman)
        {
            Files = files;
            IsSingleFile = isSingleFile;
            Exists = exists;
            Description = description;
            ShortDescription = shortDescription;
            LastWrite = lastWrite;
            Postman = postman;
        }

        /// <summary>Relative path (the file's own name for a single file) to bytes.</summary>
        public IReadOnlyDictionary<string, byte[]> Files { get; }

        public bool IsSingleFile { get; }

        /// <summary>True when the file or folder exists (Postman: the schema has files).</summary>
        public bool Exists { get; }

        /// <summary>The path on disk, or the Postman API as people read it.</summary>
        public string Description { get; }

        /// <summary>For commit messages: the file or folder name, or the Postman API.</summary>
        public string ShortDescription { get; }

        public DateTimeOffset? LastWrite { get; }

        public PostmanSide? Postman { get; }

        /// <summary>
        /// Replaces the local side's content with <paramref name="files"/> (keyed as the sync compares them): atomically
        /// for a file, staged and swapped for a folder, file by file in Postman (a single file keeps its Postman name).
        /// </summary>
        public async Task WriteAsync(IReadOnlyDictionary<string, byte[]> files, bool singleFile, string integrationName, string? definitionFile, CancellationToken cancellationToken)
        {
            if (Postman is { } postman)
            {
                if (singleFile && Files.Count == 1) files = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [Files.Keys.Single()] = files.Values.Single() };
                foreach (var file in files.Where(f => !Files.TryGetValue(f.Key, out var old) || !old.SequenceEqual(f.Value)))
                {
                    await postman.Client.PutSchemaFileAsync(postman.ApiId, postman.SchemaId, file.Key, file.Value, cancellationToken).ConfigureAwait(false);
                }
                foreach (var gone in Files.Keys.Where(k => !files.ContainsKey(k)).ToArray())
                {
                    await postman.Client.DeleteSchemaFileAsync(postman.ApiId, postman.SchemaId, gone, cancellationToken).ConfigureAwait(false);
                }
                return;
            }

            try
            {
                // Nothing is written through a link: not the file or folder itself, nor a folder on the way to it.
                var root = LocalFileGate.RootFor(Description, definitionFile);
                LocalFileGate.RefuseLinks(Description, root, integrationName);
                if (singleFile)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(Description))!);
                    LocalFileGate.WriteAtomically(Description, files.Values.Single(), root, integrationName);
                    return;
                }
                WriteFolder(Path.GetFullPath(Description).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar), files);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SyncException(SchemaSyncErrorIds.LocalWriteFailed, SyncErrorCategory.WriteError,
                    $"'{integrationName}': cannot write the schema to {Description}: {ex.Message} The local side was left as it was.", integrationName, ex);
            }
        }

        /// <summary>Writes the new content beside the folder, then swaps the two, so readers see the old or the new folder, never a mix.</summary>
        private static void WriteFolder(string full, IReadOnlyDictionary<string, byte[]> files)
        {
            var suffix = Guid.NewGuid().ToString("N").Substring(0, 8);
            var staging = full + ".psgithubsync-new-" + suffix;
            var old = full + ".psgithubsync-old-" + suffix;
            try
            {
                Directory.CreateDirectory(staging);
                foreach (var file in files)
                {
                    var relative = file.Key.Replace('/', Path.DirectorySeparatorChar);
                    var path = Path.Combine(staging, relative);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    // A replaced file keeps its permissions (set before the content is written); a new one gets the default.
                    var replaced = Path.Combine(full, relative);
                    LocalFileGate.WriteNew(path, file.Value, File.Exists(replaced) ? LocalFileGate.GetUnixMode(replaced) : null);
                }
                // Folders keep theirs too, deepest first (a read-only folder is made so after what goes into it).
                foreach (var folder in Directory.GetDirectories(staging, "*", SearchOption.AllDirectories).OrderByDescending(f => f.Length).Append(staging))
                {
                    LocalFileGate.CopyUnixMode(Path.Combine(full, folder.Substring(staging.Length).TrimStart(Path.DirectorySeparatorChar)), folder);
                }
                var hadOld = Directory.Exists(full);
                if (hadOld) Directory.Move(full, old);
                try
                {
                    Directory.Move(staging, full);
                }
                catch
                {
                    if (hadOld) Directory.Move(old, full);
                    throw;
                }
                // What the sync never reads (.git, linked folders) goes back into the new folder; the old folder is
                // deleted only when all of it did, so nothing the schema does not own is ever lost.
                if (hadOld && CarryOverUnread(old, full)) Directory.Delete(old, recursive: true);
            }
            finally
            {
                if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            }
        }

        /// <summary>
        /// Moves what <see cref="SchemaSet"/> skips when it reads a folder (entries named .git, and linked
        /// folders) from <paramref name="from"/> to the same place under <paramref name="to"/>. False when
        /// something could not be moved (it then stays in <paramref name="from"/>).
        /// </summary>
        private static bool CarryOverUnread(string from, string to)
        {
            var complete = true;
            foreach (var entry in new DirectoryInfo(from).GetFileSystemInfos())
            {
                var target = Path.Combine(to, entry.Name);
                var unread = string.Equals(entry.Name, ".git", StringComparison.OrdinalIgnoreCase) || (entry.Attributes & FileAttributes.ReparsePoint) != 0;
                try
                {
                    if (unread)
                    {
                        if (File.Exists(target) || Directory.Exists(target)) { complete = false; continue; }
                        Directory.CreateDirectory(to);
                        if (entry is DirectoryInfo) Directory.Move(entry.FullName, target);
                        else File.Move(entry.FullName, target);
                    }
                    else if (entry is DirectoryInfo)
                    {
                        complete &= CarryOverUnread(entry.FullName, target);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    complete = false;
                }
            }
            return complete;
        }
    }

    private sealed class PostmanSide
    {
        public PostmanSide(PostmanClient client, string apiId, string schemaId)
        {
            Client = client;
            ApiId = apiId;
            SchemaId = schemaId;
        }

        public PostmanClient Client { get; }

        public string ApiId { get; }

        public string SchemaId { get; }
    }
}

/// <summary>The stable error ids of schema sync beyond <see cref="SyncErrorId"/> and <see cref="SchemaErrorIds"/>.</summary>
public static class SchemaSyncErrorIds
{
    /// <summary>The local schema file or folder exists but cannot be read.</summary>
    public const string LocalReadFailed = nameof(LocalReadFailed);

    /// <summary>Writing the pulled schema to disk failed; the local side was left as it was.</summary>
    public const string LocalWriteFailed = nameof(LocalWriteFailed);
}

/// <summary>Which side wins a conflict.</summary>
public enum SyncPreference
{
    /// <summary>Neither: a conflict is reported and nothing is written.</summary>
    None,
    /// <summary>The local side (file, folder or Postman) wins.</summary>
    Local,
    /// <summary>The repository wins.</summary>
    Remote,
}

/// <summary>Options of one schema sync run.</summary>
public sealed class SchemaSyncOptions
{
    /// <summary>Which side wins a conflict.</summary>
    public SyncPreference Prefer { get; set; }

    /// <summary>A tag to create on the synced commit, with a GitHub release (and a Postman API version).</summary>
    public string? Release { get; set; }

    /// <summary>The release notes.</summary>
    public string? ReleaseNotes { get; set; }

    /// <summary>A commit subject instead of the generated one.</summary>
    public string? Message { get; set; }

    /// <summary>
    /// Called with each integration's outcome as soon as it is known (in input order), before the next one
    /// starts; the run waits for it. Null: outcomes are only returned at the end.
    /// </summary>
    public Func<IntegrationOutcome<SchemaSyncResult>, Task>? Completed { get; set; }
}

