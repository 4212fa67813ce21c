using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PSGitHubSync.Engine.Collections;
using Xunit;
using static PSGitHubSync.Tests.Collections.TestCollections;

namespace PSGitHubSync.Tests.Collections;

public class CollectionNormalizerTests
{
    private static readonly string[] InfoMetadata = { "updatedAt", "createdAt", "lastUpdatedBy", "uid", "fork", "owner", "_exporter_id", "_collection_link" };
    private static readonly string[] ItemMetadata = { "uid", "updatedAt", "createdAt", "lastUpdatedBy", "owner", "fork" };

    [Theory]
    [MemberData(nameof(ReferenceFiles.Examples), MemberType = typeof(ReferenceFiles))]
    public void Normalization_is_deterministic_and_idempotent(string example)
    {
        var bytes = ReferenceFiles.ReadExample(example);
        var first = DomNormalizer.Normalize(CollectionDocument.Parse(bytes, example));
        var second = DomNormalizer.Normalize(CollectionDocument.Parse(bytes, example));
        var again = DomNormalizer.Normalize(CollectionDocument.Parse(first, example));

        Assert.Equal(first, second);
        Assert.Equal(first, again);
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles.Examples), MemberType = typeof(ReferenceFiles))]
    public void The_file_layout_is_postman_export_layout(string example)
    {
        var normalized = DomNormalizer.Normalize(CollectionDocument.Parse(ReferenceFiles.ReadExample(example), example));

        Assert.False(normalized.Length >= 3 && normalized[0] == 0xEF && normalized[1] == 0xBB && normalized[2] == 0xBF, "no BOM");
        Assert.DoesNotContain((byte)'\r', normalized);
        Assert.Equal((byte)'\n', normalized[^1]);
        Assert.NotEqual((byte)'\n', normalized[^2]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(normalized);
        Assert.StartsWith("{\n\t\"", text);
        foreach (var line in text.Split('\n').Where(l => l.Length > 0))
        {
            var content = line.TrimStart('\t');
            Assert.False(content.StartsWith(' '), "indentation is tabs only: " + line);
        }

        Assert.Contains("\": ", text);
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles.Examples), MemberType = typeof(ReferenceFiles))]
    public void Restoring_the_file_gives_back_the_collection(string example)
    {
        var bytes = ReferenceFiles.ReadExample(example);
        var normalized = DomNormalizer.Normalize(CollectionDocument.Parse(bytes, example));

        var original = ParseNode(bytes);
        var restored = ParseNode(normalized);
        Assert.True(JsonNode.DeepEquals(original, restored), "the normalized file holds the same collection");
        Assert.Equal(PropertyOrder(original), PropertyOrder(restored));
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles.Examples), MemberType = typeof(ReferenceFiles))]
    public void Volatile_metadata_does_not_change_the_bytes(string example)
    {
        var bytes = ReferenceFiles.ReadExample(example);
        var plain = DomNormalizer.Normalize(CollectionDocument.Parse(bytes, example));

        var decorated = ParseNode(bytes);
        AddMetadata(decorated, "2024-01-01T00:00:00.000Z", "12345");
        var decoratedAgain = ParseNode(bytes);
        AddMetadata(decoratedAgain, "2025-06-30T12:34:56.789Z", "67890");

        Assert.Equal(plain, DomNormalizer.Normalize(Parse(decorated, example)));
        Assert.Equal(plain, DomNormalizer.Normalize(Parse(decoratedAgain, example)));
    }

    [Fact]
    public void Removes_exactly_the_volatile_metadata_and_keeps_everything_else()
    {
        const string json = """
            {
              "info": {
                "_postman_id": "c0ffee00-0000-4000-8000-000000000001",
                "name": "Payments API",
                "description": "Keeps me",
                "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
                "updatedAt": "2025-01-01T00:00:00.000Z", "createdAt": "2024-01-01T00:00:00.000Z",
                "lastUpdatedBy": "12345", "uid": "12345-c0ffee00", "fork": { "label": "mine" }, "owner": "12345",
                "_exporter_id": "12345", "_collection_link": "https://go.postman.co/collection/12345-c0ffee00"
              },
              "item": [
                {
                  "name": "Payments",
                  "id": "folder-1", "uid": "12345-folder-1", "updatedAt": "2025-01-01", "createdAt": "2024-01-01",
                  "lastUpdatedBy": "1", "owner": "1", "fork": null,
                  "auth": { "type": "bearer", "bearer": [ { "key": "token", "value": "{{token}}", "type": "string" } ] },
                  "event": [ { "listen": "prerequest", "script": { "type": "text/javascript", "exec": [ "pm.variables.set('a', 1);" ] } } ],
                  "item": [
                    {
                      "id": "request-1", "uid": "12345-request-1", "name": "Create payment",
                      "updatedAt": "x", "createdAt": "y", "lastUpdatedBy": "z", "owner": "o", "fork": "f",
                      "protocolProfileBehavior": { "disableBodyPruning": true },
                      "event": [ { "listen": "test", "script": { "exec": [ "pm.test('ok', () => pm.response.to.have.status(201));" ], "type": "text/javascript" } } ],
                      "request": {
                        "method": "POST",
                        "header": [ { "key": "uid", "value": "header named uid is kept" } ],
                        "body": { "mode": "raw", "raw": "{\"uid\": 1}", "options": { "raw": { "language": "json" } } },
                        "url": { "raw": "{{baseUrl}}/payments", "host": [ "{{baseUrl}}" ], "path": [ "payments" ] }
                      },
                      "response": [
                        { "id": "response-1", "uid": "12345-response-1", "name": "Created", "updatedAt": "x", "owner": "o",
                          "status": "Created", "code": 201, "header": [], "body": "{}" }
                      ]
                    }
                  ]
                }
              ],
              "event": [ { "listen": "test", "script": { "exec": [ "" ], "type": "text/javascript" } } ],
              "variable": [ { "key": "baseUrl", "value": "https://api.example.com", "type": "string", "uid": "variable uid is kept" } ],
              "auth": { "type": "noauth" },
              "protocolProfileBehavior": { "followRedirects": false }
            }
            """;
        var normalized = DomNormalizer.Normalize(Parse(json));
        var node = ParseNode(normalized).AsObject();

        var info = node["info"]!.AsObject();
        Assert.Equal(new[] { "_postman_id", "name", "description", "schema" }, info.Select(p => p.Key));
        var folder = node["item"]![0]!.AsObject();
        Assert.Equal(new[] { "name", "id", "auth", "event", "item" }, folder.Select(p => p.Key));
        var request = folder["item"]![0]!.AsObject();
        Assert.Equal(new[] { "id", "name", "protocolProfileBehavior", "event", "request", "response" }, request.Select(p => p.Key));
        var response = request["response"]![0]!.AsObject();
        Assert.Equal(new[] { "id", "name", "status", "code", "header", "body" }, response.Select(p => p.Key));

        Assert.Equal(new[] { "info", "item", "event", "variable", "auth", "protocolProfileBehavior" }, node.Select(p => p.Key));
        Assert.Equal("header named uid is kept", (string?)request["request"]!["header"]![0]!["value"]);
        Assert.Equal("variable uid is kept", (string?)node["variable"]![0]!["uid"]);
        Assert.Equal("{\"uid\": 1}", (string?)request["request"]!["body"]!["raw"]);
        Assert.Equal(true, (bool?)request["protocolProfileBehavior"]!["disableBodyPruning"]);
        Assert.Equal("{{token}}", (string?)folder["auth"]!["bearer"]![0]!["value"]);
        Assert.Equal(false, (bool?)node["protocolProfileBehavior"]!["followRedirects"]);
        Assert.Contains("pm.response.to.have.status(201)", (string?)request["event"]![0]!["script"]!["exec"]![0]);

        // The normalized collection is still a valid collection with the same content otherwise.
        var original = ParseNode(Encoding.UTF8.GetBytes(json));
        StripMetadata(original);
        Assert.True(JsonNode.DeepEquals(original, ParseNode(normalized)));
    }

    [Fact]
    public void Writes_strings_and_numbers_like_postman_does()
    {
        // JSON.stringify(JSON.parse(input), null, '\t') gives this text, except that numbers keep their original text.
        const string input = """
            {"info":{"name":"Tricky \u00e9\u4e2d\ud83d\ude00","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[],
             "variable":[{"key":"s","value":"q\"b\\s\/ \b\f\n\r\t \u0001\u001f \u007f \u2028\u2029 x </script> & '"},
                         {"key":"n","value":[1.50,1e3,-0,0.1E-7,123456789012345678901234567890,{},[],[{}],null,true,false]}]}
            """;
        var expected =
            "{\n" +
            "\t\"info\": {\n" +
            "\t\t\"name\": \"Tricky \u00e9\u4e2d\U0001F600\",\n" +
            "\t\t\"schema\": \"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"\n" +
            "\t},\n" +
            "\t\"item\": [],\n" +
            "\t\"variable\": [\n" +
            "\t\t{\n" +
            "\t\t\t\"key\": \"s\",\n" +
            "\t\t\t\"value\": \"q\\\"b\\\\s/ \\b\\f\\n\\r\\t \\u0001\\u001f \u007f \u2028\u2029 x </script> & '\"\n" +
            "\t\t},\n" +
            "\t\t{\n" +
            "\t\t\t\"key\": \"n\",\n" +
            "\t\t\t\"value\": [\n" +
            "\t\t\t\t1.50,\n" +
            "\t\t\t\t1e3,\n" +
            "\t\t\t\t-0,\n" +
            "\t\t\t\t0.1E-7,\n" +
            "\t\t\t\t123456789012345678901234567890,\n" +
            "\t\t\t\t{},\n" +
            "\t\t\t\t[],\n" +
            "\t\t\t\t[\n" +
            "\t\t\t\t\t{}\n" +
            "\t\t\t\t],\n" +
            "\t\t\t\tnull,\n" +
            "\t\t\t\ttrue,\n" +
            "\t\t\t\tfalse\n" +
            "\t\t\t]\n" +
            "\t\t}\n" +
            "\t]\n" +
            "}\n";

        var normalized = DomNormalizer.Normalize(Parse(input));

        Assert.Equal(expected, Encoding.UTF8.GetString(normalized));
        Assert.Equal(Encoding.UTF8.GetBytes(expected), normalized);
    }

    [Fact]
    public void Escaped_lone_surrogates_are_kept_escaped()
    {
        var input = "{\"info\":{\"name\":\"x\",\"schema\":\"" + V21 + "\"},\"item\":[],\"variable\":[{\"key\":\"k\",\"value\":\"a\\ud800b\\uDC00\"}]}";
        var text = Encoding.UTF8.GetString(DomNormalizer.Normalize(Parse(input)));
        Assert.Contains("\"value\": \"a\\ud800b\\udc00\"", text);
    }

    [Fact]
    public void A_v20_collection_is_written_as_v20()
    {
        var bytes = ReferenceFiles.ReadExample("v20-response-body-null.json");
        var normalized = DomNormalizer.Normalize(CollectionDocument.Parse(bytes, "v20"));

        var reparsed = CollectionDocument.Parse(normalized, "v20 normalized");
        Assert.Equal("2.0.0", reparsed.FormatVersion);
        Assert.Equal(V20, (string?)ParseNode(normalized)["info"]!["schema"]);
        Assert.Equal("5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9", (string?)ParseNode(normalized)["item"]![0]!["_postman_id"]);
    }

    [Fact]
    public void The_api_envelope_is_not_written()
    {
        var inner = ReferenceFiles.ReadExample("http-methods.json");
        var enveloped = Encoding.UTF8.GetBytes("{\"collection\":" + Encoding.UTF8.GetString(inner) + "}");

        Assert.Equal(
            DomNormalizer.Normalize(CollectionDocument.Parse(inner, "file")),
            DomNormalizer.Normalize(CollectionDocument.Parse(enveloped, "api")));
    }

    [Fact]
    public void Input_formatting_does_not_matter()
    {
        var collection = Collection("Formatting", Folder("F", Request("R", "POST")));
        var compact = Encoding.UTF8.GetBytes(collection.ToJsonString());
        var indented = Encoding.UTF8.GetBytes(collection.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).Replace("\n", "\r\n"));
        var escaped = Encoding.UTF8.GetBytes(collection.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default }));

        var expected = DomNormalizer.Normalize(CollectionDocument.Parse(compact, "a"));
        Assert.Equal(expected, DomNormalizer.Normalize(CollectionDocument.Parse(indented, "b")));
        Assert.Equal(expected, DomNormalizer.Normalize(CollectionDocument.Parse(escaped, "c")));
    }

    [Fact]
    public void Key_order_is_kept_as_given()
    {
        var json = "{\"item\":[{\"response\":[],\"request\":{\"url\":\"https://x\",\"method\":\"GET\"},\"name\":\"z\"}],\"info\":{\"schema\":\"" + V21 + "\",\"name\":\"Order\"}}";
        var text = Encoding.UTF8.GetString(DomNormalizer.Normalize(Parse(json)));
        Assert.True(text.IndexOf("\"item\"", StringComparison.Ordinal) < text.IndexOf("\"info\"", StringComparison.Ordinal));
        Assert.True(text.IndexOf("\"response\"", StringComparison.Ordinal) < text.IndexOf("\"request\"", StringComparison.Ordinal));
        Assert.True(text.IndexOf("\"url\"", StringComparison.Ordinal) < text.IndexOf("\"method\"", StringComparison.Ordinal));
        Assert.True(text.IndexOf("\"schema\"", StringComparison.Ordinal) < text.IndexOf("\"name\": \"Order\"", StringComparison.Ordinal));
    }

    private static void AddMetadata(JsonNode collection, string time, string user)
    {
        var info = collection["info"]!.AsObject();
        info["updatedAt"] = time;
        info["createdAt"] = time;
        info["lastUpdatedBy"] = user;
        info["uid"] = user + "-" + (string?)info["_postman_id"];
        info["fork"] = new JsonObject { ["label"] = "fork " + user, ["createdAt"] = time, ["from"] = user };
        info["owner"] = user;
        info["_exporter_id"] = user;
        info["_collection_link"] = "https://go.postman.co/collection/" + user;
        foreach (var item in Items(collection["item"]))
        {
            item["uid"] = user + "-item";
            item["updatedAt"] = time;
            item["createdAt"] = time;
            item["lastUpdatedBy"] = user;
            item["owner"] = user;
            item["fork"] = null;
            if (item["response"] is JsonArray responses)
            {
                foreach (var response in responses.OfType<JsonObject>())
                {
                    response["uid"] = user + "-response";
                    response["updatedAt"] = time;
                    response["createdAt"] = time;
                    response["lastUpdatedBy"] = user;
                    response["owner"] = user;
                    response["fork"] = user;
                }
            }
        }
    }

    private static void StripMetadata(JsonNode collection)
    {
        var info = collection["info"]!.AsObject();
        foreach (var name in InfoMetadata)
        {
            info.Remove(name);
        }

        foreach (var item in Items(collection["item"]))
        {
            foreach (var name in ItemMetadata)
            {
                item.Remove(name);
            }

            if (item["response"] is JsonArray responses)
            {
                foreach (var response in responses.OfType<JsonObject>())
                {
                    foreach (var name in ItemMetadata)
                    {
                        response.Remove(name);
                    }
                }
            }
        }
    }

    private static IEnumerable<JsonObject> Items(JsonNode? items)
    {
        if (items is not JsonArray array)
        {
            yield break;
        }

        foreach (var item in array.OfType<JsonObject>())
        {
            yield return item;
            foreach (var child in Items(item["item"]))
            {
                yield return child;
            }
        }
    }

    /// <summary>Every object's property names in order, depth first.</summary>
    private static List<string> PropertyOrder(JsonNode? node)
    {
        var names = new List<string>();
        Walk(node);
        return names;

        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    names.Add("{");
                    foreach (var (key, value) in o)
                    {
                        names.Add(key);
                        Walk(value);
                    }

                    names.Add("}");
                    break;
                case JsonArray a:
                    foreach (var v in a)
                    {
                        Walk(v);
                    }

                    break;
            }
        }
    }
}
