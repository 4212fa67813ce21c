using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.IO;

namespace PSGitHubSync.Engine.Backup;

/// <summary>
/// A collection or environment downloaded from Postman into a file of the run's temporary folder (never held as
/// text, never as text and bytes at once), read back as the UTF-8 bytes the normalizer takes.
/// </summary>
internal static class DownloadedFile
{
    /// <summary>
    /// Runs <paramref name="download"/> into a new temporary file, then returns its bytes and deletes the file. Bytes that
    /// are not UTF-8 become U+FFFD, as they did when answers were read as text.
    /// </summary>
    public static async Task<byte[]> ReadAsync(TemporaryFolder scratch, string kind, Func<Stream, CancellationToken, Task> download, CancellationToken cancellationToken)
    {
        string path;
        byte[] bytes;
        using (var file = scratch.CreateFile(kind, out path))
        {
            try
            {
                await download(file, cancellationToken).ConfigureAwait(false);
                bytes = new byte[file.Length];
                file.Position = 0;
                var offset = 0;
                int read;
                while (offset < bytes.Length && (read = await file.ReadAsync(bytes, offset, bytes.Length - offset, cancellationToken).ConfigureAwait(false)) > 0) offset += read;
            }
            finally
            {
                file.Dispose();
                File.Delete(path);
            }
        }
        return Utf8Text.IndexOfInvalid(bytes) < 0 ? bytes : new UTF8Encoding(false).GetBytes(new UTF8Encoding(false).GetString(bytes));
    }
}
