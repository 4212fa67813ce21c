using System;
using System.Collections.Generic;
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

    /// <summary>How long a folder left by a process that is gone is kept before a later run removes it.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(24);

    /// <summary>
    /// Creates a new, empty folder for one run under <paramref name="parent"/> (default: the system's temporary folder),
    /// named <c>psgithubsync-&lt;process id&gt;-&lt;random&gt;</c>. First removes the folders there that earlier runs
    /// left when their process was killed (see <see cref="SweepAbandoned"/>).
    /// </summary>
    public static TemporaryFolder Create(string? parent = null)
    {
        var root = parent ?? Path.GetTempPath();
        SweepAbandoned(root, DateTime.UtcNow - AbandonedAfter);
        var name = NamePrefix + Process.GetCurrentProcess().Id.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 12);
        var path = Path.Combine(root, name);
        Directory.CreateDirectory(path);
        return new TemporaryFolder(path);
    }

    /// <summary>
    /// Removes the run folders under <paramref name="root"/> that a killed process left behind (a run that ends, even by
    /// Ctrl+C, removes its own): those whose process id names no running process and in which nothing was written
    /// after <paramref name="unusedSince"/>. The age guard keeps a folder that a process in another PID namespace
    /// (a container sharing the folder) still uses. Best effort: what cannot be removed stays for the next run.
    /// </summary>
    /// <returns>The folders removed.</returns>
    public static IReadOnlyList<string> SweepAbandoned(string root, DateTime unusedSince)
    {
        var removed = new List<string>();
        string[] candidates;
        try
        {
            candidates = Directory.GetDirectories(root, NamePrefix + "*");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return removed;
        }

        foreach (var folder in candidates)
        {
            if (OwnerId(Path.GetFileName(folder)) is not { } owner || IsRunning(owner) || LastWriteUtc(folder) is not { } written || written >= unusedSince)
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
                removed.Add(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another run may be removing it at the same moment, or a file is held open: left for the next run.
            }
        }

        return removed;
    }

    /// <summary>The process id in a run folder's name (<c>psgithubsync-&lt;id&gt;-&lt;12 hex digits&gt;</c>), or null for any other name.</summary>
    internal static int? OwnerId(string name)
    {
        if (!name.StartsWith(NamePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = name.Substring(NamePrefix.Length);
        var dash = rest.IndexOf('-');
        if (dash <= 0 || rest.Length - dash - 1 != 12 || !int.TryParse(rest.Substring(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        for (var i = dash + 1; i < rest.Length; i++)
        {
            if (rest[i] is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return null;
            }
        }

        return id;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;   // no such process
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return true;    // cannot tell: keep it
        }
    }

    /// <summary>The latest write time of the folder or anything in it, or null when it cannot be read.</summary>
    private static DateTime? LastWriteUtc(string folder)
    {
        try
        {
            var latest = Directory.GetLastWriteTimeUtc(folder);
            foreach (var entry in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories))
            {
                var written = File.GetLastWriteTimeUtc(entry);
                if (written > latest)
                {
                    latest = written;
                }
            }

            return latest;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
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
