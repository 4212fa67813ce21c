using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Schemas.Documents;

namespace PSGitHubSync.Engine.Schemas;

/// <summary>
/// The files that form one schema, as one unit: relative path (forward slashes) to bytes, ordered by
/// path (ordinal). A single-file schema is a set of one. Immutable; the bytes are never altered (no
/// line-ending or encoding normalization), so what is read on one side is exactly what is written on
/// the other. Two sets are equal when they hold the same paths with the same bytes.
/// </summary>
public sealed class SchemaSet : IEquatable<SchemaSet>, IEnumerable<SchemaFile>
{
    /// <summary>
    /// The names that make a top-level file the root of a folder, in order of preference
    /// (compared without regard to case).
    /// </summary>
    public static readonly IReadOnlyList<string> ConventionalRootNames = new[]
    {
        "openapi.yaml", "openapi.yml", "openapi.json",
        "swagger.yaml", "swagger.yml", "swagger.json",
        "api.raml",
        "schema.graphql", "schema.graphqls", "schema.gql",
    };

    /// <summary>The file part of a <c>$ref</c>, an <c>!include</c>, <c>extends:</c> or a <c>uses:</c> entry, as written.</summary>
    private static readonly System.Text.RegularExpressions.Regex ReferencePattern = new(
        @"(?:[""']?\$ref[""']?\s*:\s*|!include\s+|extends:\s*)[""']?(?<file>[^""'#\s{}\[\],]+\.(?:ya?ml|json|raml))",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private readonly ImmutableArray<SchemaFile> _files;
    private readonly Dictionary<string, SchemaFile> _byPath;
    private readonly Lazy<RootResolution> _root;
    private readonly Lazy<string> _fingerprint;

    private SchemaSet(ImmutableArray<SchemaFile> files, string? explicitRoot)
    {
        _files = files;
        _byPath = new Dictionary<string, SchemaFile>(StringComparer.Ordinal);
        foreach (var file in files) _byPath.Add(file.Path, file);
        Paths = files.Select(f => f.Path).ToImmutableArray();
        ExplicitRootFile = explicitRoot;
        _root = new Lazy<RootResolution>(ResolveRoot);
        _fingerprint = new Lazy<string>(ComputeFingerprint);
    }

    /// <summary>How many files the set holds.</summary>
    public int Count => _files.Length;

    /// <summary>The files, ordered by path (ordinal).</summary>
    public IReadOnlyList<SchemaFile> Files => _files;

    /// <summary>The relative paths, ordered (ordinal).</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>The root file named when the set was made, or null when it is found by the rules of <see cref="RootFile"/>.</summary>
    public string? ExplicitRootFile { get; }

    /// <summary>
    /// The file the schema starts from. For a single file, that file. For a folder: the file named
    /// when the set was made; else the first top-level file with a <see cref="ConventionalRootNames">conventional name</see>
    /// (<c>openapi.yaml</c>, <c>swagger.json</c>, <c>api.raml</c>, <c>schema.graphql</c>, ...); else the
    /// only file whose content is an OpenAPI document or a RAML API definition; else, for a folder of
    /// GraphQL files only, the first of them (all of them form the schema).
    /// </summary>
    /// <exception cref="SyncException"><c>InvalidSchema</c> when the root cannot be told; the message says how to name it.</exception>
    public string RootFile
    {
        get
        {
            var resolution = _root.Value;
            return resolution.Root ?? throw new SyncException(SchemaErrorIds.InvalidSchema, SyncErrorCategory.InvalidData, resolution.Error!, this);
        }
    }

    /// <summary>The root file as <see cref="RootFile"/> finds it, or null with the reason when it cannot be told.</summary>
    public bool TryGetRootFile(out string? rootFile, out string? reason)
    {
        var resolution = _root.Value;
        rootFile = resolution.Root;
        reason = resolution.Error;
        return rootFile is not null;
    }

    /// <summary>A SHA-256 over every path and its bytes (lowercase hex): equal sets have equal fingerprints.</summary>
    public string Fingerprint => _fingerprint.Value;

    /// <summary>The bytes of the file at <paramref name="path"/>.</summary>
    /// <exception cref="KeyNotFoundException">The set has no such file.</exception>
    public ImmutableArray<byte> this[string path]
    {
        get
        {
            var file = Find(path);
            return file is null ? throw new KeyNotFoundException($"The schema has no file '{path}'.") : file.Content;
        }
    }

    /// <summary>True when the set holds a file at <paramref name="path"/> (forward or back slashes).</summary>
    public bool Contains(string path) => Find(path) is not null;

    /// <summary>The file at <paramref name="path"/> (forward or back slashes), or null.</summary>
    public SchemaFile? Find(string path)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        if (_byPath.TryGetValue(path, out var file)) return file;
        var normalized = path.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal)) normalized = normalized.Substring(2);
        return _byPath.TryGetValue(normalized, out file) ? file : null;
    }

    /// <summary>
    /// Makes a set from relative paths and bytes. Back slashes become forward slashes and a leading
    /// <c>./</c> is dropped; absolute paths, <c>..</c>, empty segments and <c>.git</c> are refused. The
    /// bytes are copied.
    /// </summary>
    /// <param name="files">Relative path to content.</param>
    /// <param name="rootFile">The root file, when the caller knows it (see <see cref="RootFile"/>).</param>
    /// <exception cref="SyncException"><c>InvalidSchema</c> for a refused or repeated path, or a root that is not among the files.</exception>
    public static SchemaSet Create(IEnumerable<KeyValuePair<string, byte[]>> files, string? rootFile = null)
    {
        if (files is null) throw new ArgumentNullException(nameof(files));
        var list = new List<SchemaFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in files)
        {
            var path = NormalizePath(pair.Key);
            if (!seen.Add(path))
            {
                throw PathError($"The schema names the file '{path}' twice.");
            }
            var copy = (byte[])(pair.Value ?? throw new ArgumentException($"The file '{path}' has no content (null).", nameof(files))).Clone();
            list.Add(new SchemaFile(path, ImmutableCollectionsMarshal.AsImmutableArray(copy)));
        }
        return Build(list, rootFile);
    }

    /// <summary>A set of one file.</summary>
    /// <param name="name">The file's name or relative path (<c>openapi.yaml</c>).</param>
    /// <param name="content">The bytes (copied).</param>
    public static SchemaSet Single(string name, byte[] content)
    {
        if (name is null) throw new ArgumentNullException(nameof(name));
        if (content is null) throw new ArgumentNullException(nameof(content));
        return Create(new[] { new KeyValuePair<string, byte[]>(name, content) });
    }

    /// <summary>A set of one file read from disk; its path in the set is the file's name.</summary>
    /// <exception cref="SyncException"><c>SourceFileNotFound</c> when the file cannot be read.</exception>
    public static SchemaSet FromFile(string path)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        if (!File.Exists(path))
        {
            throw new SyncException(SyncErrorId.SourceFileNotFound, SyncErrorCategory.ObjectNotFound,
                $"The schema file '{path}' does not exist. Check the integration's 'source.file' (relative paths are relative to the definitions file).", path);
        }
        var bytes = ReadFile(path);
        return Single(Path.GetFileName(path), bytes);
    }

    /// <summary>
    /// A set of every file below a folder (sub-folders included), read from disk. Entries named
    /// <c>.git</c> are skipped; every other file is kept, whatever its name. A symbolic link or junction
    /// anywhere in the folder is never followed: the folder is refused (<c>LocalPathIsLink</c>).
    /// </summary>
    /// <param name="path">The folder.</param>
    /// <param name="rootFile">The root file relative to the folder, when the caller knows it.</param>
    /// <exception cref="SyncException"><c>SourceFileNotFound</c> when the folder or a file cannot be read; <c>LocalPathIsLink</c> for a link.</exception>
    public static SchemaSet FromDirectory(string path, string? rootFile = null)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        if (!Directory.Exists(path))
        {
            throw new SyncException(SyncErrorId.SourceFileNotFound, SyncErrorCategory.ObjectNotFound,
                $"The schema folder '{path}' does not exist. Check the integration's 'source.file' (relative paths are relative to the definitions file).", path);
        }
        IO.LocalFileGate.RefuseLinks(path, root: null, integrationName: null);
        var files = new List<KeyValuePair<string, byte[]>>();
        Collect(new DirectoryInfo(path), "", files);
        return Create(files, rootFile);
    }

    /// <summary>The same files with another root file (null: find it by the rules of <see cref="RootFile"/>).</summary>
    public SchemaSet WithRootFile(string? rootFile) => Build(_files.ToList(), rootFile);

    /// <summary>True when both sets hold the same paths with the same bytes (the root file does not count).</summary>
    public bool Equals(SchemaSet? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (_files.Length != other._files.Length) return false;
        for (var i = 0; i < _files.Length; i++)
        {
            if (!string.Equals(_files[i].Path, other._files[i].Path, StringComparison.Ordinal)) return false;
            if (!SameBytes(_files[i].Content, other._files[i].Content)) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SchemaSet);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        unchecked
        {
            var hash = 17;
            foreach (var file in _files)
            {
                hash = hash * 31 + StringComparer.Ordinal.GetHashCode(file.Path);
                hash = hash * 31 + file.Content.Length;
            }
            return hash;
        }
    }

    /// <summary>True when both are null or hold the same paths with the same bytes.</summary>
    public static bool operator ==(SchemaSet? left, SchemaSet? right) => left is null ? right is null : left.Equals(right);

    /// <summary>True unless both are null or hold the same paths with the same bytes.</summary>
    public static bool operator !=(SchemaSet? left, SchemaSet? right) => !(left == right);

    /// <inheritdoc />
    public IEnumerator<SchemaFile> GetEnumerator() => ((IEnumerable<SchemaFile>)_files).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The paths, or the single file's name.</summary>
    public override string ToString() => _files.Length == 1 ? _files[0].Path : $"{_files.Length} files";

    /// <summary>
    /// Puts a relative path into the set's form: forward slashes, no leading <c>./</c>. Refuses absolute
    /// paths, <c>..</c>, empty segments and <c>.git</c>.
    /// </summary>
    /// <exception cref="SyncException"><c>InvalidSchema</c> for a refused path.</exception>
    public static string NormalizePath(string path)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        var normalized = path.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal)) normalized = normalized.Substring(2);
        if (normalized.Length == 0) throw PathError("A schema file has an empty path.");
        if (normalized[0] == '/' || (normalized.Length > 1 && normalized[1] == ':'))
        {
            throw PathError($"The schema file path '{path}' is absolute; schema files are named relative to the schema's folder.");
        }
        foreach (var segment in normalized.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                throw PathError($"The schema file path '{path}' has an empty, '.' or '..' segment; name files inside the schema's folder only.");
            }
            if (IO.RepositoryPathRule.Names(segment, IO.RepositoryPathRule.GitFolder))
            {
                throw PathError($"The schema file path '{path}' is inside '.git' (or a name Windows or macOS takes for it), which is never synced.");
            }
        }
        return normalized;
    }

    internal static bool SameBytes(ImmutableArray<byte> left, ImmutableArray<byte> right)
        => left.AsSpan().SequenceEqual(right.AsSpan());

    private static SchemaSet Build(List<SchemaFile> files, string? rootFile)
    {
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        string? root = null;
        if (rootFile is not null)
        {
            root = NormalizePath(rootFile);
            if (!files.Any(f => string.Equals(f.Path, root, StringComparison.Ordinal)))
            {
                throw PathError($"The root file '{root}' is not among the schema's files ({Describe(files)}).");
            }
        }
        return new SchemaSet(files.ToImmutableArray(), root);
    }

    private static string Describe(IReadOnlyCollection<SchemaFile> files)
    {
        if (files.Count == 0) return "there are none";
        var names = files.Take(10).Select(f => f.Path);
        return string.Join(", ", names) + (files.Count > 10 ? ", ..." : "");
    }

    private static SyncException PathError(string message)
        => new(SchemaErrorIds.InvalidSchema, SyncErrorCategory.InvalidData, message);

    private static void Collect(DirectoryInfo directory, string prefix, List<KeyValuePair<string, byte[]>> files)
    {
        FileSystemInfo[] entries;
        try
        {
            entries = directory.GetFileSystemInfos();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw new SyncException(SyncErrorId.SourceFileNotFound, SyncErrorCategory.PermissionDenied,
                $"The schema folder '{directory.FullName}' could not be read: {ex.Message}", directory.FullName, ex);
        }
        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry is DirectoryInfo sub)
            {
                if (string.Equals(sub.Name, ".git", StringComparison.OrdinalIgnoreCase)) continue;
                if (IO.LocalFileGate.IsLink(sub.FullName)) throw IO.LocalFileGate.LinkError(sub.FullName, null);
                Collect(sub, prefix + sub.Name + "/", files);
            }
            else if (entry is FileInfo file)
            {
                if (string.Equals(file.Name, ".git", StringComparison.OrdinalIgnoreCase)) continue;
                files.Add(new KeyValuePair<string, byte[]>(prefix + file.Name, ReadFile(file.FullName)));
            }
        }
    }

    private static byte[] ReadFile(string path)
    {
        try
        {
            return IO.LocalFileGate.ReadAllBytes(path, root: null, integrationName: null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw new SyncException(SyncErrorId.SourceFileNotFound, SyncErrorCategory.PermissionDenied,
                $"The schema file '{path}' could not be read: {ex.Message}", path, ex);
        }
    }

    private string ComputeFingerprint()
    {
        using var sha = SHA256.Create();
        var lengthBytes = new byte[8];
        foreach (var file in _files)
        {
            var pathBytes = Encoding.UTF8.GetBytes(file.Path);
            sha.TransformBlock(pathBytes, 0, pathBytes.Length, null, 0);
            var length = (long)file.Content.Length;
            for (var i = 0; i < 8; i++) lengthBytes[i] = (byte)(length >> (8 * i));
            sha.TransformBlock(lengthBytes, 0, 8, null, 0);
            var content = ImmutableCollectionsMarshal.AsArray(file.Content) ?? new byte[0];
            sha.TransformBlock(content, 0, content.Length, null, 0);
        }
        sha.TransformFinalBlock(new byte[0], 0, 0);
        var hash = sha.Hash!;
        var text = new StringBuilder(hash.Length * 2);
        foreach (var b in hash) text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        return text.ToString();
    }

    private RootResolution ResolveRoot()
    {
        if (ExplicitRootFile is not null) return new RootResolution(ExplicitRootFile, null);
        if (_files.Length == 0) return new RootResolution(null, "The schema has no files.");
        if (_files.Length == 1) return new RootResolution(_files[0].Path, null);

        foreach (var name in ConventionalRootNames)
        {
            var match = _files.FirstOrDefault(f => f.Path.IndexOf('/') < 0 && string.Equals(f.Path, name, StringComparison.OrdinalIgnoreCase));
            if (match is not null) return new RootResolution(match.Path, null);
        }

        var candidates = _files.Where(f => SchemaSniffer.IsRootDocument(f.Path, f.Content)).Select(f => f.Path).ToList();
        if (candidates.Count == 1) return new RootResolution(candidates[0], null);

        if (candidates.Count == 0)
        {
            var graphQl = _files.Where(f => SchemaSniffer.HasGraphQLExtension(f.Path)).Select(f => f.Path).ToList();
            if (graphQl.Count > 0) return new RootResolution(graphQl[0], null);
            return new RootResolution(null,
                $"None of the schema's {_files.Length} files ({Describe(_files)}) is an OpenAPI document (top-level 'openapi' or 'swagger' key), a RAML API definition ('#%RAML 1.0' first line) or GraphQL (.graphql); "
                + "name the root file, or call it openapi.yaml, api.raml or schema.graphql.");
        }

        // A document another candidate refers to (shared components kept as a full document, a RAML
        // library or overlay) is not where the schema starts.
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var text = SchemaText.TryDecode(Find(candidate)!.Content, out _);
            if (text is null) continue;
            foreach (System.Text.RegularExpressions.Match match in ReferencePattern.Matches(text))
            {
                var target = SetPaths.Resolve(SetPaths.DirectoryOf(candidate), match.Groups["file"].Value, out _);
                if (target is not null && target != candidate) referenced.Add(target);
            }
        }
        var unreferenced = candidates.Where(c => !referenced.Contains(c)).ToList();
        if (unreferenced.Count == 1) return new RootResolution(unreferenced[0], null);
        var named = unreferenced.Count > 1 ? unreferenced : candidates;

        return new RootResolution(null,
            $"The schema folder has {named.Count} candidate root documents ({string.Join(", ", named.Take(10))}{(named.Count > 10 ? ", ..." : "")}); cannot tell which one is the root. "
            + $"Say which one with 'root: {named[0]}' on the integration in the definitions file (relative to the schema's folder), or call it openapi.yaml (or openapi.json, swagger.yaml, api.raml, schema.graphql) at the top of the folder.");
    }

    private sealed class RootResolution
    {
        public RootResolution(string? root, string? error)
        {
            Root = root;
            Error = error;
        }

        public string? Root { get; }

        public string? Error { get; }
    }
}
