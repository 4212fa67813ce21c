using System;
using System.Collections.Generic;

namespace PSGitHubSync;

/// <summary>What a backup did with one integration (the output of <c>Invoke-CollectionBackup</c>).</summary>
public sealed class BackupResult
{
    /// <summary>The integration's name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Where the collections came from (<c>workspace/collection</c> or a file).</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>The repository, owner/name.</summary>
    public string Repository { get; set; } = string.Empty;

    /// <summary>The branch written to.</summary>
    public string Branch { get; set; } = string.Empty;

    /// <summary>The file written (or the directory, when the integration wrote several).</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>Every file of this integration, with its own status.</summary>
    public IReadOnlyList<BackupFile> Files { get; set; } = Array.Empty<BackupFile>();

    /// <summary>Created, Updated, Unchanged, WouldCreate, WouldUpdate or Failed.</summary>
    public BackupStatus Status { get; set; }

    /// <summary>The commit that holds the backup (null when nothing was committed).</summary>
    public string? CommitSha { get; set; }

    /// <summary>The commit's web address (on the configured server).</summary>
    public string? CommitUrl { get; set; }

    /// <summary>The size of the files written, in bytes.</summary>
    public long Bytes { get; set; }

    /// <summary>How many likely secrets were found in the collections.</summary>
    public int SecretsFound { get; set; }

    /// <summary>The changelog lines of this integration's files.</summary>
    public IReadOnlyList<string> Changes { get; set; } = Array.Empty<string>();

    /// <summary>One line: <c>payments-api: Updated contoso/api-backups@main 9b03e77 (2 files, 1 secret)</c>.</summary>
    public override string ToString()
    {
        var commit = string.IsNullOrEmpty(CommitSha) ? string.Empty : " " + ShortSha.Of(CommitSha);
        var files = Files.Count == 1 ? "1 file" : Files.Count + " files";
        var secrets = SecretsFound == 1 ? "1 secret" : SecretsFound + " secrets";
        return $"{Name}: {Status} {Repository}@{Branch}{commit} ({files}, {secrets})";
    }

    /// <summary>How many collections and environments were backed up (written or already up to date).</summary>
    public int BackedUp { get; set; }

    /// <summary>How many collections and environments failed on their own (each with its error record); the others were still committed.</summary>
    public int FailedCount { get; set; }

    /// <summary>How many backed-up files belong to collections that are gone from Postman or no longer match (kept, or removed with prune).</summary>
    public int Orphaned { get; set; }

    /// <summary>How many deviations from the Postman collection schema were found (warnings; the collections were backed up).</summary>
    public int Warnings { get; set; }

    /// <summary>The schema deviations found in the collections downloaded by this run (warnings; each collection was backed up).</summary>
    public IReadOnlyList<BackupFinding> Findings { get; set; } = Array.Empty<BackupFinding>();
}

/// <summary>One place where a backed-up collection deviates from the Postman collection schema: a warning, not a refusal.</summary>
public sealed class BackupFinding
{
    /// <summary>The collection's name.</summary>
    public string Collection { get; set; } = string.Empty;

    /// <summary>Where, as a JSON path (<c>$.item[2].response[0].cookie[0]</c>).</summary>
    public string JsonPath { get; set; } = string.Empty;

    /// <summary>The class of deviation: the location with indexes folded and the schema keywords that failed (<c>item[].response[].cookie[]: required</c>).</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>What the schema expects there.</summary>
    public string Message { get; set; } = string.Empty;

    /// <summary><c>collection: path: message</c>.</summary>
    public override string ToString() => $"{Collection}: {JsonPath}: {Message}";
}

/// <summary>One file of a backup.</summary>
public sealed class BackupFile
{
    /// <summary>The path in the repository.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>The collection or environment name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>What happened to the file.</summary>
    public BackupStatus Status { get; set; }

    /// <summary>The bytes written (or that would be).</summary>
    public long Bytes { get; set; }

    /// <summary>The Postman id of the collection or environment (its identity across renames).</summary>
    public string? Id { get; set; }

    /// <summary>When the file was moved because the collection was renamed (or its workspace folder changed): the path it had.</summary>
    public string? PreviousPath { get; set; }

    /// <summary>How many deviations from the Postman collection schema the collection has (warnings).</summary>
    public int Warnings { get; set; }

    /// <summary>One line: <c>Postman Collections/payments.json: Updated (1234 bytes)</c>.</summary>
    public override string ToString() => $"{Path}: {Status} ({Bytes} bytes)";
}

/// <summary>The short form of a commit sha that people read and type (its first 7 hex digits).</summary>
internal static class ShortSha
{
    /// <summary>The first 7 characters of <paramref name="sha"/>, or all of it when shorter; empty for null.</summary>
    public static string Of(string? sha) => sha is null ? string.Empty : sha.Length > 7 ? sha.Substring(0, 7) : sha;
}

/// <summary>What a backup did.</summary>
public enum BackupStatus
{
    /// <summary>Nothing changed; nothing committed.</summary>
    Unchanged,
    /// <summary>Committed for the first time.</summary>
    Created,
    /// <summary>Committed a new version.</summary>
    Updated,
    /// <summary>-WhatIf: would be committed for the first time.</summary>
    WouldCreate,
    /// <summary>-WhatIf: would be committed as a new version.</summary>
    WouldUpdate,
    /// <summary>The integration failed (see the error record).</summary>
    Failed,
    /// <summary>The collection was renamed in Postman: its file was moved to the new name (history follows it).</summary>
    Renamed,
    /// <summary>The collection is gone from Postman (or no longer matches); its file stays. Prune removes it.</summary>
    Orphaned,
    /// <summary>The collection is gone from Postman; prune removed its file.</summary>
    Removed,
    /// <summary>-WhatIf: would be moved to the collection's new name.</summary>
    WouldRename,
    /// <summary>-WhatIf: would be removed (prune).</summary>
    WouldRemove,
}
