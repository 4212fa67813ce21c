using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;

namespace PSGitHubSync.Engine.Schemas.Documents;

/// <summary>The first line of a RAML file: <c>#%RAML 1.0</c>, optionally with a fragment type.</summary>
internal sealed class RamlHeader
{
    public static readonly string[] Fragments =
    {
        "DocumentationItem", "DataType", "NamedExample", "ResourceType", "Trait",
        "AnnotationTypeDeclaration", "Library", "Overlay", "Extension", "SecurityScheme",
    };

    public RamlHeader(string line, string? version, string? fragment)
    {
        Line = line;
        Version = version;
        Fragment = fragment;
    }

    /// <summary>The whole first line.</summary>
    public string Line { get; }

    /// <summary><c>0.8</c>, <c>1.0</c>, something else, or null when missing.</summary>
    public string? Version { get; }

    /// <summary>The fragment type (<c>Library</c>, <c>DataType</c>, ...) or null for an API definition.</summary>
    public string? Fragment { get; }

    public bool IsKnownVersion => Version is "0.8" or "1.0";

    public bool IsKnownFragment => Fragment is null || (Version == "1.0" && Fragments.Contains(Fragment, StringComparer.Ordinal));

    /// <summary>An API definition (no fragment) or an overlay/extension of one: something that can be a root.</summary>
    public bool IsApiRoot => Fragment is null or "Overlay" or "Extension";

    /// <summary>The header of a text whose first line starts with <c>#%RAML</c>, else null.</summary>
    public static RamlHeader? Read(string text)
    {
        var line = SchemaText.FirstLine(text);
        if (!line.StartsWith("#%RAML", StringComparison.Ordinal)) return null;
        // "#%RAML1.0": the version must follow one space; the glued text is no known version.
        if (line.Length > "#%RAML".Length && line["#%RAML".Length] is not (' ' or '\t')) return new RamlHeader(line.TrimEnd(), line.Substring(2).TrimEnd(), null);
        var parts = line.Substring("#%RAML".Length).Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
        return new RamlHeader(line.TrimEnd(), parts.Length > 0 ? parts[0] : null, parts.Length > 1 ? string.Join(" ", parts.Skip(1)) : null);
    }
}

/// <summary>Tells a schema's format from its name and content, cheaply (no full parse of large files).</summary>
internal static class SchemaSniffer
{
    private static readonly Regex YamlOpenApiKey = new(@"^(?:openapi|swagger|""openapi""|""swagger""|'openapi'|'swagger')[ \t]*:", RegexOptions.Multiline | RegexOptions.CultureInvariant);
    private static readonly Regex JsonOpenApiKey = new("\"(?:openapi|swagger)\"\\s*:", RegexOptions.CultureInvariant);

    public static bool HasGraphQLExtension(string path)
        => path.EndsWith(".graphql", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".gql", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".graphqls", StringComparison.OrdinalIgnoreCase);

    public static bool HasRamlExtension(string path) => path.EndsWith(".raml", StringComparison.OrdinalIgnoreCase);

    public static bool HasJsonOrYamlExtension(string path)
        => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the text has a top-level <c>openapi</c> or <c>swagger</c> key.</summary>
    public static bool IsOpenApiText(string text)
    {
        if (!SchemaText.LooksLikeJson(text)) return YamlOpenApiKey.IsMatch(text);
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { MaxDepth = 512 });
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    var name = reader.GetString();
                    if (name is "openapi" or "swagger") return true;
                }
            }
            return false;
        }
        catch (JsonException)
        {
            // Broken JSON: still tell the format, so the syntax error is reported as OpenAPI's.
            return JsonOpenApiKey.IsMatch(text);
        }
    }

    /// <summary>True when the file can be the root of a schema: an OpenAPI document or a RAML API definition.</summary>
    public static bool IsRootDocument(string path, ImmutableArray<byte> content)
    {
        if (!HasJsonOrYamlExtension(path) && !HasRamlExtension(path)) return false;
        var text = SchemaText.TryDecode(content, out _);
        if (text is null) return false;
        var header = RamlHeader.Read(text);
        if (header is not null) return header.IsApiRoot;
        return HasJsonOrYamlExtension(path) && IsOpenApiText(text);
    }

    /// <summary>True when the text parses as GraphQL and defines at least one type, directive or schema.</summary>
    public static bool LooksLikeGraphQL(string text)
    {
        if (SchemaText.IsBlank(text)) return false;
        try
        {
            var document = Parser.Parse(text, new ParserOptions { Ignore = IgnoreOptions.All });
            return document.Definitions.Any(IsTypeSystemDefinition);
        }
        catch (GraphQLParserException)
        {
            return false;
        }
    }

    public static bool IsTypeSystemDefinition(ASTNode node)
        => node is GraphQLTypeDefinition or GraphQLDirectiveDefinition or GraphQLSchemaDefinition or GraphQLTypeExtension or GraphQLSchemaExtension;

    /// <summary>The format of a file, with the evidence in words, or null when it cannot be told.</summary>
    public static SchemaFormat? Detect(string fileName, string text, out string evidence)
    {
        if (HasGraphQLExtension(fileName))
        {
            evidence = "its name ends in " + fileName.Substring(fileName.LastIndexOf('.'));
            return SchemaFormat.GraphQL;
        }
        var header = RamlHeader.Read(text);
        if (header is not null)
        {
            evidence = $"its first line is '{header.Line}'";
            return SchemaFormat.Raml;
        }
        if (IsOpenApiText(text))
        {
            evidence = "it has a top-level 'openapi' or 'swagger' key";
            return SchemaFormat.OpenApi;
        }
        if (HasRamlExtension(fileName))
        {
            evidence = "its name ends in .raml";
            return SchemaFormat.Raml;
        }
        if (!SchemaText.LooksLikeJson(text) && LooksLikeGraphQL(text))
        {
            evidence = "it parses as GraphQL type definitions";
            return SchemaFormat.GraphQL;
        }
        evidence = "";
        return null;
    }

    /// <summary>The message for content whose format cannot be told.</summary>
    public static string UnknownFormatMessage(string fileName)
        => $"Cannot tell the format of '{fileName}': it is not OpenAPI (no top-level 'openapi' or 'swagger' key), "
        + "not RAML (the first line is not '#%RAML 1.0' or '#%RAML 0.8') and not GraphQL SDL (no .graphql name, no type definitions). "
        + "If it is one of them, set 'format: openapi', 'format: raml' or 'format: graphql' on the integration in the definitions file.";
}
