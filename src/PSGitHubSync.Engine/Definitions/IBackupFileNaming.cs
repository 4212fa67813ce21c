namespace PSGitHubSync.Engine.Definitions;

/// <summary>
/// Names the file a collection backup writes when its integration gives no 'fileName'. The backup owns that rule
/// (it names the file after the collection, and reads an exported file to learn the collection's name); the
/// definitions only need its answer, to tell when two integrations would write the same file. The caller passes
/// the backup's rule (<c>PSGitHubSync.Engine.Backup.BackupFileNaming</c>), so Definitions depends on no backup,
/// collection or Postman type.
/// </summary>
public interface IBackupFileNaming
{
    /// <summary>The file name (no folder) a backup of <paramref name="source"/> writes; <paramref name="source"/> names one collection or an exported file, never a wildcard.</summary>
    string DefaultFileName(IntegrationSource source);
}
