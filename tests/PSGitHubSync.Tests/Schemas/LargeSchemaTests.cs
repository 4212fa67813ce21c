using System.Text;
using PSGitHubSync.Engine.Schemas;
using Xunit;
using static PSGitHubSync.Tests.Schemas.SchemaTestSupport;

namespace PSGitHubSync.Tests.Schemas;

/// <summary>Real-world descriptions run to megabytes; they validate, and errors near the end still carry their line.</summary>
public class LargeSchemaTests
{
    private static string LargeYaml(int operations)
    {
        var text = new StringBuilder("openapi: 3.0.3\ninfo:\n  title: Big\n  version: '1'\npaths:\n");
        for (var i = 0; i < operations; i++)
        {
            text.Append($"  /resources{i}/{{id}}:\n    get:\n      operationId: get{i}\n")
                .Append($"      description: 'Returns resource {i}. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.'\n")
                .Append("      parameters:\n        - name: id\n          in: path\n          required: true\n          schema:\n            type: string\n")
                .Append("      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n")
                .Append($"                $ref: '#/components/schemas/S{i % 100}'\n");
        }
        text.Append("components:\n  schemas:\n");
        for (var i = 0; i < 100; i++)
        {
            text.Append($"    S{i}:\n      type: object\n      properties:\n        id:\n          type: string\n        value:\n          type: number\n");
        }
        return text.ToString();
    }

    private static string LargeJson(int operations)
    {
        var text = new StringBuilder("{\n  \"swagger\": \"2.0\",\n  \"info\": { \"title\": \"Big\", \"version\": \"1\" },\n  \"paths\": {\n");
        for (var i = 0; i < operations; i++)
        {
            if (i > 0) text.Append(",\n");
            text.Append($"    \"/resources{i}/{{id}}\": {{ \"get\": {{ \"operationId\": \"get{i}\", \"description\": \"Returns resource {i}. Lorem ipsum dolor sit amet, consectetur adipiscing elit.\", ")
                .Append("\"parameters\": [ { \"name\": \"id\", \"in\": \"path\", \"required\": true, \"type\": \"string\" } ], ")
                .Append($"\"responses\": {{ \"200\": {{ \"description\": \"ok\", \"schema\": {{ \"$ref\": \"#/definitions/D{i % 100}\" }} }} }} }} }}");
        }
        text.Append("\n  },\n  \"definitions\": {\n");
        text.Append(string.Join(",\n", Enumerable.Range(0, 100).Select(i => $"    \"D{i}\": {{ \"type\": \"object\", \"properties\": {{ \"id\": {{ \"type\": \"string\" }} }} }}")));
        text.Append("\n  }\n}\n");
        return text.ToString();
    }

    [Fact]
    public void AThreeMegabyteYamlDocumentValidates()
    {
        var content = LargeYaml(6500);
        Assert.InRange(content.Length, 3_000_000, 5_000_000);
        var result = AssertValid(One("openapi.yaml", content));
        Assert.Equal("3.0.3", result.Version);
    }

    [Fact]
    public void AFourMegabyteJsonDocumentValidates()
    {
        var content = LargeJson(14000);
        Assert.InRange(content.Length, 3_500_000, 5_000_000);
        var result = AssertValid(One("swagger.json", content));
        Assert.Equal("2.0", result.Version);
    }

    [Fact]
    public void AnErrorNearTheEndOfALargeDocumentHasItsLine()
    {
        var content = LargeYaml(5000).Replace("$ref: '#/components/schemas/S99'\n  /resources4900/", "$ref: '#/components/schemas/Missing'\n  /resources4900/");
        var result = SchemaValidator.Check(One("openapi.yaml", content));
        var problem = AssertProblem(result, SchemaProblemId.UnresolvedReference);
        Assert.Equal(LineOf(content, "#/components/schemas/Missing"), problem.Line);
        Assert.True(problem.Line > 80_000, problem.Line.ToString());
    }
}
