using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.IO;

namespace PSGitHubSync.Engine.Backup;

/// <summary>
/// A collection or environment downloaded from Postman into a file of the run's temporary folder (never held as
/// text, nor as bytes), then read from there by the streaming pass.
/// </summary>
internal static class DownloadedFile
{
    /// <summary>
    /// Runs <paramref name="download"/> into a new temporary file and returns it open for reading from its start; the
    /// file is deleted when the stream is closed (and with the run's folder, whatever happens).
    /// </summary>
    public static async Task<Stream> OpenAsync(TemporaryFolder scratch, string kind, Func<Stream, CancellationToken, Task> download, CancellationToken cancellationToken)
    {
        var file = scratch.CreateTransientFile(kind);
        try
        {
            await download(file, cancellationToken).ConfigureAwait(false);
            file.Position = 0;
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
