using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PSGitHubSync.Engine.Schemas.Documents;

/// <summary>
/// Checks an OpenAPI schema (2.0, 3.0, 3.1, 3.2; JSON or YAML; one file or several joined by relative
/// <c>$ref</c>s). Two passes, both the validator's own and both without unbounded recursion: a walk over
/// every <c>$ref</c> (files present in the set, JSON pointers that resolve, nothing outside the folder;
/// files are visited once each, so self-references and cycles through several files end), then
/// <see cref="OpenApiStructure"/>: what the specification of the document's version makes REQUIRED.
/// </summary>
/// <remarks>
/// Microsoft.OpenApi's reader is not used for the verdict: it is stricter than the specification in
/// places (3.1 operations without <c>responses</c>, 2.0 parameter keywords, whole-file <c>$ref</c>s) and
/// laxer in others (3.0 without <c>paths</c>), and following a <c>$ref</c> that names its own file it
/// recursed until the stack overflowed, which ends the process and every other integration of the run.
/// </remarks>
internal sealed class OpenApiChecker
{
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

    private readonly CheckContext _context;
    private bool _unreached;
    private readonly Dictionary<string, FileRefs> _refs = new(StringComparer.Ordinal);

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

        // Every other OpenAPI document of the set gets the same checks as the root.
        var others = _context.Set.Files.Select(f => f.Path).Where(p => p != root && SchemaSniffer.HasJsonOrYamlExtension(p)).ToList();
        foreach (var path in others)
        {
            if (_context.IsOpenApiDocument(path) && CheckRootDocument(_context.Parse(path)) is not null) documents.Add(path);
        }
        foreach (var document in documents) Closure(document);

        // The rest (files no document reaches) must still parse, but their references are only warnings:
        // a stale fragment left in a large folder does not stop the schema the documents form.
        _unreached = true;
        foreach (var path in others) RefsOf(path);

        foreach (var document in documents)
        {
            OpenApiStructure.Check(_context, document);
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
        var visitedShared = new HashSet<DocNode>();
        Walk(parsed, parsed.Root, JsonPointer.Root, nameMap: false, inExamples: false, inId: false, refs, visitedShared);
        return refs;
    }

    private void Walk(ParsedFile file, DocNode node, string pointer, bool nameMap, bool inExamples, bool inId, FileRefs refs, HashSet<DocNode> visitedShared)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
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
            Report(SchemaProblemId.UnresolvedReference, file.Path, value.Line, value.Column, pointer, "The $ref is empty.");
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
                Report(SchemaProblemId.ReferenceOutsideSchema, file.Path, value.Line, value.Column, pointer,
                    $"The $ref '{reference}' {error}.");
                return;
            }
            if (!_context.Set.Contains(resolved))
            {
                refs.Loadable = false;
                Report(SchemaProblemId.MissingFile, file.Path, value.Line, value.Column, pointer,
                    $"The $ref '{reference}' points to '{resolved}', which is not among the schema's files. Add that file to the schema's folder, or fix the path (relative to '{file.Path}').");
                return;
            }
            refs.Targets.Add(resolved);
            target = resolved;
        }
        if (fragment is null) return;
        if (!JsonPointer.TryParse(fragment, out var tokens)) return; // a plain-name anchor
        var targetFile = _context.Parse(target);
        if (targetFile.Root is null) return; // its own problems are reported
        var found = JsonPointer.Resolve(targetFile.Root, tokens, out _);
        if (found is null)
        {
            var where = target == file.Path ? "this file" : $"'{target}'";
            Report(SchemaProblemId.UnresolvedReference, file.Path, value.Line, value.Column, pointer,
                $"The $ref '{reference}' names '#{fragment}', which does not exist in {where}.");
            return;
        }
        WarnOnPureCycle(file, value, pointer, reference, target, found);
    }

    /// <summary>
    /// A chain of objects that hold nothing but a <c>$ref</c> and lead back to the first: JSON Schema says
    /// schemas SHOULD NOT recurse like that (the behaviour is undefined), so it is a warning here; the
    /// structure check refuses such a chain where it stands for an object the specification defines.
    /// </summary>
    /// <summary>A reference problem: refused in files the documents reach, a warning in files none reaches.</summary>
    private void Report(string problemId, string file, int line, int column, string pointer, string message)
    {
        if (_unreached)
        {
            _context.Warn(problemId, file, line, column, pointer, message + " No document of the schema refers to this file, so it does not stop the sync; remove the file or fix the reference.");
        }
        else
        {
            _context.Add(problemId, file, line, column, pointer, message);
        }
    }

    private void WarnOnPureCycle(ParsedFile file, DocNode value, string pointer, string reference, string targetPath, DocNode target)
    {
        var chain = new HashSet<DocNode>();
        var current = target;
        var currentFile = targetPath;
        for (var step = 0; step < 1000; step++)
        {
            if (current.Kind != DocNodeKind.Mapping || current.Entries.Count != 1 || current.Get("$ref") is not { Kind: DocNodeKind.Scalar } next) return;
            if (!chain.Add(current))
            {
                _context.Warn(SchemaProblemId.ReferenceCycle, file.Path, value.Line, value.Column, pointer,
                    $"The $ref '{reference}' starts a chain of $refs that leads back to itself without reaching a schema; tools cannot tell what it describes.",
                    "JSON Schema 2020-12 §9.4.1 (https://json-schema.org/draft/2020-12/json-schema-core#section-9.4.1)");
                return;
            }
            if (!OpenApiReferences.TryResolve(_context, currentFile, next.Value ?? "", out currentFile, out current, out _)) return;
        }
    }
}
