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

/// <summary>The schema's other home (a file, a folder, or a Postman API schema) and the sync's context.</summary>
public sealed partial class SchemaSyncRunner
{
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

    /// <summary>What one attempt found on both sides and decided.</summary>
    private sealed class SyncPlan
    {
        public BranchHead? Head { get; set; }

        public bool SingleFile { get; set; }

        public string Prefix { get; set; } = string.Empty;

        public Dictionary<string, string> Remote { get; set; } = new(StringComparer.Ordinal);

        public Dictionary<string, byte[]> LocalFiles { get; set; } = new(StringComparer.Ordinal);

        public string RemoteDescription { get; set; } = string.Empty;

        public string StateRef { get; set; } = string.Empty;

        public string? BaseCommit { get; set; }

        public SchemaSyncDirection Decided { get; set; }

        public string[] ChangedFiles { get; set; } = Array.Empty<string>();
    }

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

