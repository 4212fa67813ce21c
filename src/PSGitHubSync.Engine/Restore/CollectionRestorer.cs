using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Collections;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.IO;

namespace PSGitHubSync.Engine.Restore;

/// <summary>
/// The way back from a collection backup: lists the commits that changed each backed-up collection
/// file (from the files the backup state <c>.psgithubsync/backup-state.json</c> records), and restores
/// one version to a file or into the Postman collection the state recorded (creating it again in the
/// recorded workspace when it is gone). Reads GitHub only; writes only after confirmation.
/// </summary>
public sealed partial class CollectionRestorer
{
    private readonly BackupSession _session;

    /// <summary>Creates the restorer over a session (connections, secrets, confirmation).</summary>
    public CollectionRestorer(BackupSession session) => _session = session;

    /// <summary>
    /// The versions of the integration's backed-up collections whose name (or file name) matches one of
    /// <paramref name="collections"/> (wildcards; null: all), newest first per file, at most <paramref name="first"/> per file.
    /// </summary>
    /// <exception cref="SyncException"><c>CollectionNotInBackup</c> when nothing matches; GitHub failures.</exception>
    public async Task<IReadOnlyList<CollectionBackupVersion>> HistoryAsync(Integration integration, IReadOnlyList<string>? collections, int? first, CancellationToken cancellationToken)
    {
        using var scratch = TemporaryFolder.Create(_session.TemporaryRoot);
        var location = await LocateAsync(integration, scratch, cancellationToken).ConfigureAwait(false);
        var entries = Entries(location.Manifest, integration)
            .Where(e => collections is null || collections.Count == 0 || collections.Any(pattern => Matches(pattern, e.Key, e.Value)))
            .ToList();
        if (entries.Count == 0) throw NotInBackup(integration, collections is null || collections.Count == 0 ? null : string.Join(", ", collections), location.Branch);

        var result = new List<CollectionBackupVersion>();
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // One history across renames: the current path's commits, then each earlier path's (older) ones.
            var names = new[] { entry.Value.Name }.Concat(entry.Value.RenamedFrom.Select(r => r.Name)).Distinct(StringComparer.Ordinal).ToArray();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var versions = new List<CollectionBackupVersion>();
            foreach (var (path, nameThen) in new[] { (entry.Key, entry.Value.Name) }.Concat(entry.Value.RenamedFrom.Select(r => (r.Path, r.Name))))
            {
                _session.Log.Verbose($"'{integration.Name}': listing the commits of {path} on {location.Branch}.");
                var commits = await location.Client.ListCommitsAsync(location.Branch, path, first, cancellationToken).ConfigureAwait(false);
                foreach (var commit in commits.Where(c => seen.Add(c.Sha)))
                {
                    var version = Version(integration, location, path, entry.Value.Name, commit);
                    version.Names = names;
                    version.NameAtCommit = nameThen;
                    version.CollectionId = entry.Value.Id;
                    versions.Add(version);
                }
            }
            result.AddRange(first is { } limit ? versions.Take(limit) : versions);
        }
        return result;
    }

    /// <summary>Restores one version (see <see cref="RestoreRequest"/>).</summary>
    /// <exception cref="SyncException">
    /// <c>CollectionNotInBackup</c>, <c>CommitNotFound</c>, <c>InvalidCollection</c>, <c>FileExists</c>, <c>PostmanTargetUnknown</c>,
    /// <c>CollectionAmbiguous</c>, and GitHub or Postman failures.
    /// </exception>
    public async Task<RestoreResult> RestoreAsync(RestoreRequest request, CancellationToken cancellationToken)
    {
        var integration = request.Integration;

        // The state file and the version wait in temporary files (deleted however the restore ends); the version is sent from there.
        using var scratch = TemporaryFolder.Create(_session.TemporaryRoot);
        var location = await LocateAsync(integration, scratch, cancellationToken).ConfigureAwait(false);
        var (path, entry) = SelectFile(integration, location, request);
        var sha = await ResolveCommitAsync(location, path, request.CommitSha, cancellationToken).ConfigureAwait(false);
        var version = await ReadVersionAsync(request, location, path, sha, scratch, cancellationToken).ConfigureAwait(false);
        var name = entry?.Name is { Length: > 0 } recorded ? recorded : version.Name;
        var result = new RestoreResult { Collection = name, CommitSha = sha };
        if (request.OutFile is { } outFile) return await WriteOutFileAsync(request, outFile, version, name, result).ConfigureAwait(false);
        return await RestoreToPostmanAsync(integration, location, path, entry, version, name, result, scratch, cancellationToken).ConfigureAwait(false);
    }

    private (string Path, BackupManifestEntry? Entry) SelectFile(Integration integration, Location location, RestoreRequest request)
    {
        if (request.Path is { Length: > 0 } path)
        {
            // A path from the history: the file's current path, or one it had before the collection was renamed.
            if (!location.Manifest.Files.TryGetValue(path, out var recorded))
            {
                recorded = location.Manifest.Files.Values.FirstOrDefault(e => e.RenamedFrom.Any(r => r.Path == path));
            }
            return (path, recorded);
        }
        var entries = Entries(location.Manifest, integration).ToList();
        var matched = request.Collection is null ? entries : entries.Where(e => Matches(request.Collection, e.Key, e.Value)).ToList();
        if (matched.Count == 1) return (matched[0].Key, matched[0].Value);
        if (matched.Count == 0) throw NotInBackup(integration, request.Collection, location.Branch);
        throw new SyncException(SyncErrorId.CollectionAmbiguous, SyncErrorCategory.InvalidArgument,
            $"'{integration.Name}' backs up {matched.Count} collections{(request.Collection is null ? string.Empty : $" matching '{request.Collection}'")}: {string.Join(", ", matched.Select(m => $"'{m.Value.Name}'"))}. Name one with -Collection.",
            request.Collection ?? integration.Name);
    }

    private async Task<string> ResolveCommitAsync(Location location, string path, string commitSha, CancellationToken cancellationToken)
    {
        var sha = commitSha.Trim().ToLowerInvariant();
        if (sha.Length == 40 && sha.All(Uri.IsHexDigit))
        {
            if (await location.Client.CommitExistsAsync(sha, cancellationToken).ConfigureAwait(false)) return sha;
            throw CommitNotFound(location, commitSha);
        }
        if (sha.Length >= 4 && sha.Length < 40 && sha.All(Uri.IsHexDigit))
        {
            // A short sha: one of the commits that changed the file.
            var history = await location.Client.ListCommitsAsync(location.Branch, path, null, cancellationToken).ConfigureAwait(false);
            var matches = history.Where(c => c.Sha.StartsWith(sha, StringComparison.OrdinalIgnoreCase)).ToList();
            if (matches.Count == 1) return matches[0].Sha;
        }
        throw CommitNotFound(location, commitSha);
    }

    private async Task<Location> LocateAsync(Integration integration, TemporaryFolder scratch, CancellationToken cancellationToken)
    {
        var connection = await _session.GitHubConnectionAsync(integration, cancellationToken).ConfigureAwait(false);
        var client = new GitHubRepositoryClient(connection, RepositoryName.Parse(integration.Repository));
        var manifest = new BackupManifest();
        try
        {
            manifest = await BackupStateFile.ReadAsync(client, integration.Branch, scratch, cancellationToken).ConfigureAwait(false);
        }
        catch (SyncException ex) when (ex.ErrorId == SyncErrorId.RepositoryEmpty)
        {
            // Nothing backed up yet: an empty state.
        }
        var branch = integration.Branch ?? manifest.Branch ?? (await client.GetRepositoryAsync(cancellationToken).ConfigureAwait(false)).DefaultBranch;
        return new Location(client, branch, manifest);
    }

    private static IEnumerable<KeyValuePair<string, BackupManifestEntry>> Entries(BackupManifest manifest, Integration integration) =>
        manifest.Files.Where(f => f.Value.Kind == "collection" && string.Equals(f.Value.Integration, integration.Name, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when <paramref name="pattern"/> (wildcards <c>*</c> <c>?</c>, case-insensitive) matches the collection's name, its file name or its path.</summary>
    internal static bool Matches(string pattern, string path, BackupManifestEntry entry)
    {
        var regex = Postman.PostmanClient.Wildcard(pattern);
        var fileName = path.Substring(path.LastIndexOf('/') + 1);
        return regex.IsMatch(entry.Name) || regex.IsMatch(fileName) || regex.IsMatch(path) || string.Equals(pattern, entry.Id, StringComparison.OrdinalIgnoreCase) || string.Equals(pattern, entry.Uid, StringComparison.OrdinalIgnoreCase)
            || entry.RenamedFrom.Any(r => regex.IsMatch(r.Name) || regex.IsMatch(r.Path));
    }

    private static CollectionBackupVersion Version(Integration integration, Location location, string path, string name, CommitDetails commit) => new()
    {
        Integration = integration.Name,
        Collection = name,
        Path = path,
        CommitSha = commit.Sha,
        Date = commit.Date,
        Message = commit.Subject,
        Author = commit.AuthorName,
        CommitUrl = commit.HtmlUrl,
        Repository = integration.Repository,
        Branch = location.Branch,
        Definition = integration,
    };

    private static SyncException NotInBackup(Integration integration, string? collection, string branch) =>
        new(RestoreErrorIds.CollectionNotInBackup, SyncErrorCategory.ObjectNotFound,
            collection is null
                ? $"'{integration.Name}' has no collection in the backup state of {integration.Repository} ({branch}) yet. Run Invoke-CollectionBackup -Name {integration.Name} first."
                : $"No collection backed up by '{integration.Name}' in {integration.Repository} ({branch}) matches '{collection}'. See what is there with Get-CollectionBackupHistory -Name {integration.Name}.",
            collection ?? integration.Name);

    private static SyncException CommitNotFound(Location location, string commitSha) =>
        new(RestoreErrorIds.CommitNotFound, SyncErrorCategory.ObjectNotFound,
            $"The commit '{commitSha}' was not found in {location.Client.Repository}. Use a sha from Get-CollectionBackupHistory (the full sha, or at least 4 of its first digits).", commitSha);

    private sealed class Location
    {
        public Location(GitHubRepositoryClient client, string branch, BackupManifest manifest)
        {
            Client = client;
            Branch = branch;
            Manifest = manifest;
        }

        public GitHubRepositoryClient Client { get; }

        public string Branch { get; }

        public BackupManifest Manifest { get; }
    }
}

/// <summary>What to restore and where to.</summary>
public sealed class RestoreRequest
{
    /// <summary>Creates the request.</summary>
    public RestoreRequest(Integration integration, string commitSha)
    {
        Integration = integration;
        CommitSha = commitSha;
    }

    /// <summary>The integration that backs the collection up.</summary>
    public Integration Integration { get; }

    /// <summary>The commit: 40 hex digits, or a prefix (at least 4) of a commit that changed the file.</summary>
    public string CommitSha { get; }

    /// <summary>The file's path in the repository (from a <see cref="CollectionBackupVersion"/>), or null to select by <see cref="Collection"/>.</summary>
    public string? Path { get; set; }

    /// <summary>The collection's name, file name, id or a wildcard matching exactly one; null: the integration's only collection.</summary>
    public string? Collection { get; set; }

    /// <summary>The file to write; null restores into Postman.</summary>
    public string? OutFile { get; set; }

    /// <summary>Overwrite an existing <see cref="OutFile"/>.</summary>
    public bool Force { get; set; }
}
