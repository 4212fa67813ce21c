using System;
using System.IO;
using System.Text.Json;
using PSGitHubSync.Engine.Definitions;
using PSGitHubSync.Engine.IO;

namespace PSGitHubSync.Engine.Backup;

/// <summary>
/// How a backup names a collection's file when its integration gives no 'fileName' (<see cref="FileNames"/>): after
/// the collection. For an exported file that is the name inside it (info.name, read from the file's first 1 MB);
/// while the file cannot be read, its file name stands in. Passed to <see cref="DefinitionLoader"/>, which needs
/// the names to tell when two integrations would write the same file.
/// </summary>
public sealed class BackupFileNaming : IBackupFileNaming
{
    private const int ExportNameWindow = 1024 * 1024;

    private BackupFileNaming()
    {
    }

    /// <summary>The backup's naming (it holds no state).</summary>
    public static BackupFileNaming Instance { get; } = new();

    /// <inheritdoc/>
    public string DefaultFileName(IntegrationSource source)
    {
        if (source is null) throw new ArgumentNullException(nameof(source));
        if (source.File is null) return FileNames.ForCollection(source.Collection ?? "collection");
        if (ExportedCollectionName(source.File) is { } name) return FileNames.ForCollection(name);
        var fileName = Path.GetFileName(source.File);
        if (fileName.EndsWith(FileNames.CollectionSuffix, StringComparison.OrdinalIgnoreCase)) return fileName;
        return FileNames.ForCollection(fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? fileName.Substring(0, fileName.Length - 5) : fileName);
    }

    /// <summary>info.name of an exported collection (bare or in the API's envelope), from the first 1 MB of the file; null when it cannot be told.</summary>
    private static string? ExportedCollectionName(string file)
    {
        try
        {
            if (!File.Exists(file) || LocalFileGate.IsLink(file)) return null;   // a link is never read (the backup refuses it)
            return NameInExport(ReadStart(file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            // Not readable or not JSON (yet): the file name stands in; the backup reports the real problem.
            return null;
        }
    }

    private static byte[] ReadStart(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var start = new byte[(int)Math.Min(stream.Length, ExportNameWindow)];
        var read = 0;
        while (read < start.Length)
        {
            var n = stream.Read(start, read, start.Length - read);
            if (n == 0) break;
            read += n;
        }
        return start;
    }

    private static string? NameInExport(byte[] start)
    {
        var reader = new Utf8JsonReader(start, isFinalBlock: false, state: default);
        var infoDepth = -1;
        while (reader.Read())
        {
            if (infoDepth > 0 && reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == infoDepth - 1) return null;   // info ended without a name
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            if (infoDepth < 0 && reader.CurrentDepth <= 2 && reader.ValueTextEquals("info"))
            {
                infoDepth = reader.CurrentDepth + 1;
            }
            else if (infoDepth > 0 && reader.CurrentDepth == infoDepth && reader.ValueTextEquals("name"))
            {
                return reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
        }
        return null;
    }
}
