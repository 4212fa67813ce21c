using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.IO;
using PSGitHubSync.Engine.Security;

namespace PSGitHubSync.Engine.Definitions;

/// <summary>
/// Reads a definitions file (see the product contract, "The definitions file") into
/// <see cref="Integration"/>s with every default applied. Every problem in the file is
/// reported at once, each with line, column and what to write instead; a file with any
/// problem yields no integrations at all (<see cref="DefinitionFileException"/>).
/// </summary>
public static class DefinitionLoader
{
    /// <summary>The file name cmdlets look for when no path is given.</summary>
    public const string DefaultFileName = "psgithubsync.yml";

    /// <summary>Larger files are refused unread: no real definitions file comes close.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    private static readonly Regex NamePattern = new("^[A-Za-z0-9._-]{1,100}$", RegexOptions.CultureInvariant);

    private static readonly string[] RootKeys = { "version", "defaults", "integrations" };
    private static readonly string[] DefaultsKeys = { "github", "postman", "committer", "secretPolicy" };
    private static readonly string[] GitHubKeys = { "server", "token", "app" };
    private static readonly string[] AppKeys = { "id", "privateKey", "installation" };
    private static readonly string[] PostmanKeys = { "server", "apiKey" };
    private static readonly string[] CommitterKeys = { "name", "email" };
    private static readonly string[] IntegrationKeys =
        { "name", "type", "source", "repository", "directory", "fileName", "branch", "path", "format", "root", "secretPolicy", "prune", "github", "postman", "committer", "allowGitHubFolder" };
    private static readonly string[] SourceKeys = { "workspace", "collection", "environments", "file", "postman" };
    private static readonly string[] SourcePostmanKeys = { "workspace", "api" };
    private static readonly string[] BackupOnlyKeys = { "directory", "fileName", "secretPolicy", "prune" };
    private static readonly string[] SchemaOnlyKeys = { "path", "format", "root" };
    private static readonly string[] SecretPolicies = { "redact", "keep", "block" };
    private static readonly string[] Formats = { "openapi", "raml", "graphql" };

    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="SyncException"><c>DefinitionFileNotFound</c>, or <see cref="DefinitionFileException"/> (<c>DefinitionFileInvalid</c>).</exception>
    public static IReadOnlyList<Integration> Load(string path)
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
        return Parse(ReadText(fullPath), fullPath);
    }

    /// <summary>Reads a file as UTF-8 (a BOM is accepted), or as UTF-16 when it starts with a UTF-16 byte order mark.</summary>
    /// <exception cref="DefinitionFileException"><c>InvalidEncoding</c>: anything else (Latin-1, UTF-16 without a byte order mark), with the line and column.</exception>
    internal static string ReadText(string fullPath) => DecodeText(File.ReadAllBytes(fullPath), fullPath);

    /// <summary>See <see cref="ReadText"/>: never a U+FFFD in place of what could not be read.</summary>
    internal static string DecodeText(byte[] bytes, string file)
    {
        // Windows PowerShell 5.1 writes UTF-16 LE with a byte order mark by default (Out-File, >): read it strictly.
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            try
            {
                return new UnicodeEncoding(bigEndian: bytes[0] == 0xFE, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes, 2, bytes.Length - 2);
            }
            catch (DecoderFallbackException)
            {
                throw EncodingProblem(file, 1, 1, "The file starts with a UTF-16 byte order mark but is not valid UTF-16");
            }
        }
        var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        var body = new ReadOnlySpan<byte>(bytes, offset, bytes.Length - offset);
        var nul = body.IndexOf((byte)0);
        if (nul >= 0)
        {
            var (line, column) = IO.Utf8Text.Position(body, nul);
            throw EncodingProblem(file, line, column, $"The file contains a NUL character (offset {offset + nul}); it is probably UTF-16 without a byte order mark");
        }
        var invalid = IO.Utf8Text.IndexOfInvalid(body);
        if (invalid >= 0)
        {
            var (line, column) = IO.Utf8Text.Position(body, invalid);
            throw EncodingProblem(file, line, column,
                $"The file is not UTF-8: byte 0x{body[invalid]:X2} (offset {offset + invalid}) cannot be read as UTF-8; it was probably saved as Latin-1/Windows-1252");
        }
        return new UTF8Encoding(false, true).GetString(bytes, offset, bytes.Length - offset);
    }

    private static DefinitionFileException EncodingProblem(string file, int line, int column, string what) =>
        new(file, new[]
        {
            new DefinitionProblem(DefinitionProblemId.InvalidEncoding,
                what + ". Save it as UTF-8 (in an editor: Save with Encoding > UTF-8; in PowerShell: Set-Content -Encoding utf8).", file, line, column),
        });

    /// <summary>Validates definitions text; <paramref name="file"/> names it in problems and anchors relative source paths.</summary>
    /// <exception cref="DefinitionFileException">Any problem.</exception>
    public static IReadOnlyList<Integration> Parse(string text, string file)
    {
        var (integrations, problems) = TryParse(text, file);
        if (problems.Count > 0) throw new DefinitionFileException(file, problems);
        return integrations;
    }

    /// <summary>Like <see cref="Parse"/>, but returns the problems instead of throwing (for completion and editing).</summary>
    public static (IReadOnlyList<Integration> Integrations, IReadOnlyList<DefinitionProblem> Problems) TryParse(string text, string file)
    {
        var problems = new DefinitionProblemList(file);
        var integrations = new List<Integration>();
        var root = YamlTreeReader.Read(text ?? string.Empty, problems);
        if (problems.Count == 0)
        {
            new Walker(file, text ?? string.Empty, problems).Walk(root, integrations);
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
            var text = ReadText(Path.GetFullPath(path));
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

    /// <summary>The repository path an integration writes (backup: directory/fileName; schema sync: path).</summary>
    public static string TargetPath(Integration integration)
    {
        if (integration.Type == Integration.SchemaSync) return NormalizeRepositoryPath(integration.SchemaPath ?? string.Empty);
        var directory = NormalizeRepositoryPath(integration.Directory ?? Integration.DefaultDirectory);
        var name = integration.FileName ?? (integration.Source.IsWildcard ? "*" : DefaultBackupFileName(integration.Source));
        return directory.Length == 0 ? name : directory + "/" + name;
    }

    /// <summary>A repository path with forward slashes and without empty or '.' segments ('' is the root).</summary>
    public static string NormalizeRepositoryPath(string path) =>
        string.Join("/", path.Trim().Replace('\\', '/').Split('/').Where(segment => segment.Length > 0 && segment != "."));

    /// <summary>
    /// The file name a backup writes when 'fileName' is not set, as the backup itself names it
    /// (<see cref="Backup.FileNames"/>): the collection's name. For an exported file that is the name inside it
    /// (read from its start); while the file cannot be read, its file name stands in.
    /// </summary>
    private static string DefaultBackupFileName(IntegrationSource source)
    {
        if (source.File is null) return Backup.FileNames.ForCollection(source.Collection ?? "collection");
        if (ExportedCollectionName(source.File) is { } name) return Backup.FileNames.ForCollection(name);
        var fileName = Path.GetFileName(source.File);
        if (fileName.EndsWith(Backup.FileNames.CollectionSuffix, StringComparison.OrdinalIgnoreCase)) return fileName;
        return Backup.FileNames.ForCollection(fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? fileName.Substring(0, fileName.Length - 5) : fileName);
    }

    /// <summary>info.name of an exported collection (bare or in the API's envelope), from the first 1 MB of the file; null when it cannot be told.</summary>
    private static string? ExportedCollectionName(string file)
    {
        try
        {
            if (!File.Exists(file) || IO.LocalFileGate.IsLink(file)) return null;   // a link is never read (the backup refuses it)
            byte[] start;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                start = new byte[(int)Math.Min(stream.Length, 1024 * 1024)];
                var read = 0;
                while (read < start.Length)
                {
                    var n = stream.Read(start, read, start.Length - read);
                    if (n == 0) break;
                    read += n;
                }
            }
            var reader = new System.Text.Json.Utf8JsonReader(start, isFinalBlock: false, state: default);
            var infoDepth = -1;
            while (reader.Read())
            {
                if (infoDepth > 0 && reader.TokenType == System.Text.Json.JsonTokenType.EndObject && reader.CurrentDepth == infoDepth - 1) return null;   // info ended without a name
                if (reader.TokenType != System.Text.Json.JsonTokenType.PropertyName) continue;
                if (infoDepth < 0 && reader.CurrentDepth <= 2 && reader.ValueTextEquals("info"))
                {
                    infoDepth = reader.CurrentDepth + 1;
                }
                else if (infoDepth > 0 && reader.CurrentDepth == infoDepth && reader.ValueTextEquals("name"))
                {
                    return reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.String ? reader.GetString() : null;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException)
        {
            // Not readable or not JSON (yet): the file name stands in; the backup reports the real problem.
        }
        return null;
    }

    private sealed class Walker
    {
        private readonly string _file;
        private readonly string _text;
        private readonly string _baseDirectory;
        private readonly DefinitionProblemList _problems;

        // Keys an UnknownKey problem already suggested ("Did you mean 'collection'?"), per block: their MissingKey would
        // report the same typo twice, so a misspelt key is one problem (one line in a log), not two.
        private readonly HashSet<(YamlTreeMapping Map, string Key)> _suggested = new();

        public Walker(string file, string text, DefinitionProblemList problems)
        {
            _file = file;
            _text = text;
            _baseDirectory = Path.GetDirectoryName(Path.GetFullPath(file)) ?? Directory.GetCurrentDirectory();
            _problems = problems;
        }

        public void Walk(YamlTreeNode? root, List<Integration> integrations)
        {
            if (root is null || root is YamlTreeScalar { IsNull: true })
            {
                _problems.Add(DefinitionProblemId.UnsupportedVersion, "The file is empty. Start it with 'version: 1' and an 'integrations:' list (New-BackupIntegration writes one).", 1, 1);
                return;
            }
            if (root is not YamlTreeMapping map)
            {
                _problems.Add(DefinitionProblemId.WrongType, $"The file must be a mapping with 'version', 'defaults' and 'integrations', not {root.Kind}.", root);
                return;
            }

            ScanForLiteralSecrets(root);
            ScanCommentsForLiteralSecrets();
            var entries = Entries(map, RootKeys, "the top level");
            if (!entries.TryGetValue("version", out var version))
            {
                _problems.Add(DefinitionProblemId.UnsupportedVersion, "The file has no 'version'. Add 'version: 1' as its first line.", map.Line, map.Column);
            }
            else if (version.Value is not YamlTreeScalar { Value: "1" })
            {
                _problems.Add(DefinitionProblemId.UnsupportedVersion, $"'version' must be 1 (this module reads version 1), not {Describe(version.Value)}.", version.Value);
            }

            var defaults = new Integration();
            if (entries.TryGetValue("defaults", out var defaultsEntry) && Mapping(defaultsEntry, "defaults") is { } defaultsMap)
            {
                var defaultEntries = Entries(defaultsMap, DefaultsKeys, "'defaults'");
                ApplyBlocks(defaultEntries, defaults);
                if (defaultEntries.TryGetValue("secretPolicy", out var policy)) defaults.SecretPolicy = SecretPolicyChoice(policy) ?? defaults.SecretPolicy;
            }

            if (!entries.TryGetValue("integrations", out var list))
            {
                _problems.Add(DefinitionProblemId.MissingKey, "The file has no 'integrations' list. Add 'integrations:' followed by '- name: ...' entries.", map.Line, map.Column);
                return;
            }
            if (list.Value is YamlTreeScalar { IsNull: true }) return;
            if (list.Value is not YamlTreeSequence sequence)
            {
                _problems.Add(DefinitionProblemId.WrongType, $"'integrations' must be a list of entries that start with '- name:', not {list.Value.Kind}.", list.Value);
                return;
            }

            var names = new Dictionary<string, Integration>(StringComparer.OrdinalIgnoreCase);
            var targets = new List<(string Key, string Path, Integration Integration)>();
            foreach (var item in sequence.Items)
            {
                if (item is not YamlTreeMapping itemMap)
                {
                    _problems.Add(DefinitionProblemId.WrongType, $"Each integration must be a mapping ('- name: ...' with its keys indented below), not {item.Kind}.", item);
                    continue;
                }
                var integration = ReadIntegration(itemMap, defaults);
                if (integration is null) continue;
                if (names.TryGetValue(integration.Name, out var first))
                {
                    _problems.Add(DefinitionProblemId.DuplicateName, $"The name '{integration.Name}' is already used on line {first.Line}. Names must be unique; rename one of them.", integration.Line, integration.Column);
                }
                else
                {
                    names[integration.Name] = integration;
                }
                CheckTarget(integration, targets);
                integrations.Add(integration);
            }
        }

        private Integration? ReadIntegration(YamlTreeMapping map, Integration defaults)
        {
            // An integration with any problem of its own takes no part in later checks
            // (duplicate names and targets), so one mistake is reported once.
            var problemsBefore = _problems.Count;
            var integration = ReadIntegrationEntries(map, defaults);
            return _problems.Count == problemsBefore ? integration : null;
        }

        private Integration? ReadIntegrationEntries(YamlTreeMapping map, Integration defaults)
        {
            var entries = Entries(map, IntegrationKeys, "an integration");
            var integration = new Integration
            {
                DefinitionFile = Path.GetFullPath(_file),
                Line = map.Line,
                Column = map.Column,
                Server = defaults.Server,
                Token = defaults.Token,
                App = defaults.App is null ? null : new GitHubAppReference { Id = defaults.App.Id, PrivateKey = defaults.App.PrivateKey, Installation = defaults.App.Installation },
                PostmanServer = defaults.PostmanServer,
                PostmanApiKey = defaults.PostmanApiKey,
                Committer = new CommitterIdentity { Name = defaults.Committer.Name, Email = defaults.Committer.Email, IsNamed = defaults.Committer.IsNamed },
                SecretPolicy = defaults.SecretPolicy,
            };
            var valid = true;

            var name = Text(entries, "name");
            if (name is null)
            {
                if (!_suggested.Contains((map, "name"))) _problems.Add(DefinitionProblemId.MissingKey, "This integration has no 'name'. Add 'name: <nickname>' (letters, digits, '.', '_', '-').", map);
                valid = false;
            }
            else if (!NamePattern.IsMatch(name.Value))
            {
                _problems.Add(DefinitionProblemId.InvalidName, $"The name '{name.Value}' may contain only letters, digits, '.', '_' and '-' (at most 100). For example '{Suggest(name.Value)}'.", name);
                valid = false;
            }
            else
            {
                integration.Name = name.Value;
            }

            var type = Text(entries, "type");
            if (type is null)
            {
                if (!_suggested.Contains((map, "type"))) _problems.Add(DefinitionProblemId.MissingKey, $"The integration '{integration.Name}' has no 'type'. Add 'type: collection-backup' or 'type: schema-sync'.", map);
                return null;
            }
            if (type.Value != Integration.CollectionBackup && type.Value != Integration.SchemaSync)
            {
                var hint = Closest(type.Value, new[] { Integration.CollectionBackup, Integration.SchemaSync });
                _problems.Add(DefinitionProblemId.InvalidValue, $"'type' is '{type.Value}'; it must be 'collection-backup' or 'schema-sync'" + (hint is null ? "." : $". Did you mean '{hint}'?"), type);
                return null;
            }
            integration.Type = type.Value;
            var isBackup = integration.Type == Integration.CollectionBackup;

            foreach (var key in isBackup ? SchemaOnlyKeys : BackupOnlyKeys)
            {
                if (entries.TryGetValue(key, out var misplaced))
                {
                    _problems.Add(DefinitionProblemId.UnknownKey, isBackup
                        ? $"'{key}' belongs to schema-sync integrations; a collection-backup writes to 'directory' and 'fileName'."
                        : $"'{key}' belongs to collection-backup integrations; a schema-sync writes to 'path'.", misplaced.Key);
                }
            }

            ApplyBlocks(entries, integration);
            if (entries.TryGetValue("allowGitHubFolder", out var allowGitHub)) integration.AllowGitHubFolder = Boolean(allowGitHub) ?? false;

            var repository = Text(entries, "repository");
            if (repository is null)
            {
                if (!_suggested.Contains((map, "repository"))) _problems.Add(DefinitionProblemId.MissingKey, $"The integration '{integration.Name}' has no 'repository'. Add 'repository: owner/name', for example 'contoso/api-backups'.", map);
                valid = false;
            }
            else
            {
                try
                {
                    integration.Repository = RepositoryName.Parse(repository.Value).ToString();
                }
                catch (SyncException ex)
                {
                    _problems.Add(DefinitionProblemId.InvalidValue, ex.Message, repository);
                    valid = false;
                }
            }

            if (Text(entries, "branch") is { } branch)
            {
                if (CheckBranchName(branch.Value) is { } message) _problems.Add(DefinitionProblemId.InvalidValue, message, branch);
                else integration.Branch = branch.Value;
            }

            if (isBackup)
            {
                if (Text(entries, "directory") is { } directory) integration.Directory = RepositoryPath(directory, "directory") ?? integration.Directory;
                else integration.Directory = Integration.DefaultDirectory;
                if (Text(entries, "fileName") is { } fileName)
                {
                    if (fileName.Value.IndexOfAny(new[] { '/', '\\' }) >= 0)
                    {
                        _problems.Add(DefinitionProblemId.InvalidValue, $"'fileName' is a file name, not a path ('{fileName.Value}'). Put folders in 'directory'.", fileName);
                    }
                    else
                    {
                        integration.FileName = RepositoryPath(fileName, "fileName");
                    }
                }
                if (entries.TryGetValue("secretPolicy", out var policy)) integration.SecretPolicy = SecretPolicyChoice(policy) ?? integration.SecretPolicy;
                if (entries.TryGetValue("prune", out var prune)) integration.Prune = Boolean(prune) ?? false;
            }
            else
            {
                var path = Text(entries, "path");
                if (path is null)
                {
                    if (!_suggested.Contains((map, "path"))) _problems.Add(DefinitionProblemId.MissingKey, $"The schema-sync integration '{integration.Name}' has no 'path'. Add 'path: <file or folder in the repository>', for example 'api/openapi.yaml'.", map);
                    valid = false;
                }
                else if (NormalizeRepositoryPath(path.Value).Length == 0)
                {
                    _problems.Add(DefinitionProblemId.InvalidValue, "'path' must name a file or folder inside the repository, not the repository root.", path);
                }
                else
                {
                    integration.SchemaPath = RepositoryPath(path, "path");
                }
                if (entries.TryGetValue("format", out var format)) integration.Format = Choice(format, Formats);
                if (Text(entries, "root") is { } root)
                {
                    // The root file of a multi-file schema, relative to the schema's folder: the same rules as a repository path.
                    integration.SchemaRoot = RepositoryPath(root, "root");
                }
            }
            if (!integration.AllowGitHubFolder)
            {
                foreach (var key in isBackup ? new[] { "directory", "fileName" } : new[] { "path" })
                {
                    if (entries.TryGetValue(key, out var target) && target.Value is YamlTreeScalar targetPath && RepositoryPathRule.EntersGitHubFolder(targetPath.Value))
                    {
                        _problems.Add(DefinitionProblemId.GitHubFolderNotAllowed,
                            $"'{key}' ('{targetPath.Value}') writes under '.github', where GitHub runs workflows and reads repository settings: whoever can change the "
                            + (isBackup ? "collection in Postman" : "schema's other side") + " could then change what runs in this repository. "
                            + "If that is intended, add 'allowGitHubFolder: true' to this integration; otherwise choose another folder.", targetPath);
                    }
                }
            }

            if (!entries.TryGetValue("source", out var source))
            {
                if (!_suggested.Contains((map, "source"))) _problems.Add(DefinitionProblemId.MissingKey, isBackup
                    ? $"The integration '{integration.Name}' has no 'source'. Add 'source:' with 'workspace' and 'collection', or 'file'."
                    : $"The integration '{integration.Name}' has no 'source'. Add 'source:' with 'file' (a file or folder) or 'postman: {{ workspace, api }}'.", map);
                valid = false;
            }
            else if (Mapping(source, "source") is { } sourceMap)
            {
                valid &= isBackup ? ReadBackupSource(sourceMap, integration) : ReadSchemaSource(sourceMap, integration);
            }
            else
            {
                valid = false;
            }

            return valid ? integration : null;
        }

        private bool ReadBackupSource(YamlTreeMapping map, Integration integration)
        {
            var entries = Entries(map, SourceKeys, "'source'");
            if (entries.TryGetValue("postman", out var postman))
            {
                _problems.Add(DefinitionProblemId.UnknownKey, "'source.postman' belongs to schema-sync integrations; a collection-backup names 'workspace' and 'collection' directly under 'source'.", postman.Key);
            }
            var workspace = Text(entries, "workspace");
            var collection = Text(entries, "collection");
            var file = Text(entries, "file");
            if (file is not null && (workspace is not null || collection is not null))
            {
                _problems.Add(DefinitionProblemId.ConflictingSource, "'source' names both a 'file' and a Postman 'workspace'/'collection'. Keep one: the file (an exported collection) or the workspace and collection.", file);
                return false;
            }
            if (file is null && workspace is null && collection is null)
            {
                _problems.Add(DefinitionProblemId.MissingKey, "'source' needs 'workspace' and 'collection' (from the Postman API) or 'file' (an exported collection).", map);
                return false;
            }
            if (file is not null)
            {
                if (entries.TryGetValue("environments", out var environmentsWithFile))
                {
                    _problems.Add(DefinitionProblemId.InvalidValue, "'environments' works with a Postman workspace, not with a 'file' source. Remove it, or back up the workspace instead.", environmentsWithFile.Key);
                }
                integration.Source.File = Path.GetFullPath(Path.Combine(_baseDirectory, file.Value));
                return true;
            }
            if (workspace is null)
            {
                if (!_suggested.Contains((map, "workspace"))) _problems.Add(DefinitionProblemId.MissingKey, "'source' names a 'collection' but no 'workspace'. Add 'workspace: <name or id>': collections are looked up in that workspace only.", map);
                return false;
            }
            if (collection is null)
            {
                if (!_suggested.Contains((map, "collection"))) _problems.Add(DefinitionProblemId.MissingKey, "'source' names a 'workspace' but no 'collection'. Add 'collection: <name, id or uid>', or 'collection: \"*\"' for every collection in the workspace.", map);
                return false;
            }
            integration.Source.Workspace = workspace.Value;
            integration.Source.Collection = collection.Value;
            if (integration.Source.IsWildcard && integration.FileName is not null)
            {
                _problems.Add(DefinitionProblemId.InvalidValue,
                    $"'fileName' names one file, but the collection '{collection.Value}' is a wildcard: each matching collection gets its own file (<collection name>.postman_collection.json). Remove 'fileName', or name a single collection.", collection);
                return false;
            }
            if (entries.TryGetValue("environments", out var environments)) integration.Source.Environments = Boolean(environments) ?? false;
            return true;
        }

        private bool ReadSchemaSource(YamlTreeMapping map, Integration integration)
        {
            var entries = Entries(map, SourceKeys, "'source'");
            foreach (var key in new[] { "workspace", "collection", "environments" })
            {
                if (entries.TryGetValue(key, out var misplaced))
                {
                    _problems.Add(DefinitionProblemId.UnknownKey, key == "workspace"
                        ? "A schema-sync source names its Postman side as 'postman: { workspace: ..., api: ... }'; move 'workspace' under 'postman'."
                        : $"'{key}' belongs to collection-backup sources; a schema-sync source is 'file' or 'postman'.", misplaced.Key);
                }
            }
            var file = Text(entries, "file");
            entries.TryGetValue("postman", out var postman);
            if (file is not null && postman.Key is not null)
            {
                _problems.Add(DefinitionProblemId.ConflictingSource, "'source' names both a 'file' and 'postman'. A schema syncs with one other side: keep one.", file);
                return false;
            }
            if (file is not null)
            {
                integration.Source.File = Path.GetFullPath(Path.Combine(_baseDirectory, file.Value));
                return true;
            }
            if (postman.Key is null)
            {
                _problems.Add(DefinitionProblemId.MissingKey, "'source' needs 'file' (a schema file or folder on disk) or 'postman: { workspace: ..., api: ... }'.", map);
                return false;
            }
            if (Mapping(postman, "source.postman") is not { } postmanMap) return false;
            var postmanEntries = Entries(postmanMap, SourcePostmanKeys, "'source.postman'");
            var workspace = Text(postmanEntries, "workspace");
            var api = Text(postmanEntries, "api");
            if (workspace is null || api is null)
            {
                _problems.Add(DefinitionProblemId.MissingKey, "'source.postman' needs both 'workspace' and 'api' (names or ids).", postmanMap);
                return false;
            }
            integration.Source.PostmanWorkspace = workspace.Value;
            integration.Source.PostmanApi = api.Value;
            return true;
        }

        private void ApplyBlocks(Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>> entries, Integration target)
        {
            if (entries.TryGetValue("github", out var github) && Mapping(github, "github") is { } githubMap)
            {
                var values = Entries(githubMap, GitHubKeys, "'github'");
                if (Text(values, "server") is { } server)
                {
                    try
                    {
                        GitHubEndpoint.Parse(server.Value);
                        target.Server = server.Value;
                    }
                    catch (SyncException ex)
                    {
                        _problems.Add(DefinitionProblemId.InvalidValue, ex.Message, server);
                    }
                }
                if (Text(values, "token") is { } token)
                {
                    target.Token = Reference(token, "token", "GITHUB_TOKEN") ?? target.Token;
                    target.App = null;   // a token given here wins over an app of the defaults
                }
                if (values.TryGetValue("app", out var app))
                {
                    if (values.ContainsKey("token"))
                    {
                        _problems.Add(DefinitionProblemId.InvalidValue,
                            "'github' names both a 'token' and an 'app'; an integration authenticates one way. Remove 'token' to work as the GitHub App, or 'app' to work with the token.", app.Key);
                    }
                    else if (ReadApp(app) is { } reference)
                    {
                        target.App = reference;
                    }
                }
            }
            if (entries.TryGetValue("postman", out var postman) && Mapping(postman, "postman") is { } postmanMap)
            {
                var values = Entries(postmanMap, PostmanKeys, "'postman'");
                if (Text(values, "server") is { } server)
                {
                    if (UserInfo(server.Value) is not null)
                    {
                        _problems.Add(DefinitionProblemId.InvalidValue,
                            string.Format(CultureInfo.InvariantCulture, Resources.Messages.ServerCredentialsNotAllowed, "postman.server", "API key"), server);
                    }
                    else if (Uri.TryCreate(server.Value, UriKind.Absolute, out var uri)
                        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp && GitHubEndpoint.IsLoopback(uri)))
                    {
                        target.PostmanServer = server.Value;
                    }
                    else
                    {
                        _problems.Add(DefinitionProblemId.InvalidValue, $"'postman.server' must be an https address such as https://api.getpostman.com, not '{server.Value}'.", server);
                    }
                }
                if (Text(values, "apiKey") is { } apiKey) target.PostmanApiKey = Reference(apiKey, "apiKey", "POSTMAN_API_KEY") ?? target.PostmanApiKey;
            }
            if (entries.TryGetValue("committer", out var committer) && Mapping(committer, "committer") is { } committerMap)
            {
                var values = Entries(committerMap, CommitterKeys, "'committer'");
                target.Committer.IsNamed = true;
                if (Text(values, "name") is { } name) target.Committer.Name = name.Value;
                if (Text(values, "email") is { } email)
                {
                    if (email.Value.IndexOf('@') > 0) target.Committer.Email = email.Value;
                    else _problems.Add(DefinitionProblemId.InvalidValue, $"'committer.email' must be an e-mail address, not '{email.Value}'.", email);
                }
            }
        }

        private GitHubAppReference? ReadApp(KeyValuePair<YamlTreeScalar, YamlTreeNode> app)
        {
            if (Mapping(app, "github.app") is not { } appMap) return null;
            var values = Entries(appMap, AppKeys, "'github.app'");
            var id = Text(values, "id");
            var key = Text(values, "privateKey");
            if (id is null || key is null)
            {
                _problems.Add(DefinitionProblemId.MissingKey,
                    "'github.app' needs 'id' (the app id or client id from the app's settings page) and 'privateKey' (a reference to its PEM key, such as 'secret:GitHubAppKey' or 'file:app.pem').", appMap);
                return null;
            }
            var reference = new GitHubAppReference { Id = id.Value.Trim() };
            if (!System.Text.RegularExpressions.Regex.IsMatch(reference.Id, "^(?:[0-9]{1,19}|Iv[0-9A-Za-z.]{1,60})$"))
            {
                _problems.Add(DefinitionProblemId.InvalidValue,
                    $"'github.app.id' must be the app id (a number such as 123456) or its client id (Iv1.…) from the app's settings page, not '{id.Value}'.", id);
                return null;
            }
            if (Reference(key, "privateKey", "GITHUB_APP_PRIVATE_KEY") is not { } keyReference) return null;
            reference.PrivateKey = keyReference;
            if (Text(values, "installation") is { } installation)
            {
                if (long.TryParse(installation.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var installationId) && installationId > 0)
                {
                    reference.Installation = installationId;
                }
                else
                {
                    _problems.Add(DefinitionProblemId.InvalidValue,
                        $"'github.app.installation' must be an installation id (a number, from the address of the app's installation settings), not '{installation.Value}'; or remove it to find the installation on the repository's owner.", installation);
                    return null;
                }
            }
            return reference;
        }

        private string? Reference(YamlTreeScalar scalar, string key, string variable)
        {
            if (SecretReference.LooksLikeLiteralSecret(scalar.Value)) return null;   // reported by the literal scan
            if (SecretReference.TryParse(scalar.Value) is { } reference) return reference.Text;
            // Never the value itself: whatever is written under a secret's key may be the secret.
            _problems.Add(DefinitionProblemId.InvalidSecretReference,
                $"'{key}' holds a literal value, but it must be a reference to where the secret is kept (definitions files live in version control): write 'env:{variable}', 'secret:NAME' (SecretManagement), 'secret:VAULT/NAME' or 'file:PATH'. If the value was a real secret, revoke it.", scalar);
            return null;
        }

        private void ScanCommentsForLiteralSecrets()
        {
            // Comments are not in the tree, but a token pasted into a comment is in version control all the same.
            var lines = _text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (_problems.Has(DefinitionProblemId.LiteralTokenNotAllowed, i + 1)) continue;
                var hash = lines[i].IndexOf('#');
                if (hash < 0) continue;
                foreach (var index in SecretReference.FindLiteralSecrets(lines[i]))
                {
                    if (index <= hash) continue;
                    _problems.Add(DefinitionProblemId.LiteralTokenNotAllowed,
                        "A comment holds a token or API key; definitions files live in version control and must not hold secrets, not even in comments. Revoke it and remove it from the file.", i + 1, index + 1);
                    break;
                }
            }
        }

        /// <summary>True for a key whose value is a secret wherever it appears (token, apiKey, privateKey, password, secret...).</summary>
        private static bool HoldsSecret(string key) =>
            SecretKey.IsMatch(key.Replace("_", string.Empty).Replace("-", string.Empty));

        private static readonly System.Text.RegularExpressions.Regex SecretKey = new(
            "(?i)^(.*token|.*apikey|.*privatekey|.*password|passwd|passphrase|.*secret|credentials?|key|pwd)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        /// <summary>The user name and password of an address (<c>https://user:password@host</c>), or null.</summary>
        private static string? UserInfo(string text)
        {
            var scheme = text.IndexOf("://", StringComparison.Ordinal);
            if (scheme < 0) return null;
            var end = text.IndexOfAny(new[] { '/', '?', '#' }, scheme + 3);
            var authority = end < 0 ? text.Substring(scheme + 3) : text.Substring(scheme + 3, end - scheme - 3);
            var at = authority.LastIndexOf('@');
            return at <= 0 ? null : authority.Substring(0, at);
        }

        private void ScanForLiteralSecrets(YamlTreeNode node)
        {
            switch (node)
            {
                case YamlTreeScalar scalar when SecretReference.LooksLikeLiteralSecret(scalar.Value):
                    _problems.Add(DefinitionProblemId.LiteralTokenNotAllowed,
                        "This is a token or API key written into the file; definitions files live in version control and must not hold secrets. Revoke it, store it elsewhere and reference it: 'token: env:GITHUB_TOKEN', 'apiKey: env:POSTMAN_API_KEY', 'secret:NAME' or 'file:PATH'.", scalar);
                    break;
                case YamlTreeMapping mapping:
                    foreach (var entry in mapping.Entries)
                    {
                        if (HoldsSecret(entry.Key.Value) && entry.Value is YamlTreeScalar value && SecretReference.TryParse(value.Value) is null) _problems.Conceal(value.Value);
                        if (entry.Value is YamlTreeScalar address && UserInfo(address.Value) is { } userInfo) _problems.Conceal(userInfo);
                        ScanForLiteralSecrets(entry.Key);
                        ScanForLiteralSecrets(entry.Value);
                    }
                    break;
                case YamlTreeSequence sequence:
                    foreach (var item in sequence.Items) ScanForLiteralSecrets(item);
                    break;
            }
        }

        private void CheckTarget(Integration integration, List<(string Key, string Path, Integration Integration)> targets)
        {
            string server;
            try
            {
                server = GitHubEndpoint.Parse(integration.Server).ApiRoot.AbsoluteUri;
            }
            catch (SyncException)
            {
                return;
            }
            var key = $"{server}|{integration.Repository.ToLowerInvariant()}|{integration.Branch ?? string.Empty}";
            var path = PortableFileName.CollisionKey(TargetPath(integration));   // one file on Windows and macOS is one target
            foreach (var (otherKey, otherPath, other) in targets)
            {
                if (otherKey != key) continue;
                var overlaps = otherPath == path
                    || path.StartsWith(otherPath + "/", StringComparison.Ordinal) && other.Type == Integration.SchemaSync
                    || otherPath.StartsWith(path + "/", StringComparison.Ordinal) && integration.Type == Integration.SchemaSync;
                if (overlaps)
                {
                    _problems.Add(DefinitionProblemId.DuplicateTarget,
                        $"'{integration.Name}' writes {integration.Repository} '{TargetPath(integration)}'" + (integration.Branch is null ? string.Empty : $" on {integration.Branch}")
                        + $", which '{other.Name}' (line {other.Line}) writes too; each would overwrite the other. Give one of them another directory, fileName, path or branch.",
                        integration.Line, integration.Column);
                    return;
                }
            }
            targets.Add((key, path, integration));
        }

        private Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>> Entries(YamlTreeMapping map, string[] allowed, string where)
        {
            var result = new Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>>(StringComparer.Ordinal);
            foreach (var entry in map.Entries)
            {
                var key = entry.Key.Value;
                if (Array.IndexOf(allowed, key) < 0)
                {
                    var hint = Closest(key, allowed);
                    if (hint is not null) _suggested.Add((map, hint));
                    _problems.Add(DefinitionProblemId.UnknownKey,
                        $"'{key}' is not a key of {where}." + (hint is null ? $" The keys are: {string.Join(", ", allowed)}." : $" Did you mean '{hint}'?"), entry.Key);
                    continue;
                }
                if (result.TryGetValue(key, out var first))
                {
                    _problems.Add(DefinitionProblemId.DuplicateKey, $"'{key}' is given twice (first on line {first.Key.Line}); keep one.", entry.Key);
                    continue;
                }
                result[key] = entry;
            }
            return result;
        }

        private YamlTreeMapping? Mapping(KeyValuePair<YamlTreeScalar, YamlTreeNode> entry, string key)
        {
            if (entry.Value is YamlTreeMapping map) return map;
            if (entry.Value is YamlTreeScalar { IsNull: true }) return new YamlTreeMapping(entry.Value.Line, entry.Value.Column);
            _problems.Add(DefinitionProblemId.WrongType, $"'{key}' must be a mapping (its keys indented on the lines below), not {Describe(entry.Value)}.", entry.Value);
            return null;
        }

        private YamlTreeScalar? Text(Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>> entries, string key)
        {
            if (!entries.TryGetValue(key, out var entry)) return null;
            if (entry.Value is YamlTreeScalar scalar)
            {
                if (scalar.IsNull || scalar.Value.Trim().Length == 0)
                {
                    _problems.Add(DefinitionProblemId.InvalidValue, $"'{key}' is empty; give it a value or remove the line.", entry.Key);
                    return null;
                }
                return scalar;
            }
            _problems.Add(DefinitionProblemId.WrongType, $"'{key}' must be a single value, not {entry.Value.Kind}.", entry.Value);
            return null;
        }

        /// <summary><c>secretPolicy</c>: redact, keep or block; <c>warn</c>, its name before version 0.2, is kept as an alias of keep.</summary>
        private string? SecretPolicyChoice(KeyValuePair<YamlTreeScalar, YamlTreeNode> entry) =>
            entry.Value is YamlTreeScalar { IsNull: false } scalar && string.Equals(scalar.Value, "warn", StringComparison.OrdinalIgnoreCase)
                ? "keep"
                : Choice(entry, SecretPolicies);

        private string? Choice(KeyValuePair<YamlTreeScalar, YamlTreeNode> entry, string[] choices)
        {
            if (entry.Value is not YamlTreeScalar scalar || scalar.IsNull)
            {
                _problems.Add(DefinitionProblemId.WrongType, $"'{entry.Key.Value}' must be one of: {string.Join(", ", choices)}.", entry.Value);
                return null;
            }
            var match = choices.FirstOrDefault(c => string.Equals(c, scalar.Value, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                var hint = Closest(scalar.Value, choices);
                _problems.Add(DefinitionProblemId.InvalidValue, $"'{entry.Key.Value}' is '{scalar.Value}'; it must be one of: {string.Join(", ", choices)}." + (hint is null ? string.Empty : $" Did you mean '{hint}'?"), scalar);
            }
            return match;
        }

        private bool? Boolean(KeyValuePair<YamlTreeScalar, YamlTreeNode> entry)
        {
            if (entry.Value is YamlTreeScalar { IsPlain: true } scalar)
            {
                if (string.Equals(scalar.Value, "true", StringComparison.OrdinalIgnoreCase)) return true;
                if (string.Equals(scalar.Value, "false", StringComparison.OrdinalIgnoreCase)) return false;
            }
            _problems.Add(DefinitionProblemId.WrongType, $"'{entry.Key.Value}' must be true or false, not {Describe(entry.Value)}.", entry.Value);
            return null;
        }

        private string? RepositoryPath(YamlTreeScalar scalar, string key)
        {
            if (CheckRepositoryPath(scalar.Value, key) is { } message)
            {
                _problems.Add(DefinitionProblemId.PathEscapesRepository, message, scalar);
                return null;
            }
            if (CheckPortablePath(scalar.Value, key) is { } portability)
            {
                _problems.Add(DefinitionProblemId.PathNotPortable, portability, scalar);
                return null;
            }
            return NormalizeRepositoryPath(scalar.Value);
        }

        private static string Describe(YamlTreeNode node) => node is YamlTreeScalar scalar ? $"'{scalar.Value}'" : node.Kind;

        private static string Suggest(string name)
        {
            var cleaned = Regex.Replace(name, "[^A-Za-z0-9._-]+", "-").Trim('-');
            return cleaned.Length == 0 ? "my-integration" : cleaned.Length > 100 ? cleaned.Substring(0, 100) : cleaned;
        }
    }

    /// <summary>The allowed word closest to <paramref name="word"/> (case, typos), or null when none is close.</summary>
    internal static string? Closest(string word, IEnumerable<string> allowed)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in allowed)
        {
            var distance = string.Equals(word, candidate, StringComparison.OrdinalIgnoreCase) ? 0 : Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }
        return bestDistance <= Math.Max(2, word.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
