using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Collections;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.IO;

namespace PSGitHubSync.Engine.Restore;

/// <summary>The two ends of a restore: the version read from GitHub into a temporary file, and its target (a file or Postman).</summary>
public sealed partial class CollectionRestorer
{
    private static readonly byte[] Placeholder = Encoding.UTF8.GetBytes(SecretScanner.PlaceholderPrefix);

    /// <summary>
    /// Downloads the file at <paramref name="sha"/> into a temporary file and checks that it is a collection; only its name and
    /// whether it holds redaction placeholders are kept in memory.
    /// </summary>
    private async Task<RestoredVersion> ReadVersionAsync(RestoreRequest request, Location location, string path, string sha, TemporaryFolder scratch, CancellationToken cancellationToken)
    {
        var shortSha = sha.Substring(0, 7);
        string file;
        bool found;
        using (var stream = scratch.CreateFile("restore", out file))
        {
            try
            {
                found = await location.Client.DownloadFileAsync(path, sha, stream, cancellationToken).ConfigureAwait(false);
            }
            catch (SyncException ex) when (ex.ErrorId == SyncErrorId.BranchNotFound)
            {
                throw CommitNotFound(location, request.CommitSha);
            }
        }
        if (!found)
        {
            throw new SyncException(RestoreErrorIds.CollectionNotInBackup, SyncErrorCategory.ObjectNotFound,
                $"'{request.Integration.Name}': {path} did not exist at commit {shortSha} of {location.Client.Repository}. List the commits that hold it with Get-CollectionBackupHistory -Name {request.Integration.Name}.", path);
        }
        var content = FileContent.FromFile(file);
        CollectionPassResult checkedVersion;
        using (var input = content.OpenRead())
        {
            // The streaming pass refuses what is not a collection (as the backup does), reading the file in pieces.
            checkedVersion = CollectionStreamNormalizer.NormalizeCollection(input, Stream.Null, $"{path} at commit {shortSha}", new CollectionPassOptions { CheckSchema = false });
        }
        return new RestoredVersion(content, checkedVersion.Name, shortSha, content.Contains(Placeholder));
    }

    private async Task<RestoreResult> WriteOutFileAsync(RestoreRequest request, string outFile, RestoredVersion version, string name, RestoreResult result)
    {
        var full = Path.GetFullPath(outFile);
        result.Target = full;
        // A link is never written through, -Force or not: it could point anywhere (a profile, an authorized_keys file).
        LocalFileGate.RefuseLinks(full, root: null, integrationName: null);
        if (File.Exists(full) && !request.Force)
        {
            throw new SyncException(RestoreErrorIds.FileExists, SyncErrorCategory.ResourceExists,
                $"The file {full} exists; it was not overwritten. Use -Force to replace it, or choose another -OutFile.", full);
        }
        if (Directory.Exists(full))
        {
            throw new SyncException(RestoreErrorIds.FileExists, SyncErrorCategory.ResourceExists,
                $"{full} is a folder; give -OutFile a file name, for example {Path.Combine(full, FileNames.ForCollection(name))}.", full);
        }
        if (!await _session.ShouldProcess(full, $"Write the collection '{name}' as of commit {version.ShortSha}").ConfigureAwait(false))
        {
            result.Status = RestoreStatus.WouldRestore;
            return result;
        }
        try
        {
            AtomicFile.Write(full, version.Content);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SyncException(RestoreErrorIds.OutFileWriteFailed, SyncErrorCategory.WriteError, $"Cannot write {full}: {ex.Message}", full, ex);
        }
        _session.Log.Verbose($"Wrote {version.Content.Length} bytes of '{name}' (commit {version.ShortSha}) to {full}.");
        result.Status = RestoreStatus.Restored;
        return result;
    }

    /// <summary>Into the collection the backup state recorded (at the branch head, else at that commit), or created again in its workspace when it is gone.</summary>
    private async Task<RestoreResult> RestoreToPostmanAsync(Integration integration, Location location, string path, BackupManifestEntry? entry, RestoredVersion version, string name, RestoreResult result, TemporaryFolder scratch, CancellationToken cancellationToken)
    {
        var shortSha = version.ShortSha;
        entry = await PostmanEntryAsync(integration, location, path, entry, result.CommitSha!, scratch, cancellationToken).ConfigureAwait(false);
        var uid = (entry.Uid ?? entry.Id)!;
        var postman = await _session.PostmanClientAsync(integration, cancellationToken).ConfigureAwait(false);
        var exists = true;
        if (entry.WorkspaceId is not null)
        {
            var listed = await postman.ListCollectionsAsync(entry.WorkspaceId, cancellationToken).ConfigureAwait(false);
            exists = listed.Any(c => string.Equals(c.Uid, uid, StringComparison.OrdinalIgnoreCase) || string.Equals(c.Id, entry.Id, StringComparison.OrdinalIgnoreCase));
        }
        result.CollectionUid = uid;
        result.Target = "Postman: " + uid;
        var target = exists ? $"Postman collection '{name}' ({uid})" : $"Postman workspace {entry.WorkspaceId}";
        var action = exists ? $"Replace the collection with its version of commit {shortSha}" : $"Create the collection '{name}' (gone from Postman) from its version of commit {shortSha}";
        if (!await _session.ShouldProcess(target, action).ConfigureAwait(false))
        {
            result.Created = !exists;
            result.Status = RestoreStatus.WouldRestore;
            return result;
        }
        if (version.HasPlaceholders)
        {
            _session.Log.Warning($"'{integration.Name}': the version of '{name}' at commit {shortSha} was backed up with its secrets redacted; the restored collection holds placeholders such as \"{SecretScanner.PlaceholderFor("apiKey")}\" where they were, each naming its value; they are not the secrets. Set those values again in Postman.");
        }
        if (exists)
        {
            try
            {
                await postman.UpdateCollectionAsync(uid, version.Content, cancellationToken).ConfigureAwait(false);
                _session.Log.Verbose($"Replaced the Postman collection '{name}' ({uid}) with its version of commit {shortSha}.");
                result.Status = RestoreStatus.Restored;
                return result;
            }
            catch (SyncException ex) when (ex.ErrorId == SyncErrorId.CollectionNotFound && entry.WorkspaceId is not null)
            {
                // Deleted between the listing and the update: create it instead (already confirmed as a restore).
            }
        }
        if (entry.WorkspaceId is null)
        {
            throw new SyncException(SyncErrorId.CollectionNotFound, SyncErrorCategory.ObjectNotFound,
                $"The Postman collection {uid} no longer exists and the backup state records no workspace to create it in. Restore it with -OutFile and import that file in Postman.", uid);
        }
        var created = await postman.CreateCollectionAsync(entry.WorkspaceId, version.Content, cancellationToken).ConfigureAwait(false);
        _session.Log.Verbose($"Created the Postman collection '{name}' ({created.Uid}) in workspace {entry.WorkspaceId} from its version of commit {shortSha}.");
        result.CollectionUid = created.Uid;
        result.Target = "Postman: " + created.Uid;
        result.Created = true;
        result.Status = RestoreStatus.Restored;
        return result;
    }

    /// <summary>The state entry that names the Postman collection: the branch head's, else the one recorded at that commit.</summary>
    private static async Task<BackupManifestEntry> PostmanEntryAsync(Integration integration, Location location, string path, BackupManifestEntry? entry, string sha, TemporaryFolder scratch, CancellationToken cancellationToken)
    {
        if (entry is null || entry.Source != "postman" || (entry.Uid ?? entry.Id) is null)
        {
            var atCommit = await BackupStateFile.ReadAsync(location.Client, sha, scratch, cancellationToken).ConfigureAwait(false);
            if (atCommit.Files.TryGetValue(path, out var older) && older.Source == "postman" && (older.Uid ?? older.Id) is not null) entry = older;
        }
        if (entry is null || entry.Source != "postman" || (entry.Uid ?? entry.Id) is null)
        {
            throw new SyncException(RestoreErrorIds.PostmanTargetUnknown, SyncErrorCategory.InvalidOperation,
                $"'{integration.Name}': the backup state records no Postman collection for {path} (it was backed up from an exported file). Restore it with -OutFile and import that file in Postman.", path);
        }
        return entry;
    }

    /// <summary>A backed-up version in a temporary file, with what the restore needs to know of it.</summary>
    private sealed class RestoredVersion
    {
        public RestoredVersion(FileContent content, string name, string shortSha, bool hasPlaceholders)
        {
            Content = content;
            Name = name;
            ShortSha = shortSha;
            HasPlaceholders = hasPlaceholders;
        }

        public FileContent Content { get; }

        public string Name { get; }

        public string ShortSha { get; }

        public bool HasPlaceholders { get; }
    }
}
