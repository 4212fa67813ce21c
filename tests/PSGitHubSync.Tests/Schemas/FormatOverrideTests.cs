using PSGitHubSync.Engine.Schemas;
using Xunit;
using static PSGitHubSync.Tests.Schemas.SchemaTestSupport;

namespace PSGitHubSync.Tests.Schemas;

/// <summary>'format:' overrides detection; a format the content contradicts is InvalidSchema, never a silent copy.</summary>
public class FormatOverrideTests
{
    [Theory]
    [InlineData("openapi.yaml", OpenApi30Yaml, SchemaFormat.Raml, SchemaFormat.OpenApi)]
    [InlineData("openapi.yaml", OpenApi30Yaml, SchemaFormat.GraphQL, SchemaFormat.OpenApi)]
    [InlineData("api.raml", Raml10, SchemaFormat.OpenApi, SchemaFormat.Raml)]
    [InlineData("schema.graphql", GraphQLSdl, SchemaFormat.OpenApi, SchemaFormat.GraphQL)]
    [InlineData("schema.graphql", GraphQLSdl, SchemaFormat.Raml, SchemaFormat.GraphQL)]
    public void AFormatTheContentContradictsIsInvalidSchema(string name, string content, SchemaFormat declared, SchemaFormat actual)
    {
        var result = SchemaValidator.Check(One(name, content), declared);
        var problem = AssertProblem(result, SchemaProblemId.FormatMismatch, name);
        Assert.Equal(declared, result.Format);
        Assert.Contains($"'format: {SchemaFormatNames.ToName(declared)}'", problem.Message);
        Assert.Contains($"'format: {SchemaFormatNames.ToName(actual)}'", problem.Message);

        var ex = Assert.Throws<InvalidSchemaException>(() => SchemaValidator.Validate(One(name, content), declared, Side));
        Assert.Contains("Nothing was copied", ex.Message);
        Assert.Contains("format:", ex.Message);
    }

    [Fact]
    public void AMatchingFormatIsAccepted()
    {
        AssertValid(One("openapi.yaml", OpenApi30Yaml), SchemaFormat.OpenApi);
        AssertValid(One("api.raml", Raml10), SchemaFormat.Raml);
        AssertValid(One("schema.graphql", GraphQLSdl), SchemaFormat.GraphQL);
    }

    [Fact]
    public void AFormatGivenForUndetectableContentValidatesAsThatFormat()
    {
        // Detection cannot tell, so the declared format decides, and its checks report what is wrong.
        var result = SchemaValidator.Check(One("spec.yaml", "title: Payments\n"), SchemaFormat.OpenApi);
        AssertProblem(result, SchemaProblemId.NotADocument);
        var raml = SchemaValidator.Check(One("spec.yaml", "title: Payments\n"), SchemaFormat.Raml);
        AssertProblem(raml, SchemaProblemId.InvalidHeader);
    }

    [Fact]
    public void UndetectableContentWithoutFormatIsFormatUnknown()
    {
        var result = SchemaValidator.Check(One("spec.yaml", "title: Payments\n"));
        var problem = AssertProblem(result, SchemaProblemId.FormatUnknown);
        Assert.Null(result.Format);
        Assert.Contains("format: openapi", problem.Message);
        var ex = Assert.Throws<InvalidSchemaException>(() => SchemaValidator.Validate(One("spec.yaml", "title: Payments\n"), null, Side));
        Assert.Null(ex.Format);
        Assert.Contains("not a schema that can be synced", ex.Message);
    }
}
