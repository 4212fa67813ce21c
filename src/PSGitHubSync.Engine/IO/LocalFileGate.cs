using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Resources;

namespace PSGitHubSync.Engine.IO;

/// <summary>
/// The one way the engine reads and writes local files that integrations name (schema files and folders,
/// exported collections, restore targets, the definitions file when it is edited): a symbolic link, a
/// junction or another link-like reparse point is never followed, neither as the file itself nor as a
/// folder between the definitions file's folder and the file; it is refused with <c>LocalPathIsLink</c>,
/// naming the link. A replaced file keeps its permissions (Unix mode; on Windows <see cref="File.Replace(string, string, string)"/>
/// keeps the ACL), and is replaced atomically.
/// </summary>
/// <remarks>
/// A link is checked before a file is opened and again after; a link swapped in between those two moments by
/// a process running beside this one is not caught (.NET offers no "do not follow" open on every platform).
/// That needs a local attacker who can already write the folder while the run is going on.
/// </remarks>
public static class LocalFileGate
{
    private static readonly PropertyInfo? LinkTargetProperty = typeof(FileSystemInfo).GetProperty("LinkTarget");
    private static readonly MethodInfo? GetUnixFileModeMethod = typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });
    private static readonly MethodInfo? SetUnixFileModeMethod = FindSetUnixFileMode();

    /// <summary>
    /// The folder whose sub-paths are checked for links when <paramref name="path"/> is read or written: the
    /// definitions file's folder when the path lies below it, else null (only the path itself is checked, since
    /// the folders above a path the user chose elsewhere, such as <c>/tmp</c> on macOS, may be links on purpose).
    /// </summary>
    public static string? RootFor(string path, string? definitionFile)
    {
        if (string.IsNullOrEmpty(definitionFile)) return null;
        var root = Path.GetDirectoryName(Path.GetFullPath(definitionFile));
        if (string.IsNullOrEmpty(root)) return null;
        return IsBelow(Path.GetFullPath(path), root!) ? root : null;
    }

    /// <summary>True when <paramref name="path"/> itself is a symbolic link, a junction or another link (not followed).</summary>
    public static bool IsLink(string path)
    {
        FileAttributes attributes;
        try
        {
            attributes = File.GetAttributes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;   // missing (a dangling link still has attributes) or unreadable: not known to be a link
        }
        if ((attributes & FileAttributes.ReparsePoint) == 0) return false;
        if (LinkTargetProperty is null)
        {
            // .NET Framework (Windows PowerShell 5.1): the reparse tag tells a symbolic link or junction from a
            // OneDrive placeholder or a deduplicated file, which are plain files; unknown counts as a link.
            return !RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || WindowsReparseTag(path) is not { } tag || tag == SymlinkTag || tag == MountPointTag;
        }
        try
        {
            // .NET 6+: only links have a target; other reparse points (cloud files, deduplication) are plain files.
            FileSystemInfo info = (attributes & FileAttributes.Directory) != 0 ? new DirectoryInfo(path) : new FileInfo(path);
            return LinkTargetProperty.GetValue(info) is not null;
        }
        catch (TargetInvocationException)
        {
            return true;
        }
    }

    /// <summary>
    /// The first link on the way to <paramref name="path"/>: a folder strictly below <paramref name="root"/>, or the
    /// path itself; null when there is none. With a null root only the path itself is looked at.
    /// </summary>
    public static string? FindLink(string path, string? root)
    {
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var chain = new List<string>();
        for (var current = full; current is { Length: > 0 }; current = Path.GetDirectoryName(current))
        {
            chain.Add(current);
            if (root is null || !IsBelow(Path.GetDirectoryName(current) ?? string.Empty, root)) break;
        }
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            if (IsLink(chain[i])) return chain[i];
        }
        return null;
    }

    /// <summary>Throws <c>LocalPathIsLink</c> when <see cref="FindLink"/> finds a link.</summary>
    /// <param name="path">The file or folder about to be read or written.</param>
    /// <param name="root">See <see cref="FindLink"/>.</param>
    /// <param name="integrationName">The integration, for the message and as the error's target (null: the path is the target).</param>
    public static void RefuseLinks(string path, string? root, string? integrationName)
    {
        if (FindLink(path, root) is { } link) throw LinkError(link, integrationName);
    }

    /// <summary>The error for a refused link (<c>LocalPathIsLink</c>, SecurityError), naming the link and where it points.</summary>
    public static SyncException LinkError(string link, string? integrationName)
    {
        string target;
        try
        {
            target = LinkTargetProperty is null ? "?" : (LinkTargetProperty.GetValue(Directory.Exists(link) ? new DirectoryInfo(link) : new FileInfo(link)) as string ?? "?");
        }
        catch (TargetInvocationException)
        {
            target = "?";
        }
        var message = string.Format(CultureInfo.InvariantCulture, Messages.LocalPathIsLink, link, target);
        return new SyncException(SyncErrorId.LocalPathIsLink, SyncErrorCategory.SecurityError,
            integrationName is null ? message : $"'{integrationName}': {message}", (object?)integrationName ?? link);
    }

    /// <summary>Opens a file that is not a link (nor below a linked folder under <paramref name="root"/>) for reading, from its start.</summary>
    /// <exception cref="SyncException"><c>LocalPathIsLink</c>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static FileStream OpenRead(string path, string? root, string? integrationName)
    {
        RefuseLinks(path, root, integrationName);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
        // Checked again with the file open: a link put in place while it was being opened is refused too.
        if (!IsLink(path)) return stream;
        stream.Dispose();
        throw LinkError(Path.GetFullPath(path), integrationName);
    }

    /// <summary>Reads a whole file that is not a link (nor below a linked folder under <paramref name="root"/>).</summary>
    /// <exception cref="SyncException"><c>LocalPathIsLink</c>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static byte[] ReadAllBytes(string path, string? root, string? integrationName)
    {
        RefuseLinks(path, root, integrationName);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
        // Checked again with the file open: a link put in place while it was being opened is refused too.
        if (IsLink(path)) throw LinkError(Path.GetFullPath(path), integrationName);
        var length = stream.Length;
        if (length > int.MaxValue) throw new IOException($"{path} is larger than 2 GB.");
        var bytes = new byte[length];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = stream.Read(bytes, read, bytes.Length - read);
            if (n == 0) break;
            read += n;
        }
        if (read == bytes.Length && stream.ReadByte() < 0) return bytes;
        // The file changed size while it was read (or is not a regular file): read what it holds now.
        stream.Position = 0;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// Replaces (or creates) a file atomically: the content goes to a temporary file beside it, which gets the old
    /// file's Unix mode before any byte is written, and is then renamed over it. Refuses a link (the file itself, or a
    /// folder between <paramref name="root"/> and it).
    /// </summary>
    /// <exception cref="SyncException"><c>LocalPathIsLink</c>.</exception>
    public static void WriteAtomically(string path, byte[] content, string? root, string? integrationName)
    {
        if (content is null) throw new ArgumentNullException(nameof(content));
        using var stream = new MemoryStream(content, writable: false);
        WriteAtomically(path, stream, root, integrationName);
    }

    /// <summary>As <see cref="WriteAtomically(string, byte[], string?, string?)"/>, copying <paramref name="content"/> from its position to its end (a large file is never held in memory).</summary>
    public static void WriteAtomically(string path, Stream content, string? root, string? integrationName)
    {
        if (content is null) throw new ArgumentNullException(nameof(content));
        var full = Path.GetFullPath(path);
        RefuseLinks(full, root, integrationName);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        var existed = File.Exists(full);
        try
        {
            WriteNew(temp, content, existed ? GetUnixMode(full) : null);
            if (IsLink(full)) throw LinkError(full, integrationName);
            if (existed) File.Replace(temp, full, null);
            else File.Move(temp, full);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Creates a new file (never an existing one, never through a link) with <paramref name="unixMode"/> set before the content is written.</summary>
    public static void WriteNew(string path, byte[] content, int? unixMode)
    {
        using var source = new MemoryStream(content, writable: false);
        WriteNew(path, source, unixMode);
    }

    /// <summary>As <see cref="WriteNew(string, byte[], int?)"/>, copying <paramref name="content"/> from its position to its end.</summary>
    public static void WriteNew(string path, Stream content, int? unixMode)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        if (unixMode is { } mode) SetUnixMode(path, mode);
        content.CopyTo(stream, 81920);
        stream.Flush(true);
    }

    /// <summary>The Unix permission bits of a file or folder, or null on Windows or when they cannot be read.</summary>
    public static int? GetUnixMode(string path)
    {
        if (GetUnixFileModeMethod is null || RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return null;
        try
        {
            return Convert.ToInt32(GetUnixFileModeMethod.Invoke(null, new object[] { path }), CultureInfo.InvariantCulture);
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }

    /// <summary>Sets the Unix permission bits of a file or folder (nothing on Windows).</summary>
    public static void SetUnixMode(string path, int mode)
    {
        if (SetUnixFileModeMethod is null || RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
        var enumType = SetUnixFileModeMethod.GetParameters()[1].ParameterType;
        try
        {
            SetUnixFileModeMethod.Invoke(null, new[] { path, Enum.ToObject(enumType, mode) });
        }
        catch (TargetInvocationException ex) when (ex.InnerException is IOException or UnauthorizedAccessException)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException!).Throw();
        }
    }

    /// <summary>Gives <paramref name="to"/> the Unix mode of <paramref name="from"/> when <paramref name="from"/> exists.</summary>
    public static void CopyUnixMode(string from, string to)
    {
        if ((File.Exists(from) || Directory.Exists(from)) && GetUnixMode(from) is { } mode) SetUnixMode(to, mode);
    }

    private const uint SymlinkTag = 0xA000000C;      // IO_REPARSE_TAG_SYMLINK
    private const uint MountPointTag = 0xA0000003;   // IO_REPARSE_TAG_MOUNT_POINT (junctions)

    /// <summary>The reparse tag of a path on Windows (FindFirstFile's dwReserved0), or null when it cannot be read.</summary>
    private static uint? WindowsReparseTag(string path)
    {
        var handle = FindFirstFileW(path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar), out var data);
        if (handle == new IntPtr(-1)) return null;
        FindClose(handle);
        return (data.FileAttributes & (uint)FileAttributes.ReparsePoint) != 0 ? data.Reserved0 : null;
    }

    [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern IntPtr FindFirstFileW(string fileName, out Win32FindData findData);

    [DllImport("kernel32.dll")]
    private static extern bool FindClose(IntPtr findFile);

    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    private struct Win32FindData
    {
        public uint FileAttributes;
        public System.Runtime.InteropServices.ComTypes.FILETIME CreationTime;
        public System.Runtime.InteropServices.ComTypes.FILETIME LastAccessTime;
        public System.Runtime.InteropServices.ComTypes.FILETIME LastWriteTime;
        public uint FileSizeHigh;
        public uint FileSizeLow;
        public uint Reserved0;
        public uint Reserved1;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 260)]
        public string FileName;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 14)]
        public string AlternateFileName;
    }

    private static bool IsBelow(string path, string root)
    {
        var trimmed = root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var comparison = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        return path.Length > trimmed.Length + 1
            && path.StartsWith(trimmed, comparison)
            && (path[trimmed.Length] == Path.DirectorySeparatorChar || path[trimmed.Length] == Path.AltDirectorySeparatorChar);
    }

    private static MethodInfo? FindSetUnixFileMode()
    {
        foreach (var method in typeof(File).GetMethods(BindingFlags.Public | BindingFlags.Static))
        {
            if (method.Name != "SetUnixFileMode") continue;
            var parameters = method.GetParameters();
            if (parameters.Length == 2 && parameters[0].ParameterType == typeof(string) && parameters[1].ParameterType.IsEnum) return method;
        }
        return null;
    }
}
