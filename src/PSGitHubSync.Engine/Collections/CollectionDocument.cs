using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.RegularExpressions;
using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Engine.Collections;

/// <summary>
/// A Postman collection (format v2.0.0 or v2.1.0) that has been parsed and checked against the
/// matching Postman JSON schema: only what is not a collection at all (not JSON, no <c>info</c>
/// object or <c>item</c> array) is refused; every other deviation is a <see cref="Findings"/>
/// entry. Immutable; safe to share between threads.
/// </summary>
/// <remarks>
/// The collection is kept as a read-only <see cref="JsonElement"/> tree over the UTF-8 input
/// (no per-node objects), so a document costs little more than its file size in memory and the
/// original property order and number texts are preserved. The document owns that memory; it
/// needs no disposal.
/// </remarks>
public sealed class CollectionDocument
{
    internal const int MaxDepth = 256;

    private static readonly Regex SchemaVersionPattern = new(
        @"/v(?<major>\d+)\.(?<minor>\d+)\.(?<patch>\d+)(?:/|$)",
        RegexOptions.CultureInvariant);

    private static readonly Regex QuotedFragment = new("'[^']{2,}'", RegexOptions.CultureInvariant);

    // Keeps the parsed memory alive for Root.
    private readonly JsonDocument _document;

    private CollectionDocument(JsonDocument document, JsonElement root, string sourceName, string formatVersion, bool wasEnveloped, IReadOnlyList<CollectionFinding> findings)
    {
        Findings = findings;
        _document = document;
        Root = root;
        SourceName = sourceName;
        FormatVersion = formatVersion;
        WasEnveloped = wasEnveloped;
        var info = root.GetProperty("info");
        Name = info.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? JsonStrings.Get(name) : string.Empty;
        PostmanId = info.TryGetProperty("_postman_id", out var id) && id.ValueKind == JsonValueKind.String ? JsonStrings.Get(id) : null;
    }

    /// <summary>Where the collection came from (a file name, a Postman collection uid...), as used in messages.</summary>
    public string SourceName { get; }

    /// <summary>The collection's name (<c>info.name</c>).</summary>
    public string Name { get; }

    /// <summary>The collection's Postman id (<c>info._postman_id</c>), or null when it has none.</summary>
    public string? PostmanId { get; }

    /// <summary>The collection format version declared by <c>info.schema</c>: <c>"2.0.0"</c> or <c>"2.1.0"</c>.</summary>
    public string FormatVersion { get; }

    /// <summary>
    /// The collection object itself (<c>{ "info": ..., "item": [...] }</c>); for input in the Postman
    /// API envelope (<c>{ "collection": { ... } }</c>) this is the inner object.
    /// </summary>
    public JsonElement Root { get; }

    /// <summary>
    /// Where the collection deviates from the Postman collection schema of its format version
    /// (empty when it conforms). Deviations are warnings: the collection is still backed up.
    /// </summary>
    public IReadOnlyList<CollectionFinding> Findings { get; }

    /// <summary>True when the input was the Postman API envelope <c>{ "collection": { ... } }</c>.</summary>
    public bool WasEnveloped { get; }

    /// <summary>
    /// Parses and validates a collection from UTF-8 JSON (a leading UTF-8 BOM is accepted).
    /// </summary>
    /// <param name="utf8Json">The file or API response body.</param>
    /// <param name="sourceName">Names the input in error messages (file name, collection name or uid).</param>
    /// <returns>The validated collection.</returns>
    /// <exception cref="SyncException">
    /// <see cref="CollectionErrorIds.InvalidCollection"/> (<see cref="SyncErrorCategory.InvalidData"/>) when the
    /// input is not a Postman collection at all (not JSON, no <c>info</c> object or <c>item</c> array); the message
    /// names the source and the JSON path. Schema deviations are <see cref="Findings"/>, not errors.
    /// </exception>
    public static CollectionDocument Parse(byte[] utf8Json, string sourceName)
    {
        if (utf8Json is null)
        {
            throw new ArgumentNullException(nameof(utf8Json));
        }

        var memory = new ReadOnlyMemory<byte>(utf8Json);
        if (utf8Json.Length >= 3 && utf8Json[0] == 0xEF && utf8Json[1] == 0xBB && utf8Json[2] == 0xBF)
        {
            memory = memory.Slice(3);
        }

        // The JSON reader checks UTF-8 only when a string is read, which would fail far from here with no position.
        // (Escaped lone surrogates, which JavaScript and so Postman can write, are kept: see JsonStrings.)
        var invalid = IO.Utf8Text.IndexOfInvalid(memory.Span);
        if (invalid >= 0)
        {
            throw Unreadable(sourceName, memory.Span, invalid, NotUtf8(memory.Span[invalid]));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(memory, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw NotJson(sourceName, ex);
        }

        return FromDocument(document, sourceName);
    }

    private static SyncException Unreadable(string sourceName, ReadOnlySpan<byte> json, int offset, string problem)
    {
        var (line, column) = IO.Utf8Text.Position(json, offset);
        return Unreadable(sourceName, offset, line, column, problem);
    }

    internal static string NotUtf8(byte value) => $"byte 0x{value:X2} is not valid UTF-8 (the file must be UTF-8, as Postman exports it)";

    /// <summary>The error for input that cannot be read as text at a byte offset (line and column as an editor shows them).</summary>
    internal static SyncException Unreadable(string sourceName, long offset, int line, int column, string problem)
    {
        return new SyncException(
            CollectionErrorIds.InvalidCollection,
            SyncErrorCategory.InvalidData,
            $"'{sourceName}' is not a Postman collection that can be read: at byte offset {offset} (line {line}, column {column}) {problem}. Export the collection again from Postman (Export > Collection v2.1) and use that file.",
            sourceName);
    }

    /// <summary>
    /// Parses and validates a collection read from a stream of UTF-8 JSON, without materialising the
    /// text as a string (a leading UTF-8 BOM is accepted). The stream is read to its end, not closed.
    /// </summary>
    /// <param name="utf8Json">The stream to read.</param>
    /// <param name="sourceName">Names the input in error messages.</param>
    /// <returns>The validated collection.</returns>
    /// <exception cref="SyncException"><see cref="CollectionErrorIds.InvalidCollection"/>, as for <see cref="Parse(byte[], string)"/>.</exception>
    public static CollectionDocument Parse(Stream utf8Json, string sourceName)
    {
        if (utf8Json is null)
        {
            throw new ArgumentNullException(nameof(utf8Json));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw NotJson(sourceName, ex);
        }

        return FromDocument(document, sourceName);
    }

    /// <summary>A short description for logs: name, format version and source.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{Name} (Postman collection v{FormatVersion}, from {SourceName})";

    internal static JsonDocumentOptions DocumentOptions => new() { MaxDepth = MaxDepth };

    private static CollectionDocument FromDocument(JsonDocument document, string sourceName)
    {
        try
        {
            var result = Validate(document, sourceName);
            return result;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static CollectionDocument Validate(JsonDocument document, string sourceName)
    {
        var top = document.RootElement;
        var shape = new CollectionShape { RootKind = top.ValueKind };
        var collection = top;
        if (top.ValueKind == JsonValueKind.Object && !top.TryGetProperty("info", out _) && top.TryGetProperty("collection", out var inner))
        {
            shape.Enveloped = true;
            shape.EnvelopeKind = inner.ValueKind;
            collection = inner;
        }

        if (collection.ValueKind == JsonValueKind.Object)
        {
            shape.InfoKind = collection.TryGetProperty("info", out var info) ? info.ValueKind : JsonValueKind.Undefined;
            shape.ItemKind = collection.TryGetProperty("item", out var items) ? items.ValueKind : JsonValueKind.Undefined;
            shape.LooksLikeV1 = collection.TryGetProperty("requests", out _) || collection.TryGetProperty("order", out _) || collection.TryGetProperty("folders", out _);
            if (info.ValueKind == JsonValueKind.Object)
            {
                shape.SchemaKind = info.TryGetProperty("schema", out var schema) ? schema.ValueKind : JsonValueKind.Undefined;
                shape.SchemaUrl = schema.ValueKind == JsonValueKind.String ? JsonStrings.Get(schema) : null;
            }
        }

        // From here on it is a collection a restore can use: deviations from the schema are findings, not refusals.
        var findings = shape.Check(sourceName);
        var prefix = shape.Enveloped ? "$.collection" : "$";
        foreach (var finding in CollectionSchemas.FindAll(collection, shape.FormatVersion))
        {
            findings.Add(prefix == "$" ? finding : new CollectionFinding(prefix + finding.JsonPath.Substring(1), finding.Message, finding.Kind));
        }

        return new CollectionDocument(document, collection, sourceName, shape.FormatVersion, shape.Enveloped, findings);
    }

    /// <summary>Maps an <c>info.schema</c> URL to "2.0.0" / "2.1.0", or null.</summary>
    internal static string? DetectVersion(string schemaUrl)
    {
        if (string.IsNullOrWhiteSpace(schemaUrl) || schemaUrl.IndexOf("collection", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return null;
        }

        // e.g. https://schema.getpostman.com/json/collection/v2.1.0/collection.json
        //      http://schema.getpostman.com/json/draft-07/collection/v2.1.0/collection.json
        //      https://schema.postman.com/collection/json/v2.1.0/draft-07/collection.json
        var match = SchemaVersionPattern.Match(schemaUrl.Trim());
        if (!match.Success || match.Groups["major"].Value != "2" || match.Groups["patch"].Value != "0")
        {
            return null;
        }

        return match.Groups["minor"].Value switch
        {
            "0" => "2.0.0",
            "1" => "2.1.0",
            _ => null,
        };
    }

    internal static SyncException NotJson(string sourceName, JsonException ex)
    {
        var where = ex.LineNumber is { } line
            ? $" (line {line + 1}, byte {(ex.BytePositionInLine ?? 0) + 1})"
            : string.Empty;
        if ((ex.Message ?? string.Empty).IndexOf("maximum configured depth", StringComparison.Ordinal) >= 0)
        {
            return new SyncException(
                CollectionErrorIds.InvalidCollection,
                SyncErrorCategory.InvalidData,
                $"'{sourceName}' is nested deeper than {MaxDepth} JSON levels (the maximum depth){where} (about {(MaxDepth - 4) / 2} folders inside one another), more than PSGitHubSync reads. Flatten the deepest folders in Postman, then export the collection again.",
                sourceName,
                ex);
        }

        return new SyncException(
            CollectionErrorIds.InvalidCollection,
            SyncErrorCategory.InvalidData,
            $"'{sourceName}' is not a Postman collection: it is not valid JSON{where}: {ReaderReason(ex)}. Export the collection from Postman (Export > Collection v2.1) and use that file.",
            sourceName,
            ex);
    }

    /// <summary>The reader's reason without its position suffix (which the message gives in its own words).</summary>
    internal static string ReaderReason(JsonException ex)
    {
        var reason = ex.Message ?? "malformed JSON";
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = reason.IndexOf(" Path:", StringComparison.Ordinal);
        }

        reason = (cut > 0 ? reason.Substring(0, cut) : reason).Replace(" Change the reader options.", string.Empty);

        // The reader quotes what it read ("'nope' is an invalid JSON literal"): keep single characters,
        // never longer fragments of the file, which could be part of a secret.
        reason = QuotedFragment.Replace(reason, "'...'").Trim().TrimEnd('.');
        return reason.Length > 200 ? reason.Substring(0, 200) + "..." : reason;
    }

    internal static SyncException Invalid(string sourceName, string path, string problem, string? version = null, bool hint = true)
    {
        var what = version is null ? "a Postman collection" : "a valid Postman collection (format v" + version + ")";
        var message = $"'{sourceName}' is not {what}: at {path}: {problem}.";
        if (hint)
        {
            message += " Fix the file at that location, or export the collection again from Postman (Export > Collection v2.1).";
        }

        return new SyncException(CollectionErrorIds.InvalidCollection, SyncErrorCategory.InvalidData, message, sourceName);
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "empty",
    };

    internal static string Shorten(string text) => text.Length <= 200 ? text : text.Substring(0, 200) + "...";
}
