using System.Text.Json.Nodes;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>
/// Turns a response schema of GitHub's OpenAPI 3.0 description into a JSON Schema 2020-12 document
/// that JsonSchema.Net evaluates. OpenAPI 3.0 schemas are a dialect of their own:
/// <list type="bullet">
/// <item><c>nullable: true</c> is not JSON Schema: it becomes <c>"type": [T, "null"]</c> (and <c>null</c> joins an
/// <c>enum</c>); a nullable schema without <c>type</c> becomes <c>anyOf: [{type: null}, schema]</c>.</item>
/// <item><c>example</c>, <c>discriminator</c>, <c>xml</c>, <c>externalDocs</c> and the vendor extensions <c>x-*</c>
/// (e.g. <c>x-github-breaking-changes</c>, which holds schema-looking patches) are dropped: they are documentation,
/// and strict dialects refuse unknown keywords.</item>
/// <item>A boolean <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c> (OpenAPI 3.0 / draft 4) becomes the number form.</item>
/// <item>Formats that are no JSON Schema formats (<c>int64</c>, <c>int32</c>, ...) are dropped, the others are checked.</item>
/// </list>
/// With <c>closeObjects</c>, every object schema that lists <c>properties</c> and says nothing about others gets
/// <c>additionalProperties: false</c> (except inside <c>allOf</c>, where that would reject the other branches'
/// properties): the emulator must not send fields that GitHub does not document.
/// <para>
/// With <c>errorBody</c> (error statuses), two known gaps of the description are bridged: its error <c>oneOf</c>s
/// overlap (Basic Error and the secret-scanning error both accept <c>{message, documentation_url, status}</c>, so no
/// body can match exactly one) and become <c>anyOf</c>; and "Validation Error" gets the <c>status</c> string that
/// GitHub has been sending in every error body (e.g. <c>"status":"422"</c>) but the description does not list.
/// </para>
/// </summary>
internal static class OpenApiSchemaConverter
{
    private static readonly HashSet<string> Documentation = new(StringComparer.Ordinal)
    {
        "example", "discriminator", "xml", "externalDocs", "nullable",
    };

    private static readonly HashSet<string> JsonSchemaFormats = new(StringComparer.Ordinal)
    {
        "date-time", "date", "time", "duration", "email", "hostname", "ipv4", "ipv6", "uri", "uri-reference",
        "uri-template", "uuid", "regex", "json-pointer",
    };

    public static JsonObject Convert(JsonNode openApiSchema, bool closeObjects, bool errorBody = false)
    {
        if (errorBody)
        {
            openApiSchema = RelaxErrorSchema(openApiSchema.DeepClone());
        }

        var converted = ConvertSchema(openApiSchema, closeObjects, partOfAllOf: false).AsObject();
        var document = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema" };
        foreach (var (key, value) in converted)
        {
            document[key] = value?.DeepClone();
        }

        return document;
    }

    private static JsonNode ConvertSchema(JsonNode? node, bool closeObjects, bool partOfAllOf)
    {
        if (node is not JsonObject schema)
        {
            // true/false schemas stay as they are.
            return node?.DeepClone() ?? JsonValue.Create(true);
        }

        var result = new JsonObject();
        foreach (var (key, value) in schema)
        {
            if (key.StartsWith("x-", StringComparison.Ordinal) || Documentation.Contains(key))
            {
                continue;
            }

            switch (key)
            {
                case "properties":
                    var properties = new JsonObject();
                    foreach (var (name, propertySchema) in value!.AsObject())
                    {
                        properties[name] = ConvertSchema(propertySchema, closeObjects, partOfAllOf: false);
                    }

                    result[key] = properties;
                    break;
                case "items" or "not":
                    result[key] = ConvertSchema(value, closeObjects, partOfAllOf: false);
                    break;
                case "additionalProperties":
                    result[key] = value is JsonObject ? ConvertSchema(value, closeObjects, partOfAllOf: false) : value?.DeepClone();
                    break;
                case "allOf" or "anyOf" or "oneOf":
                    var branches = new JsonArray();
                    foreach (var branch in value!.AsArray())
                    {
                        branches.Add(ConvertSchema(branch, closeObjects, partOfAllOf: key == "allOf"));
                    }

                    result[key] = branches;
                    break;
                case "format":
                    if (value is JsonValue format && format.TryGetValue(out string? formatName) && JsonSchemaFormats.Contains(formatName))
                    {
                        result[key] = formatName;
                    }

                    break;
                case "exclusiveMinimum" or "exclusiveMaximum" when value is JsonValue flag && flag.TryGetValue(out bool exclusive):
                    string bound = key == "exclusiveMinimum" ? "minimum" : "maximum";
                    if (exclusive && schema[bound] is { } limit)
                    {
                        result[key] = limit.DeepClone();
                        result.Remove(bound);
                    }

                    break;
                case "minimum" or "maximum" when IsExclusive(schema, key):
                    // Moved into exclusiveMinimum / exclusiveMaximum above.
                    break;
                default:
                    result[key] = value?.DeepClone();
                    break;
            }
        }

        if (closeObjects && !partOfAllOf && result.ContainsKey("properties") && !result.ContainsKey("additionalProperties")
            && !result.ContainsKey("allOf") && !result.ContainsKey("anyOf") && !result.ContainsKey("oneOf"))
        {
            result["additionalProperties"] = false;
        }

        if (schema["nullable"] is JsonValue nullable && nullable.TryGetValue(out bool isNullable) && isNullable)
        {
            return MakeNullable(result);
        }

        return result;
    }

    private static JsonNode RelaxErrorSchema(JsonNode node)
    {
        if (node is JsonObject schema)
        {
            if (schema["oneOf"] is JsonArray branches)
            {
                schema.Remove("oneOf");
                schema["anyOf"] = branches;
            }

            if (schema["title"]?.GetValue<string>() == "Validation Error" && schema["properties"] is JsonObject properties && !properties.ContainsKey("status"))
            {
                properties["status"] = new JsonObject { ["type"] = "string" };
            }

            foreach (var (_, child) in schema.ToArray())
            {
                if (child is not null)
                {
                    RelaxErrorSchema(child);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                if (child is not null)
                {
                    RelaxErrorSchema(child);
                }
            }
        }

        return node;
    }

    private static bool IsExclusive(JsonObject schema, string bound)
    {
        string flag = bound == "minimum" ? "exclusiveMinimum" : "exclusiveMaximum";
        return schema[flag] is JsonValue value && value.TryGetValue(out bool exclusive) && exclusive;
    }

    private static JsonNode MakeNullable(JsonObject schema)
    {
        if (schema["enum"] is JsonArray values && !values.Any(v => v is null))
        {
            values.Add(null);
        }

        switch (schema["type"])
        {
            case JsonValue single when single.TryGetValue(out string? type):
                schema["type"] = new JsonArray(type, "null");
                return schema;
            case JsonArray types:
                if (!types.Any(t => t?.GetValue<string>() == "null"))
                {
                    types.Add("null");
                }

                return schema;
            default:
                return new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "null" }, schema) };
        }
    }
}
