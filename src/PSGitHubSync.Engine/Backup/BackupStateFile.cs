using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.IO;

namespace PSGitHubSync.Engine.Backup;

/// <summary>
/// The state file (<see cref="BackupManifest.RepositoryPath"/>) as a run reads and writes it: never as text. It is
/// downloaded into a temporary file and parsed from a pooled buffer; it is written, entry by entry, into the content
/// the commit sends (a temporary file when it is large).
/// </summary>
internal static class BackupStateFile
{
    /// <summary>The state file at <paramref name="reference"/> (a commit or branch; null: the default branch), empty when there is none.</summary>
    public static async Task<BackupManifest> ReadAsync(GitHubRepositoryClient client, string? reference, TemporaryFolder scratch, CancellationToken cancellationToken)
    {
        using var file = scratch.CreateTransientFile("state");
        if (!await client.DownloadFileAsync(BackupManifest.RepositoryPath, reference, file, cancellationToken).ConfigureAwait(false)) return new BackupManifest();
        file.Position = 0;
        return Read(file);
    }

    /// <summary>A state file from <paramref name="file"/> (from its position to its end), through a pooled buffer.</summary>
    internal static BackupManifest Read(Stream file)
    {
        var length = checked((int)(file.Length - file.Position));
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        try
        {
            var read = 0;
            int n;
            while (read < length && (n = file.Read(buffer, read, length - read)) > 0) read += n;
            return BackupManifest.Parse(new ReadOnlyMemory<byte>(buffer, 0, read));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The change that writes <paramref name="manifest"/> (its bytes in memory when small, else in a file of <paramref name="scratch"/>).</summary>
    public static FileChange Write(BackupManifest manifest, TemporaryFolder scratch) =>
        FileChange.Write(BackupManifest.RepositoryPath, scratch.Capture("state", PreparedFile.InMemoryLimit, manifest.WriteTo));
}
