using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace PSGitHubSync.Tests.Emulator.Postman;

/// <summary>
/// shared/reference/postman-collection (real collections from postmanlabs and the official v2.1.0 schema), found beside
/// the repository root (the folder with PSGitHubSync.sln). Not finding it is a failure, never a skip.
/// </summary>
internal static class PostmanReference
{
    private static readonly Lazy<string> RootPath = new(Locate);
    private static readonly Lazy<JsonSchema> Schema = new(BuildSchema);

    public static string Root => RootPath.Value;

    public static string ExamplesFolder => Path.Combine(Root, "examples");

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
        string folder = Path.Combine(Root, "schema-v2.1.0");
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

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PSGitHubSync.sln")))
            {
                string reference = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "reference", "postman-collection"));
                if (!Directory.Exists(Path.Combine(reference, "examples")) || !Directory.Exists(Path.Combine(reference, "schema-v2.1.0")))
                {
                    throw new InvalidOperationException(
                        $"The reference folder {reference} (examples, schema-v2.1.0) is missing: it must sit beside the repository root {directory.FullName}.");
                }

                return reference;
            }
        }

        throw new InvalidOperationException($"No folder with PSGitHubSync.sln above {AppContext.BaseDirectory}: cannot locate ../shared/reference.");
    }
}
