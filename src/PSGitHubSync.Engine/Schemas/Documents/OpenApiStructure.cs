using System;
using System.Collections.Generic;
using System.Linq;

namespace PSGitHubSync.Engine.Schemas.Documents;

/// <summary>
/// What the OpenAPI specification of a document's version makes REQUIRED (2.0, 3.0, 3.1, 3.2): the
/// refusals. Rules the specification states as SHOULD, and semantic or style rules, are warnings.
/// </summary>
/// <remarks>
/// <para>
/// The walk is a work list, not a recursion: each object is checked once per kind (keyed by node, so
/// YAML aliases and <c>$ref</c> cycles end), and a <c>$ref</c> is followed to the object it names in any
/// file of the set, so a path item or response kept in another file is checked as what it is.
/// Schema Objects are JSON Schema, which has no required keywords: the walk does not enter them.
/// </para>
/// <para>
/// Rules, by version (each problem names its specification section):
/// root: <c>info</c> (all), <c>paths</c> (2.0, 3.0), one of <c>paths</c>, <c>components</c>, <c>webhooks</c> (3.1+);
/// Info: <c>title</c>, <c>version</c>; License: <c>name</c>; Operation: <c>responses</c> (2.0, 3.0);
/// Parameter: <c>name</c>, <c>in</c> (one of the locations of the version), 2.0 <c>schema</c> for body
/// parameters and <c>type</c> (with <c>items</c> for arrays) for the others; Request Body: <c>content</c>;
/// Response: <c>description</c> (2.0 to 3.1); Server: <c>url</c>; Server Variable: <c>default</c>;
/// Security Scheme: <c>type</c> and what each type requires; OAuth Flow: its URLs and <c>scopes</c>;
/// Tag: <c>name</c>; External Documentation: <c>url</c>; 2.0 Header and Items: <c>type</c>.
/// </para>
/// </remarks>
internal sealed partial class OpenApiStructure
{
    private enum Kind
    {
        Info,
        License,
        Paths,
        PathItem,
        Operation,
        Parameter,
        Items,
        RequestBody,
        Responses,
        Response,
        Header,
        Components,
        SecurityScheme,
        OAuthFlows,
        OAuthFlow,
        Server,
        ServerVariable,
        Tag,
        ExternalDocs,
        Callback,
    }

    private static readonly string[] Methods2 = { "get", "put", "post", "delete", "options", "head", "patch" };
    private static readonly string[] Methods3 = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };
    private static readonly string[] Methods32 = { "get", "put", "post", "delete", "options", "head", "patch", "trace", "query" };

    private readonly CheckContext _context;
    private readonly string _document;
    private readonly int _version; // 20, 30, 31, 32
    private readonly string _versionText;
    private readonly Queue<Item> _work = new();
    private readonly HashSet<(DocNode, Kind)> _seen = new();
    private readonly Dictionary<string, (string File, int Line)> _operationIds = new(StringComparer.Ordinal);

    private OpenApiStructure(CheckContext context, string document, int version, string versionText)
    {
        _context = context;
        _document = document;
        _version = version;
        _versionText = versionText;
    }

    private readonly struct Item
    {
        public Item(string file, DocNode node, string pointer, Kind kind, string? context)
        {
            File = file;
            Node = node;
            Pointer = pointer;
            Kind = kind;
            Context = context;
        }

        public string File { get; }

        public DocNode Node { get; }

        public string Pointer { get; }

        public Kind Kind { get; }

        /// <summary>For a flow, its name (implicit, password, ...); for a path item, the path.</summary>
        public string? Context { get; }
    }

    /// <summary>Checks the OpenAPI document at <paramref name="path"/> (already known to carry a supported version).</summary>
    public static void Check(CheckContext context, string path)
    {
        var root = context.Parse(path).Root;
        if (root is not { Kind: DocNodeKind.Mapping }) return;
        var openApi = root.Get("openapi");
        var versionText = (openApi ?? root.Get("swagger"))?.Value ?? "";
        int version;
        if (openApi is null) version = 20;
        else if (versionText.StartsWith("3.0", StringComparison.Ordinal)) version = 30;
        else if (versionText.StartsWith("3.1", StringComparison.Ordinal)) version = 31;
        else version = 32; // 3.2 and later 3.x: the rules of the newest version known
        new OpenApiStructure(context, path, version, versionText).Run(root);
    }

    private void Run(DocNode root)
    {
        CheckRoot(root);
        var steps = 0;
        while (_work.Count > 0)
        {
            var item = _work.Dequeue();
            if (++steps > 1_000_000) break; // far beyond any real document; the set of (node, kind) pairs bounds it anyway
            CheckObject(item);
        }
    }

    private void CheckRoot(DocNode root)
    {
        var file = _document;
        const string pointer = JsonPointer.Root;
        Required(file, root, pointer, "info", Section("root"), "an Info Object with 'title' and 'version'");
        Enqueue(file, root, pointer, "info", Kind.Info);
        if (_version <= 30)
        {
            Required(file, root, pointer, "paths", Section("root"), "a Paths Object (it may be empty: 'paths: {}')");
        }
        else if (root.FindEntry("paths") is null && root.FindEntry("components") is null && root.FindEntry("webhooks") is null)
        {
            _context.Add(SchemaProblemId.RequiredFieldMissing, file, root.Line, root.Column, pointer,
                $"An OpenAPI {_versionText} document must have at least one of 'paths', 'components' or 'webhooks'. Add 'paths: {{}}' (or the API's paths).",
                Section("root"));
        }
        Enqueue(file, root, pointer, "paths", Kind.Paths);
        EnqueueSequence(file, root, pointer, "tags", Kind.Tag);
        Enqueue(file, root, pointer, "externalDocs", Kind.ExternalDocs);
        if (_version == 20)
        {
            EnqueueMap(file, root, pointer, "parameters", Kind.Parameter);
            EnqueueMap(file, root, pointer, "responses", Kind.Response);
            EnqueueMap(file, root, pointer, "securityDefinitions", Kind.SecurityScheme);
        }
        else
        {
            EnqueueSequence(file, root, pointer, "servers", Kind.Server);
            Enqueue(file, root, pointer, "components", Kind.Components);
            if (_version >= 31) EnqueueMap(file, root, pointer, "webhooks", Kind.PathItem);
        }
        foreach (var entry in root.Entries)
        {
            if (!IsExtension(entry.Key) && !RootFields.Contains(entry.Key))
            {
                _context.Warn(SchemaProblemId.Advice, file, entry.Line, entry.Column, JsonPointer.Append(pointer, entry.Key),
                    $"'{entry.Key}' is not a field of the OpenAPI {_versionText} Object; tools ignore it. Name extensions 'x-...'.", Section("root"));
            }
        }
    }

    private HashSet<string> RootFields => _version == 20
        ? new(StringComparer.Ordinal) { "swagger", "info", "host", "basePath", "schemes", "consumes", "produces", "paths", "definitions", "parameters", "responses", "securityDefinitions", "security", "tags", "externalDocs" }
        : new(StringComparer.Ordinal) { "openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks", "components", "security", "tags", "externalDocs", "$self" };

    private void CheckObject(Item item)
    {
        switch (item.Kind)
        {
            case Kind.Info:
                CheckInfo(item);
                break;
            case Kind.License:
                Required(item.File, item.Node, item.Pointer, "name", Section("license"), "the license's name");
                break;
            case Kind.Paths:
                CheckPaths(item);
                break;
            case Kind.PathItem:
                CheckPathItem(item);
                break;
            case Kind.Operation:
                CheckOperation(item);
                break;
            case Kind.Parameter:
                CheckParameter(item);
                break;
            case Kind.Items:
                CheckItems(item);
                break;
            case Kind.RequestBody:
                Required(item.File, item.Node, item.Pointer, "content", Section("requestBody"), "the media types of the body");
                break;
            case Kind.Responses:
                CheckResponses(item);
                break;
            case Kind.Response:
                CheckResponse(item);
                break;
            case Kind.Header:
                CheckHeader(item);
                break;
            case Kind.Components:
                CheckComponents(item);
                break;
            case Kind.SecurityScheme:
                CheckSecurityScheme(item);
                break;
            case Kind.OAuthFlows:
                EnqueueEntries(item, Kind.OAuthFlow);
                break;
            case Kind.OAuthFlow:
                CheckOAuthFlow(item);
                break;
            case Kind.Server:
                Required(item.File, item.Node, item.Pointer, "url", Section("server"), "the server's URL");
                EnqueueMap(item.File, item.Node, item.Pointer, "variables", Kind.ServerVariable);
                break;
            case Kind.ServerVariable:
                Required(item.File, item.Node, item.Pointer, "default", Section("serverVariable"), "the value used when none is given");
                break;
            case Kind.Tag:
                Required(item.File, item.Node, item.Pointer, "name", Section("tag"), "the tag's name");
                Enqueue(item.File, item.Node, item.Pointer, "externalDocs", Kind.ExternalDocs);
                break;
            case Kind.ExternalDocs:
                Required(item.File, item.Node, item.Pointer, "url", Section("externalDocs"), "the URL of the documentation");
                break;
            case Kind.Callback:
                EnqueueEntries(item, Kind.PathItem);
                break;
        }
    }

    /// <summary>
    /// True when <paramref name="node"/> has the key; otherwise a <c>RequiredFieldMissing</c> problem at the
    /// object, with the pointer of the missing field. A <c>null</c> value counts as missing.
    /// </summary>
    private bool Required(string file, DocNode node, string pointer, string key, string section, string what)
    {
        var entry = node.FindEntry(key);
        if (entry is not null && !(entry.Value.Value.Kind == DocNodeKind.Scalar && !entry.Value.Value.IsQuoted && entry.Value.Value.Value is "null" or "~" or ""))
        {
            return true;
        }
        var objectName = section.Substring(0, section.IndexOf(" (", StringComparison.Ordinal));
        _context.Add(SchemaProblemId.RequiredFieldMissing, file, node.Line, node.Column, JsonPointer.Append(pointer, key),
            $"'{key}' is REQUIRED in the {objectName.Substring(objectName.IndexOf(' ', 8) + 1)} ({what}), and " + (entry is null ? "it is missing." : "it is empty."),
            section);
        return false;
    }

    /// <summary>Swagger 2.0: the <c>type</c> of a parameter, header or items MUST be one of the simple types listed.</summary>
    private bool SimpleType(string file, DocNode node, string pointer, string section, params string[] allowed)
    {
        var type = node.Get("type")!;
        if (type.Kind == DocNodeKind.Scalar && allowed.Contains(type.Value, StringComparer.Ordinal)) return true;
        _context.Add(SchemaProblemId.InvalidFieldValue, file, type.Line, type.Column, JsonPointer.Append(pointer, "type"),
            $"'type' must be one of {string.Join(", ", allowed)} here (it is {(type.Kind == DocNodeKind.Scalar ? "'" + type.Value + "'" : "not a text")}); objects go in a body parameter's 'schema'.", section);
        return false;
    }

    /// <summary>Queues the value of <paramref name="key"/> as an object of <paramref name="kind"/>.</summary>
    private void Enqueue(string file, DocNode node, string pointer, string key, Kind kind)
    {
        var entry = node.FindEntry(key);
        if (entry is null) return;
        Add(file, entry.Value.Value, JsonPointer.Append(pointer, key), kind, key);
    }

    /// <summary>Queues each value of the mapping at <paramref name="key"/> (extensions left out); a null kind only checks that it is a mapping.</summary>
    private void EnqueueMap(string file, DocNode node, string pointer, string key, Kind? kind)
    {
        var entry = node.FindEntry(key);
        if (entry is null) return;
        var map = entry.Value.Value;
        var mapPointer = JsonPointer.Append(pointer, key);
        if (!Shape(file, map, mapPointer, DocNodeKind.Mapping, key) || kind is null) return;
        foreach (var child in map.Entries)
        {
            if (IsExtension(child.Key)) continue;
            Add(file, child.Value, JsonPointer.Append(mapPointer, child.Key), kind.Value, child.Key);
        }
    }

    private void EnqueueSequence(string file, DocNode node, string pointer, string key, Kind kind)
    {
        var entry = node.FindEntry(key);
        if (entry is null) return;
        var list = entry.Value.Value;
        var listPointer = JsonPointer.Append(pointer, key);
        if (!Shape(file, list, listPointer, DocNodeKind.Sequence, key)) return;
        for (var i = 0; i < list.Items.Count; i++) Add(file, list.Items[i], JsonPointer.Append(listPointer, i), kind, null);
    }

    /// <summary>
    /// Queues one object, after following <c>$ref</c>s to what they name (in this file or another of the set);
    /// a value that is not a mapping is an <c>InvalidFieldValue</c> problem.
    /// </summary>
    private void Add(string file, DocNode node, string pointer, Kind kind, string? context)
    {
        var chain = new HashSet<DocNode>();
        // Path items may carry fields beside their $ref (2.0, 3.x); the fields of both count, and the
        // walk reaches the target through the queue. Other objects are replaced by their target.
        while (node.Kind == DocNodeKind.Mapping && node.Get("$ref") is { Kind: DocNodeKind.Scalar } reference)
        {
            if (!chain.Add(node))
            {
                _context.Add(SchemaProblemId.ReferenceCycle, file, reference.Line, reference.Column, JsonPointer.Append(pointer, "$ref"),
                    $"The $ref '{reference.Value}' leads back to itself through other $refs and never reaches a {Describe(kind)}.", Section(SectionKey(kind)));
                return;
            }
            if (kind == Kind.PathItem && node.Entries.Count > 1 && _seen.Add((node, kind)))
            {
                _work.Enqueue(new Item(file, node, pointer, kind, context));
            }
            if (!OpenApiReferences.TryResolve(_context, file, reference.Value ?? "", out var targetFile, out var target, out var targetPointer))
            {
                return; // the reference walk reports references that do not resolve
            }
            file = targetFile;
            node = target;
            pointer = targetPointer;
        }
        if (!Shape(file, node, pointer, DocNodeKind.Mapping, context)) return;
        if (_seen.Add((node, kind))) _work.Enqueue(new Item(file, node, pointer, kind, context));
    }

    private bool Shape(string file, DocNode node, string pointer, DocNodeKind expected, string? name)
    {
        if (node.Kind == expected) return true;
        if (node.Kind == DocNodeKind.Scalar && !node.IsQuoted && node.Value is "null" or "~" or "") return false; // empty: a required field's absence is reported as such
        var want = expected == DocNodeKind.Mapping ? "an object (a mapping of keys)" : "a list";
        var have = node.Kind switch
        {
            DocNodeKind.Mapping => "an object",
            DocNodeKind.Sequence => "a list",
            _ => node.Value is "null" or "~" or "" && !node.IsQuoted ? "empty" : $"the text '{Shorten(node.Value ?? "")}'",
        };
        _context.Add(SchemaProblemId.InvalidFieldValue, file, node.Line, node.Column, pointer,
            $"{(name is null ? "This value" : $"'{name}'")} must be {want}; it is {have}.", SectionFor(pointer));
        return false;
    }

    private string SectionFor(string pointer) => pointer.Contains("/paths", StringComparison.Ordinal) ? Section("paths") : Section("root");

    private static bool IsExtension(string key) => key.StartsWith("x-", StringComparison.Ordinal);

    private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 37) + "...";

    private static string Describe(Kind kind) => kind switch
    {
        Kind.PathItem => "Path Item Object",
        Kind.RequestBody => "Request Body Object",
        Kind.SecurityScheme => "Security Scheme Object",
        Kind.ExternalDocs => "External Documentation Object",
        Kind.OAuthFlow => "OAuth Flow Object",
        Kind.OAuthFlows => "OAuth Flows Object",
        Kind.ServerVariable => "Server Variable Object",
        _ => kind + " Object",
    };

    private static string SectionKey(Kind kind) => kind switch
    {
        Kind.PathItem => "pathItem",
        Kind.RequestBody => "requestBody",
        Kind.SecurityScheme => "securityScheme",
        Kind.ExternalDocs => "externalDocs",
        Kind.OAuthFlow or Kind.OAuthFlows => "oauthFlow",
        Kind.ServerVariable => "serverVariable",
        _ => char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString().Substring(1),
    };

    private string VersionName => _version switch { 20 => "2.0", 30 => "3.0", 31 => "3.1", _ => "3.2" };

    /// <summary>The specification section of an object: its title and its address in the published specification.</summary>
    private string Section(string key)
    {
        var (title, anchor) = key switch
        {
            "root" => (_version == 20 ? "Swagger Object" : "OpenAPI Object", _version == 20 ? "swagger-object" : "openapi-object"),
            "info" => ("Info Object", "info-object"),
            "license" => ("License Object", "license-object"),
            "paths" => ("Paths Object", "paths-object"),
            "pathItem" => ("Path Item Object", "path-item-object"),
            "operation" => ("Operation Object", "operation-object"),
            "parameter" => ("Parameter Object", "parameter-object"),
            "items" => ("Items Object", "items-object"),
            "requestBody" => ("Request Body Object", "request-body-object"),
            "responses" => ("Responses Object", "responses-object"),
            "response" => ("Response Object", "response-object"),
            "header" => ("Header Object", "header-object"),
            "securityScheme" => (_version == 20 ? "Security Scheme Object" : "Security Scheme Object", "security-scheme-object"),
            "oauthFlow" => ("OAuth Flow Object", "oauth-flow-object"),
            "server" => ("Server Object", "server-object"),
            "serverVariable" => ("Server Variable Object", "server-variable-object"),
            "tag" => ("Tag Object", "tag-object"),
            "externalDocs" => ("External Documentation Object", "external-documentation-object"),
            "components" => ("Components Object", "components-object"),
            "callback" => ("Callback Object", "callback-object"),
            _ => ("OpenAPI Object", "openapi-object"),
        };
        var edition = _version switch { 20 => "v2.0", 30 => "v3.0.4", 31 => "v3.1.1", _ => "v3.2.0" };
        return $"OpenAPI {VersionName} {title} (https://spec.openapis.org/oas/{edition}#{anchor})";
    }
}
