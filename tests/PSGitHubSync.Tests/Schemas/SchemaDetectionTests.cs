using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Schemas;
using Xunit;
using static PSGitHubSync.Tests.Schemas.SchemaTestSupport;

namespace PSGitHubSync.Tests.Schemas;

/// <summary>The format is told from content (and GraphQL's extensions); what cannot be told says how to set 'format:'.</summary>
public class SchemaDetectionTests
{
    [Theory]
    [InlineData("openapi.yaml", OpenApi30Yaml)]
    [InlineData("openapi.json", OpenApi30Json)]
    [InlineData("spec.txt", OpenApi31Yaml)]
    [InlineData("swagger.json", Swagger20Json)]
    [InlineData("swagger", Swagger20Yaml)]
    public void OpenApiIsDetectedFromATopLevelKey(string name, string content)
    {
        Assert.Equal(SchemaFormat.OpenApi, SchemaValidator.Detect(name, Utf8(content)));
    }

    [Theory]
    [InlineData("api.raml", Raml10)]
    [InlineData("api.yaml", Raml10)]
    [InlineData("api.raml", Raml08)]
    [InlineData("payment.raml", "#%RAML 1.0 DataType\ntype: object\n")]
    [InlineData("lib.raml", "#%RAML 1.0 Library\ntypes:\n  Id: string\n")]
    public void RamlIsDetectedFromItsHeaderLine(string name, string content)
    {
        Assert.Equal(SchemaFormat.Raml, SchemaValidator.Detect(name, Utf8(content)));
    }

    [Theory]
    [InlineData("schema.graphql")]
    [InlineData("schema.gql")]
    [InlineData("schema.graphqls")]
    [InlineData("SCHEMA.GRAPHQL")]
    public void GraphQLIsDetectedFromItsExtensionWhateverTheContent(string name)
    {
        Assert.Equal(SchemaFormat.GraphQL, SchemaValidator.Detect(name, Utf8("not { valid graphql")));
    }

    [Fact]
    public void GraphQLIsDetectedFromContentThatParsesAsTypeDefinitions()
    {
        Assert.Equal(SchemaFormat.GraphQL, SchemaValidator.Detect("schema.txt", Utf8(GraphQLSdl)));
        Assert.Equal(SchemaFormat.GraphQL, SchemaValidator.Detect("schema", Utf8("type Query { hello: String }")));
    }

    [Fact]
    public void AGraphQLQueryIsNotDetectedAsASchema()
    {
        Assert.False(SchemaValidator.TryDetect("query.txt", Utf8("query { payments { id } }"), out _));
    }

    [Fact]
    public void BrokenJsonWithAnOpenApiKeyIsStillOpenApi()
    {
        // Told as OpenAPI, so that validation reports the syntax error rather than "unknown format".
        Assert.Equal(SchemaFormat.OpenApi, SchemaValidator.Detect("openapi.json", Utf8("{ \"openapi\": \"3.0.0\", \"info\": ")));
    }

    [Fact]
    public void AnOpenApiKeyThatIsNotTopLevelDoesNotMakeOpenApi()
    {
        var json = "{ \"components\": { \"openapi\": \"3.0.0\" } }";
        Assert.False(SchemaValidator.TryDetect("fragment.json", Utf8(json), out _));
        var yaml = "components:\n  openapi: 3.0.0\n";
        Assert.False(SchemaValidator.TryDetect("fragment.yaml", Utf8(yaml), out _));
    }

    [Fact]
    public void ARamlExtensionWithoutHeaderIsRaml()
    {
        Assert.Equal(SchemaFormat.Raml, SchemaValidator.Detect("api.raml", Utf8("title: no header\n")));
    }

    [Fact]
    public void AByteOrderMarkDoesNotHideTheFormat()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Utf8(Raml10)).ToArray();
        Assert.Equal(SchemaFormat.Raml, SchemaValidator.Detect("api.raml", bytes));
        var utf16 = new byte[] { 0xFF, 0xFE }.Concat(System.Text.Encoding.Unicode.GetBytes(OpenApi30Yaml)).ToArray();
        Assert.Equal(SchemaFormat.OpenApi, SchemaValidator.Detect("openapi.yaml", utf16));
    }

    [Fact]
    public void UnknownContentThrowsInvalidSchemaSayingHowToSetTheFormat()
    {
        var ex = Assert.Throws<SyncException>(() => SchemaValidator.Detect("config.yaml", Utf8("name: payments\nreplicas: 3\n")));
        Assert.Equal(SchemaErrorIds.InvalidSchema, ex.ErrorId);
        Assert.Equal(SyncErrorCategory.InvalidData, ex.Category);
        Assert.Contains("config.yaml", ex.Message);
        Assert.Contains("format: openapi", ex.Message);
        Assert.Contains("definitions file", ex.Message);
        Assert.False(SchemaValidator.TryDetect("config.yaml", Utf8("name: payments\n"), out _));
    }

    [Fact]
    public void BinaryContentIsNotDetected()
    {
        var bytes = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF };
        var ex = Assert.Throws<SyncException>(() => SchemaValidator.Detect("logo.png", bytes));
        Assert.Equal(SchemaErrorIds.InvalidSchema, ex.ErrorId);
        Assert.Contains("UTF-8", ex.Message);
    }

    [Theory]
    [InlineData("openapi", SchemaFormat.OpenApi)]
    [InlineData("OpenAPI", SchemaFormat.OpenApi)]
    [InlineData("raml", SchemaFormat.Raml)]
    [InlineData("graphql", SchemaFormat.GraphQL)]
    public void DefinitionFileNamesParse(string name, SchemaFormat expected)
    {
        Assert.True(SchemaFormatNames.TryParse(name, out var format));
        Assert.Equal(expected, format);
        Assert.Equal(name.ToLowerInvariant(), SchemaFormatNames.ToName(expected));
    }

    [Fact]
    public void AMissingFormatNameMeansDetectAndAnUnknownOneFails()
    {
        Assert.True(SchemaFormatNames.TryParse(null, out var none));
        Assert.Null(none);
        Assert.False(SchemaFormatNames.TryParse("wsdl", out _));
    }
}
