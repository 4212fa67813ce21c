using System.Text.Json.Nodes;
using Json.Schema;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>
/// Calls every implemented endpoint — both API roots, each token type, the error cases — and validates
/// each body against the response schema of that operation and status in GitHub's official description
/// (api.github.com for <c>/</c>, GHES 3.17 for <c>/api/v3/</c>), with objects closed: the emulator may only
/// send fields GitHub documents.
/// </summary>
public sealed class SchemaWalkTests : IClassFixture<EmulatorServerFixture>
{
    private const string User = "/user";
    private const string Repository = "/repos/{owner}/{repo}";

    private static readonly Dictionary<string, WalkCase> Cases = BuildCases();

    private readonly EmulatorServerFixture _fixture;

    public SchemaWalkTests(EmulatorServerFixture fixture)
    {
        _fixture = fixture;
    }

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Body_validates_against_the_official_response_schema(string caseName)
    {
        var walk = Cases[caseName];
        var server = _fixture.Server;
        var root = walk.Enterprise ? server.EnterpriseApiUrl : server.GitHubUrl;

        var response = await EmulatorHttp.GetAsync(root, walk.Path, walk.Token);

        Assert.Equal(walk.ExpectedStatus, (int)response.Status);
        Assert.Equal("application/json; charset=utf-8", response.Header("Content-Type"));
        var description = OpenApiDescription.For(walk.Enterprise);
        JsonSchema schema;
        if (walk.Operation is { } template && description.RawResponseSchema("GET", template, walk.ExpectedStatus) is not null)
        {
            schema = description.ResponseSchema("GET", template, walk.ExpectedStatus);
        }
        else
        {
            // GitHub answers these on every path without each operation documenting them.
            Assert.Contains(walk.ExpectedStatus, new[] { 401, 403, 404 });
            schema = description.BasicError();
        }

        var errors = OpenApiDescription.Validate(schema, response.Json);
        Assert.True(errors.Count == 0, $"{caseName}: {string.Join(Environment.NewLine, errors)}{Environment.NewLine}{response.Body}");
    }

    [Fact]
    public void The_walk_covers_every_emulated_operation_on_both_roots_and_every_token_type()
    {
        foreach (bool enterprise in new[] { false, true })
        {
            var onRoot = Cases.Values.Where(c => c.Enterprise == enterprise).ToArray();
            foreach (var operation in new[] { User, "/meta", "/rate_limit", Repository })
            {
                Assert.Contains(onRoot, c => c.Operation == operation && c.ExpectedStatus == 200);
            }

            foreach (var token in new[] { TestWorld.Classic, TestWorld.FineGrained, TestWorld.OAuth, TestWorld.App, null, TestWorld.Unknown })
            {
                Assert.Contains(onRoot, c => c.Token == token && c.Operation == Repository);
                Assert.Contains(onRoot, c => c.Token == token && c.Operation == User);
            }
        }
    }

    /// <summary>The validator itself must catch a body that breaks the schema, or the walk proves nothing.</summary>
    [Fact]
    public async Task The_validator_rejects_a_body_that_breaks_the_schema()
    {
        var response = await EmulatorHttp.GetAsync(_fixture.Server.GitHubUrl, "/repos/contoso/api-backups", TestWorld.Classic);
        var schema = OpenApiDescription.GitHubCom.ResponseSchema("GET", Repository, 200);
        Assert.Empty(OpenApiDescription.Validate(schema, response.Json));

        var missingRequired = JsonNode.Parse(response.Body)!.AsObject();
        missingRequired.Remove("default_branch");
        Assert.NotEmpty(OpenApiDescription.Validate(schema, ToElement(missingRequired)));

        var undocumented = JsonNode.Parse(response.Body)!.AsObject();
        undocumented["defualt_branch"] = "main";
        Assert.NotEmpty(OpenApiDescription.Validate(schema, ToElement(undocumented)));

        var wrongNull = JsonNode.Parse(response.Body)!.AsObject();
        wrongNull["full_name"] = null;
        Assert.NotEmpty(OpenApiDescription.Validate(schema, ToElement(wrongNull)));

        // nullable: true is honoured (description is "type": "string", "nullable": true).
        var nullableNull = JsonNode.Parse(response.Body)!.AsObject();
        nullableNull["description"] = null;
        Assert.Empty(OpenApiDescription.Validate(schema, ToElement(nullableNull)));

        var badUri = JsonNode.Parse(response.Body)!.AsObject();
        badUri["html_url"] = "not a uri";
        Assert.NotEmpty(OpenApiDescription.Validate(schema, ToElement(badUri)));
    }

    [Fact]
    public void Nullable_becomes_a_type_array_and_documentation_keywords_are_dropped()
    {
        var openApi = JsonNode.Parse("""
            {
              "type": "object",
              "properties": {
                "a": { "type": "string", "nullable": true, "example": "x" },
                "b": { "type": "string", "enum": ["x", "y"], "nullable": true },
                "c": { "allOf": [ { "type": "object", "properties": { "d": { "type": "integer", "format": "int64" } } } ], "nullable": true }
              },
              "x-github-breaking-changes": [ { "patch": { "properties": { "a": null } } } ]
            }
            """)!;

        var converted = OpenApiSchemaConverter.Convert(openApi, closeObjects: true);

        Assert.Equal("""["string","null"]""", converted["properties"]!["a"]!["type"]!.ToJsonString());
        Assert.False(converted["properties"]!["a"]!.AsObject().ContainsKey("example"));
        Assert.Equal("""["x","y",null]""", converted["properties"]!["b"]!["enum"]!.ToJsonString());
        Assert.Equal("null", converted["properties"]!["c"]!["anyOf"]![0]!["type"]!.GetValue<string>());
        Assert.False(converted.ContainsKey("x-github-breaking-changes"));
        Assert.False(converted["additionalProperties"]!.GetValue<bool>());
        // Inside allOf objects stay open, and int64 is no JSON Schema format.
        var branch = converted["properties"]!["c"]!["anyOf"]![1]!["allOf"]![0]!.AsObject();
        Assert.False(branch.ContainsKey("additionalProperties"));
        Assert.False(branch["properties"]!["d"]!.AsObject().ContainsKey("format"));
    }

    private static System.Text.Json.JsonElement ToElement(JsonNode node) =>
        System.Text.Json.JsonDocument.Parse(node.ToJsonString()).RootElement;

    private static Dictionary<string, WalkCase> BuildCases()
    {
        var cases = new Dictionary<string, WalkCase>(StringComparer.Ordinal);
        foreach (bool enterprise in new[] { false, true })
        {
            string root = enterprise ? "ghes" : "dotcom";
            void Add(string name, string path, string? token, int status, string? operation) =>
                cases.Add($"{root}: {name}", new WalkCase(enterprise, path, token, status, operation));

            Add("GET /user classic (private profile)", "/user", TestWorld.Classic, 200, User);
            Add("GET /user classic without user scope (public profile)", "/user", TestWorld.ClassicNoScopes, 200, User);
            Add("GET /user oauth", "/user", TestWorld.OAuth, 200, User);
            Add("GET /user fine-grained", "/user", TestWorld.FineGrained, 200, User);
            Add("GET /user app installation 403", "/user", TestWorld.App, 403, User);
            Add("GET /user anonymous 401", "/user", null, 401, User);
            Add("GET /user bad credentials 401", "/user", TestWorld.Unknown, 401, User);
            Add("GET /user expired token 401", "/user", TestWorld.Expired, 401, User);

            Add("GET /meta anonymous", "/meta", null, 200, "/meta");
            Add("GET /meta classic", "/meta", TestWorld.Classic, 200, "/meta");
            Add("GET /meta bad credentials 401", "/meta", TestWorld.Unknown, 401, "/meta");

            Add("GET /rate_limit anonymous", "/rate_limit", null, 200, "/rate_limit");
            Add("GET /rate_limit classic", "/rate_limit", TestWorld.Classic, 200, "/rate_limit");
            Add("GET /rate_limit app installation", "/rate_limit", TestWorld.App, 200, "/rate_limit");

            Add("GET repo public, user-owned, anonymous", "/repos/octocat/hello-world", null, 200, Repository);
            Add("GET repo public, user-owned, classic owner", "/repos/octocat/hello-world", TestWorld.Classic, 200, Repository);
            Add("GET repo private, org-owned, classic", "/repos/contoso/api-backups", TestWorld.Classic, 200, Repository);
            Add("GET repo private, org-owned, read collaborator", "/repos/contoso/api-backups", TestWorld.HubotClassic, 200, Repository);
            Add("GET repo private, org-owned, oauth", "/repos/contoso/api-backups", TestWorld.OAuth, 200, Repository);
            Add("GET repo private, org-owned, fine-grained", "/repos/contoso/api-backups", TestWorld.FineGrained, 200, Repository);
            Add("GET repo private, org-owned, app installation", "/repos/contoso/api-backups", TestWorld.App, 200, Repository);
            Add("GET repo public archived, fine-grained not granted", "/repos/contoso/docs", TestWorld.FineGrained, 200, Repository);
            Add("GET repo private without access 404", "/repos/contoso/secret", TestWorld.Classic, 404, Repository);
            Add("GET repo private, classic without repo scope 404", "/repos/contoso/api-backups", TestWorld.ClassicPublicRepo, 404, Repository);
            Add("GET repo private, fine-grained not granted 404", "/repos/octocat/notes", TestWorld.FineGrained, 404, Repository);
            Add("GET repo private, app not installed 404", "/repos/contoso/secret", TestWorld.App, 404, Repository);
            Add("GET repo private, anonymous 404", "/repos/contoso/api-backups", null, 404, Repository);
            Add("GET repo that does not exist 404", "/repos/contoso/nothing-here", TestWorld.Classic, 404, Repository);
            Add("GET repo bad credentials 401", "/repos/octocat/hello-world", TestWorld.Unknown, 401, Repository);

            Add("GET unknown path 404", "/no/such/endpoint", TestWorld.Classic, 404, null);
        }

        return cases;
    }

    private sealed record WalkCase(bool Enterprise, string Path, string? Token, int ExpectedStatus, string? Operation);
}
