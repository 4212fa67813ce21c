using System.Collections.Generic;
using System.Text.Json;
using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Engine.Collections;

/// <summary>
/// What decides whether a document is a collection at all, and in which format version: the kinds of the root,
/// of the envelope's <c>collection</c>, of <c>info</c>, <c>item</c> and <c>info.schema</c>. Filled from a DOM by
/// <see cref="CollectionDocument"/> or while streaming by <see cref="CollectionStreamNormalizer"/>; both refuse
/// and warn through <see cref="Check"/>.
/// </summary>
internal sealed class CollectionShape
{
    public JsonValueKind RootKind { get; set; }

    /// <summary>The root is the Postman API envelope: no <c>info</c>, a <c>collection</c>.</summary>
    public bool Enveloped { get; set; }

    public JsonValueKind EnvelopeKind { get; set; }

    public JsonValueKind InfoKind { get; set; }

    public JsonValueKind ItemKind { get; set; }

    /// <summary>The collection has <c>requests</c>, <c>order</c> or <c>folders</c> (format v1).</summary>
    public bool LooksLikeV1 { get; set; }

    public JsonValueKind SchemaKind { get; set; }

    public string? SchemaUrl { get; set; }

    /// <summary>The format version <see cref="Check"/> settled on.</summary>
    public string FormatVersion { get; private set; } = "2.1.0";

    /// <summary>Refuses what is not a collection; returns the findings about <c>info.schema</c>.</summary>
    /// <exception cref="SyncException"><see cref="CollectionErrorIds.InvalidCollection"/>.</exception>
    public List<CollectionFinding> Check(string sourceName)
    {
        if (RootKind != JsonValueKind.Object)
        {
            throw CollectionDocument.Invalid(sourceName, "$", "the document is " + CollectionDocument.Describe(RootKind) + ", not a JSON object with 'info' and 'item'");
        }

        var prefix = Enveloped ? "$.collection" : "$";
        if (Enveloped && EnvelopeKind != JsonValueKind.Object)
        {
            throw CollectionDocument.Invalid(sourceName, prefix, "the 'collection' of the Postman API response is " + CollectionDocument.Describe(EnvelopeKind) + ", not an object");
        }

        if (InfoKind == JsonValueKind.Undefined)
        {
            if (LooksLikeV1)
            {
                throw CollectionDocument.Invalid(sourceName, prefix, "this looks like Postman Collection Format v1, which is not supported; open it in Postman and export it as Collection v2.1", hint: false);
            }

            throw CollectionDocument.Invalid(sourceName, prefix, "the required property 'info' is missing");
        }

        var infoPath = prefix + ".info";
        if (InfoKind != JsonValueKind.Object)
        {
            throw CollectionDocument.Invalid(sourceName, infoPath, "'info' is " + CollectionDocument.Describe(InfoKind) + ", not an object");
        }

        if (ItemKind != JsonValueKind.Array)
        {
            throw CollectionDocument.Invalid(sourceName, prefix, ItemKind == JsonValueKind.Undefined
                ? "the required 'item' array (the requests and folders) is missing"
                : "'item' is " + CollectionDocument.Describe(ItemKind) + ", not the array of requests and folders");
        }

        var findings = new List<CollectionFinding>();
        string? version = null;
        if (SchemaKind == JsonValueKind.Undefined)
        {
            findings.Add(new CollectionFinding(infoPath, "the property 'schema' (the collection format URL) is missing; read as v2.1.0", "info.schema: missing"));
        }
        else if (SchemaKind != JsonValueKind.String)
        {
            findings.Add(new CollectionFinding(infoPath + ".schema", "'schema' is " + CollectionDocument.Describe(SchemaKind) + ", not the collection format URL; read as v2.1.0", "info.schema: type"));
        }
        else
        {
            var schemaUrl = SchemaUrl ?? string.Empty;
            version = CollectionDocument.DetectVersion(schemaUrl);
            if (version is null)
            {
                findings.Add(new CollectionFinding(infoPath + ".schema", $"'{CollectionDocument.Shorten(schemaUrl)}' is not a collection format PSGitHubSync knows (v2.0.0, v2.1.0); read as v2.1.0", "info.schema: format"));
            }
        }

        FormatVersion = version ?? "2.1.0";
        return findings;
    }
}
