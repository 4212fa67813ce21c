using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.IO;

namespace PSGitHubSync.Engine.Definitions;

/// <summary>
/// Reads a definitions file (see the product contract, "The definitions file") into
/// <see cref="Integration"/>s with every default applied. Every problem in the file is
/// reported at once, each with line, column and what to write instead; a file with any
/// problem yields no integrations at all (<see cref="DefinitionFileException"/>).
/// The rules for the repository paths and branches integrations name are here too.
/// </summary>
public static class DefinitionLoader
{
    /// <summary>The file name cmdlets look for when no path is given.</summary>
    public const string DefaultFileName = "psgithubsync.yml";

    /// <summary>Larger files are refused unread: no real definitions file comes close.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Reads and validates the file at <paramref name="path"/>; <paramref name="fileNaming"/> names the files backups write when 'fileName' is not given.</summary>
    /// <exception cref="SyncException"><c>DefinitionFileNotFound</c>, or <see cref="DefinitionFileException"/> (<c>DefinitionFileInvalid</c>).</exception>
    public static IReadOnlyList<Integration> Load(string path, IBackupFileNaming fileNaming)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new SyncException(SyncErrorId.DefinitionFileNotFound, SyncErrorCategory.ObjectNotFound,
                $"The definitions file {fullPath} does not exist. Create it with New-BackupIntegration, or pass -Path with the file's location.", fullPath);
        }
        var length = new FileInfo(fullPath).Length;
        if (length > MaxFileBytes)
        {
            throw new DefinitionFileException(fullPath, new[]
            {
                new DefinitionProblem(DefinitionProblemId.InvalidValue, $"The file is {length / 1024} KB; a definitions file is at most {MaxFileBytes / 1024} KB. Check that -Path names the right file.", fullPath, 1, 1),
            });
        }
        return Parse(DefinitionFileText.Read(fullPath), fullPath, fileNaming);
    }

    /// <summary>Validates definitions text; <paramref name="file"/> names it in problems and anchors relative source paths.</summary>
    /// <exception cref="DefinitionFileException">Any problem.</exception>
    public static IReadOnlyList<Integration> Parse(string text, string file, IBackupFileNaming fileNaming)
    {
        var (integrations, problems) = TryParse(text, file, fileNaming);
        if (problems.Count > 0) throw new DefinitionFileException(file, problems);
        return integrations;
    }

    /// <summary>Like <see cref="Parse"/>, but returns the problems instead of throwing (for completion and editing).</summary>
    public static (IReadOnlyList<Integration> Integrations, IReadOnlyList<DefinitionProblem> Problems) TryParse(string text, string file, IBackupFileNaming fileNaming)
    {
        if (fileNaming is null) throw new ArgumentNullException(nameof(fileNaming));
        var problems = new DefinitionProblemList(file);
        var integrations = new List<Integration>();
        var root = YamlTreeReader.Read(text ?? string.Empty, problems);
        if (problems.Count == 0)
        {
            new DefinitionReader(file, text ?? string.Empty, problems, fileNaming).Read(root, integrations);
        }
        return (integrations, problems.Sorted());
    }

    /// <summary>The integration names in a file, as far as they can be read (for tab completion); never throws.</summary>
    public static IReadOnlyList<string> ReadNames(string path) => ReadNames(path, type: null);

    /// <summary>The names of the integrations of <paramref name="type"/> (all when null), as far as they can be read; never throws.</summary>
    public static IReadOnlyList<string> ReadNames(string path, string? type)
    {
        try
        {
            var text = DefinitionFileText.Read(Path.GetFullPath(path));
            var problems = new DefinitionProblemList(path);
            if (YamlTreeReader.Read(text, problems) is not YamlTreeMapping root) return Array.Empty<string>();
            var sequence = root.Entries.FirstOrDefault(e => e.Key.Value == "integrations").Value as YamlTreeSequence;
            if (sequence is null) return Array.Empty<string>();
            return sequence.Items.OfType<YamlTreeMapping>()
                .Where(item => type is null || (item.Entries.FirstOrDefault(e => e.Key.Value == "type").Value as YamlTreeScalar)?.Value == type)
                .Select(item => item.Entries.FirstOrDefault(e => e.Key.Value == "name").Value)
                .OfType<YamlTreeScalar>().Select(s => s.Value).Where(n => n.Length > 0).ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or DefinitionFileException)
        {
            return Array.Empty<string>();
        }
    }

    /// <summary>Checks a path inside the repository; returns the problem message, or null when it is fine.</summary>
    public static string? CheckRepositoryPath(string value, string key)
    {
        var text = value.Replace('\\', '/');
        if (text.StartsWith("/", StringComparison.Ordinal) || Regex.IsMatch(text, "^[A-Za-z]:"))
        {
            return $"'{key}' is a path inside the repository, so it cannot be absolute ('{value}'). Write it relative to the repository root, for example 'Postman Collections'.";
        }
        var segments = text.Split('/');
        if (segments.Any(s => s == ".."))
        {
            return $"'{key}' may not leave the repository with '..' ('{value}'). Write a path below the repository root.";
        }
        if (text.IndexOf('\0') >= 0 || text.Any(char.IsControl))
        {
            return $"'{key}' contains control characters; use a plain path.";
        }
        if (RepositoryPathRule.EntersGitFolder(text))
        {
            return $"'{key}' may not point into '.git' ('{value}'), nor into a name Windows or macOS takes for it ('.GIT', '.git.', 'git~1'); git keeps its own data there. Choose another folder.";
        }
        return null;
    }

    /// <summary>
    /// Checks that every segment of a repository path can be checked out on Windows, macOS and Linux
    /// (see <see cref="PortableFileName"/>); returns the problem message, or null when it is fine.
    /// </summary>
    public static string? CheckPortablePath(string value, string key)
    {
        foreach (var segment in value.Replace('\\', '/').Split('/'))
        {
            if (segment.Length == 0 || segment == ".") continue;
            string? why = null;
            if (segment.IndexOfAny(new[] { '<', '>', ':', '"', '|', '?', '*' }) >= 0) why = "holds a character Windows does not allow in names (< > : \" | ? *)";
            else if (PortableFileName.HasUnpairedSurrogate(segment)) why = "holds an invalid character (half of a UTF-16 surrogate pair), which no file system stores as written";
            else if (segment.EndsWith(".", StringComparison.Ordinal) || segment.EndsWith(" ", StringComparison.Ordinal)) why = "ends with a dot or a space, which Windows drops";
            else if (PortableFileName.IsWindowsReserved(segment)) why = "is a Windows device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9, also with an extension)";
            else if (!PortableFileName.Fits(segment)) why = $"is longer than {PortableFileName.MaxBytes} bytes, the most file systems allow";
            if (why is null) continue;
            return $"'{key}' has the part '{segment}', which {why}; a checkout of the repository on Windows, macOS or Linux would fail. Rename it, for example '{SuggestSegment(segment)}'.";
        }
        return null;
    }

    private static string SuggestSegment(string segment)
    {
        var leadingDot = segment.StartsWith(".", StringComparison.Ordinal) ? "." : string.Empty;
        return leadingDot + PortableFileName.Create(segment, fallback: "folder");
    }

    /// <summary>Checks a git branch name; returns the problem message, or null when it is fine.</summary>
    public static string? CheckBranchName(string value)
    {
        var bad = value.Length == 0 || value.StartsWith("-", StringComparison.Ordinal) || value.StartsWith("/", StringComparison.Ordinal)
            || value.EndsWith("/", StringComparison.Ordinal) || value.EndsWith(".", StringComparison.Ordinal)
            || value.EndsWith(".lock", StringComparison.Ordinal) || value.Contains("..") || value.Contains("//") || value.Contains("@{")
            || value.Any(c => char.IsControl(c) || c == ' ' || c == '~' || c == '^' || c == ':' || c == '?' || c == '*' || c == '[' || c == '\\');
        return bad ? $"'{value}' is not a valid branch name (no spaces, '..', '~', '^', ':', '?', '*', '[', '\\', and no leading '-'). Write the branch as git shows it, for example 'main'." : null;
    }

    /// <summary>
    /// The repository path an integration writes (backup: directory/fileName; schema sync: path). Without 'fileName',
    /// a backup's file is named by <paramref name="fileNaming"/>; with a wildcard collection it is '*' (a file each).
    /// </summary>
    public static string TargetPath(Integration integration, IBackupFileNaming fileNaming)
    {
        if (integration.Type == Integration.SchemaSync) return NormalizeRepositoryPath(integration.SchemaPath ?? string.Empty);
        var directory = NormalizeRepositoryPath(integration.Directory ?? Integration.DefaultDirectory);
        var name = integration.FileName ?? (integration.Source.IsWildcard ? "*" : fileNaming.DefaultFileName(integration.Source));
        return directory.Length == 0 ? name : directory + "/" + name;
    }

    /// <summary>A repository path with forward slashes and without empty or '.' segments ('' is the root).</summary>
    public static string NormalizeRepositoryPath(string path) =>
        string.Join("/", path.Trim().Replace('\\', '/').Split('/').Where(segment => segment.Length > 0 && segment != "."));
}
