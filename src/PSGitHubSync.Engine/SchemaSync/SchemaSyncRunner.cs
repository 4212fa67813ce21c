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
public sealed partial class SchemaSyncRunner
{
    /// <summary>The namespace of the state refs.</summary>
    public const string StateRefPrefix = "refs/psgithubsync/schema-sync/";

    private readonly BackupSession _session;

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
        // When the branch moved underneath a push, the sync is decided again on the new head (not rebuilt blindly).
        return await new RepositoryCommitter(client, _session.CommitterOptions, log).WhileBranchMovesAsync(
            _ => SyncOnceAsync(context, cancellationToken),
            (attempt, ex) => new SyncException(SyncErrorId.BranchMoved, SyncErrorCategory.ResourceBusy,
                $"'{integration.Name}': the branch {branch} of {integration.Repository} kept moving while this run tried to push the schema ({attempt} attempts); nothing was overwritten. Run again when the other pushes have finished.",
                integration.Name, ex),
            (attempt, delayMs) => $"'{integration.Name}': the branch {branch} moved while pushing (someone else pushed); deciding again on the new head in {delayMs} ms (attempt {attempt + 1}).",
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<IntegrationOutcome<SchemaSyncResult>> SyncOnceAsync(SyncContext context, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(context, cancellationToken).ConfigureAwait(false);
        var integration = context.Integration;
        if (plan.Decided == SchemaSyncDirection.Conflict)
        {
            context.Result.Direction = SchemaSyncDirection.Conflict;
            return new IntegrationOutcome<SchemaSyncResult>(integration, context.Result, await ConflictAsync(context, plan.Head!, plan.BaseCommit, plan.Prefix, plan.ChangedFiles, cancellationToken).ConfigureAwait(false));
        }

        var remoteFiles = await CheckWinnerAsync(context, plan, cancellationToken).ConfigureAwait(false);
        var (applied, syncedCommit) = await ApplyAsync(context, plan, remoteFiles, cancellationToken).ConfigureAwait(false);
        if (!applied) return new IntegrationOutcome<SchemaSyncResult>(integration, context.Result, null);

        if (syncedCommit is not null && syncedCommit != plan.BaseCommit)
        {
            // After a confirmed write the state is recorded without asking again; an in-sync run asks (so -WhatIf writes nothing).
            if (plan.Decided != SchemaSyncDirection.InSync || await Confirm(integration, $"Record the synced state ({Short(syncedCommit)}) in {integration.Repository} {plan.StateRef}").ConfigureAwait(false))
            {
                await context.Client.SetStateRefAsync(plan.StateRef, syncedCommit, plan.BaseCommit is not null, cancellationToken).ConfigureAwait(false);
                _session.Log.Verbose($"'{integration.Name}': recorded the synced state {Short(syncedCommit)} in {plan.StateRef}.");
            }
        }

        if (context.Options.Release is { } tag && syncedCommit is not null)
        {
            await ReleaseAsync(context, tag, syncedCommit, cancellationToken).ConfigureAwait(false);
        }
        return new IntegrationOutcome<SchemaSyncResult>(integration, context.Result, null);
    }

    /// <summary>Reads the branch head, both sides and the last synced state, and decides the direction.</summary>
    private async Task<SyncPlan> PlanAsync(SyncContext context, CancellationToken cancellationToken)
    {
        var integration = context.Integration;
        var name = integration.Name;
        var client = context.Client;
        var branch = context.Branch;
        var repositoryPath = context.RepositoryPath;
        var local = context.Local;
        var plan = new SyncPlan { Head = await client.GetBranchAsync(branch, cancellationToken).ConfigureAwait(false) };
        var head = plan.Head;
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
        plan.SingleFile = IsSingleFile(integration, local, remoteTree, repositoryPath);
        var fileName = repositoryPath.Split('/').Last();
        plan.Prefix = plan.SingleFile ? repositoryPath.Substring(0, repositoryPath.Length - fileName.Length) : repositoryPath + "/";
        plan.Remote = Under(remoteTree, repositoryPath, plan.SingleFile, fileName);
        plan.LocalFiles = plan.SingleFile
            ? local.Files.ToDictionary(_ => fileName, f => f.Value, StringComparer.Ordinal)
            : local.Files.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var localShas = plan.LocalFiles.ToDictionary(f => f.Key, f => GitBlob.ComputeSha1(f.Value), StringComparer.Ordinal);
        plan.RemoteDescription = $"{integration.Repository} {repositoryPath} on {branch}";
        if (plan.LocalFiles.Count == 0 && plan.Remote.Count == 0)
        {
            throw new SyncException(SyncErrorId.SourceFileNotFound, SyncErrorCategory.ObjectNotFound,
                $"'{name}': there is no schema on either side: {local.Description} is missing or empty, and so is {plan.RemoteDescription}. Check 'source' and 'path' in the definition, or put the schema on one side; the next run copies it to the other.",
                name);
        }

        plan.StateRef = StateRef(name);
        plan.BaseCommit = head is null ? null : await client.GetRefAsync(plan.StateRef, cancellationToken).ConfigureAwait(false);
        var inSync = Same(localShas, plan.Remote);
        Dictionary<string, string>? @base = null;
        if (plan.BaseCommit is not null && !inSync)
        {
            // Only sides that differ need the last synced state to tell which one moved.
            @base = plan.BaseCommit == head!.CommitSha ? plan.Remote : Under(await client.GetTreeAsync(plan.BaseCommit, repositoryPath, cancellationToken).ConfigureAwait(false), repositoryPath, plan.SingleFile, fileName);
        }
        Decide(context, plan, localShas, @base, inSync);
        return plan;
    }

    /// <summary>Decides the direction from the two sides and the last synced state, and narrates why.</summary>
    private void Decide(SyncContext context, SyncPlan plan, Dictionary<string, string> localShas, Dictionary<string, string>? @base, bool inSync)
    {
        var remote = plan.Remote;
        var localChanged = @base is null || !Same(localShas, @base);
        var remoteChanged = @base is null || !Same(remote, @base);
        var preferred = false;
        if (inSync) plan.Decided = SchemaSyncDirection.InSync;
        else if (@base is null ? localShas.Count == 0 : !localChanged) plan.Decided = SchemaSyncDirection.Pulled;
        else if (@base is null ? remote.Count == 0 : !remoteChanged) plan.Decided = SchemaSyncDirection.Pushed;
        else
        {
            // Both sides changed differently (or, on a first sync, both exist and differ): only -Prefer decides.
            preferred = context.Options.Prefer != SyncPreference.None;
            plan.Decided = context.Options.Prefer switch
            {
                SyncPreference.Local => SchemaSyncDirection.Pushed,
                SyncPreference.Remote => SchemaSyncDirection.Pulled,
                _ => SchemaSyncDirection.Conflict,
            };
        }

        plan.ChangedFiles = localShas.Keys.Union(remote.Keys, StringComparer.Ordinal)
            .Where(p => !localShas.TryGetValue(p, out var l) || !remote.TryGetValue(p, out var r) || l != r)
            .OrderBy(p => p, StringComparer.Ordinal).ToArray();
        var result = context.Result;
        result.Files = plan.ChangedFiles;
        result.RemoteCommit = plan.Head?.CommitSha;
        result.LocalVersion = Version(plan.LocalFiles);
        var since = plan.BaseCommit is null ? "(no previous sync recorded in " + plan.StateRef + ")" : "the last sync (" + Short(plan.BaseCommit) + ")";
        _session.Log.Verbose($"'{context.Integration.Name}': local {(localChanged ? "changed" : "unchanged")}, repository {(remoteChanged ? "changed" : "unchanged")} since {since}; "
            + (plan.ChangedFiles.Length == 0 ? "the sides match" : $"they differ in {string.Join(", ", plan.ChangedFiles)}") + $" -> {plan.Decided}"
            + (preferred ? $" (both changed; -Prefer {context.Options.Prefer} decides)" : string.Empty) + ".");
    }

    /// <summary>
    /// Nothing invalid is ever copied: checks the side that wins before anything is written (reading the repository's files
    /// for a pull, returned), and refuses to move a release tag that names another commit.
    /// </summary>
    private async Task<Dictionary<string, byte[]>?> CheckWinnerAsync(SyncContext context, SyncPlan plan, CancellationToken cancellationToken)
    {
        var integration = context.Integration;
        var name = integration.Name;
        Dictionary<string, byte[]>? remoteFiles = null;
        if (plan.Decided == SchemaSyncDirection.Pushed)
        {
            Checked(context, SchemaValidator.Validate(SchemaSetOf(integration, plan.LocalFiles), context.Format, $"the local side ({context.Local.Description})", name));
        }
        else if (plan.Decided == SchemaSyncDirection.Pulled)
        {
            if (context.Local.Postman is null && plan.Remote.Keys.FirstOrDefault(RepositoryPathRule.EntersGitFolder) is { } gitPath)
            {
                // Git refuses such tree entries, but a server need not: written locally they could plant git hooks.
                throw new SyncException(SyncErrorId.PathNotAllowed, SyncErrorCategory.SecurityError,
                    $"'{name}': {plan.RemoteDescription} holds '{DisplayText.Line(gitPath)}', a path under '.git' (or a name Windows or macOS takes for it); nothing is ever written there, so nothing was pulled. Remove that entry from the repository.",
                    name);
            }
            remoteFiles = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var pair in plan.Remote)
            {
                remoteFiles[pair.Key] = await context.Client.GetBlobAsync(pair.Value, cancellationToken).ConfigureAwait(false);
            }
            Checked(context, SchemaValidator.Validate(SchemaSetOf(integration, remoteFiles), context.Format, $"the repository side ({plan.RemoteDescription})", name));
        }

        // A release tag is never moved: refuse before writing anything when it names another commit.
        if (context.Options.Release is { } releaseTag)
        {
            var tagged = await context.Client.GetTagCommitAsync(releaseTag, cancellationToken).ConfigureAwait(false);
            var head = plan.Head;
            if (tagged is not null && (plan.Decided == SchemaSyncDirection.Pushed || tagged != head?.CommitSha))
            {
                throw ReleaseTagExists(integration, releaseTag, tagged, plan.Decided == SchemaSyncDirection.Pushed ? null : head?.CommitSha);
            }
        }
        return remoteFiles;
    }

    /// <summary>Pushes, pulls or records that the sides match; false when -WhatIf or a declined -Confirm stopped it, with the commit now synced.</summary>
    private async Task<(bool Applied, string? SyncedCommit)> ApplyAsync(SyncContext context, SyncPlan plan, Dictionary<string, byte[]>? remoteFiles, CancellationToken cancellationToken)
    {
        var integration = context.Integration;
        var name = integration.Name;
        var result = context.Result;
        var head = plan.Head;
        var changedFiles = plan.ChangedFiles;
        var prefix = plan.Prefix;
        if (plan.Decided == SchemaSyncDirection.Pushed)
        {
            var action = $"Commit {changedFiles.Length} schema file(s) to {integration.Repository} {context.RepositoryPath} on {context.Branch}: {string.Join(", ", changedFiles.Select(p => Mark(p, plan.LocalFiles, plan.Remote) + prefix + p))}";
            if (!await Confirm(integration, action).ConfigureAwait(false))
            {
                result.Direction = SchemaSyncDirection.WouldPush;
                return (false, null);
            }
            var changes = changedFiles.Select(p => plan.LocalFiles.TryGetValue(p, out var bytes) ? FileChange.Write(prefix + p, bytes) : FileChange.Delete(prefix + p)).ToList();
            var message = (context.Options.Message ?? $"Sync the {name} schema from {context.Local.ShortDescription}") + "\n\n"
                + string.Join("\n", changedFiles.Select(p => Mark(p, plan.LocalFiles, plan.Remote) + DisplayText.Line(prefix + p))) + "\n\nSynced by PSGitHubSync.\n";
            var limits = _session.CommitterOptions;
            // One attempt: when the branch moved, SyncAsync decides again on the new head instead of rebuilding blindly.
            var committer = new RepositoryCommitter(context.Client, new CommitterOptions { MaxInlineFileBytes = limits.MaxInlineFileBytes, MaxTreeRequestBytes = limits.MaxTreeRequestBytes, MaxRaceRetries = 1 }, _session.Log);
            var commit = await committer.CommitAsync(new CommitRequest(context.Branch, changes, message, CommitIdentity.For(integration)) { AllowGitHubFolder = integration.AllowGitHubFolder }, head, cancellationToken).ConfigureAwait(false);
            var syncedCommit = commit.CommitSha ?? head?.CommitSha;
            result.Direction = SchemaSyncDirection.Pushed;
            result.CommitSha = syncedCommit;
            _session.Log.Verbose($"'{name}': pushed {changedFiles.Length} file(s) to {plan.RemoteDescription} as {Short(syncedCommit)}.");
            return (true, syncedCommit);
        }
        if (plan.Decided == SchemaSyncDirection.Pulled)
        {
            if (!await Confirm(integration, $"Write {changedFiles.Length} schema file(s) from {plan.RemoteDescription} to {context.Local.Description}: {string.Join(", ", changedFiles.Select(p => Mark(p, plan.Remote, plan.LocalFiles) + p))}").ConfigureAwait(false))
            {
                result.Direction = SchemaSyncDirection.WouldPull;
                return (false, null);
            }
            await context.Local.WriteAsync(remoteFiles!, plan.SingleFile, name, integration.DefinitionFile, cancellationToken).ConfigureAwait(false);
            result.Direction = SchemaSyncDirection.Pulled;
            result.CommitSha = head!.CommitSha;
            result.LocalVersion = Version(remoteFiles!);
            _session.Log.Verbose($"'{name}': wrote {changedFiles.Length} file(s) from {Short(head.CommitSha)} to {context.Local.Description}.");
            return (true, head.CommitSha);
        }
        result.Direction = SchemaSyncDirection.InSync;
        result.CommitSha = head?.CommitSha;
        return (true, head?.CommitSha);
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
}
