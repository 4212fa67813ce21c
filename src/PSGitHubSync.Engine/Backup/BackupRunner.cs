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
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.IO;
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
        var repositoryEmpty = false;
        try
        {
            var connection = await _session.GitHubConnectionAsync(first, cancellationToken).ConfigureAwait(false);
            client = new GitHubRepositoryClient(connection, RepositoryName.Parse(first.Repository));
            byte[]? manifestFile = null;
            try
            {
                manifestFile = await client.GetTextFileAsync(BackupManifest.RepositoryPath, first.Branch, cancellationToken).ConfigureAwait(false);
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
        var prepared = new Dictionary<Integration, IReadOnlyList<PreparedFile>>();
        var failures = new Dictionary<Integration, SyncException>();
        var claimed = new Dictionary<string, Integration>(PortableFileName.Comparer);   // one file on Windows and macOS is one path
        var tasks = group.Select(async integration =>
        {
            try
            {
                return (integration, files: await PrepareAsync(integration, manifest, options, cancellationToken).ConfigureAwait(false), error: (SyncException?)null);
            }
            catch (SyncException ex)
            {
                return (integration, files: (IReadOnlyList<PreparedFile>)Array.Empty<PreparedFile>(), error: ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Something unforeseen (such as a Postman answer with an unexpected body): this integration fails, the others run.
                var fromFile = integration.Source.File is not null;
                var error = new SyncException(fromFile ? SyncErrorId.SourceFileNotFound : SyncErrorId.PostmanRequestFailed, SyncErrorCategory.InvalidData,
                    $"'{integration.Name}': its {(fromFile ? "collection file" : "collections in Postman")} could not be read ({ex.GetType().Name}: {ex.Message}). Run again with -Verbose to see each step.", integration.Name, ex);
                return (integration, files: (IReadOnlyList<PreparedFile>)Array.Empty<PreparedFile>(), error);
            }
        }).ToList();
        foreach (var (integration, files, error) in await Task.WhenAll(tasks).ConfigureAwait(false))
        {
            if (error is not null)
            {
                failures[integration] = error;
                continue;
            }
            if (files.Select(f => RepositoryPathRule.Refusal(f.Path, integration.AllowGitHubFolder)).FirstOrDefault(r => r is not null) is { } refusal)
            {
                failures[integration] = new SyncException(SyncErrorId.PathNotAllowed, SyncErrorCategory.SecurityError, $"'{integration.Name}': {refusal}", integration.Name);
                continue;
            }
            var clash = files.FirstOrDefault(f => claimed.ContainsKey(f.Path));
            if (clash is not null)
            {
                failures[integration] = new SyncException(SyncErrorId.DefinitionFileInvalid, SyncErrorCategory.InvalidData,
                    $"'{integration.Name}' would write {DisplayText.Line(clash.Path)}, which '{claimed[clash.Path].Name}' writes in the same run (or a path Windows and macOS take for the same file). Give one of them another directory or fileName.", integration.Name);
                continue;
            }
            foreach (var file in files) claimed[file.Path] = integration;
            prepared[integration] = files;
        }

        var changed = prepared.SelectMany(p => p.Value).Where(f => f.Changed).ToList();
        var outcomes = new List<IntegrationOutcome<BackupResult>>();
        if (changed.Count == 0)
        {
            foreach (var integration in group)
            {
                outcomes.Add(failures.TryGetValue(integration, out var failure)
                    ? Failed(integration, failure)
                    : Succeeded(integration, Result(integration, prepared[integration], BackupStatus.Unchanged, manifest.Branch ?? integration.Branch ?? string.Empty, null, null)));
            }
            log.Verbose($"Nothing changed for {first.Repository}; no commit.");
            return outcomes;
        }

        var names = changed.Select(f => f.Name).Distinct().ToList();
        var target = first.Repository + (first.Branch is null ? string.Empty : $" ({first.Branch})");
        var action = $"Commit {changed.Count} changed file(s): {string.Join(", ", names.Take(10))}{(names.Count > 10 ? $" and {names.Count - 10} more" : string.Empty)}";
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
                outcomes.Add(failures.TryGetValue(integration, out var failure)
                    ? Failed(integration, failure)
                    : Succeeded(integration, Result(integration, prepared[integration], null, wouldBranch, null, null, wouldOnly: true)));
            }
            return outcomes;
        }

        CommitOutcome commit;
        string branch;
        try
        {
            branch = first.Branch ?? manifest.Branch ?? (await client.GetRepositoryAsync(cancellationToken).ConfigureAwait(false)).DefaultBranch;
            foreach (var file in prepared.SelectMany(p => p.Value)) manifest.Files[file.Path] = file.Entry;
            manifest.Branch = branch;
            var fileChanges = changed.Select(f => FileChange.Write(f.Path, f.Content!)).ToList();
            fileChanges.Add(FileChange.Write(BackupManifest.RepositoryPath, manifest.ToJson()));
            var message = CommitMessage(changed, options.Message);
            var committer = new RepositoryCommitter(client, _session.CommitterOptions, log);
            var allowGitHubFolder = changed.All(f => !RepositoryPathRule.EntersGitHubFolder(f.Path) || f.Integration.AllowGitHubFolder);
            try
            {
                commit = await committer.CommitAsync(new CommitRequest(branch, fileChanges, message, first.Committer) { RebuildOnNewHead = RebuildState, AllowGitHubFolder = allowGitHubFolder }, null, cancellationToken).ConfigureAwait(false);
            }
            catch (SyncException ex) when (ex.ErrorId == SyncErrorId.BranchNotFound && first.Branch is null && manifest.Branch is not null && !repositoryEmpty)
            {
                // The default branch recorded last time is gone (renamed): ask GitHub again.
                branch = (await client.GetRepositoryAsync(cancellationToken).ConfigureAwait(false)).DefaultBranch;
                manifest.Branch = branch;
                fileChanges[fileChanges.Count - 1] = FileChange.Write(BackupManifest.RepositoryPath, manifest.ToJson());
                commit = await committer.CommitAsync(new CommitRequest(branch, fileChanges, message, first.Committer) { RebuildOnNewHead = RebuildState, AllowGitHubFolder = allowGitHubFolder }, null, cancellationToken).ConfigureAwait(false);
            }

            // Someone pushed meanwhile, perhaps another backup of this repository: the state file on the new head
            // keeps what that push recorded, and takes this run's entries for the files this run writes.
            async Task<IReadOnlyList<FileChange>> RebuildState(BranchHead newHead, CancellationToken token)
            {
                var theirs = BackupManifest.Parse(await client.GetTextFileAsync(BackupManifest.RepositoryPath, newHead.CommitSha, token).ConfigureAwait(false));
                foreach (var file in prepared.SelectMany(p => p.Value))
                {
                    if (file.Changed || !theirs.Files.ContainsKey(file.Path)) theirs.Files[file.Path] = file.Entry;
                }
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
                var error = failures.TryGetValue(integration, out var failure) ? failure : null;
                var unchangedOnly = error is null && prepared[integration].All(f => !f.Changed);
                outcomes.Add(error is not null ? Failed(integration, error)
                    : unchangedOnly ? Succeeded(integration, Result(integration, prepared[integration], BackupStatus.Unchanged, first.Branch ?? string.Empty, null, null))
                    : Failed(integration, ex));
            }
            return outcomes;
        }

        foreach (var integration in group)
        {
            outcomes.Add(failures.TryGetValue(integration, out var failure)
                ? Failed(integration, failure)
                : Succeeded(integration, Result(integration, prepared[integration], null, branch, commit.Committed ? commit.CommitSha : null, commit.Committed ? commit.CommitUrl : null)));
        }
        return outcomes;
    }

    private async Task<IReadOnlyList<PreparedFile>> PrepareAsync(Integration integration, BackupManifest manifest, BackupOptions options, CancellationToken cancellationToken)
    {
        var policy = (options.SecretPolicy ?? integration.SecretPolicy).ToLowerInvariant();
        var directory = (integration.Directory ?? Integration.DefaultDirectory).Trim('/');
        if (directory == ".") directory = string.Empty;
        string PathFor(string fileName) => directory.Length == 0 ? fileName : directory + "/" + fileName;

        if (integration.Source.File is { } file)
        {
            if (!File.Exists(file))
            {
                throw new SyncException(SyncErrorId.SourceFileNotFound, SyncErrorCategory.ObjectNotFound,
                    $"The collection file {file} of '{integration.Name}' does not exist. Export the collection from Postman to that path, or fix 'source.file' (relative paths start at the definitions file's folder).", integration.Name);
            }
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SyncException(SyncErrorId.SourceFileNotFound, SyncErrorCategory.PermissionDenied,
                    $"The collection file {file} of '{integration.Name}' could not be read: {ex.Message} Check that it is not being written or locked and that this account can read it, then run again.", integration.Name, ex);
            }
            var document = CollectionDocument.Parse(bytes, file);
            var path = PathFor(integration.FileName ?? FileNames.ForCollection(document.Name));
            manifest.Files.TryGetValue(path, out var previous);
            return new[] { Process(integration, document, path, previous, policy, new BackupManifestEntry { Source = "file", Id = document.PostmanId, Name = document.Name, SecretPolicy = policy }) };
        }

        var postman = await _session.PostmanClientAsync(integration, cancellationToken).ConfigureAwait(false);
        var workspace = await postman.ResolveWorkspaceAsync(integration.Source.Workspace!, cancellationToken).ConfigureAwait(false);
        var listed = await _session.CollectionsOfAsync(postman, workspace.Id, cancellationToken).ConfigureAwait(false);
        var selected = PostmanClient.Select(listed, integration.Source.Collection!, workspace.Name);
        if (selected.Count == 0) _session.Log.Warning($"'{integration.Name}': no collection in the workspace '{workspace.Name}' matches '{integration.Source.Collection}'.");

        var fileNames = FileNames.Assign(selected, integration.Source.IsWildcard ? null : integration.FileName, FileNames.CollectionSuffix);
        var work = selected.Select(summary => PrepareRemoteAsync(integration, summary, PathFor(fileNames[summary]), "collection", workspace.Id, manifest, policy,
            token => postman.GetCollectionAsync(summary.Uid, token), cancellationToken)).ToList();
        if (integration.Source.Environments)
        {
            var environments = await postman.ListEnvironmentsAsync(workspace.Id, cancellationToken).ConfigureAwait(false);
            var environmentNames = FileNames.Assign(environments, null, FileNames.EnvironmentSuffix);
            work.AddRange(environments.Select(summary => PrepareRemoteAsync(integration, summary, PathFor(environmentNames[summary]), "environment", workspace.Id, manifest, policy,
                token => postman.GetEnvironmentAsync(summary.Uid, token), cancellationToken)));
        }
        return await Task.WhenAll(work).ConfigureAwait(false);
    }

    private async Task<PreparedFile> PrepareRemoteAsync(Integration integration, PostmanCollectionSummary summary, string path, string kind, string workspaceId,
        BackupManifest manifest, string policy, Func<CancellationToken, Task<byte[]>> download, CancellationToken cancellationToken)
    {
        manifest.Files.TryGetValue(path, out var previous);
        var entry = new BackupManifestEntry { Kind = kind, Source = "postman", Id = summary.Id, Uid = summary.Uid, Name = summary.Name, WorkspaceId = workspaceId, UpdatedAt = summary.UpdatedAt, SecretPolicy = policy };
        if (previous is not null && summary.UpdatedAt is not null && previous.UpdatedAt == summary.UpdatedAt && previous.Uid == summary.Uid && previous.Integration == integration.Name
            && (previous.SecretPolicy == policy || previous.Secrets == 0))
        {
            // Postman says nothing changed since the last backup, and the secret policy it was written under
            // still gives the same file: no download at all.
            entry.Integration = integration.Name;
            entry.Sha = previous.Sha;
            entry.Requests = previous.Requests;
            entry.SecretPolicy = previous.SecretPolicy;
            entry.Secrets = previous.Secrets;
            return new PreparedFile(integration, path, summary.Name, entry, null, changed: false, isNew: false, Array.Empty<RequestChange>(), 0);
        }

        byte[] bytes;
        await _session.FetchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _session.Log.Verbose($"'{integration.Name}': downloading {kind} '{summary.Name}' ({summary.Uid}).");
            bytes = await download(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _session.FetchGate.Release();
        }

        if (kind == "environment")
        {
            var normalized = CollectionNormalizer.NormalizeEnvironment(bytes, $"{summary.Name} ({summary.Uid})");
            var secrets = SecretScanner.ScanEnvironment(normalized);
            if (ApplySecretPolicy(integration, "environment", summary.Name, secrets, policy)) normalized = SecretScanner.RedactEnvironment(normalized, secrets);
            return Finish(integration, path, summary.Name, previous, entry, normalized, secrets.Count, Array.Empty<RequestChange>());
        }
        var document = CollectionDocument.Parse(bytes, $"{summary.Name} ({summary.Uid})");
        return Process(integration, document, path, previous, policy, entry);
    }

    private PreparedFile Process(Integration integration, CollectionDocument document, string path, BackupManifestEntry? previous, string policy, BackupManifestEntry entry)
    {
        var findings = SecretScanner.Scan(document);
        if (ApplySecretPolicy(integration, "collection", document.Name, findings, policy)) document = SecretScanner.Redact(document, findings);
        var bytes = CollectionNormalizer.Normalize(document);
        var requests = RequestIndex.FromJson(bytes);
        entry.Requests = requests;
        var changes = RequestIndex.Compare(previous?.Requests, requests);
        return Finish(integration, path, document.Name, previous, entry, bytes, findings.Count, changes);
    }

    /// <summary>
    /// Applies the secret policy to what the scanner found in one collection or environment: warns
    /// (warn), throws <c>SecretsInCollection</c> (block), or returns true when the values are to be
    /// replaced by the placeholder (redact).
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
                _session.Log.Warning($"'{integration.Name}': the {kind} '{name}' holds {findings.Count} likely secret value(s) that will be committed: {paths}. Use -SecretPolicy Redact or Block (or 'secretPolicy:' in the definitions file) to keep them out.");
                return false;
        }
    }

    private static PreparedFile Finish(Integration integration, string path, string name, BackupManifestEntry? previous, BackupManifestEntry entry, byte[] bytes, int secrets, IReadOnlyList<RequestChange> changes)
    {
        entry.Integration = integration.Name;
        entry.Secrets = secrets;
        entry.Sha = GitBlob.ComputeSha1(bytes);
        var changed = previous is null || previous.Sha != entry.Sha;
        return new PreparedFile(integration, path, name, entry, bytes, changed, isNew: previous is null, changed ? changes : Array.Empty<RequestChange>(), secrets);
    }

    private static BackupResult Result(Integration integration, IReadOnlyList<PreparedFile> files, BackupStatus? status, string branch, string? commitSha, string? commitUrl, bool wouldOnly = false)
    {
        BackupStatus StatusOf(PreparedFile f) =>
            !f.Changed ? BackupStatus.Unchanged
            : wouldOnly ? (f.IsNew ? BackupStatus.WouldCreate : BackupStatus.WouldUpdate)
            : f.IsNew ? BackupStatus.Created : BackupStatus.Updated;

        var fileResults = files.Select(f => new BackupFile { Path = f.Path, Name = f.Name, Status = StatusOf(f), Bytes = f.Content?.LongLength ?? 0 }).ToArray();
        var overall = status ?? (fileResults.Any(f => f.Status is BackupStatus.Updated or BackupStatus.WouldUpdate)
            ? (wouldOnly ? BackupStatus.WouldUpdate : BackupStatus.Updated)
            : fileResults.Any(f => f.Status is BackupStatus.Created or BackupStatus.WouldCreate)
                ? (wouldOnly ? BackupStatus.WouldCreate : BackupStatus.Created)
                : BackupStatus.Unchanged);
        var anyChanged = files.Any(f => f.Changed);
        return new BackupResult
        {
            Name = integration.Name,
            Source = integration.Source.ToString(),
            Repository = integration.Repository,
            Branch = branch,
            Path = files.Count == 1 ? files[0].Path : (integration.Directory ?? Integration.DefaultDirectory),
            Files = fileResults,
            Status = overall,
            CommitSha = anyChanged ? commitSha : null,
            CommitUrl = anyChanged ? commitUrl : null,
            Bytes = files.Where(f => f.Changed).Sum(f => f.Content?.LongLength ?? 0),
            SecretsFound = files.Sum(f => f.SecretsFound),
            Changes = files.Where(f => f.Changed).SelectMany(f => f.Changes.Select(c => $"{f.Name}: {c}")).ToArray(),
        };
    }

    private static IntegrationOutcome<BackupResult> Succeeded(Integration integration, BackupResult result) => new(integration, result, null);

    private static IntegrationOutcome<BackupResult> Failed(Integration integration, SyncException error) => new(integration, new BackupResult
    {
        Name = integration.Name,
        Source = integration.Source.ToString(),
        Repository = integration.Repository,
        Branch = integration.Branch ?? string.Empty,
        Path = integration.Directory ?? string.Empty,
        Status = BackupStatus.Failed,
    }, error);

    /// <summary>
    /// The commit message: a subject naming the collections, and a changelog body. Names come from data, so each
    /// is shown on one line with control characters escaped (<see cref="DisplayText.Line"/>): a name cannot add
    /// lines, colour a terminal or reverse text; <see cref="CommitRequest"/> cleans the whole message once more.
    /// </summary>
    internal static string CommitMessage(IReadOnlyList<PreparedFile> changed, string? subject)
    {
        var names = changed.Select(f => DisplayText.Line(f.Name)).Distinct().ToList();
        var builder = new StringBuilder();
        builder.Append(subject ?? (names.Count <= 3
            ? "Back up " + string.Join(", ", names)
            : $"Back up {names.Count} Postman collections: {string.Join(", ", names.Take(3))} and {names.Count - 3} more"));
        builder.Append("\n\n");
        foreach (var file in changed.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            builder.Append(DisplayText.Line(file.Name)).Append(" (").Append(DisplayText.Line(file.Path)).Append(")").Append(file.IsNew ? ": new" : string.Empty).Append('\n');
            foreach (var change in file.Changes.Take(50)) builder.Append("  ").Append(DisplayText.Line(change.ToString())).Append('\n');
            if (file.Changes.Count > 50) builder.Append("  ... and ").Append(file.Changes.Count - 50).Append(" more\n");
            if (!file.IsNew && file.Changes.Count == 0) builder.Append("  (collection settings changed)\n");
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

    public bool Changed { get; }

    public bool IsNew { get; }

    public IReadOnlyList<RequestChange> Changes { get; }

    public int SecretsFound { get; }
}

/// <summary>Options of one backup run.</summary>
public sealed class BackupOptions
{
    /// <summary>A commit subject instead of the generated one.</summary>
    public string? Message { get; set; }

    /// <summary><c>warn</c>, <c>redact</c> or <c>block</c> for every integration, instead of each one's own.</summary>
    public string? SecretPolicy { get; set; }
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
