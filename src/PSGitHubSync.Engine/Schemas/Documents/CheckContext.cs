using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace PSGitHubSync.Engine.Schemas.Documents;

/// <summary>A file read for checking: its text and, for JSON/YAML, its tree (null when it did not parse).</summary>
internal sealed class ParsedFile
{
    public ParsedFile(string path, string? text, DocNode? root, bool isJson, bool hasDuplicateKeys = false)
    {
        Path = path;
        Text = text;
        Root = root;
        IsJson = isJson;
        HasDuplicateKeys = hasDuplicateKeys;
    }

    /// <summary>True when a mapping repeats a key (reported); readers that build dictionaries fail on such files.</summary>
    public bool HasDuplicateKeys { get; }

    public string Path { get; }

    public string? Text { get; }

    public DocNode? Root { get; }

    public bool IsJson { get; }
}

/// <summary>
/// One check of one <see cref="SchemaSet"/>: decodes and parses each file at most once, and collects the
/// problems (each reported once).
/// </summary>
internal sealed class CheckContext
{
    /// <summary>The file name used for problems about the schema as a whole.</summary>
    public const string WholeSchema = "(schema)";

    private readonly Dictionary<string, string?> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ParsedFile> _parsed = new(StringComparer.Ordinal);
    private readonly List<SchemaProblem> _problems = new();
    private readonly List<SchemaProblem> _warnings = new();
    private readonly HashSet<string> _problemKeys = new(StringComparer.Ordinal);

    public CheckContext(SchemaSet set)
    {
        Set = set;
    }

    public SchemaSet Set { get; }

    public int ProblemCount => _problems.Count;

    public void Add(SchemaProblem problem)
    {
        var key = string.Join("\u0001", problem.ProblemId, problem.File, problem.Line, problem.Column, problem.Pointer ?? "", problem.Message);
        if (_problemKeys.Add(key)) _problems.Add(problem);
    }

    public void Add(string problemId, string file, int line, int column, string? pointer, string message, string? section = null)
        => Add(new SchemaProblem(problemId, file, line, column, pointer, message, section));

    /// <summary>A finding that does not refuse the schema (reported once).</summary>
    public void Warn(SchemaProblem warning)
    {
        var key = string.Join("\u0001", "W", warning.ProblemId, warning.File, warning.Line, warning.Column, warning.Pointer ?? "", warning.Message);
        if (_problemKeys.Add(key)) _warnings.Add(warning);
    }

    public void Warn(string problemId, string file, int line, int column, string? pointer, string message, string? section = null)
        => Warn(new SchemaProblem(problemId, file, line, column, pointer, message, section));

    /// <summary>The warnings, by file, line and column.</summary>
    public IReadOnlyList<SchemaProblem> Warnings() => Order(_warnings);

    /// <summary>The problems, the whole schema's first, then by file, line and column.</summary>
    public IReadOnlyList<SchemaProblem> Problems() => Order(_problems);

    private static IReadOnlyList<SchemaProblem> Order(List<SchemaProblem> problems)
        => problems
            .OrderBy(p => p.File == WholeSchema ? 0 : 1)
            .ThenBy(p => p.File, StringComparer.Ordinal)
            .ThenBy(p => p.Line)
            .ThenBy(p => p.Column)
            .ToList();

    /// <summary>The decoded text of a file of the set, or null (reported once) when it is not text.</summary>
    public string? Text(string path)
    {
        if (_texts.TryGetValue(path, out var cached)) return cached;
        var file = Set.Find(path);
        string? text = null;
        if (file is not null)
        {
            text = SchemaText.TryDecode(file.Content, out var error);
            if (text is null) Add(SchemaProblemId.NotText, path, 0, 0, null, error!);
        }
        _texts[path] = text;
        return text;
    }

    /// <summary>UTF-8 bytes of the decoded text (no byte order mark), for readers that want a stream.</summary>
    public byte[] Utf8(string path) => Encoding.UTF8.GetBytes(Text(path) ?? "");

    /// <summary>
    /// The file as a JSON or YAML tree: JSON when the content starts with <c>{</c> or <c>[</c> (unless
    /// <paramref name="forceYaml"/>), else YAML. Syntax problems are reported once.
    /// </summary>
    public ParsedFile Parse(string path, bool forceYaml = false)
    {
        if (_parsed.TryGetValue(path, out var cached)) return cached;
        var text = Text(path);
        ParsedFile parsed;
        if (text is null)
        {
            parsed = new ParsedFile(path, null, null, false);
        }
        else
        {
            var problems = new List<SchemaProblem>();
            var isJson = !forceYaml && SchemaText.LooksLikeJson(text);
            var root = isJson ? JsonDocReader.Read(text, path, problems) : YamlDocReader.Read(text, path, problems);
            foreach (var problem in problems)
            {
                // RFC 8259 says only that names SHOULD be unique: a repeated JSON key is a warning. YAML forbids it.
                if (isJson && problem.ProblemId == SchemaProblemId.DuplicateKey) Warn(problem);
                else Add(problem);
            }
            var broken = problems.Any(p => p.ProblemId is SchemaProblemId.SyntaxError or SchemaProblemId.Empty);
            var duplicates = problems.Any(p => p.ProblemId == SchemaProblemId.DuplicateKey);
            parsed = new ParsedFile(path, text, broken ? null : root, isJson, duplicates);
        }
        _parsed[path] = parsed;
        return parsed;
    }

    /// <summary>True when the file parses and has a top-level <c>openapi</c> or <c>swagger</c> key.</summary>
    public bool IsOpenApiDocument(string path)
    {
        if (!Set.Contains(path)) return false;
        var root = Parse(path).Root;
        return root is { Kind: DocNodeKind.Mapping } && (root.FindEntry("openapi") is not null || root.FindEntry("swagger") is not null);
    }

    /// <summary>Files of the set with the given extensions that are not in <paramref name="seen"/>.</summary>
    public IEnumerable<string> Others(ISet<string> seen, Func<string, bool> filter)
        => Set.Files.Select(f => f.Path).Where(p => !seen.Contains(p) && filter(p));
}

/// <summary>Resolves relative references between the files of a set.</summary>
internal static class SetPaths
{
    /// <summary>The folder part of a path (<c>a/b</c> for <c>a/b/c.yaml</c>, empty at the top).</summary>
    public static string DirectoryOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path.Substring(0, slash);
    }

    /// <summary>True for <c>https://...</c>, <c>urn:...</c> and the like (a scheme of two or more letters).</summary>
    public static bool IsAbsoluteUri(string reference)
    {
        var colon = reference.IndexOf(':');
        if (colon < 2) return false;
        for (var i = 0; i < colon; i++)
        {
            var c = reference[i];
            var ok = char.IsLetter(c) || (i > 0 && (char.IsDigit(c) || c == '+' || c == '-' || c == '.'));
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>
    /// Resolves <paramref name="reference"/> (percent-escapes decoded, back slashes allowed) against the
    /// folder <paramref name="baseDirectory"/>. Null with a reason for absolute paths and paths that
    /// leave the set's folder.
    /// </summary>
    public static string? Resolve(string baseDirectory, string reference, out string? error)
    {
        error = null;
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(reference);
        }
        catch (UriFormatException)
        {
            decoded = reference;
        }
        decoded = decoded.Replace('\\', '/');
        if (decoded.StartsWith("/", StringComparison.Ordinal) || (decoded.Length > 1 && decoded[1] == ':'))
        {
            error = "is an absolute path; refer to the file relative to the one that refers to it";
            return null;
        }
        var parts = new List<string>();
        if (baseDirectory.Length > 0) parts.AddRange(baseDirectory.Split('/'));
        foreach (var segment in decoded.Split('/'))
        {
            if (segment.Length == 0 || segment == ".") continue;
            if (segment == "..")
            {
                if (parts.Count == 0)
                {
                    error = "leaves the schema's folder; a schema syncs as one folder, so every file it refers to must be inside it";
                    return null;
                }
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(segment);
        }
        if (parts.Count == 0)
        {
            error = "names no file";
            return null;
        }
        return string.Join("/", parts);
    }
}
