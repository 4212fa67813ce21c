using PSGitHubSync.Engine.Schemas;
using Xunit;
using static PSGitHubSync.Tests.Schemas.SchemaTestSupport;

namespace PSGitHubSync.Tests.Schemas;

/// <summary>GraphQL SDL, one file or several: every file and their union parse; location of syntax errors.</summary>
public class GraphQLValidationTests
{
    [Fact]
    public void ValidSdlPasses()
    {
        var result = AssertValid(One("schema.graphql", GraphQLSdl));
        Assert.Equal(SchemaFormat.GraphQL, result.Format);
        Assert.Null(result.Version);
    }

    [Fact]
    public void ASyntaxErrorHasTheParsersLineAndColumn()
    {
        var content = "type Query {\n  payment(id: ID!): Payment\n  broken(: Int\n}\n";
        var problem = AssertProblem(SchemaValidator.Check(One("schema.graphql", content)), SchemaProblemId.SyntaxError, "schema.graphql");
        Assert.Equal(3, problem.Line);
        Assert.Equal(10, problem.Column);
        Assert.Contains("not valid GraphQL", problem.Message);
    }

    [Fact]
    public void ValidateThrowsWithTheLocationInTheMessage()
    {
        var content = "type Query {\n  a: String\n\n";
        var ex = Assert.Throws<InvalidSchemaException>(() => SchemaValidator.Validate(One("schema.graphql", content), null, "the Postman side (Payments / Payments API)"));
        Assert.StartsWith("The Postman side (Payments / Payments API) is not a valid GraphQL SDL schema", ex.Message);
        var problem = Assert.Single(ex.Problems);
        Assert.Contains($"schema.graphql:{problem.Line}:{problem.Column}:", ex.Message);
        Assert.True(problem.Line >= 3);
    }

    private static (string, string)[] Files() => new[]
    {
        ("schema.graphql", "schema { query: Query }\n"),
        ("types/query.graphql", "type Query {\n  payment(id: ID!): Payment\n}\n"),
        ("types/payment.graphqls", "type Payment {\n  id: ID!\n  status: Status\n}\n\nenum Status { PENDING SETTLED }\n"),
        ("types/extensions.gql", "extend type Query {\n  payments: [Payment!]!\n}\n"),
        ("README.md", "Not part of the SDL { at all\n"),
    };

    [Fact]
    public void SeveralFilesFormOneSchema()
    {
        var result = AssertValid(Set(Files()));
        Assert.Equal("schema.graphql", result.RootFile);
    }

    [Fact]
    public void ASyntaxErrorInOneOfSeveralFilesIsReportedInThatFile()
    {
        var files = Files().Select(f => f.Item1 == "types/payment.graphqls" ? (f.Item1, "type Payment {\n  id: ID!\n  status Status\n}\n") : f).ToArray();
        var problem = AssertProblem(SchemaValidator.Check(Set(files)), SchemaProblemId.SyntaxError, "types/payment.graphqls");
        Assert.Equal(3, problem.Line);
    }

    [Fact]
    public void ATypeDefinedInTwoFilesIsReportedWithBothPlaces()
    {
        var files = Files().Append(("types/more.graphql", "\n\ntype Payment {\n  id: ID!\n}\n")).ToArray();
        var problem = AssertProblem(SchemaValidator.Check(Set(files)), SchemaProblemId.DuplicateDefinition);
        Assert.Equal("types/payment.graphqls", problem.File); // the second in path order
        Assert.Contains("'Payment'", problem.Message);
        Assert.Contains("types/more.graphql:3:1", problem.Message);
    }

    [Fact]
    public void AnOperationIsNotPartOfASchema()
    {
        var content = "type Query { a: String }\n\nquery GetA { a }\n";
        var problem = AssertProblem(SchemaValidator.Check(One("schema.graphql", content)), SchemaProblemId.NotTypeSystem);
        Assert.Equal(3, problem.Line);
        Assert.Equal(1, problem.Column);
    }

    [Fact]
    public void AFileWithOnlyCommentsIsAllowedButASchemaWithoutTypesIsNot()
    {
        AssertValid(Set(("schema.graphql", GraphQLSdl), ("notes.graphql", "# nothing here yet\n")));
        AssertProblem(SchemaValidator.Check(One("schema.graphql", "# nothing\n")), SchemaProblemId.Empty);
    }

    [Fact]
    public void SdlWithoutAGraphQLExtensionIsValidatedWhenDetected()
    {
        AssertValid(One("schema.txt", GraphQLSdl));
        var result = SchemaValidator.Check(One("schema.txt", "type Query { a: String "), SchemaFormat.GraphQL);
        AssertProblem(result, SchemaProblemId.SyntaxError, "schema.txt");
    }
}
