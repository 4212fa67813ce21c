using System.Runtime.CompilerServices;
using System.Text;
using PSGitHubSync.Engine.Schemas;
using Xunit;
using static PSGitHubSync.Tests.Schemas.SchemaTestSupport;

namespace PSGitHubSync.Tests.Schemas;

/// <summary>
/// One small fixture (tests/fixtures/schemas) per class of failure seen on real schemas: what the
/// specification allows is accepted, what it makes required is refused with file, pointer and section,
/// and nothing (self-references, cycles, deep nesting, alias bombs) can end the process.
/// </summary>
public sealed class SpecificationLevelTests
{
    // From the repository root, not [CallerFilePath]: the build maps source paths to /_/ (PathMap).
    private static string Fixture(string name)
        => Path.Combine(Emulator.ReferenceFiles.RepositoryRoot, "tests", "fixtures", "schemas", name);

    private static SchemaSet Folder(string name, string? root = null)
    {
        var set = SchemaSet.FromDirectory(Fixture(name));
        return root is null ? set : SchemaSet.Create(set.Files.Select(f => new KeyValuePair<string, byte[]>(f.Path, f.ToArray())), root);
    }

    [Theory]
    [InlineData("self-reference-30", "3.0.3")]
    [InlineData("self-reference-20", "2.0")]
    public void AReferenceThatNamesItsOwnFileIsValid(string fixture, string version)
    {
        var result = AssertValid(Folder(fixture));
        Assert.Equal(version, result.Version);
    }

    [Fact]
    public void ACycleThroughThreeFilesIsValid()
    {
        var result = AssertValid(Folder("three-file-cycle"));
        Assert.Equal("openapi.yaml", result.RootFile);
    }

    [Fact]
    public void WholeFileReferencesToPathItemsParametersAndSchemasAreValid()
    {
        AssertValid(Folder("whole-file-refs-20"));
    }

    [Fact]
    public void ARequiredFieldMissingInAFileReachedByAWholeFileReferenceIsReportedInThatFile()
    {
        var set = Folder("whole-file-refs-20");
        var files = set.Files.ToDictionary(f => f.Path, f => f.ToArray());
        files["definitions/limit.yaml"] = Encoding.UTF8.GetBytes("name: limit\nin: query\n");
        var problem = AssertProblem(SchemaValidator.Check(SchemaSet.Create(files)), SchemaProblemId.RequiredFieldMissing, "definitions/limit.yaml");
        Assert.Equal("#/type", problem.Pointer);
        Assert.Equal(1, problem.Line);
        Assert.Contains("Parameter Object", problem.Section);
    }

    [Fact]
    public void PathItemReferencesIntoSiblingFoldersAreValid()
    {
        var result = AssertValid(Folder("sibling-folders-31"));
        Assert.Equal("3.1.0", result.Version);
    }

    [Fact]
    public void OpenApi31OperationsMayLeaveOutResponses()
    {
        AssertValid(Folder("openapi31-optional-responses"));
    }

    [Fact]
    public void OpenApi30OperationsWithoutResponsesAreRefused()
    {
        var content = File.ReadAllText(Path.Combine(Fixture("openapi31-optional-responses"), "openapi.yaml")).Replace("3.1.0", "3.0.3");
        var problem = AssertProblem(SchemaValidator.Check(One("openapi.yaml", content)), SchemaProblemId.RequiredFieldMissing);
        Assert.Equal("#/paths/~1ping/post/responses", problem.Pointer);
        Assert.Equal(LineOf(content, "summary:"), problem.Line);
        Assert.Contains("https://spec.openapis.org/oas/v3.0.4#operation-object", problem.Section);
    }

    [Fact]
    public void Swagger20ParametersMayUseMinItemsMaxItemsAndMultipleOf()
    {
        AssertValid(Folder("swagger20-parameter-keywords"));
    }

    [Fact]
    public void OpenApi30WithoutPathsIsRefused()
    {
        var result = SchemaValidator.Check(Folder("openapi30-without-paths"));
        var problem = AssertProblem(result, SchemaProblemId.RequiredFieldMissing, "openapi.yaml");
        Assert.Equal("#/paths", problem.Pointer);
        Assert.Equal(1, problem.Line);
        Assert.Contains("OpenAPI Object", problem.Section);
        var error = Assert.Throws<InvalidSchemaException>(() => SchemaValidator.Validate(Folder("openapi30-without-paths"), null, Side));
        Assert.Equal("InvalidSchema", error.ErrorId);
        Assert.Contains("openapi.yaml:1:1", error.Message);
        Assert.Contains("'paths' is REQUIRED", error.Message);
    }

    [Fact]
    public void OpenApi31WithoutPathsComponentsOrWebhooksIsRefused()
    {
        var problem = AssertProblem(SchemaValidator.Check(Folder("openapi31-without-paths-components-webhooks")), SchemaProblemId.RequiredFieldMissing);
        Assert.Contains("'paths', 'components' or 'webhooks'", problem.Message);
        Assert.Equal("#", problem.Pointer);
    }

    [Fact]
    public void OpenApi31WithOnlyWebhooksIsValid()
    {
        AssertValid(Folder("openapi31-webhooks-only"));
    }

    [Fact]
    public void AReferenceToAMissingTargetIsRefusedAtTheRef()
    {
        var problem = AssertProblem(SchemaValidator.Check(Folder("missing-ref-target")), SchemaProblemId.UnresolvedReference);
        Assert.Equal("#/paths/~1orders/get/responses/200/content/application~1json/schema/$ref", problem.Pointer);
    }

    [Fact]
    public void RamlIncludesOfRamlJsonAndYamlFragmentsAndAnOverlayAreValid()
    {
        var result = AssertValid(Folder("raml-includes"), SchemaFormat.Raml);
        Assert.Equal("api.raml", result.RootFile);
        Assert.Equal("1.0", result.Version);
    }

    [Fact]
    public void SeveralRootDocumentsAreNamedAndTheDefinitionsRootPicksOne()
    {
        var result = SchemaValidator.Check(Folder("two-roots"));
        var problem = AssertProblem(result, SchemaProblemId.RootUnknown);
        Assert.Contains("petstore.yaml", problem.Message);
        Assert.Contains("stores.yaml", problem.Message);
        Assert.Contains("root:", problem.Message);
        Assert.Equal("stores.yaml", AssertValid(Folder("two-roots", "stores.yaml")).RootFile);
    }

    [Fact]
    public void ADocumentReferencedByAnotherIsNotACandidateRoot()
    {
        var set = Set(
            ("main.yaml", "openapi: 3.0.3\ninfo: {title: a, version: '1'}\npaths:\n  /x:\n    $ref: 'shared.yaml#/paths/~1x'\n"),
            ("shared.yaml", "openapi: 3.0.3\ninfo: {title: b, version: '1'}\npaths:\n  /x:\n    get:\n      responses: {'204': {description: none}}\n"));
        Assert.Equal("main.yaml", AssertValid(set).RootFile);
    }

    [Fact]
    public void ADuplicateJsonKeyIsAWarningNotARefusal()
    {
        var result = AssertValid(One("openapi.json", "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"a\", \"title\": \"b\", \"version\": \"1\"}, \"paths\": {}}"));
        Assert.Contains(result.Warnings, w => w.ProblemId == SchemaProblemId.DuplicateKey && w.Line == 1);
    }

    [Fact]
    public void SemanticRulesAreWarnings()
    {
        var content = """
            openapi: 3.0.3
            info: {title: a, version: '1'}
            paths:
              /a/{id}:
                get:
                  operationId: same
                  parameters: [{name: id, in: path, schema: {type: string}}]
                  responses: {}
              b:
                get:
                  operationId: same
                  responses: {'200': {description: ok}}
            bogus: 1
            """;
        var result = AssertValid(One("openapi.yaml", content));
        Assert.Contains(result.Warnings, w => w.Message.Contains("operationId 'same' is used twice", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Message.Contains("required: true", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Message.Contains("lists no response", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Message.Contains("does not begin with '/'", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Pointer == "#/bogus");
    }

    [Fact]
    public void ASchemaReferenceChainThatLoopsIsAWarningAndAParameterChainThatLoopsIsRefused()
    {
        var schemas = "openapi: 3.1.0\ninfo: {title: a, version: '1'}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n";
        var result = AssertValid(One("openapi.yaml", schemas));
        Assert.Contains(result.Warnings, w => w.ProblemId == SchemaProblemId.ReferenceCycle);

        var parameters = "openapi: 3.1.0\ninfo: {title: a, version: '1'}\ncomponents:\n  parameters:\n    A: {$ref: '#/components/parameters/B'}\n    B: {$ref: '#/components/parameters/A'}\n";
        AssertProblem(SchemaValidator.Check(One("openapi.yaml", parameters)), SchemaProblemId.ReferenceCycle);
    }

    [Fact]
    public void AYamlAliasBombIsReadWithoutExpandingIt()
    {
        var text = new StringBuilder("openapi: 3.0.3\ninfo: {title: bomb, version: '1'}\npaths: {}\nx-bomb:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 12; i++)
        {
            text.Append($"  l{i}: &l{i} [").Append(string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 9))).Append("]\n");
        }
        text.Append("components:\n  schemas:\n    Bomb:\n      example: *l11\n      enum: *l11\n      allOf: *l11\n");
        var result = SchemaValidator.Check(One("openapi.yaml", text.ToString()));
        Assert.DoesNotContain(result.Problems, p => p.ProblemId == SchemaProblemId.SyntaxError);
    }

    [Theory]
    [InlineData("openapi.json", true)]
    [InlineData("openapi.yaml", false)]
    public void DeepNestingIsASyntaxErrorNotACrash(string name, bool json)
    {
        const int depth = 100_000;
        var prefix = json ? "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"a\", \"version\": \"1\"}, \"paths\": {}, \"x-deep\": " : "openapi: 3.0.3\ninfo: {title: a, version: '1'}\npaths: {}\nx-deep: ";
        var content = prefix + new string('[', depth) + new string(']', depth) + (json ? "}" : "\n");
        var problem = AssertProblem(SchemaValidator.Check(One(name, content)), SchemaProblemId.SyntaxError);
        Assert.True(problem.Line >= 1);
    }

    [Fact]
    public void DeepRecursionThroughReferencesInManyFilesEnds()
    {
        var files = new List<(string, string)> { ("openapi.yaml", "openapi: 3.0.3\ninfo: {title: a, version: '1'}\npaths:\n  /a:\n    $ref: 'p0.yaml'\n") };
        for (var i = 0; i < 300; i++)
        {
            files.Add(($"p{i}.yaml", $"get:\n  responses:\n    '200': {{$ref: 'p{(i + 1) % 300}.yaml#/get/responses/200'}}\n"));
        }
        var result = SchemaValidator.Check(Set(files.ToArray()));
        AssertProblem(result, SchemaProblemId.ReferenceCycle);
    }

    [Fact]
    public void ABrokenReferenceInAFileNoDocumentReachesIsAWarning()
    {
        var set = Set(
            ("openapi.yaml", "openapi: 3.0.3\ninfo: {title: a, version: '1'}\npaths: {}\n"),
            ("models/stale.yaml", "type: object\nproperties:\n  gone: {$ref: 'removed.yaml'}\n"));
        var result = AssertValid(set);
        var warning = Assert.Single(result.Warnings, w => w.ProblemId == SchemaProblemId.MissingFile);
        Assert.Equal("models/stale.yaml", warning.File);
        Assert.Equal(3, warning.Line);
    }

    [Fact]
    public void ABlockScalarOfBlankLinesIndentedFurtherIsValidYaml()
    {
        // YAML 1.2 (8.1.1.1) forbids such lines only before a non-empty line; YamlDotNet refuses them anyway.
        var content = "openapi: 3.1.0\ninfo: {title: a, version: '1'}\ncomponents:\n  schemas:\n    Stop:\n      example: |+\n          \n      type: string\n";
        AssertValid(One("openapi.yaml", content));
    }

    [Theory]
    [InlineData("#%RAML1.0\ntitle: glued\n", SchemaProblemId.InvalidHeader)]
    [InlineData("#%RAML 1.0\ntitle: [a, b]\n", SchemaProblemId.InvalidFieldValue)]
    [InlineData("#%RAML 0.8\ntitle: Docs\ndocumentation:\n  - title: Intro\n", SchemaProblemId.RequiredFieldMissing)]
    public void RamlRootRulesAreRefused(string content, string problemId)
    {
        var problem = AssertProblem(SchemaValidator.Check(One("api.raml", content), SchemaFormat.Raml), problemId);
        Assert.Equal("api.raml", problem.File);
        Assert.True(problem.Line >= 1);
        if (problemId != SchemaProblemId.InvalidHeader) Assert.Contains("raml-spec", problem.Section);
    }

    [Theory]
    [InlineData("object")]
    [InlineData("user")]
    public void Swagger20ParameterTypesOutsideTheListAreRefused(string type)
    {
        var content = $"swagger: '2.0'\ninfo: {{title: a, version: '1'}}\npaths:\n  /a:\n    get:\n      parameters:\n        - {{name: q, in: query, type: {type}}}\n      responses: {{'200': {{description: ok}}}}\n";
        var problem = AssertProblem(SchemaValidator.Check(One("swagger.yaml", content)), SchemaProblemId.InvalidFieldValue);
        Assert.Equal("#/paths/~1a/get/parameters/0/type", problem.Pointer);
        Assert.Equal(7, problem.Line);
    }

    [Fact]
    public void AMissingIncludeInARamlFileTheRootDoesNotIncludeIsAWarning()
    {
        var set = SetWithRoot("api.raml",
            ("api.raml", "#%RAML 1.0\ntitle: Shop\n/orders:\n  get:\n"),
            ("draft.raml", "#%RAML 1.0\ntitle: Draft\ntypes:\n  Order: !include types/order.raml\n"));
        var result = AssertValid(set, SchemaFormat.Raml);
        var warning = Assert.Single(result.Warnings, w => w.ProblemId == SchemaProblemId.MissingFile);
        Assert.Equal("draft.raml", warning.File);

        var included = SetWithRoot("api.raml",
            ("api.raml", "#%RAML 1.0\ntitle: Shop\ntypes:\n  Order: !include types/order.raml\n"));
        AssertProblem(SchemaValidator.Check(included, SchemaFormat.Raml), SchemaProblemId.MissingFile, "api.raml");
    }

    [Fact]
    public void AnIncludedRaml08FileWithAFragmentLikeFirstLineIsPlainYaml()
    {
        var set = Set(
            ("api.raml", "#%RAML 0.8\ntitle: Users\nresourceTypes:\n  - listing: !include listing.raml\n/users:\n  type: listing\n"),
            ("listing.raml", "#%RAML 0.8 ResourceType\nget:\n  description: List them.\n"));
        var result = AssertValid(set, SchemaFormat.Raml);
        Assert.Equal("0.8", result.Version);
        Assert.Contains(result.Warnings, w => w.ProblemId == SchemaProblemId.InvalidHeader && w.File == "listing.raml");
    }
}
