using System.Text;
using PSGitHubSync.Engine.Schemas;
using Xunit;

namespace PSGitHubSync.Tests.Schemas;

internal static class SchemaTestSupport
{
    public const string Side = "the repository side (contoso/payments api/openapi.yaml)";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static SchemaSet Set(params (string Path, string Content)[] files)
        => SchemaSet.Create(files.Select(f => new KeyValuePair<string, byte[]>(f.Path, Utf8(f.Content))));

    public static SchemaSet SetWithRoot(string root, params (string Path, string Content)[] files)
        => SchemaSet.Create(files.Select(f => new KeyValuePair<string, byte[]>(f.Path, Utf8(f.Content))), root);

    public static SchemaSet One(string name, string content) => SchemaSet.Single(name, Utf8(content));

    public static SchemaValidationResult AssertValid(SchemaSet set, SchemaFormat? format = null)
    {
        var result = SchemaValidator.Check(set, format);
        Assert.True(result.IsValid, "Expected no problems, got:\n" + string.Join("\n", result.Problems));
        return result;
    }

    public static SchemaProblem AssertProblem(SchemaValidationResult result, string problemId, string? file = null)
    {
        Assert.False(result.IsValid);
        var match = result.Problems.FirstOrDefault(p => p.ProblemId == problemId && (file is null || p.File == file));
        Assert.True(match is not null, $"Expected a {problemId} problem{(file is null ? "" : " in " + file)}, got:\n" + string.Join("\n", result.Problems));
        return match!;
    }

    /// <summary>The 1-based line of the first line of <paramref name="text"/> containing <paramref name="needle"/>.</summary>
    public static int LineOf(string text, string needle)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(needle, StringComparison.Ordinal)) return i + 1;
        }
        throw new InvalidOperationException($"'{needle}' is not in the text.");
    }

    /// <summary>The 1-based column where <paramref name="needle"/> starts on its line.</summary>
    public static int ColumnOf(string text, string needle)
    {
        var line = text.Replace("\r\n", "\n").Split('\n')[LineOf(text, needle) - 1];
        return line.IndexOf(needle, StringComparison.Ordinal) + 1;
    }

    public const string OpenApi30Yaml = """
        openapi: 3.0.3
        info:
          title: Payments
          version: '1.0'
        paths:
          /payments/{id}:
            get:
              operationId: getPayment
              parameters:
                - name: id
                  in: path
                  required: true
                  schema:
                    type: string
              responses:
                '200':
                  description: The payment
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Payment'
        components:
          schemas:
            Payment:
              type: object
              required: [id]
              properties:
                id:
                  type: string
                amount:
                  type: number
        """;

    public const string OpenApi30Json = """
        {
          "openapi": "3.0.1",
          "info": { "title": "Payments", "version": "1.0" },
          "paths": {
            "/payments": {
              "get": {
                "responses": {
                  "200": {
                    "description": "ok",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Payment" } } }
                  }
                }
              }
            }
          },
          "components": { "schemas": { "Payment": { "type": "object" } } }
        }
        """;

    public const string OpenApi31Yaml = """
        openapi: 3.1.0
        info:
          title: Payments
          version: '2.0'
          license:
            name: MIT
            identifier: MIT
        jsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base
        paths:
          /payments:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: [object, 'null']
                        properties:
                          amount:
                            type: [number, 'null']
                            examples: [1.5]
        webhooks:
          paymentMade:
            post:
              requestBody:
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/Payment'
              responses:
                '200':
                  description: ok
        components:
          schemas:
            Payment:
              type: object
              const: null
        """;

    public const string Swagger20Json = """
        {
          "swagger": "2.0",
          "info": { "title": "Petstore", "version": "1.0.0" },
          "host": "petstore.example.com",
          "basePath": "/v1",
          "schemes": ["https"],
          "paths": {
            "/pets": {
              "get": {
                "produces": ["application/json"],
                "parameters": [ { "name": "limit", "in": "query", "type": "integer" } ],
                "responses": {
                  "200": { "description": "pets", "schema": { "type": "array", "items": { "$ref": "#/definitions/Pet" } } }
                }
              }
            }
          },
          "definitions": {
            "Pet": { "type": "object", "required": ["id"], "properties": { "id": { "type": "integer", "format": "int64" } } }
          }
        }
        """;

    public const string Swagger20Yaml = """
        swagger: "2.0"
        info:
          title: Petstore
          version: 1.0.0
        basePath: /v1
        paths:
          /pets:
            get:
              responses:
                200:
                  description: pets
                  schema:
                    type: array
                    items:
                      $ref: '#/definitions/Pet'
        definitions:
          Pet:
            type: object
            properties:
              id:
                type: integer
        """;

    public const string Raml10 = """
        #%RAML 1.0
        title: Payments API
        version: v1
        baseUri: https://api.contoso.com/{version}
        types:
          Payment:
            type: object
            properties:
              id: string
              amount: number
        /payments:
          get:
            responses:
              200:
                body:
                  application/json:
                    type: Payment[]
        """;

    public const string Raml08 = """
        #%RAML 0.8
        title: Payments API
        version: v1
        baseUri: https://api.contoso.com/{version}
        /payments:
          get:
            responses:
              200:
                body:
                  application/json:
                    example: |
                      [ { "id": "p1" } ]
        """;

    public const string GraphQLSdl = """"
        # The payments schema
        schema {
          query: Query
        }

        type Query {
          payment(id: ID!): Payment
          payments(first: Int = 10): [Payment!]!
        }

        """A payment."""
        type Payment @key(fields: "id") {
          id: ID!
          amount: Float
          status: Status
        }

        enum Status { PENDING SETTLED }

        directive @key(fields: String!) on OBJECT
        """";
}
