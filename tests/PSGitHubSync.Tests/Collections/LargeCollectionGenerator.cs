using System.Text;
using System.Text.Json;

namespace PSGitHubSync.Tests.Collections;

/// <summary>Writes a realistic collection of a given size (folders, requests with headers, bodies, scripts and saved responses).</summary>
internal static class LargeCollectionGenerator
{
    public static byte[] Generate(long targetBytes, out int requestCount)
    {
        var body = new StringBuilder("{");
        for (var i = 0; i < 30; i++)
        {
            body.Append(i == 0 ? string.Empty : ",").Append("\"field").Append(i).Append("\": \"value ").Append(i).Append(" – ünïcödé\"");
        }

        body.Append('}');
        var rawBody = body.ToString();

        using var stream = new MemoryStream((int)Math.Min(int.MaxValue, targetBytes + (targetBytes / 10)));
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("info");
            writer.WriteString("_postman_id", "0b4b1d3e-1111-4222-8333-444455556666");
            writer.WriteString("name", "Large generated collection");
            writer.WriteString("schema", "https://schema.getpostman.com/json/collection/v2.1.0/collection.json");
            writer.WriteString("updatedAt", "2025-01-01T00:00:00.000Z");
            writer.WriteEndObject();
            writer.WriteStartArray("item");

            requestCount = 0;
            var folder = 0;
            while (true)
            {
                writer.Flush();
                if (stream.Length >= targetBytes)
                {
                    break;
                }

                writer.WriteStartObject();
                writer.WriteString("name", "Folder " + folder);
                writer.WriteString("id", "folder-" + folder);
                writer.WriteStartArray("item");
                for (var r = 0; r < 100; r++, requestCount++)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", "request-" + requestCount);
                    writer.WriteString("uid", "123-request-" + requestCount);
                    writer.WriteString("name", "Request " + r + " in folder " + folder);
                    writer.WriteStartArray("event");
                    writer.WriteStartObject();
                    writer.WriteString("listen", "test");
                    writer.WriteStartObject("script");
                    writer.WriteString("type", "text/javascript");
                    writer.WriteStartArray("exec");
                    writer.WriteStringValue("pm.test(\"status is 200\", function () {");
                    writer.WriteStringValue("    pm.response.to.have.status(200);");
                    writer.WriteStringValue("});");
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                    writer.WriteStartObject("request");
                    writer.WriteString("method", r % 2 == 0 ? "POST" : "GET");
                    writer.WriteStartArray("header");
                    WriteKeyValue(writer, "Content-Type", "application/json");
                    WriteKeyValue(writer, "Authorization", "Bearer {{token}}");
                    WriteKeyValue(writer, "X-Request-Index", r.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    writer.WriteEndArray();
                    writer.WriteStartObject("body");
                    writer.WriteString("mode", "raw");
                    writer.WriteString("raw", rawBody);
                    writer.WriteEndObject();
                    writer.WriteStartObject("url");
                    writer.WriteString("raw", "{{baseUrl}}/folders/" + folder + "/requests/" + r + "?page=1&size=20");
                    writer.WriteStartArray("host");
                    writer.WriteStringValue("{{baseUrl}}");
                    writer.WriteEndArray();
                    writer.WriteStartArray("path");
                    writer.WriteStringValue("folders");
                    writer.WriteStringValue(folder.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    writer.WriteStringValue("requests");
                    writer.WriteStringValue(r.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    writer.WriteEndArray();
                    writer.WriteStartArray("query");
                    WriteKeyValue(writer, "page", "1");
                    WriteKeyValue(writer, "size", "20");
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    writer.WriteStartArray("response");
                    writer.WriteStartObject();
                    writer.WriteString("id", "response-" + requestCount);
                    writer.WriteString("uid", "123-response-" + requestCount);
                    writer.WriteString("name", "OK");
                    writer.WriteString("status", "OK");
                    writer.WriteNumber("code", 200);
                    writer.WriteString("_postman_previewlanguage", "json");
                    writer.WriteStartArray("header");
                    WriteKeyValue(writer, "Content-Type", "application/json; charset=utf-8");
                    writer.WriteEndArray();
                    writer.WriteStartArray("cookie");
                    writer.WriteEndArray();
                    writer.WriteString("body", rawBody);
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                folder++;
            }

            writer.WriteEndArray();
            writer.WriteStartArray("variable");
            WriteKeyValue(writer, "baseUrl", "https://api.example.com");
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteKeyValue(Utf8JsonWriter writer, string key, string value)
    {
        writer.WriteStartObject();
        writer.WriteString("key", key);
        writer.WriteString("value", value);
        writer.WriteEndObject();
    }
}
