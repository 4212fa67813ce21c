using System;
using System.Collections.Generic;
using System.Linq;

namespace PSGitHubSync.Engine.Schemas.Documents;

/// <summary>
/// Checks a RAML 0.8/1.0 schema: the header line, YAML syntax (with <c>!include</c> kept as a tag), the
/// root's required keys, and that every <c>!include</c>, <c>uses:</c> library and <c>extends:</c> target
/// is among the schema's files (included RAML/YAML/JSON files are checked in turn).
/// </summary>
internal sealed class RamlChecker
{
    private const string IncludeTag = "!include";

    private readonly CheckContext _context;
    private readonly string _root;
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
    private readonly Queue<string> _queue = new();
    private bool _unreached;

    private RamlChecker(CheckContext context, string root)
    {
        _context = context;
        _root = root;
    }

    /// <summary>Checks the set with <paramref name="root"/> as its root; returns the RAML version of the root.</summary>
    public static string? Check(CheckContext context, string root) => new RamlChecker(context, root).Run();

    private string? Run()
    {
        _visited.Add(_root);
        var version = CheckRamlFile(_root, isRoot: true);
        while (_queue.Count > 0) CheckIncluded(_queue.Dequeue());

        // The rest of the set: RAML files are checked as RAML, JSON/YAML files for syntax; what they include
        // is not part of the API the root defines, so a missing file there is a warning.
        _unreached = true;
        foreach (var path in _context.Others(_visited, p => SchemaSniffer.HasRamlExtension(p) || SchemaSniffer.HasJsonOrYamlExtension(p)).ToList())
        {
            _visited.Add(path);
            CheckIncluded(path);
            while (_queue.Count > 0) CheckIncluded(_queue.Dequeue());
        }
        return version;
    }

    private void CheckIncluded(string path)
    {
        if (SchemaSniffer.HasRamlExtension(path) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            CheckRamlFile(path, isRoot: false);
        }
        else if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            _context.Parse(path);
        }
        // Other included files (markdown, XSD, examples as text) only need to exist.
    }

    private string? CheckRamlFile(string path, bool isRoot)
    {
        var text = _context.Text(path);
        if (text is null) return null;
        var header = RamlHeader.Read(text);
        if (!CheckHeader(path, text, header, isRoot)) return null;

        var parsed = _context.Parse(path, forceYaml: true);
        var tree = parsed.Root;
        if (tree is null) return header?.Version;
        if ((isRoot || header is not null) && !CheckDocument(path, tree, header, isRoot)) return header?.Version;

        if (tree.Kind == DocNodeKind.Mapping)
        {
            if (tree.Get("uses") is { Kind: DocNodeKind.Mapping } uses)
            {
                foreach (var library in uses.Entries)
                {
                    if (library.Value.Kind == DocNodeKind.Scalar) Include(path, library.Value, "library 'uses: " + library.Key + "'");
                }
            }
            if (tree.Get("extends") is { Kind: DocNodeKind.Scalar } extends && extends.Tag is null)
            {
                Include(path, extends, "'extends'");
            }
        }
        WalkIncludes(path, tree, new HashSet<DocNode>());
        return header?.Version;
    }

    /// <summary>The '#%RAML' first line: a known version, and a fragment that fits where the file is; false when the root file has none.</summary>
    private bool CheckHeader(string path, string text, RamlHeader? header, bool isRoot)
    {
        if (isRoot && header is null)
        {
            _context.Add(SchemaProblemId.InvalidHeader, path, 1, 1, null,
                $"A RAML file's first line must be '#%RAML 1.0' or '#%RAML 0.8' (it is '{Shorten(SchemaText.FirstLine(text))}').");
            return false;
        }
        if (header is null) return true;
        if (!header.IsKnownVersion)
        {
            _context.Add(SchemaProblemId.InvalidHeader, path, 1, 1, null,
                $"'{header.Line}' is not a RAML version that can be synced; the first line must be '#%RAML 1.0' or '#%RAML 0.8'.");
        }
        else if (!header.IsKnownFragment && !isRoot && header.Version == "0.8")
        {
            // An included RAML 0.8 file is plain YAML: its first line is a comment, whatever it says.
            _context.Warn(SchemaProblemId.InvalidHeader, path, 1, 1, null,
                $"RAML 0.8 has no fragments; '{header.Line}' is read as a comment in this included file.");
        }
        else if (!header.IsKnownFragment)
        {
            _context.Add(SchemaProblemId.InvalidHeader, path, 1, 1, null, header.Version == "0.8"
                ? $"RAML 0.8 has no fragments; the first line must be '#%RAML 0.8' alone (it is '{header.Line}')."
                : $"'{header.Fragment}' is not a RAML 1.0 fragment type ({string.Join(", ", RamlHeader.Fragments)}).");
        }
        else if (isRoot && !header.IsApiRoot)
        {
            _context.Add(SchemaProblemId.NotADocument, path, 1, 1, null,
                $"The root file is a RAML {header.Fragment} fragment, not an API definition ('#%RAML {header.Version}' alone on the first line). Make the API definition the root file.");
        }
        return true;
    }

    /// <summary>A RAML document (the root, or a file with a header): a mapping; an API definition with a 'title'; an overlay or extension with 'extends'. False when it is not a mapping.</summary>
    private bool CheckDocument(string path, DocNode tree, RamlHeader? header, bool isRoot)
    {
        if (tree.Kind != DocNodeKind.Mapping)
        {
            _context.Add(SchemaProblemId.NotADocument, path, tree.Line, tree.Column, null,
                "A RAML document is a mapping of keys (title: ..., /resource: ...); this one is not.");
            return false;
        }
        if (header is { Fragment: null } && isRoot)
        {
            var section = header.Version == "0.8"
                ? "RAML 0.8 Root Section (https://github.com/raml-org/raml-spec/blob/master/versions/raml-08/raml-08.md#root-section)"
                : "RAML 1.0 The Root of the Document (https://github.com/raml-org/raml-spec/blob/master/versions/raml-10/raml-10.md#the-root-of-the-document)";
            var title = tree.FindEntry("title");
            if (title is null)
            {
                _context.Add(SchemaProblemId.MissingKey, path, tree.Line, tree.Column, "#/title", "A RAML API definition needs a 'title' key.", section);
            }
            else if (title.Value.Value.Kind != DocNodeKind.Scalar || (!title.Value.Value.IsQuoted && title.Value.Value.Value is "" or "null" or "~"))
            {
                _context.Add(SchemaProblemId.InvalidFieldValue, path, title.Value.Value.Line, title.Value.Value.Column, "#/title",
                    "The API's 'title' must be a text (it is " + (title.Value.Value.Kind == DocNodeKind.Scalar ? "empty" : title.Value.Value.Kind == DocNodeKind.Sequence ? "a list" : "a mapping") + ").", section);
            }
            if (tree.Get("documentation") is { } documentation) CheckDocumentation(path, documentation, header.Version == "0.8");
        }
        if (header is { Fragment: "Overlay" or "Extension" } && tree.FindEntry("extends") is null)
        {
            _context.Add(SchemaProblemId.MissingKey, path, tree.Line, tree.Column, null,
                $"A RAML {header.Fragment} needs an 'extends' key naming the API definition it applies to.");
        }
        return true;
    }

    /// <summary>The root's <c>documentation</c>: a list of items that each have a <c>title</c> and a <c>content</c> (REQUIRED in 0.8 and 1.0).</summary>
    private void CheckDocumentation(string path, DocNode documentation, bool raml08)
    {
        var section = raml08
            ? "RAML 0.8 User Documentation (https://github.com/raml-org/raml-spec/blob/master/versions/raml-08/raml-08.md#user-documentation)"
            : "RAML 1.0 User Documentation (https://github.com/raml-org/raml-spec/blob/master/versions/raml-10/raml-10.md#user-documentation)";
        if (documentation.Tag == IncludeTag) return;
        if (documentation.Kind != DocNodeKind.Sequence)
        {
            _context.Add(SchemaProblemId.InvalidFieldValue, path, documentation.Line, documentation.Column, "#/documentation",
                "'documentation' must be a list of items, each with a 'title' and a 'content'.", section);
            return;
        }
        for (var i = 0; i < documentation.Items.Count; i++)
        {
            var item = documentation.Items[i];
            if (item.Tag == IncludeTag || item.Kind != DocNodeKind.Mapping) continue;
            foreach (var key in new[] { "title", "content" })
            {
                if (item.FindEntry(key) is null)
                {
                    _context.Add(SchemaProblemId.RequiredFieldMissing, path, item.Line, item.Column, $"#/documentation/{i}/{key}",
                        $"Each documentation item needs a '{key}'; this one has none.", section);
                }
            }
        }
    }

    private void WalkIncludes(string path, DocNode node, HashSet<DocNode> visitedShared)
    {
        if (node.IsAnchored && !visitedShared.Add(node)) return;
        switch (node.Kind)
        {
            case DocNodeKind.Scalar:
                if (node.Tag == IncludeTag) Include(path, node, "!include");
                break;
            case DocNodeKind.Sequence:
                foreach (var item in node.Items) WalkIncludes(path, item, visitedShared);
                break;
            case DocNodeKind.Mapping:
                foreach (var entry in node.Entries) WalkIncludes(path, entry.Value, visitedShared);
                break;
        }
    }

    private void Include(string from, DocNode node, string what)
    {
        var reference = (node.Value ?? "").Trim();
        if (reference.Length == 0)
        {
            _context.Add(SchemaProblemId.MissingFile, from, node.Line, node.Column, null, $"The {what} names no file.");
            return;
        }
        if (SetPaths.IsAbsoluteUri(reference)) return; // a URL: never fetched
        string? target;
        string? error;
        if (reference.StartsWith("/", StringComparison.Ordinal))
        {
            // RAML: an absolute path is relative to the root file's folder.
            target = SetPaths.Resolve(SetPaths.DirectoryOf(_root), reference.TrimStart('/'), out error);
        }
        else
        {
            target = SetPaths.Resolve(SetPaths.DirectoryOf(from), reference, out error);
        }
        if (target is null)
        {
            Report(SchemaProblemId.ReferenceOutsideSchema, from, node, $"The {what} '{reference}' {error}.");
            return;
        }
        if (!_context.Set.Contains(target))
        {
            Report(SchemaProblemId.MissingFile, from, node,
                $"The {what} '{reference}' points to '{target}', which is not among the schema's files. Add that file to the schema's folder, or fix the path (relative to '{from}').");
            return;
        }
        if (_visited.Add(target)) _queue.Enqueue(target);
    }

    private void Report(string problemId, string file, DocNode node, string message)
    {
        if (_unreached)
        {
            _context.Warn(problemId, file, node.Line, node.Column, null, message + " The root API definition does not include this file, so it does not stop the sync.");
        }
        else
        {
            _context.Add(problemId, file, node.Line, node.Column, null, message);
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text.Substring(0, 57) + "...";
}
