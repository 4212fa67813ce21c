using System;

namespace PSGitHubSync;

/// <summary>The formats a synced API schema can have (the definitions file's <c>format:</c> key).</summary>
public enum SchemaFormat
{
    /// <summary>OpenAPI 3.x or Swagger 2.0, in JSON or YAML (<c>format: openapi</c>).</summary>
    OpenApi,
    /// <summary>RAML 0.8 or 1.0 (<c>format: raml</c>).</summary>
    Raml,
    /// <summary>GraphQL schema definition language, one or several files (<c>format: graphql</c>).</summary>
    GraphQL,
}

/// <summary>Converts <see cref="SchemaFormat"/> to and from the names used in the definitions file.</summary>
public static class SchemaFormatNames
{
    /// <summary>The definitions-file spelling: <c>openapi</c>, <c>raml</c> or <c>graphql</c>.</summary>
    public static string ToName(SchemaFormat format) => format switch
    {
        SchemaFormat.OpenApi => "openapi",
        SchemaFormat.Raml => "raml",
        SchemaFormat.GraphQL => "graphql",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a schema format."),
    };

    /// <summary>The name people read in messages: <c>OpenAPI</c>, <c>RAML</c> or <c>GraphQL SDL</c>.</summary>
    public static string ToDisplayName(SchemaFormat format) => format switch
    {
        SchemaFormat.OpenApi => "OpenAPI",
        SchemaFormat.Raml => "RAML",
        SchemaFormat.GraphQL => "GraphQL SDL",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a schema format."),
    };

    /// <summary>
    /// Reads a definitions-file <c>format:</c> value (case-insensitive; <c>openapi</c>, <c>raml</c>,
    /// <c>graphql</c>). Null or empty means "detect from the content" and gives <c>true</c> with a null format.
    /// </summary>
    public static bool TryParse(string? name, out SchemaFormat? format)
    {
        format = null;
        if (string.IsNullOrWhiteSpace(name)) return true;
        switch (name!.Trim().ToLowerInvariant())
        {
            case "openapi":
            case "swagger":
                format = SchemaFormat.OpenApi;
                return true;
            case "raml":
                format = SchemaFormat.Raml;
                return true;
            case "graphql":
                format = SchemaFormat.GraphQL;
                return true;
            default:
                return false;
        }
    }
}
