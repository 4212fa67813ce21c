using System;
using System.Buffers;
using System.IO;
using System.Text;
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

            // Read as text was: a byte order mark (an editor's save) skipped, bytes that are not UTF-8 replaced, not
            // the whole state lost.
            var start = read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
            var text = new ReadOnlyMemory<byte>(buffer, start, read - start);
            if (Utf8Text.IndexOfInvalid(text.Span) >= 0)
            {
                var utf8 = new UTF8Encoding(false);
                return BackupManifest.Parse(new ReadOnlyMemory<byte>(utf8.GetBytes(utf8.GetString(buffer, start, read - start))));
            }

            return BackupManifest.Parse(text);
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
