using PSGitHubSync.Engine.Schemas;
using Xunit;
using static PSGitHubSync.Tests.Schemas.SchemaTestSupport;

namespace PSGitHubSync.Tests.Schemas;

/// <summary>RAML 0.8 and 1.0: the header line, valid YAML, and every !include / uses / extends file present.</summary>
public class RamlValidationTests
{
    [Theory]
    [InlineData(Raml10, "1.0")]
    [InlineData(Raml08, "0.8")]
    public void ValidRamlPasses(string content, string version)
    {
        var result = AssertValid(One("api.raml", content));
        Assert.Equal(SchemaFormat.Raml, result.Format);
        Assert.Equal(version, result.Version);
    }

    private const string RootWithIncludes = """
        #%RAML 1.0
        title: Payments API
        uses:
          common: libraries/common.raml
        documentation:
          - title: Overview
            content: !include docs/overview.md
        types:
          Payment: !include types/payment.raml
        /payments:
          get:
            responses:
              200:
                body:
                  application/json:
                    type: Payment
                    example: !include examples/payment.json
        """;

    private static (string, string)[] IncludeFiles() => new[]
    {
        ("api.raml", RootWithIncludes),
        ("libraries/common.raml", "#%RAML 1.0 Library\ntypes:\n  Money: number\n"),
        ("docs/overview.md", "# Overview\n"),
        ("types/payment.raml", "#%RAML 1.0 DataType\ntype: object\nproperties:\n  id: string\n  amount: !include ../types/money.raml\n"),
        ("types/money.raml", "#%RAML 1.0 DataType\ntype: number\n"),
        ("examples/payment.json", "{ \"id\": \"p1\", \"amount\": 5 }"),
    };

    [Fact]
    public void IncludesUsesAndNestedIncludesResolve()
    {
        var result = AssertValid(Set(IncludeFiles()));
        Assert.Equal("api.raml", result.RootFile);
    }

    [Fact]
    public void AMissingIncludeIsReportedAtTheTag()
    {
        var files = IncludeFiles().Where(f => f.Item1 != "types/payment.raml").ToArray();
        var problem = AssertProblem(SchemaValidator.Check(Set(files)), SchemaProblemId.MissingFile, "api.raml");
        Assert.Equal(LineOf(RootWithIncludes, "types/payment.raml"), problem.Line);
        Assert.Contains("!include", problem.Message);
        Assert.Contains("'types/payment.raml'", problem.Message);
    }

    [Fact]
    public void AMissingNestedIncludeIsReportedInTheIncludedFile()
    {
        var files = IncludeFiles().Where(f => f.Item1 != "types/money.raml").ToArray();
        var problem = AssertProblem(SchemaValidator.Check(Set(files)), SchemaProblemId.MissingFile, "types/payment.raml");
        Assert.Equal(5, problem.Line);
    }

    [Fact]
    public void AMissingLibraryIsReported()
    {
        var files = IncludeFiles().Where(f => f.Item1 != "libraries/common.raml").ToArray();
        var problem = AssertProblem(SchemaValidator.Check(Set(files)), SchemaProblemId.MissingFile, "api.raml");
        Assert.Contains("uses: common", problem.Message);
    }

    [Fact]
    public void ABrokenIncludedJsonExampleIsReported()
    {
        var files = IncludeFiles().Select(f => f.Item1 == "examples/payment.json" ? (f.Item1, "{ \"id\": ") : f).ToArray();
        AssertProblem(SchemaValidator.Check(Set(files)), SchemaProblemId.SyntaxError, "examples/payment.json");
    }

    [Fact]
    public void AnIncludeWithALeadingSlashIsRelativeToTheRootFolder()
    {
        var files = IncludeFiles().Select(f => f.Item1 == "types/payment.raml" ? (f.Item1, f.Item2.Replace("../types/money.raml", "/types/money.raml")) : f).ToArray();
        AssertValid(Set(files));
    }

    [Fact]
    public void AnIncludeOutsideTheFolderIsRefused()
    {
        var files = IncludeFiles().Select(f => f.Item1 == "types/payment.raml" ? (f.Item1, f.Item2.Replace("../types/money.raml", "../../money.raml")) : f).ToArray();
        AssertProblem(SchemaValidator.Check(Set(files)), SchemaProblemId.ReferenceOutsideSchema, "types/payment.raml");
    }

    [Fact]
    public void ABrokenIncludedRamlFileIsReportedWithItsLine()
    {
        var files = IncludeFiles().Select(f => f.Item1 == "types/money.raml" ? (f.Item1, "#%RAML 1.0 DataType\ntype: number\n  minimum: [0\n") : f).ToArray();
        var problem = AssertProblem(SchemaValidator.Check(Set(files)), SchemaProblemId.SyntaxError, "types/money.raml");
        Assert.True(problem.Line >= 2, problem.ToString());
    }

    [Fact]
    public void AYamlSyntaxErrorInTheRootHasLineAndColumn()
    {
        var content = "#%RAML 1.0\ntitle: Payments\n/payments:\n  get:\n    description: \"unterminated\n";
        var problem = AssertProblem(SchemaValidator.Check(One("api.raml", content)), SchemaProblemId.SyntaxError, "api.raml");
        Assert.True(problem.Line >= 5, problem.ToString());
        Assert.True(problem.Column > 0);
    }

    [Theory]
    [InlineData("#%RAML 2.0\ntitle: x\n")]
    [InlineData("#%RAML\ntitle: x\n")]
    [InlineData("#%RAML 1.0 Banana\ntitle: x\n")]
    [InlineData("#%RAML 0.8 DataType\ntitle: x\n")]
    public void AWrongHeaderIsReportedOnLineOne(string content)
    {
        var problem = AssertProblem(SchemaValidator.Check(One("api.raml", content)), SchemaProblemId.InvalidHeader);
        Assert.Equal(1, problem.Line);
        Assert.Equal(1, problem.Column);
    }

    [Fact]
    public void AMissingHeaderIsReported()
    {
        var problem = AssertProblem(SchemaValidator.Check(One("api.raml", "title: Payments\n")), SchemaProblemId.InvalidHeader);
        Assert.Contains("#%RAML 1.0", problem.Message);
        Assert.Contains("title: Payments", problem.Message);
    }

    [Fact]
    public void AnApiDefinitionNeedsATitle()
    {
        var problem = AssertProblem(SchemaValidator.Check(One("api.raml", "#%RAML 1.0\nversion: v1\n")), SchemaProblemId.MissingKey);
        Assert.Contains("title", problem.Message);
    }

    [Fact]
    public void AFragmentCannotBeTheRoot()
    {
        var problem = AssertProblem(SchemaValidator.Check(One("lib.raml", "#%RAML 1.0 Library\ntypes:\n  Id: string\n")), SchemaProblemId.NotADocument);
        Assert.Contains("Library", problem.Message);
    }

    [Fact]
    public void AnOverlayNeedsExtendsAndItsTargetMustBePresent()
    {
        var overlay = "#%RAML 1.0 Overlay\nextends: api.raml\ntitle: Payments (fr)\n";
        AssertValid(SetWithRoot("overlay.raml", ("overlay.raml", overlay), ("api.raml", Raml10)));
        var missing = SchemaValidator.Check(SetWithRoot("overlay.raml", ("overlay.raml", overlay), ("base.raml", Raml10)));
        AssertProblem(missing, SchemaProblemId.MissingFile, "overlay.raml");
        AssertProblem(SchemaValidator.Check(One("overlay.raml", "#%RAML 1.0 Overlay\ntitle: x\n")), SchemaProblemId.MissingKey);
    }

    [Fact]
    public void ARootThatIsNotAMappingIsReported()
    {
        AssertProblem(SchemaValidator.Check(One("api.raml", "#%RAML 1.0\n- a\n- b\n")), SchemaProblemId.NotADocument);
    }

    [Fact]
    public void AnUnreferencedRamlFileInTheFolderIsCheckedToo()
    {
        var set = Set(("api.raml", Raml10), ("old/traits.raml", "#%RAML 1.0 Trait\nqueryParameters:\n  page: [integer\n"));
        AssertProblem(SchemaValidator.Check(set), SchemaProblemId.SyntaxError, "old/traits.raml");
    }
}
