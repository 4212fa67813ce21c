using System;
using System.Collections.Generic;
using PSGitHubSync.Engine.Collections;
using PSGitHubSync.Engine.IO;

namespace PSGitHubSync.Engine.Backup;

/// <summary>One file a backup run prepared.</summary>
internal sealed class PreparedFile
{
    /// <summary>Files up to this size stay in memory until the commit; larger ones wait in the run's temporary folder.</summary>
    internal const int InMemoryLimit = 64 * 1024;

    public PreparedFile(Integration integration, string path, string name, BackupManifestEntry entry, byte[]? content, bool changed, bool isNew, IReadOnlyList<RequestChange> changes, int secretsFound)
        : this(integration, path, name, entry, content is null ? null : FileContent.FromBytes(content), changed, isNew, changes, secretsFound)
    {
    }

    public PreparedFile(Integration integration, string path, string name, BackupManifestEntry entry, FileContent? content, bool changed, bool isNew, IReadOnlyList<RequestChange> changes, int secretsFound)
    {
        Integration = integration;
        Path = path;
        Name = name;
        Entry = entry;
        Content = content;
        Length = content?.Length ?? 0;
        Changed = changed;
        IsNew = isNew;
        Changes = changes;
        SecretsFound = secretsFound;
    }

    public Integration Integration { get; }

    public string Path { get; }

    public string Name { get; }

    public BackupManifestEntry Entry { get; }

    /// <summary>The file's bytes until the commit (in memory or in the run's temporary folder); null when there is nothing to write.</summary>
    public FileContent? Content { get; private set; }

    /// <summary>The file's size (0 when it was not downloaded).</summary>
    public long Length { get; }

    public bool Changed { get; set; }

    public bool IsNew { get; }

    public IReadOnlyList<RequestChange> Changes { get; }

    public int SecretsFound { get; }

    /// <summary>Where the file was until now, when the collection was renamed (the commit moves it).</summary>
    public string? PreviousPath { get; set; }

    /// <summary>The schema deviations found in this download (none when it was not downloaded).</summary>
    public IReadOnlyList<CollectionFinding> Findings { get; set; } = Array.Empty<CollectionFinding>();

    /// <summary>
    /// Keeps the content only as long as the commit needs it: dropped when the file is unchanged, moved to
    /// <paramref name="scratch"/> when it is larger than <see cref="InMemoryLimit"/> or when the run's small files in
    /// memory already take <paramref name="inMemoryBudget"/> bytes.
    /// </summary>
    public void KeepContent(TemporaryFolder scratch, long inMemoryBudget)
    {
        if (Content is null) return;
        if (!Changed)
        {
            Content.Discard();
            Content = null;
        }
        else if (Content.InMemory && (Content.Length > InMemoryLimit || !scratch.ReserveMemory(Content.Length, inMemoryBudget))) Content = scratch.Keep(Content.ToArray(), "prepared");
    }
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
