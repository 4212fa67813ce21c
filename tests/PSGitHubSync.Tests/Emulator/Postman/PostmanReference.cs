using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace PSGitHubSync.Tests.Emulator.Postman;

/// <summary>
/// The official Postman collection v2.1.0 schema (tests/reference/postman-collection) and the example collections
/// written for these tests (tests/fixtures/postman-collections). Not finding them is a failure, never a skip.
/// </summary>
internal static class PostmanReference
{
    private static readonly Lazy<JsonSchema> Schema = new(BuildSchema);

    public static string ExamplesFolder => ReferenceFiles.PostmanExampleCollections;

    /// <summary>Every example collection file, by name.</summary>
    public static IReadOnlyList<string> Examples()
    {
        var files = Directory.GetFiles(ExamplesFolder, "*.json").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new InvalidOperationException($"{ExamplesFolder} holds no collection files.");
        }

        return files;
    }

    /// <summary>The errors of validating a collection against the v2.1.0 schema; empty when valid.</summary>
    public static IReadOnlyList<string> ValidateV21(JsonElement collection)
    {
        var results = Schema.Value.Evaluate(collection, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return Array.Empty<string>();
        }

        var errors = new List<string>();
        foreach (var node in new[] { results }.Concat(results.Details ?? Enumerable.Empty<EvaluationResults>()))
        {
            foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
            {
                errors.Add($"{node.InstanceLocation} [{node.EvaluationPath}] {keyword}: {message}");
            }
        }

        return errors.Count > 0 ? errors : new[] { "invalid (no error details)" };
    }

    /// <summary>
    /// The schema is split into files whose <c>$id</c>s are <c>#/definitions/NAME</c> (and which carry // comments):
    /// they become the <c>definitions</c> of collection.json, so that its <c>#/definitions/...</c> references resolve.
    /// </summary>
    private static JsonSchema BuildSchema()
    {
        string folder = Path.Combine(ReferenceFiles.PostmanCollectionSchemas, "schema-v2.1.0");
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "collection.json")), documentOptions: options)!.AsObject();
        var definitions = new JsonObject();
        foreach (string file in Directory.GetFiles(Path.Combine(folder, "collection"), "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            var definition = JsonNode.Parse(File.ReadAllText(file), documentOptions: options)!.AsObject();
            definition.Remove("$id");
            definition.Remove("$schema");
            definitions[Path.GetFileNameWithoutExtension(file)] = definition;
        }

        if (definitions.Count < 20 || !definitions.ContainsKey("item") || !definitions.ContainsKey("item-group"))
        {
            throw new InvalidOperationException($"{folder}/collection does not hold the v2.1.0 definitions.");
        }

        root["definitions"] = definitions;
        root["$id"] = "https://psgithubsync.test/postman/collection-v2.1.0.json";
        return JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }
}
