using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Schemas;
using Xunit;
using static PSGitHubSync.Tests.Schemas.SchemaTestSupport;

namespace PSGitHubSync.Tests.Schemas;

/// <summary>Single-file OpenAPI 2.0, 3.0 and 3.1, JSON and YAML: valid documents pass, invalid ones fail with a location.</summary>
public class OpenApiValidationTests
{
    [Theory]
    [InlineData("swagger.json", Swagger20Json, "2.0")]
    [InlineData("swagger.yaml", Swagger20Yaml, "2.0")]
    [InlineData("openapi.yaml", OpenApi30Yaml, "3.0.3")]
    [InlineData("openapi.json", OpenApi30Json, "3.0.1")]
    [InlineData("openapi.yaml", OpenApi31Yaml, "3.1.0")]
    public void ValidDocumentsOfEveryVersionPass(string name, string content, string version)
    {
        var result = AssertValid(One(name, content));
        Assert.Equal(SchemaFormat.OpenApi, result.Format);
        Assert.Equal(version, result.Version);
        Assert.Equal(name, result.RootFile);
    }

    [Fact]
    public void ValidateReturnsTheResultForAValidSchema()
    {
        var result = SchemaValidator.Validate(One("openapi.yaml", OpenApi30Yaml), null, Side);
        Assert.Equal(SchemaFormat.OpenApi, result.Format);
        Assert.Equal("openapi.yaml", result.RootFile);
    }

    [Fact]
    public void AMissingRequiredFieldIsReportedWithPointerLineAndSection()
    {
        var content = OpenApi30Yaml.Replace("  version: '1.0'\n", "");
        var result = SchemaValidator.Check(One("openapi.yaml", content));
        var problem = AssertProblem(result, SchemaProblemId.RequiredFieldMissing, "openapi.yaml");
        Assert.Equal("#/info/version", problem.Pointer);
        Assert.Contains("version", problem.Message);
        Assert.Equal("OpenAPI 3.0 Info Object (https://spec.openapis.org/oas/v3.0.4#info-object)", problem.Section);
        Assert.Equal(LineOf(content, "title: Payments"), problem.Line); // the info object, where the key is missing
    }

    [Fact]
    public void Swagger20StructuralErrorsAreReported()
    {
        var content = Swagger20Yaml.Replace("  version: 1.0.0\n", "");
        var result = SchemaValidator.Check(One("swagger.yaml", content));
        var problem = AssertProblem(result, SchemaProblemId.RequiredFieldMissing);
        Assert.Equal("#/info/version", problem.Pointer);
    }

    [Fact]
    public void OpenApi31StructuralErrorsAreReportedWithTheLineOfTheElement()
    {
        var content = OpenApi31Yaml.Replace(
            "      responses:\n        '200':\n          description: ok\n          content:",
            "      responses: [1, 2]\n      x-was:\n        '200':\n          description: ok\n          content:");
        var result = SchemaValidator.Check(One("openapi.yaml", content));
        var problem = AssertProblem(result, SchemaProblemId.InvalidFieldValue);
        Assert.Equal("#/paths/~1payments/get/responses", problem.Pointer);
        Assert.Equal(LineOf(content, "responses: [1, 2]"), problem.Line);
        Assert.Contains("'responses' must be an object", problem.Message);
    }

    [Fact]
    public void AnUnknownTopLevelKeyIsAWarning()
    {
        var result = AssertValid(One("openapi.yaml", OpenApi30Yaml + "\nbogus: 1\n"));
        var warning = Assert.Single(result.Warnings, w => w.Pointer == "#/bogus");
        Assert.Contains("x-", warning.Message);
    }

    [Fact]
    public void AYamlSyntaxErrorHasLineAndColumn()
    {
        var content = "openapi: 3.0.3\ninfo:\n  title: Payments\n  version: '1.0\npaths: {}\n";
        var result = SchemaValidator.Check(One("openapi.yaml", content));
        var problem = AssertProblem(result, SchemaProblemId.SyntaxError, "openapi.yaml");
        Assert.True(problem.Line >= 4, problem.ToString());
        Assert.True(problem.Column > 0, problem.ToString());
        Assert.Contains("not valid YAML", problem.Message);
        Assert.Single(result.Problems); // the reader is not run on a file that does not parse
    }

    [Fact]
    public void AJsonSyntaxErrorHasLineAndColumn()
    {
        var content = "{\n  \"openapi\": \"3.0.0\",\n  \"info\": { \"title\": \"x\", \"version\": \"1\" },\n  \"paths\": { ,}\n}\n";
        var result = SchemaValidator.Check(One("openapi.json", content));
        var problem = AssertProblem(result, SchemaProblemId.SyntaxError);
        Assert.Equal(4, problem.Line);
        Assert.Equal(ColumnOf(content, ",}"), problem.Column);
        Assert.Contains("not valid JSON", problem.Message);
        Assert.DoesNotContain("LineNumber", problem.Message);
    }

    [Fact]
    public void TrailingContentAfterJsonIsASyntaxError()
    {
        var result = SchemaValidator.Check(One("openapi.json", OpenApi30Json + "\n{}"));
        AssertProblem(result, SchemaProblemId.SyntaxError);
    }

    [Fact]
    public void DuplicateKeysAreReportedForYamlAndJson()
    {
        var yaml = OpenApi30Yaml.Replace("  title: Payments\n", "  title: Payments\n  title: Again\n");
        var yamlProblem = AssertProblem(SchemaValidator.Check(One("openapi.yaml", yaml)), SchemaProblemId.DuplicateKey);
        Assert.Equal(LineOf(yaml, "title: Again"), yamlProblem.Line);
        Assert.Contains("'title'", yamlProblem.Message);

        var json = OpenApi30Json.Replace("\"title\": \"Payments\",", "\"title\": \"Payments\", \"title\": \"Again\",");
        // JSON (RFC 8259) only says names SHOULD be unique: a warning, the schema syncs.
        var jsonResult = AssertValid(One("openapi.json", json));
        var jsonWarning = Assert.Single(jsonResult.Warnings, w => w.ProblemId == SchemaProblemId.DuplicateKey);
        Assert.Equal(LineOf(json, "\"Again\""), jsonWarning.Line);
    }

    [Theory]
    [InlineData("swagger: 2.0\ninfo: {title: x, version: 1.0}\npaths: {}\n", "2.0")]
    [InlineData("openapi: 3.1\ninfo: {title: x, version: 1}\npaths: {}\n", "3.1")]
    [InlineData("\"openapi\": \"3.0.2\"\n\"info\": {title: x, version: '1'}\n\"paths\": {}\n", "3.0.2")]
    public void UnquotedAndQuotedVersionsAreRead(string content, string version)
    {
        Assert.Equal(SchemaFormat.OpenApi, SchemaValidator.Detect("openapi.yaml", Utf8(content)));
        Assert.Equal(version, AssertValid(One("openapi.yaml", content)).Version);
    }

    [Theory]
    [InlineData("openapi: 4.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n")]
    [InlineData("openapi: 2.0\ninfo: {title: x, version: '1'}\npaths: {}\n")]
    [InlineData("swagger: '1.2'\ninfo: {title: x, version: '1'}\npaths: {}\n")]
    [InlineData("openapi:\ninfo: {title: x, version: '1'}\npaths: {}\n")]
    public void UnsupportedVersionsAreReportedAtTheVersionKey(string content)
    {
        var problem = AssertProblem(SchemaValidator.Check(One("openapi.yaml", content)), SchemaProblemId.UnsupportedVersion);
        Assert.Equal(1, problem.Line);
        Assert.StartsWith("#/", problem.Pointer);
    }

    [Fact]
    public void AnInternalReferenceToNothingIsReportedAtTheRef()
    {
        var content = OpenApi30Yaml.Replace("$ref: '#/components/schemas/Payment'", "$ref: '#/components/schemas/Refund'");
        var problem = AssertProblem(SchemaValidator.Check(One("openapi.yaml", content)), SchemaProblemId.UnresolvedReference);
        Assert.Equal(LineOf(content, "Refund"), problem.Line);
        Assert.Equal(ColumnOf(content, "'#/components/schemas/Refund'"), problem.Column);
        Assert.Contains("#/components/schemas/Refund", problem.Message);
        Assert.Equal("#/paths/~1payments~1{id}/get/responses/200/content/application~1json/schema/$ref", problem.Pointer);
    }

    [Fact]
    public void PercentEncodedAndEscapedPointersResolve()
    {
        var content = """
            openapi: 3.0.3
            info: {title: x, version: '1'}
            paths:
              /a/{id}:
                parameters:
                  - {name: id, in: path, required: true, schema: {type: string}}
                get:
                  responses:
                    '200': {description: ok}
              /b/{id}:
                $ref: '#/paths/~1a~1%7Bid%7D'
            """;
        AssertValid(One("openapi.yaml", content));
    }

    [Fact]
    public void RefsInsideExamplesAndExtensionsAreData()
    {
        var content = OpenApi30Yaml + """

                Refund:
                  type: object
                  x-origin:
                    $ref: 'somewhere/else.yaml'
                  example:
                    $ref: 'not-a-file.yaml'
                  default:
                    $ref: '#/nothing'
            """;
        AssertValid(One("openapi.yaml", content));
    }

    [Fact]
    public void APropertyNamedLikeAKeywordIsStillASchemaWhoseRefIsChecked()
    {
        var content = OpenApi30Yaml + """

                Refund:
                  type: object
                  properties:
                    default:
                      $ref: '#/components/schemas/Nothing'
            """;
        var problem = AssertProblem(SchemaValidator.Check(One("openapi.yaml", content)), SchemaProblemId.UnresolvedReference);
        Assert.Equal("#/components/schemas/Refund/properties/default/$ref", problem.Pointer);
    }

    [Fact]
    public void ARootWithoutOpenApiKeyIsNotADocumentWhenTheFormatIsGiven()
    {
        var result = SchemaValidator.Check(One("openapi.yaml", "info:\n  title: x\npaths: {}\n"), SchemaFormat.OpenApi);
        var problem = AssertProblem(result, SchemaProblemId.NotADocument);
        Assert.Contains("'openapi'", problem.Message);
    }

    [Fact]
    public void AnEmptyFileIsReported()
    {
        var result = SchemaValidator.Check(One("openapi.yaml", "\n\n"), SchemaFormat.OpenApi);
        AssertProblem(result, SchemaProblemId.Empty);
    }

    [Fact]
    public void AnchorsAndAliasesAreAllowed()
    {
        var content = """
            openapi: 3.0.3
            info: {title: x, version: '1'}
            paths:
              /a:
                get:
                  responses: &ok
                    '200': {description: ok}
              /b:
                get:
                  responses: *ok
            """;
        AssertValid(One("openapi.yaml", content));
    }

    [Fact]
    public void PointersSeeKeysMergedWithYamlMergeKeys()
    {
        var content = """
            openapi: 3.0.3
            info: {title: x, version: '1'}
            paths:
              /a:
                get:
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema:
                            $ref: '#/components/schemas/Derived/properties/name'
            components:
              schemas:
                Base: &base
                  type: object
                  properties:
                    name: {type: string}
                Derived:
                  <<: *base
                  description: derived
            """;
        var result = SchemaValidator.Check(One("openapi.yaml", content));
        // The validator's own reference walk follows merge keys (Microsoft.OpenApi 3.11 refused them as "<< is not a valid property").
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var broken = SchemaValidator.Check(One("openapi.yaml", content.Replace("properties/name'", "properties/nick'")));
        AssertProblem(broken, SchemaProblemId.UnresolvedReference);
    }

    [Fact]
    public void TheInvalidSchemaErrorNamesSideFileLocationAndWhatToDo()
    {
        var content = OpenApi30Yaml.Replace("$ref: '#/components/schemas/Payment'", "$ref: '#/components/schemas/Refund'");
        var target = new object();
        var ex = Assert.Throws<InvalidSchemaException>(() => SchemaValidator.Validate(One("openapi.yaml", content), null, Side, target));
        Assert.Equal(SchemaErrorIds.InvalidSchema, ex.ErrorId);
        Assert.Equal("InvalidSchema", ex.ErrorId);
        Assert.Equal(SyncErrorCategory.InvalidData, ex.Category);
        Assert.Same(target, ex.Target);
        Assert.Equal(SchemaFormat.OpenApi, ex.Format);
        Assert.StartsWith("The repository side (contoso/payments api/openapi.yaml) is not a valid OpenAPI schema", ex.Message);
        Assert.Contains("Nothing was copied", ex.Message);
        Assert.Contains("format:", ex.Message);
        var line = LineOf(content, "Refund");
        Assert.Contains($"openapi.yaml:{line}:{ColumnOf(content, "'#/components/schemas/Refund'")}:", ex.Message);
        var problem = Assert.Single(ex.Problems);
        Assert.Equal(line, problem.Line);
        Assert.IsAssignableFrom<SyncException>(ex);
    }

    [Fact]
    public void TheErrorTargetDefaultsToTheSide()
    {
        var ex = Assert.Throws<InvalidSchemaException>(() => SchemaValidator.Validate(One("openapi.yaml", "openapi: 3.0.0\n"), null, Side));
        Assert.Equal(Side, ex.Target);
        Assert.Equal(Side, ex.Side);
    }

    [Fact]
    public void ManyProblemsAreListedUpToALimit()
    {
        var paths = string.Concat(Enumerable.Range(0, 30).Select(i => $"  /p{i}:\n    get:\n      responses:\n        '200':\n          $ref: '#/components/responses/R{i}'\n"));
        var content = "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n" + paths;
        var ex = Assert.Throws<InvalidSchemaException>(() => SchemaValidator.Validate(One("openapi.yaml", content), null, Side));
        Assert.True(ex.Problems.Count >= 30, ex.Problems.Count.ToString());
        Assert.Contains($"... and {ex.Problems.Count - InvalidSchemaException.MaxListedProblems} more", ex.Message);
    }

    [Theory]
    [InlineData("openapi: !<> 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\n")]
    [InlineData("openapi: 3.0.3\ninfo: [!!w]]\npaths: {}\n")]
    public void AMalformedYamlTagIsASyntaxErrorNotACrash(string content)
    {
        var result = SchemaValidator.Check(One("openapi.yaml", content));
        AssertProblem(result, SchemaProblemId.SyntaxError, "openapi.yaml");
    }
}
