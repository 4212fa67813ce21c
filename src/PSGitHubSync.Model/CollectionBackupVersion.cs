using System;

namespace PSGitHubSync;

/// <summary>
/// One commit that changed a backed-up collection file (the output of <c>Get-CollectionBackupHistory</c>);
/// pipe it to <c>Restore-CollectionBackup</c> to get that version back.
/// </summary>
public sealed class CollectionBackupVersion
{
    /// <summary>The name of the integration that backs the collection up.</summary>
    public string Integration { get; set; } = string.Empty;

    /// <summary>The collection's name, as the backup state recorded it.</summary>
    public string Collection { get; set; } = string.Empty;

    /// <summary>
    /// Every name the collection had, the current one first: a collection renamed in Postman has one history
    /// under all of them (pass any of them to -Collection).
    /// </summary>
    public string[] Names { get; set; } = Array.Empty<string>();

    /// <summary>The collection's name in this version (differs from <see cref="Collection"/> before a rename).</summary>
    public string NameAtCommit { get; set; } = string.Empty;

    /// <summary>The Postman id of the collection (its identity across renames).</summary>
    public string? CollectionId { get; set; }

    /// <summary>The file's path in the repository (in this version: before a rename, the old path).</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>The commit's full sha.</summary>
    public string CommitSha { get; set; } = string.Empty;

    /// <summary>When the commit was made (committer date).</summary>
    public DateTimeOffset Date { get; set; }

    /// <summary>The first line of the commit message.</summary>
    public string Message { get; set; } = string.Empty;

    /// <summary>The commit author's name.</summary>
    public string Author { get; set; } = string.Empty;

    /// <summary>The commit's web address.</summary>
    public string CommitUrl { get; set; } = string.Empty;

    /// <summary>The repository, owner/name.</summary>
    public string Repository { get; set; } = string.Empty;

    /// <summary>The branch the history was read from.</summary>
    public string Branch { get; set; } = string.Empty;

    /// <summary>The integration definition (server, token reference, Postman settings) that restore connects with.</summary>
    public Integration? Definition { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Collection}@{(CommitSha.Length > 7 ? CommitSha.Substring(0, 7) : CommitSha)}";
}
