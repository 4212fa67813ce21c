using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;

namespace PSGitHubSync.Engine.Schemas.Documents;

/// <summary>
/// Checks an OpenAPI schema (2.0, 3.0, 3.1, 3.2; JSON or YAML; one file or several joined by relative
/// <c>$ref</c>s). Two passes: the validator's own walk over every <c>$ref</c> (files present in the set,
/// JSON pointers that resolve, nothing outside the folder), then Microsoft.OpenApi's reader on every
/// OpenAPI document of the set, with external references loaded from the set in memory (never from
/// disk or network). The reader's errors (not its warnings) become problems.
/// </summary>
internal sealed class OpenApiChecker
{
    /// <summary>The base address documents are read under: <c>.invalid</c> can never be reached.</summary>
    internal const string SetBase = "https://schema-set.invalid/";

    private static readonly Regex FilePrefix = new(@"^\[File: (?<file>[^\]]*)\]\s*(?<rest>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant);
    private static readonly Regex TrailingPointer = new(@"\bat (?<pointer>#/\S*)\s*$", RegexOptions.CultureInvariant);
    private static readonly Regex LineColumn = new(@"at line (?<line>\d+), column (?<column>\d+)", RegexOptions.CultureInvariant);

    /// <summary>Keys whose mapping values are keyed by user-chosen names, where no key is a keyword.</summary>
    private static readonly HashSet<string> NameMapKeys = new(StringComparer.Ordinal)
    {
        "properties", "patternProperties", "definitions", "$defs", "schemas", "parameters", "responses",
        "headers", "securitySchemes", "securityDefinitions", "requestBodies", "links", "callbacks", "pathItems",
        "paths", "webhooks", "content", "encoding", "dependentSchemas", "variables", "mapping", "scopes", "examples",
        "mediaTypes",
    };

    /// <summary>Keys whose values are literal data, where a <c>$ref</c> key is just data.</summary>
    private static readonly HashSet<string> LiteralKeys = new(StringComparer.Ordinal) { "example", "default", "enum", "const" };

    /// <summary>
    /// The reader's default rules less <c>OpenApiDocumentReferencesAreValid</c>: it only warns, the
    /// validator checks references itself, and in Microsoft.OpenApi 3.11 it throws
    /// <see cref="UriFormatException"/> on an OpenAPI 3.1 schema <c>$ref</c> to a relative file.
    /// </summary>
    private static readonly Lazy<ValidationRuleSet> RuleSet = new(() =>
    {
        var rules = new ValidationRuleSet(ValidationRuleSet.GetDefaultRuleSet());
        rules.Remove(nameof(OpenApiDocumentRules.OpenApiDocumentReferencesAreValid));
        return rules;
    });

    private readonly CheckContext _context;
    private readonly Dictionary<string, FileRefs> _refs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _rawTargets = new(StringComparer.Ordinal);

    private OpenApiChecker(CheckContext context)
    {
        _context = context;
    }

    /// <summary>Checks the set with <paramref name="root"/> as its root; returns the root's version text.</summary>
    public static string? Check(CheckContext context, string root) => new OpenApiChecker(context).Run(root);

    private string? Run(string root)
    {
        var parsed = _context.Parse(root);
        string? version = null;
        var documents = new List<string>();
        if (parsed.Root is not null)
        {
            version = CheckRootDocument(parsed);
            if (version is not null) documents.Add(root);
            Closure(root);
        }

        // Every other JSON/YAML file of the set: syntax, and, for OpenAPI documents, the same checks as the root.
        foreach (var path in _context.Set.Files.Select(f => f.Path).Where(p => p != root && SchemaSniffer.HasJsonOrYamlExtension(p)))
        {
            if (_context.IsOpenApiDocument(path))
            {
                var other = _context.Parse(path);
                if (CheckRootDocument(other) is not null) documents.Add(path);
            }
            RefsOf(path);
        }

        foreach (var document in documents)
        {
            var closure = Closure(document);
            RunReader(document, loadExternal: closure.Loadable);
        }
        return version;
    }

    /// <summary>Checks the top-level <c>openapi</c>/<c>swagger</c> key; returns the version text when the reader can take the file.</summary>
    private string? CheckRootDocument(ParsedFile parsed)
    {
        var root = parsed.Root!;
        if (root.Kind != DocNodeKind.Mapping)
        {
            _context.Add(SchemaProblemId.NotADocument, parsed.Path, root.Line, root.Column, JsonPointer.Root,
                "The file is not an OpenAPI document: its top level is not a mapping of keys.");
            return null;
        }
        var openApi = root.FindEntry("openapi");
        var swagger = root.FindEntry("swagger");
        if (openApi is null && swagger is null)
        {
            _context.Add(SchemaProblemId.NotADocument, parsed.Path, root.Line, root.Column, JsonPointer.Root,
                "The file is not an OpenAPI document: it has no top-level 'openapi' (3.x) or 'swagger' (2.0) key.");
            return null;
        }
        var entry = openApi ?? swagger!.Value;
        var value = entry.Value;
        var pointer = JsonPointer.Append(JsonPointer.Root, entry.Key);
        if (value.Kind != DocNodeKind.Scalar || string.IsNullOrWhiteSpace(value.Value) || value.Value == "null")
        {
            _context.Add(SchemaProblemId.UnsupportedVersion, parsed.Path, value.Line, value.Column, pointer,
                $"'{entry.Key}' must be a version text such as {(openApi is not null ? "'3.1.0'" : "'2.0'")}.");
            return null;
        }
        if (openApi is null && value.Value != "2.0")
        {
            _context.Add(SchemaProblemId.UnsupportedVersion, parsed.Path, value.Line, value.Column, pointer,
                $"'swagger: {value.Value}' is not supported; Swagger documents are version '2.0'.");
            return null;
        }
        if (openApi is not null && !value.Value!.StartsWith("3.", StringComparison.Ordinal))
        {
            _context.Add(SchemaProblemId.UnsupportedVersion, parsed.Path, value.Line, value.Column, pointer,
                $"'openapi: {value.Value}' is not a supported version; OpenAPI 3.0, 3.1 and 3.2 (or 'swagger: \"2.0\"') are.");
            return null;
        }
        return value.Value;
    }

    private sealed class FileRefs
    {
        public HashSet<string> Targets { get; } = new(StringComparer.Ordinal);

        /// <summary>False when a reference cannot be loaded from the set (missing, outside, absolute URL).</summary>
        public bool Loadable { get; set; } = true;
    }

    private sealed class ClosureResult
    {
        public bool Loadable { get; set; } = true;
    }

    private ClosureResult Closure(string start)
    {
        var result = new ClosureResult();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var path = queue.Dequeue();
            if (!visited.Add(path)) continue;
            var refs = RefsOf(path);
            if (!refs.Loadable) result.Loadable = false;
            foreach (var target in refs.Targets) queue.Enqueue(target);
        }
        return result;
    }

    private FileRefs RefsOf(string path)
    {
        if (_refs.TryGetValue(path, out var cached)) return cached;
        var refs = new FileRefs();
        _refs[path] = refs;
        var parsed = _context.Parse(path);
        if (parsed.Root is null)
        {
            refs.Loadable = false;
            return refs;
        }
        if (parsed.HasDuplicateKeys) refs.Loadable = false; // the reader would throw on it
        var visitedShared = new HashSet<DocNode>();
        Walk(parsed, parsed.Root, JsonPointer.Root, nameMap: false, inExamples: false, inId: false, refs, visitedShared);
        return refs;
    }

    private void Walk(ParsedFile file, DocNode node, string pointer, bool nameMap, bool inExamples, bool inId, FileRefs refs, HashSet<DocNode> visitedShared)
    {
        if (node.IsAnchored && !visitedShared.Add(node)) return;
        if (node.Kind == DocNodeKind.Sequence)
        {
            for (var i = 0; i < node.Items.Count; i++)
            {
                Walk(file, node.Items[i], JsonPointer.Append(pointer, i), false, false, inId, refs, visitedShared);
            }
            return;
        }
        if (node.Kind != DocNodeKind.Mapping) return;

        if (!nameMap && node.Get("$id") is { Kind: DocNodeKind.Scalar }) inId = true;
        foreach (var entry in node.Entries)
        {
            var key = entry.Key;
            var childPointer = JsonPointer.Append(pointer, key);
            if (!nameMap)
            {
                if (key == "$ref" && entry.Value.Kind == DocNodeKind.Scalar)
                {
                    CheckReference(file, entry.Value, childPointer, inId, refs);
                    continue;
                }
                if (LiteralKeys.Contains(key) || key.StartsWith("x-", StringComparison.Ordinal)) continue;
                if (inExamples && key is "value" or "dataValue" or "serializedValue") continue;
                if (key == "examples" && entry.Value.Kind != DocNodeKind.Mapping) continue;
            }
            var childIsNameMap = !nameMap && NameMapKeys.Contains(key) && entry.Value.Kind == DocNodeKind.Mapping;
            var childInExamples = nameMap && inExamples;
            Walk(file, entry.Value, childPointer, childIsNameMap, (childIsNameMap && key == "examples") || childInExamples, inId, refs, visitedShared);
        }
    }

    private void CheckReference(ParsedFile file, DocNode value, string pointer, bool inId, FileRefs refs)
    {
        var reference = (value.Value ?? "").Trim();
        if (reference.Length == 0)
        {
            _context.Add(SchemaProblemId.UnresolvedReference, file.Path, value.Line, value.Column, pointer, "The $ref is empty.");
            return;
        }
        if (inId) return; // resolved against a JSON Schema $id, which the validator does not follow
        var hash = reference.IndexOf('#');
        var filePart = hash < 0 ? reference : reference.Substring(0, hash);
        var fragment = hash < 0 ? null : reference.Substring(hash + 1);
        var target = file.Path;
        if (filePart.Length > 0)
        {
            if (SetPaths.IsAbsoluteUri(filePart))
            {
                refs.Loadable = false; // never fetched; the reader checks it no further either
                return;
            }
            var resolved = SetPaths.Resolve(SetPaths.DirectoryOf(file.Path), filePart, out var error);
            if (resolved is null)
            {
                refs.Loadable = false;
                _context.Add(SchemaProblemId.ReferenceOutsideSchema, file.Path, value.Line, value.Column, pointer,
                    $"The $ref '{reference}' {error}.");
                return;
            }
            if (!_context.Set.Contains(resolved))
            {
                refs.Loadable = false;
                _context.Add(SchemaProblemId.MissingFile, file.Path, value.Line, value.Column, pointer,
                    $"The $ref '{reference}' points to '{resolved}', which is not among the schema's files. Add that file to the schema's folder, or fix the path (relative to '{file.Path}').");
                return;
            }
            refs.Targets.Add(resolved);
            if (_rawTargets.TryGetValue(filePart, out var known))
            {
                if (known is not null && known != resolved) _rawTargets[filePart] = null;
            }
            else
            {
                _rawTargets[filePart] = resolved;
            }
            target = resolved;
        }
        if (fragment is null) return;
        if (!JsonPointer.TryParse(fragment, out var tokens)) return; // a plain-name anchor
        var targetFile = _context.Parse(target);
        if (targetFile.Root is null) return; // its own problems are reported
        if (JsonPointer.Resolve(targetFile.Root, tokens, out _) is null)
        {
            var where = target == file.Path ? "this file" : $"'{target}'";
            _context.Add(SchemaProblemId.UnresolvedReference, file.Path, value.Line, value.Column, pointer,
                $"The $ref '{reference}' names '#{fragment}', which does not exist in {where}.");
        }
    }

    private void RunReader(string path, bool loadExternal)
    {
        var parsed = _context.Parse(path);
        if (parsed.HasDuplicateKeys) return; // reported already; the reader would only fail on the same keys
        var loader = new SetStreamLoader(_context, _rawTargets);
        ReadResult result;
        try
        {
            result = Read(parsed, loader, loadExternal);
        }
        catch (SetStreamLoader.NotInSetException) when (loadExternal)
        {
            loader = new SetStreamLoader(_context, _rawTargets);
            try
            {
                result = Read(parsed, loader, loadExternal: false);
            }
            catch (Exception ex) when (IsReaderFailure(ex))
            {
                ReportReaderFailure(parsed, ex);
                return;
            }
        }
        catch (Exception ex) when (IsReaderFailure(ex))
        {
            ReportReaderFailure(parsed, ex);
            return;
        }

        if (result.Diagnostic is null) return;
        foreach (var error in result.Diagnostic.Errors)
        {
            ReportReaderError(path, error, loader);
        }
    }

    private ReadResult Read(ParsedFile parsed, SetStreamLoader loader, bool loadExternal)
    {
        var settings = new OpenApiReaderSettings
        {
            RuleSet = RuleSet.Value,
            LoadExternalRefs = loadExternal,
            BaseUrl = SetUri(parsed.Path),
            CustomExternalLoader = loader,
        };
        var yamlReader = new OpenApiYamlReader(YamlSettings());
        settings.TryAddReader(OpenApiConstants.Yaml, yamlReader);
        settings.TryAddReader("yml", yamlReader);
        var bytes = _context.Utf8(parsed.Path);
        var format = parsed.IsJson ? OpenApiConstants.Json : OpenApiConstants.Yaml;
        return Task.Run(async () =>
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return await OpenApiDocument.LoadAsync(stream, format, settings, CancellationToken.None).ConfigureAwait(false);
        }).GetAwaiter().GetResult();
    }

    private static OpenApiYamlReaderSettings YamlSettings()
    {
        // Large real-world descriptions have long markdown descriptions and deep inline schemas.
        var settings = new OpenApiYamlReaderSettings();
        settings.MaxScalarLength = Math.Max(settings.MaxScalarLength, 16u * 1024 * 1024);
        settings.MaxDepth = Math.Max(settings.MaxDepth, Math.Min(256u, YamlConverter.MaximumAllowedDepth));
        return settings;
    }

    internal static Uri SetUri(string path)
        => new(SetBase + string.Join("/", path.Split('/').Select(Uri.EscapeDataString)));

    private static bool IsReaderFailure(Exception ex)
        => ex is not OutOfMemoryException and not StackOverflowException and not ThreadAbortException and not SetStreamLoader.NotInSetException;

    private void ReportReaderFailure(ParsedFile parsed, Exception ex)
    {
        var root = parsed.Root;
        var versionKey = root?.FindEntry("openapi") ?? root?.FindEntry("swagger");
        if (ex is OpenApiUnsupportedSpecVersionException && versionKey is { } entry)
        {
            _context.Add(SchemaProblemId.UnsupportedVersion, parsed.Path, entry.Value.Line, entry.Value.Column, JsonPointer.Append(JsonPointer.Root, entry.Key),
                ex.Message + " OpenAPI 2.0, 3.0, 3.1 and 3.2 are supported.");
            return;
        }
        _context.Add(SchemaProblemId.ReaderError, parsed.Path, 0, 0, null, "The OpenAPI reader could not read the file: " + ex.Message);
    }

    private void ReportReaderError(string documentPath, OpenApiError error, SetStreamLoader loader)
    {
        var message = (error.Message ?? "").Trim();
        var file = documentPath;
        // Errors of externally loaded files come as "[File: a.yaml] [File: b.yaml] message", one prefix
        // per level of nesting; the innermost names the file the error is in.
        for (var prefixed = FilePrefix.Match(message); prefixed.Success; prefixed = FilePrefix.Match(message))
        {
            var written = prefixed.Groups["file"].Value;
            var raw = written;
            var hash = raw.IndexOf('#');
            if (hash >= 0) raw = raw.Substring(0, hash);
            var resolved = loader.PathOf(raw);
            message = prefixed.Groups["rest"].Value.Trim();
            if (resolved is not null)
            {
                // A referenced fragment (a file that is not itself an OpenAPI document) is read by the
                // reader as if it were a whole document; the validator's own walk checks those files.
                if (!_context.IsOpenApiDocument(resolved)) return;
                file = resolved;
            }
            else
            {
                message = $"(in '{written}') {message}";
                break;
            }
        }

        var pointer = error.Pointer;
        if (string.IsNullOrEmpty(pointer))
        {
            var trailing = TrailingPointer.Match(message);
            if (trailing.Success) pointer = trailing.Groups["pointer"].Value;
        }
        int line = 0, column = 0;
        var lineColumn = LineColumn.Match(message);
        if (lineColumn.Success)
        {
            line = int.Parse(lineColumn.Groups["line"].Value, CultureInfo.InvariantCulture);
            column = int.Parse(lineColumn.Groups["column"].Value, CultureInfo.InvariantCulture);
        }
        else if (pointer is not null && pointer.StartsWith("#/", StringComparison.Ordinal))
        {
            var tree = _context.Parse(file).Root;
            if (tree is not null)
            {
                var node = JsonPointer.Resolve(tree, pointer, out var deepest) ?? deepest;
                line = node.Line;
                column = node.Column;
            }
        }
        else if (pointer is not null && pointer.StartsWith("#line=", StringComparison.Ordinal)
            && int.TryParse(pointer.Substring("#line=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var zeroBased))
        {
            line = zeroBased + 1;
        }
        var reportedPointer = pointer is not null && pointer.StartsWith("#/", StringComparison.Ordinal) ? pointer : null;
        _context.Add(SchemaProblemId.ReaderError, file, line, column, reportedPointer, message);
    }

    /// <summary>Gives Microsoft.OpenApi the files of the set, and nothing else.</summary>
    private sealed class SetStreamLoader : IStreamLoader
    {
        private readonly CheckContext _context;
        private readonly IReadOnlyDictionary<string, string?> _rawTargets;
        private readonly Dictionary<string, string> _loaded = new(StringComparer.Ordinal);

        public SetStreamLoader(CheckContext context, IReadOnlyDictionary<string, string?> rawTargets)
        {
            _context = context;
            _rawTargets = rawTargets;
        }

        public string? PathOf(string raw)
        {
            lock (_loaded)
            {
                if (_loaded.TryGetValue(raw, out var path)) return path;
            }
            return _rawTargets.TryGetValue(raw, out var target) ? target : null;
        }

        public Task<Stream> LoadAsync(Uri baseUrl, Uri uri, CancellationToken cancellationToken = default)
        {
            var raw = uri.OriginalString;
            var hash = raw.IndexOf('#');
            if (hash >= 0) raw = raw.Substring(0, hash);
            string? path = null;

            // Microsoft.OpenApi resolves nested references against the root document's address, not the
            // referring file's; the validator's walk knows the referring file, so its answer comes first.
            if (!uri.IsAbsoluteUri && _rawTargets.TryGetValue(raw, out var mapped) && mapped is not null)
            {
                path = mapped;
            }
            else
            {
                var absolute = uri.IsAbsoluteUri ? uri : (baseUrl is not null ? new Uri(baseUrl, uri) : null);
                if (absolute is not null && absolute.AbsoluteUri.StartsWith(SetBase, StringComparison.Ordinal))
                {
                    path = Uri.UnescapeDataString(absolute.AbsolutePath.TrimStart('/'));
                }
            }
            if (path is null || !_context.Set.Contains(path)) throw new NotInSetException(raw);
            lock (_loaded) _loaded[raw] = path;
            return Task.FromResult<Stream>(new MemoryStream(_context.Utf8(path), writable: false));
        }

        internal sealed class NotInSetException : Exception
        {
            public NotInSetException(string reference)
                : base($"'{reference}' is not among the schema's files.")
            {
            }
        }
    }
}
