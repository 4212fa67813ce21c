namespace PSGitHubSync.Engine.Restore;

/// <summary>
/// Stable error identifiers of <c>Get-CollectionBackupHistory</c> and <c>Restore-CollectionBackup</c>
/// (<c>FullyQualifiedErrorId</c>). They complement <see cref="Errors.SyncErrorId"/>; never rename one.
/// </summary>
public static class RestoreErrorIds
{
    /// <summary>The commit does not exist in the repository (or a short sha matches no commit of the file's history).</summary>
    public const string CommitNotFound = nameof(CommitNotFound);

    /// <summary>The backup state names no such collection for the integration, or the file did not exist at that commit.</summary>
    public const string CollectionNotInBackup = nameof(CollectionNotInBackup);

    /// <summary>The output file exists and -Force was not given.</summary>
    public const string FileExists = nameof(FileExists);

    /// <summary>The backup state records no Postman collection to restore into (the integration backs up an exported file).</summary>
    public const string PostmanTargetUnknown = nameof(PostmanTargetUnknown);

    /// <summary>A piped version object carries no integration definition (it did not come from Get-CollectionBackupHistory).</summary>
    public const string VersionWithoutDefinition = nameof(VersionWithoutDefinition);

    /// <summary>The output file could not be written.</summary>
    public const string OutFileWriteFailed = nameof(OutFileWriteFailed);
}
