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
}
