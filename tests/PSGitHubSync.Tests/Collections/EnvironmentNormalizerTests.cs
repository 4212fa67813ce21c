using System.Text;
using System.Text.Json.Nodes;
using PSGitHubSync.Engine.Collections;
using PSGitHubSync.Engine.Errors;
using Xunit;
using static PSGitHubSync.Tests.Collections.TestCollections;

namespace PSGitHubSync.Tests.Collections;

public class EnvironmentNormalizerTests
{
    private const string SecretValue = "sk_live_51HxQ2bCdEfGhIjKlMnOpQrSt";
    private const string OtherSecret = "hunter2-the-password";

    private const string ApiResponse = """
        {
          "environment": {
            "id": "5daabc50-8451-43f6-922d-96b403b4f28e",
            "name": "Payments – production",
            "owner": "12345678",
            "createdAt": "2020-11-05T13:59:22.000Z",
            "updatedAt": "2025-11-05T13:59:23.000Z",
            "values": [
              { "key": "baseUrl", "value": "https://api.example.com", "enabled": true, "type": "default" },
              { "key": "apiKey", "value": "sk_live_51HxQ2bCdEfGhIjKlMnOpQrSt", "enabled": true, "type": "secret" },
              { "key": "password", "value": "hunter2-the-password", "enabled": false, "type": "secret" },
              { "key": "emptySecret", "value": "", "enabled": true, "type": "secret" },
              { "key": "count", "value": 3, "enabled": true, "type": "any" }
            ],
            "isPublic": false
          }
        }
        """;

    [Fact]
    public void Secret_values_are_never_written()
    {
        var normalized = DomNormalizer.Normalize(Bytes(ApiResponse));
        var text = Encoding.UTF8.GetString(normalized);

        Assert.DoesNotContain(SecretValue, text);
        Assert.DoesNotContain(OtherSecret, text);
        var values = ParseNode(normalized)["values"]!.AsArray();
        Assert.Equal("", (string?)values[1]!["value"]);
        Assert.Equal("", (string?)values[2]!["value"]);
        Assert.Equal("secret", (string?)values[1]!["type"]);
        Assert.Equal("apiKey", (string?)values[1]!["key"]);
        Assert.Equal(true, (bool?)values[1]!["enabled"]);
        Assert.Equal("https://api.example.com", (string?)values[0]!["value"]);
        Assert.Equal(3, (int?)values[4]!["value"]);
    }

    [Fact]
    public void Api_metadata_and_the_envelope_are_removed_and_the_id_kept()
    {
        var node = ParseNode(DomNormalizer.Normalize(Bytes(ApiResponse))).AsObject();

        Assert.Equal(new[] { "id", "name", "values" }, node.Select(p => p.Key));
        Assert.Equal("5daabc50-8451-43f6-922d-96b403b4f28e", (string?)node["id"]);
        Assert.Equal("Payments – production", (string?)node["name"]);
    }

    [Fact]
    public void An_envelope_whose_environment_is_not_the_first_property_is_unwrapped()
    {
        var envelopeLast = "{ \"meta\": { \"source\": \"api\" }, " + ApiResponse.Trim().Substring(1);

        var expected = Stream(Bytes(ApiResponse));
        var actual = Stream(Bytes(envelopeLast));

        Assert.Equal(expected, actual);
        Assert.DoesNotContain("meta", Encoding.UTF8.GetString(actual));

        static byte[] Stream(byte[] input)
        {
            using var source = new System.IO.MemoryStream(input);
            using var output = new System.IO.MemoryStream();
            CollectionStreamNormalizer.NormalizeEnvironment(source, output, "test environment");
            return output.ToArray();
        }
    }

    [Fact]
    public void An_exported_environment_gives_the_same_bytes_as_the_api_response()
    {
        var api = ParseNode(Bytes(ApiResponse))["environment"]!.AsObject();
        var export = new JsonObject
        {
            ["id"] = (string?)api["id"],
            ["name"] = (string?)api["name"],
            ["values"] = JsonNode.Parse(api["values"]!.ToJsonString()),
            ["_postman_variable_scope"] = "environment",
            ["_postman_exported_at"] = "2025-11-05T14:00:00.000Z",
            ["_postman_exported_using"] = "Postman/11.20.0",
        };
        var exportedLater = JsonNode.Parse(export.ToJsonString())!;
        exportedLater["_postman_exported_at"] = "2026-01-01T00:00:00.000Z";
        exportedLater["_postman_exported_using"] = "Postman/12.0.0";

        var first = DomNormalizer.Normalize(Bytes(export));
        var second = DomNormalizer.Normalize(Bytes(exportedLater));

        Assert.Equal(first, second);
        Assert.Contains("\"_postman_variable_scope\": \"environment\"", Encoding.UTF8.GetString(first));
        Assert.DoesNotContain(SecretValue, Encoding.UTF8.GetString(first));
    }

    [Fact]
    public void Environment_output_uses_the_collection_layout_and_is_idempotent()
    {
        var normalized = DomNormalizer.Normalize(Bytes(ApiResponse));
        var text = Encoding.UTF8.GetString(normalized);

        Assert.StartsWith("{\n\t\"id\": \"5daabc50", text);
        Assert.EndsWith("\n}\n", text);
        Assert.DoesNotContain("\r", text);
        Assert.Contains("\"name\": \"Payments – production\"", text);
        Assert.Equal(normalized, DomNormalizer.Normalize(normalized));
        Assert.Equal(normalized, DomNormalizer.NormalizeEnvironment(Bytes(ApiResponse), "prod.postman_environment.json"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"name\": \"no values\"}")]
    [InlineData("{\"environment\": {\"name\": \"no values\"}}")]
    [InlineData("{\"name\": \"x\", \"values\": {}}")]
    public void Something_else_is_not_an_environment(string json)
    {
        var error = Assert.Throws<SyncException>(() => DomNormalizer.NormalizeEnvironment(Bytes(json), "env.json"));
        Assert.Equal(CollectionErrorIds.InvalidEnvironment, error.ErrorId);
        Assert.Equal(SyncErrorCategory.InvalidData, error.Category);
        Assert.Contains("'env.json'", error.Message);
    }
}
