using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace PSGitHubSync.Engine.Collections;

/// <summary>
/// The Postman Collection Format JSON Schemas (draft-07), embedded in this assembly and built
/// once per format version.
/// </summary>
/// <remarks>
/// Upstream publishes each schema as a root <c>collection.json</c> plus one file per definition
/// (<c>collection/info.json</c>, <c>collection/item.json</c>, ...). Every reference in them is
/// <c>#/definitions/&lt;name&gt;</c>, relative to the root document, and each part file declares a
/// fragment-only <c>$id</c> (<c>#/definitions/&lt;name&gt;</c>) that names its place there. So the
/// parts are placed under <c>definitions</c> of the root (their fragment <c>$id</c> and nested
/// <c>$schema</c> removed, the <c>//</c> comments of two files skipped), and the result is built
/// with the draft-07 dialect into a private <see cref="SchemaRegistry"/> under the schema's own
/// base URI (<c>https://schema.getpostman.com/json/draft-07/collection/v2.1.0/</c>), so the
/// <c>$ref</c>s resolve locally and nothing is ever fetched.
/// </remarks>
internal static class CollectionSchemas
{
    private const string ResourcePrefix = "PSGitHubSync.Engine.Collections.Schemas.";

    private static readonly Lazy<CollectionSchemaSet> V200 = new(() => Build("2.0.0"));
    private static readonly Lazy<CollectionSchemaSet> V210 = new(() => Build("2.1.0"));

    internal static readonly EvaluationOptions FlagOptions = new() { OutputFormat = OutputFormat.Flag };
    internal static readonly EvaluationOptions DetailOptions = new() { OutputFormat = OutputFormat.Hierarchical };

    /// <summary>The schema for a format version ("2.0.0" or "2.1.0").</summary>
    public static JsonSchema Get(string formatVersion) => GetSet(formatVersion).Root;

    /// <summary>The schema for a format version and the places in it where the parts of a collection are checked.</summary>
    internal static CollectionSchemaSet GetSet(string formatVersion) => formatVersion switch
    {
        "2.0.0" => V200.Value,
        "2.1.0" => V210.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(formatVersion), formatVersion, "Unsupported collection format version."),
    };

    /// <summary>At most this many findings are reported for one collection.</summary>
    public const int MaxFindings = 200;

    /// <summary>
    /// Every place where <paramref name="collection"/> deviates from the schema, in document order
    /// (empty when it is valid): where a location and one inside it both fail (a <c>oneOf</c> over
    /// request and folder fails at the item and at the real cause further in), only the innermost
    /// is kept. At most <see cref="MaxFindings"/>.
    /// </summary>
    public static IReadOnlyList<CollectionFinding> FindAll(JsonElement collection, string formatVersion)
    {
        var schema = Get(formatVersion);
        if (schema.Evaluate(collection, FlagOptions).IsValid)
        {
            return Array.Empty<CollectionFinding>();
        }

        // Only an invalid document pays for the detailed output.
        var results = schema.Evaluate(collection, DetailOptions);
        var problems = new List<(string Pointer, string Keyword, string Message)>();
        Collect(results, problems);
        return Findings(problems, pointer => Resolve(collection, pointer));
    }

    /// <summary>
    /// The findings of an invalid collection from the problems its evaluation reported (pointer, keyword, message, in
    /// the order of the hierarchical output): only the innermost locations, in document order (<paramref name="locate"/>
    /// gives each pointer's segments and their positions), at most <see cref="MaxFindings"/>; one generic finding when
    /// no problem is located.
    /// </summary>
    internal static IReadOnlyList<CollectionFinding> Findings(List<(string Pointer, string Keyword, string Message)> problems, Func<string, List<(JsonPathSegment Segment, int Position)>> locate)
    {
        if (problems.Count == 0)
        {
            return new[] { new CollectionFinding("$", "the collection does not match the Postman collection schema", "$: schema") };
        }

        // Every location that has a failing location inside it.
        var ancestors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pointer in problems.Select(p => p.Pointer).Distinct(StringComparer.Ordinal))
        {
            for (var slash = pointer.LastIndexOf('/'); slash >= 0; slash = slash == 0 ? -1 : pointer.LastIndexOf('/', slash - 1))
            {
                ancestors.Add(pointer.Substring(0, slash));
            }
        }

        var located = problems
            .Where(p => !ancestors.Contains(p.Pointer))
            .GroupBy(p => p.Pointer, StringComparer.Ordinal)
            .Select(g => (Location: locate(g.Key), Keywords: g.Select(p => p.Keyword).Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).ToList(), Messages: g.Select(p => p.Message).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
        located.Sort((a, b) => CompareDocumentOrder(a.Location, b.Location));
        return located.Take(MaxFindings).Select(l =>
        {
            var segments = l.Location.Select(s => s.Segment).ToList();
            return new CollectionFinding(JsonPathText.Format(segments), string.Join("; ", l.Messages), CollectionFinding.Shape(segments) + ": " + string.Join(", ", l.Keywords));
        }).ToArray();
    }

    internal static void Collect(EvaluationResults node, List<(string Pointer, string Keyword, string Message)> problems)
    {
        if (node.IsValid)
        {
            return;
        }

        if (node.Errors is { Count: > 0 } errors)
        {
            var pointer = node.InstanceLocation.ToString();
            foreach (var error in errors)
            {
                problems.Add((pointer, error.Key, Describe(error.Key, error.Value)));
            }
        }

        if (node.Details is { } details)
        {
            foreach (var child in details)
            {
                Collect(child, problems);
            }
        }
    }

    private static string Describe(string keyword, string message) =>
        string.IsNullOrEmpty(message) ? "fails '" + keyword + "'" : message;

    /// <summary>Turns a JSON Pointer into path segments, with each step's position in the document.</summary>
    internal static List<(JsonPathSegment Segment, int Position)> Resolve(JsonElement root, string pointer)
    {
        var result = new List<(JsonPathSegment, int)>();
        if (string.IsNullOrEmpty(pointer) || pointer[0] != '/')
        {
            return result;
        }

        var current = root;
        var known = true;
        foreach (var raw in pointer.Substring(1).Split('/'))
        {
            var token = raw.Replace("~1", "/").Replace("~0", "~");
            if (known && current.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index) && index >= 0 && index < current.GetArrayLength())
            {
                result.Add((JsonPathSegment.Of(index), index));
                current = current[index];
                continue;
            }

            var position = int.MaxValue;
            if (known && current.ValueKind == JsonValueKind.Object)
            {
                var i = 0;
                foreach (var property in current.EnumerateObject())
                {
                    if (string.Equals(property.Name, token, StringComparison.Ordinal))
                    {
                        position = i;
                        current = property.Value;
                        break;
                    }

                    i++;
                }
            }

            known = position != int.MaxValue;
            result.Add((JsonPathSegment.Of(token), position));
        }

        return result;
    }

    private static int CompareDocumentOrder(List<(JsonPathSegment Segment, int Position)> a, List<(JsonPathSegment Segment, int Position)> b)
    {
        var common = Math.Min(a.Count, b.Count);
        for (var i = 0; i < common; i++)
        {
            var c = a[i].Position.CompareTo(b[i].Position);
            if (c != 0)
            {
                return c;
            }
        }

        // One contains the other: the deeper location comes first.
        return b.Count.CompareTo(a.Count);
    }

    private static CollectionSchemaSet Build(string version)
    {
        var assembly = typeof(CollectionSchemas).Assembly;
        var folder = ResourcePrefix + "v" + version.Replace('.', '_') + ".";
        var rootName = folder + "collection.json";
        var partPrefix = folder + "collection.";

        var root = ReadResource(assembly, rootName).AsObject();
        var definitions = new JsonObject();
        foreach (var name in assembly.GetManifestResourceNames()
                     .Where(n => n.Length > partPrefix.Length + ".json".Length && n.StartsWith(partPrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
                     .OrderBy(n => n, StringComparer.Ordinal))
        {
            var definitionName = name.Substring(partPrefix.Length, name.Length - partPrefix.Length - ".json".Length);
            var part = ReadResource(assembly, name).AsObject();
            part.Remove("$schema");
            if (part["$id"] is JsonValue id && id.TryGetValue<string>(out var idText) && idText.StartsWith("#", StringComparison.Ordinal))
            {
                part.Remove("$id");
            }

            definitions[definitionName] = part;
        }

        if (definitions.Count == 0)
        {
            throw new InvalidOperationException("The embedded Postman collection schema v" + version + " has no definitions (resources missing from the build).");
        }

        root["definitions"] = definitions;
        var baseUri = new Uri((string?)root["$id"] ?? "https://schema.getpostman.com/json/draft-07/collection/v" + version + "/");
        using var document = JsonDocument.Parse(root.ToJsonString());
        var options = new BuildOptions { Dialect = Dialect.Draft07, SchemaRegistry = new SchemaRegistry() };
        var schema = JsonSchema.Build(document.RootElement.Clone(), options, baseUri);

        JsonSchema Place(string pointer, string name) => PlaceIn(options, baseUri, pointer, name);
        return new CollectionSchemaSet(
            new SchemaQuickCheck(document.RootElement.Clone()),
            schema,
            Place(CollectionSchemaSet.PointerOf(SchemaPlace.RootItem), "root-item"),
            Place(CollectionSchemaSet.PointerOf(SchemaPlace.FolderItem), "folder-item"),
            Place("/definitions/item", "item"),
            pointer => PlaceIn(options, baseUri, pointer, "at-" + Uri.EscapeDataString(pointer)));
    }

    /// <summary>A place in the schema (a JSON Pointer into the root document), as a reference in the same registry.</summary>
    private static JsonSchema PlaceIn(BuildOptions options, Uri baseUri, string pointer, string name)
    {
        using var reference = JsonDocument.Parse("{\"$ref\":" + JsonSerializer.Serialize(baseUri.AbsoluteUri + "#" + pointer) + "}");
        return JsonSchema.Build(reference.RootElement.Clone(), options, new Uri(baseUri, "psgithubsync-places/" + name));
    }

    private static JsonNode ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException("Missing embedded resource " + name + ".");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })
            ?? throw new InvalidOperationException("Empty embedded resource " + name + ".");
    }
}

/// <summary>The collection schema of one format version and the places in it where the parts of a collection are checked.</summary>
internal sealed class CollectionSchemaSet
{
    private readonly Func<string, JsonSchema> _place;
    private readonly Dictionary<string, JsonSchema> _places = new(StringComparer.Ordinal);

    public CollectionSchemaSet(SchemaQuickCheck quick, JsonSchema root, JsonSchema rootItem, JsonSchema folderItem, JsonSchema item, Func<string, JsonSchema> place)
    {
        _place = place;
        Quick = quick;
        Root = root;
        RootItem = rootItem;
        FolderItem = folderItem;
        Item = item;
    }

    /// <summary>The allocation-free yes/no check of the same schema, asked first (see <see cref="SchemaQuickCheck"/>).</summary>
    public SchemaQuickCheck Quick { get; }

    /// <summary>The JSON Pointers of <see cref="Root"/>, <see cref="RootItem"/> and <see cref="FolderItem"/> in the schema document, for <see cref="Quick"/>.</summary>
    public static string PointerOf(SchemaPlace place) => place switch
    {
        SchemaPlace.RootItem => "/properties/item/items",
        SchemaPlace.FolderItem => "/definitions/item-group/properties/item/items",
        _ => string.Empty,
    };

    /// <summary>The schema at any place (a JSON Pointer into the root document), built once per place.</summary>
    public JsonSchema At(string pointer)
    {
        lock (_places)
        {
            if (!_places.TryGetValue(pointer, out var schema)) _places[pointer] = schema = _place(pointer);
            return schema;
        }
    }

    /// <summary>The whole collection.</summary>
    public JsonSchema Root { get; }

    /// <summary>An element of the collection's <c>item</c> (<c>oneOf</c> request item, folder).</summary>
    public JsonSchema RootItem { get; }

    /// <summary>An element of a folder's <c>item</c> (<c>anyOf</c> request item, folder).</summary>
    public JsonSchema FolderItem { get; }

    /// <summary>The request item alone (<c>#/definitions/item</c>).</summary>
    public JsonSchema Item { get; }
}
