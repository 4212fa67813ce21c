using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace PSGitHubSync.Engine.IO;

/// <summary>
/// One run's folder of temporary files (downloads and prepared files too large to keep in memory), under the
/// system's temporary folder. Disposing it deletes the folder and everything in it; runs dispose it when they end,
/// whether they succeeded, failed or were cancelled (Ctrl+C).
/// </summary>
public sealed class TemporaryFolder : IDisposable
{
    /// <summary>The prefix of every run's folder name.</summary>
    public const string NamePrefix = "psgithubsync-";

    private int _next;
    private long _inMemory;

    private TemporaryFolder(string path) => FullPath = path;

    /// <summary>The folder.</summary>
    public string FullPath { get; }

    /// <summary>
    /// Creates a new, empty folder for one run under <paramref name="parent"/> (default: the system's temporary folder),
    /// named <c>psgithubsync-&lt;process id&gt;-&lt;random&gt;</c>.
    /// </summary>
    public static TemporaryFolder Create(string? parent = null)
    {
        var root = parent ?? Path.GetTempPath();
        var name = NamePrefix + Process.GetCurrentProcess().Id.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 12);
        var path = Path.Combine(root, name);
        Directory.CreateDirectory(path);
        return new TemporaryFolder(path);
    }

    /// <summary>A new file path in the folder (the file does not exist yet); <paramref name="kind"/> names what it holds.</summary>
    public string NewFilePath(string kind)
    {
        if (!Directory.Exists(FullPath)) throw new ObjectDisposedException(nameof(TemporaryFolder), $"The run's temporary folder {FullPath} was already removed.");
        var number = Interlocked.Increment(ref _next);
        return Path.Combine(FullPath, number.ToString("D6", CultureInfo.InvariantCulture) + "." + kind + ".tmp");
    }

    /// <summary>Creates a new file in the folder, open for reading and writing (other readers allowed).</summary>
    public FileStream CreateFile(string kind, out string path)
    {
        path = NewFilePath(kind);
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 81920, FileOptions.Asynchronous);
    }

    /// <summary>A new file in the folder, open for reading and writing, deleted when the stream is closed.</summary>
    public FileStream CreateTransientFile(string kind) =>
        new(NewFilePath(kind), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);

    /// <summary>
    /// What <paramref name="write"/> writes, as content to send later: kept in memory when at most <paramref name="inMemoryLimit"/>
    /// bytes, else left in a new file of the folder. Nothing is left behind when <paramref name="write"/> fails.
    /// </summary>
    public FileContent Capture(string kind, int inMemoryLimit, Action<Stream> write)
    {
        var path = NewFilePath(kind);
        try
        {
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 81920))
            {
                write(file);
                file.Flush();
                if (file.Length > inMemoryLimit)
                {
                    file.Dispose();   // all of it on disk before its length is taken
                    return FileContent.FromFile(path);
                }
                var bytes = new byte[file.Length];
                file.Position = 0;
                var read = 0;
                int n;
                while (read < bytes.Length && (n = file.Read(bytes, read, bytes.Length - read)) > 0) read += n;
                file.Dispose();
                File.Delete(path);
                return FileContent.FromBytes(bytes);
            }
        }
        catch
        {
            if (File.Exists(path)) File.Delete(path);
            throw;
        }
    }

    /// <summary>
    /// <paramref name="bytes"/> as content to send later: kept in memory when at most <paramref name="inMemoryLimit"/> bytes,
    /// else written to a new file of the folder (so the array can be collected).
    /// </summary>
    public FileContent Keep(byte[] bytes, string kind, int inMemoryLimit = 0)
    {
        if (bytes.Length <= inMemoryLimit) return FileContent.FromBytes(bytes);
        string path;
        using (var file = CreateFile(kind, out path)) file.Write(bytes, 0, bytes.Length);
        return FileContent.FromFile(path);
    }

    /// <summary>
    /// Counts <paramref name="bytes"/> of content the run keeps in memory instead of in this folder, when all it keeps so far
    /// stays within <paramref name="budget"/>; false (nothing counted) when it would not: then the content belongs in a file.
    /// </summary>
    public bool ReserveMemory(long bytes, long budget)
    {
        while (true)
        {
            var kept = Interlocked.Read(ref _inMemory);
            if (kept + bytes > budget) return false;
            if (Interlocked.CompareExchange(ref _inMemory, kept + bytes, kept) == kept) return true;
        }
    }

    /// <summary>Deletes the folder and its files (best effort: a file another process holds open stays for the system to clean).</summary>
    public void Dispose()
    {
        for (var attempt = 0; attempt < 3 && Directory.Exists(FullPath); attempt++)
        {
            try
            {
                Directory.Delete(FullPath, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(50 * (attempt + 1));
            }
        }
    }
}
