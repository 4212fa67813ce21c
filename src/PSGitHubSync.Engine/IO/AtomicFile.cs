namespace PSGitHubSync.Engine.IO;

/// <summary>Writes a file so that it is either the old or the new content, never half of it.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="content"/> to a temporary file beside <paramref name="path"/> and renames it over,
    /// keeping the old file's permissions; a link at <paramref name="path"/> is refused (see <see cref="LocalFileGate.WriteAtomically(string, byte[], string?, string?)"/>).
    /// </summary>
    public static void Write(string path, byte[] content) => LocalFileGate.WriteAtomically(path, content, root: null, integrationName: null);

    /// <summary>As <see cref="Write(string, byte[])"/>, streaming <paramref name="content"/> (such as a temporary file) instead of holding it.</summary>
    public static void Write(string path, FileContent content)
    {
        using var stream = content.OpenRead();
        LocalFileGate.WriteAtomically(path, stream, root: null, integrationName: null);
    }
}
