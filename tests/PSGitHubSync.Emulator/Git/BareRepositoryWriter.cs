using System.IO.Compression;
using System.Text;

namespace PSGitHubSync.Emulator.Git;

/// <summary>
/// Writes a repository as a real bare git repository: zlib-compressed loose objects, one file per ref,
/// <c>HEAD</c> naming the default branch, a minimal <c>config</c>. The real git CLI reads it
/// (<c>git fsck --strict</c>, <c>git log</c>, <c>git show</c>).
/// </summary>
internal static class BareRepositoryWriter
{
    public static void Write(GitRepository repository, string defaultBranch, string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        if (Directory.EnumerateFileSystemEntries(directory).Any() && !File.Exists(Path.Combine(directory, "HEAD")))
        {
            throw new IOException($"{directory} is neither empty nor a bare repository written before.");
        }

        foreach (var folder in new[] { "objects/info", "objects/pack", "refs/heads", "refs/tags", "info" })
        {
            Directory.CreateDirectory(Path.Combine(directory, folder));
        }

        File.WriteAllText(Path.Combine(directory, "HEAD"), "ref: refs/heads/" + defaultBranch + "\n");
        File.WriteAllText(
            Path.Combine(directory, "config"),
            "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n");
        File.WriteAllText(Path.Combine(directory, "description"), "Exported by the PSGitHubSync GitHub emulator.\n");

        foreach (var stored in repository.Objects.All)
        {
            string folder = Path.Combine(directory, "objects", stored.Sha[..2]);
            string file = Path.Combine(folder, stored.Sha[2..]);
            if (File.Exists(file))
            {
                continue;
            }

            Directory.CreateDirectory(folder);
            using var output = File.Create(file);
            using var zlib = new ZLibStream(output, CompressionLevel.Fastest);
            zlib.Write(Encoding.ASCII.GetBytes(GitObjectTypes.Name(stored.Type) + " " + stored.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\0"));
            zlib.Write(stored.Body);
        }

        // Refs deleted since an earlier export disappear.
        foreach (var existing in Directory.EnumerateFiles(Path.Combine(directory, "refs"), "*", SearchOption.AllDirectories))
        {
            File.Delete(existing);
        }

        foreach (var (name, sha) in repository.Refs)
        {
            string path = Path.Combine(directory, name.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, sha + "\n");
        }
    }
}
