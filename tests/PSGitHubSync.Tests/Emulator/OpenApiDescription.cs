using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>
/// GitHub's official REST description (tests/reference/github-rest, refs already resolved): finds the
/// response schema of an operation by method, path template and status, converted to JSON Schema
/// (see <see cref="OpenApiSchemaConverter"/>), and validates bodies against it.
/// </summary>
internal sealed class OpenApiDescription
{
    private static readonly Lazy<OpenApiDescription> GitHubComDescription = new(() => new OpenApiDescription(ReferenceFiles.GitHubComOpenApi));
    private static readonly Lazy<OpenApiDescription> EnterpriseDescription = new(() => new OpenApiDescription(ReferenceFiles.EnterpriseOpenApi));

    private readonly JsonObject _document;
    private readonly string _name;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    private OpenApiDescription(string path)
    {
        _name = Path.GetFileNameWithoutExtension(path);
        _document = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }

    /// <summary>api.github.com.subset.json</summary>
    public static OpenApiDescription GitHubCom => GitHubComDescription.Value;

    /// <summary>ghes-3.17.subset.json</summary>
    public static OpenApiDescription Enterprise => EnterpriseDescription.Value;

    public static OpenApiDescription For(bool enterprise) => enterprise ? Enterprise : GitHubCom;

    /// <summary>The raw (OpenAPI 3.0) schema of a response, or null when the operation documents no JSON body for that status.</summary>
    public JsonObject? RawResponseSchema(string method, string pathTemplate, int status)
    {
        var operation = _document["paths"]?[pathTemplate]?[method.ToLowerInvariant()]
            ?? throw new InvalidOperationException($"{_name} has no operation {method} {pathTemplate}.");
        return operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"]?["application/json"]?["schema"]?.AsObject();
    }

    /// <summary>
    /// The JSON Schema of a documented response; throws when the status is not documented. Error statuses (400+)
    /// are converted with <see cref="OpenApiSchemaConverter"/>'s error-body relaxations.
    /// </summary>
    public JsonSchema ResponseSchema(string method, string pathTemplate, int status, bool closeObjects = true)
    {
        string key = $"{method} {pathTemplate} {status} {closeObjects}";
        return _schemas.GetOrAdd(key, _ =>
        {
            var raw = RawResponseSchema(method, pathTemplate, status)
                ?? throw new InvalidOperationException($"{_name}: {method} {pathTemplate} documents no JSON response {status}.");
            return Build(raw, key, closeObjects, errorBody: status >= 400);
        });
    }

    /// <summary>
    /// GitHub's "Basic Error" schema, for the answers GitHub gives on any path without each operation
    /// documenting them: 401 Bad credentials, 403 rate limit exceeded, 404 for an unknown path.
    /// Taken from <c>GET /repos/{owner}/{repo}</c> 404.
    /// </summary>
    public JsonSchema BasicError()
    {
        var raw = RawResponseSchema("GET", "/repos/{owner}/{repo}", 404)!;
        if (raw["title"]?.GetValue<string>() != "Basic Error")
        {
            throw new InvalidOperationException($"{_name}: GET /repos/{{owner}}/{{repo}} 404 is no longer 'Basic Error'.");
        }

        return _schemas.GetOrAdd("basic-error", key => Build(raw, key, closeObjects: true));
    }

    /// <summary>The errors of validating <paramref name="body"/>; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(JsonSchema schema, JsonElement body)
    {
        var results = schema.Evaluate(body, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
        });
        if (results.IsValid)
        {
            return Array.Empty<string>();
        }

        var errors = new List<string>();
        foreach (var node in new[] { results }.Concat(results.Details ?? Enumerable.Empty<EvaluationResults>()))
        {
            if (node.Errors is null)
            {
                continue;
            }

            foreach (var (keyword, message) in node.Errors)
            {
                errors.Add($"{node.InstanceLocation} [{node.EvaluationPath}] {keyword}: {message}");
            }
        }

        return errors.Count > 0 ? errors : new[] { "invalid (no error details)" };
    }

    private JsonSchema Build(JsonObject raw, string key, bool closeObjects, bool errorBody = false)
    {
        var converted = OpenApiSchemaConverter.Convert(raw, closeObjects, errorBody);
        var baseUri = new Uri($"https://psgithubsync.test/{_name}/{Uri.EscapeDataString(key)}");
        return JsonSchema.FromText(converted.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, baseUri);
    }
}
