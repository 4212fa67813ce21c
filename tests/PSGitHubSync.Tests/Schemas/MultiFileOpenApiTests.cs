using PSGitHubSync.Engine.Schemas;
using Xunit;
using static PSGitHubSync.Tests.Schemas.SchemaTestSupport;

namespace PSGitHubSync.Tests.Schemas;

/// <summary>Multi-file OpenAPI: relative $refs across folders are resolved from the set in memory, and a missing file is InvalidSchema.</summary>
public class MultiFileOpenApiTests
{
    private const string Root = """
        openapi: 3.0.3
        info:
          title: Pets
          version: '1'
        paths:
          /pets:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        $ref: '../models/schemas/pet.yaml#/Pet'
                '404':
                  $ref: 'responses.yaml#/NotFound'
          /owners:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        $ref: '../common/components.yaml#/components/schemas/Owner'
        """;

    private const string Pet = """
        Pet:
          type: object
          properties:
            owner:
              $ref: './owner.yaml'
            tags:
              type: array
              items:
                $ref: '../tag.json'
        """;

    private const string Owner = "type: object\nproperties:\n  name:\n    type: string\n";

    private const string Tag = "{ \"type\": \"object\", \"properties\": { \"label\": { \"type\": \"string\" } } }";

    private const string Responses = "NotFound:\n  description: not found\n";

    private const string Components = """
        openapi: 3.0.3
        info:
          title: Shared components
          version: '1'
        paths: {}
        components:
          schemas:
            Owner:
              $ref: 'schemas/owner.yaml'
        """;

    private static (string, string)[] Files() => new[]
    {
        ("api/openapi.yaml", Root),
        ("api/responses.yaml", Responses),
        ("models/schemas/pet.yaml", Pet),
        ("models/schemas/owner.yaml", Owner),
        ("models/tag.json", Tag),
        ("common/components.yaml", Components),
        ("common/schemas/owner.yaml", Owner),
        ("README.md", "# Pets API\n"),
    };

    private static SchemaSet Build(Func<(string Path, string Content)[], (string, string)[]>? change = null)
    {
        var files = Files();
        return SetWithRoot("api/openapi.yaml", change is null ? files : change(files));
    }

    [Fact]
    public void RelativeRefsAcrossFoldersResolve()
    {
        var result = AssertValid(Build());
        Assert.Equal("api/openapi.yaml", result.RootFile);
        Assert.Equal("3.0.3", result.Version);
    }

    [Fact]
    public void AMissingFileReferencedFromTheRootIsReportedWithLocation()
    {
        var set = Build(files => files.Where(f => f.Path != "api/responses.yaml").ToArray());
        var result = SchemaValidator.Check(set);
        var problem = AssertProblem(result, SchemaProblemId.MissingFile, "api/openapi.yaml");
        Assert.Equal(LineOf(Root, "responses.yaml#/NotFound"), problem.Line);
        Assert.Equal(ColumnOf(Root, "'responses.yaml#/NotFound'"), problem.Column);
        Assert.Contains("'api/responses.yaml'", problem.Message);
        Assert.Contains("not among the schema's files", problem.Message);
    }

    [Fact]
    public void AMissingFileReferencedFromAReferencedFileIsReportedInThatFile()
    {
        var set = Build(files => files.Where(f => f.Path != "models/schemas/owner.yaml").ToArray());
        var result = SchemaValidator.Check(set);
        var problem = AssertProblem(result, SchemaProblemId.MissingFile, "models/schemas/pet.yaml");
        Assert.Equal(LineOf(Pet, "./owner.yaml"), problem.Line);
        Assert.Contains("'models/schemas/owner.yaml'", problem.Message);
        Assert.Equal("#/Pet/properties/owner/$ref", problem.Pointer);
    }

    [Fact]
    public void AMissingFileReferencedFromAnotherFullDocumentIsReported()
    {
        var set = Build(files => files.Where(f => f.Path != "common/schemas/owner.yaml").ToArray());
        var problem = AssertProblem(SchemaValidator.Check(set), SchemaProblemId.MissingFile, "common/components.yaml");
        Assert.Contains("'common/schemas/owner.yaml'", problem.Message);
    }

    [Fact]
    public void ValidateThrowsForAMissingFile()
    {
        var set = Build(files => files.Where(f => f.Path != "models/tag.json").ToArray());
        var ex = Assert.Throws<InvalidSchemaException>(() => SchemaValidator.Validate(set, SchemaFormat.OpenApi, Side));
        Assert.Contains("models/schemas/pet.yaml:", ex.Message);
        Assert.Contains("'models/tag.json'", ex.Message);
    }

    [Fact]
    public void APointerThatNamesNothingInAnotherFileIsReported()
    {
        var set = Build(files => files.Select(f => f.Path == "api/openapi.yaml" ? (f.Path, Root.Replace("pet.yaml#/Pet", "pet.yaml#/Cat")) : f).ToArray());
        var problem = AssertProblem(SchemaValidator.Check(set), SchemaProblemId.UnresolvedReference, "api/openapi.yaml");
        Assert.Contains("#/Cat", problem.Message);
        Assert.Contains("'models/schemas/pet.yaml'", problem.Message);
    }

    [Fact]
    public void AReferenceOutsideTheFolderIsRefused()
    {
        var set = Build(files => files.Select(f => f.Path == "api/openapi.yaml" ? (f.Path, Root.Replace("responses.yaml#/NotFound", "../../elsewhere/responses.yaml#/NotFound")) : f).ToArray());
        var problem = AssertProblem(SchemaValidator.Check(set), SchemaProblemId.ReferenceOutsideSchema, "api/openapi.yaml");
        Assert.Contains("leaves the schema's folder", problem.Message);
    }

    [Fact]
    public void AnAbsoluteFilePathReferenceIsRefused()
    {
        var set = Build(files => files.Select(f => f.Path == "api/openapi.yaml" ? (f.Path, Root.Replace("responses.yaml#/NotFound", "/etc/responses.yaml#/NotFound")) : f).ToArray());
        AssertProblem(SchemaValidator.Check(set), SchemaProblemId.ReferenceOutsideSchema);
    }

    [Fact]
    public void AMissingRequiredFieldInAReferencedDocumentIsReportedInThatFile()
    {
        var set = Build(files => files.Select(f => f.Path == "common/components.yaml" ? (f.Path, Components.Replace("  title: Shared components\n", "")) : f).ToArray());
        var result = SchemaValidator.Check(set);
        var problem = AssertProblem(result, SchemaProblemId.RequiredFieldMissing, "common/components.yaml");
        Assert.Equal("#/info/title", problem.Pointer);
        Assert.DoesNotContain("[File:", problem.Message);
        Assert.DoesNotContain(result.Problems, p => p.File == "api/openapi.yaml");
    }

    [Fact]
    public void ASyntaxErrorInAReferencedFragmentIsReportedInThatFile()
    {
        var set = Build(files => files.Select(f => f.Path == "models/tag.json" ? (f.Path, "{ \"type\": \"object\", }") : f).ToArray());
        var problem = AssertProblem(SchemaValidator.Check(set), SchemaProblemId.SyntaxError, "models/tag.json");
        Assert.Equal(1, problem.Line);
    }

    [Fact]
    public void FragmentFilesAreNotMistakenForBrokenDocuments()
    {
        // Microsoft.OpenApi reads an external file as a whole document ("Version node not found" for a
        // fragment); those reader errors must not surface for valid fragments.
        var result = SchemaValidator.Check(Build());
        Assert.DoesNotContain(result.Problems, p => p.Message.Contains("Version node", StringComparison.Ordinal));
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Swagger20WithDefinitionsInAnotherFileIsValid()
    {
        var root = """
            swagger: '2.0'
            info: {title: Pets, version: '1'}
            paths:
              /pets:
                get:
                  responses:
                    200:
                      description: ok
                      schema:
                        $ref: 'definitions/pet.json#/Pet'
            """;
        var set = Set(("swagger.yaml", root), ("definitions/pet.json", "{ \"Pet\": { \"type\": \"object\" } }"));
        AssertValid(set);
        var missing = Set(("swagger.yaml", root), ("definitions/cat.json", "{ \"Pet\": { \"type\": \"object\" } }"));
        AssertProblem(SchemaValidator.Check(missing), SchemaProblemId.MissingFile);
    }

    [Fact]
    public void OpenApi31WithRelativeRefsIsValid()
    {
        var root = """
            openapi: 3.1.0
            info: {title: Pets, version: '1'}
            paths:
              /pets:
                get:
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema:
                            $ref: 'schemas/pet.json'
            """;
        var set = Set(("openapi.yaml", root), ("schemas/pet.json", "{ \"type\": [\"object\", \"null\"], \"properties\": { \"id\": { \"$ref\": \"id.json\" } } }"), ("schemas/id.json", "{ \"type\": \"string\" }"));
        AssertValid(set);
        var missing = Set(("openapi.yaml", root), ("schemas/pet.json", "{ \"type\": \"object\", \"properties\": { \"id\": { \"$ref\": \"id.json\" } } }"));
        var problem = AssertProblem(SchemaValidator.Check(missing), SchemaProblemId.MissingFile, "schemas/pet.json");
        Assert.Equal("#/properties/id/$ref", problem.Pointer);
    }

    [Fact]
    public void RemoteRefsAreNeverFetchedAndNotReported()
    {
        // The remote ref points at a listener of our own on loopback: it must never get a connection.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            var root = Root.Replace("responses.yaml#/NotFound", $"http://127.0.0.1:{port}/responses.yaml#/NotFound");
            var set = Build(files => files.Select(f => f.Path == "api/openapi.yaml" ? (f.Path, root) : f).ToArray());
            AssertValid(set);
            Assert.False(listener.Pending(), "the validator connected to the remote ref");
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void AFilePercentEncodedInTheRefIsFound()
    {
        var root = Root.Replace("responses.yaml#/NotFound", "common%20responses.yaml#/NotFound");
        var set = Build(files => files.Select(f => f.Path == "api/openapi.yaml" ? (f.Path, root) : f.Path == "api/responses.yaml" ? ("api/common responses.yaml", f.Content) : f).ToArray());
        AssertValid(set);
    }

    [Fact]
    public void OtherOpenApiDocumentsInTheFolderAreValidatedToo()
    {
        var set = Set(("openapi.yaml", OpenApi30Yaml), ("v2/openapi.yaml", "openapi: 3.0.0\npaths: {}\n"));
        var problem = AssertProblem(SchemaValidator.Check(set), SchemaProblemId.RequiredFieldMissing, "v2/openapi.yaml");
        Assert.Contains("info", problem.Message);
    }

    [Fact]
    public void UnreferencedJsonAndYamlFilesMustStillParse()
    {
        var set = Set(("openapi.yaml", OpenApi30Yaml), ("examples/payment.json", "{ \"id\": "));
        AssertProblem(SchemaValidator.Check(set), SchemaProblemId.SyntaxError, "examples/payment.json");
    }
}
