using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PSGitHubSync.Emulator.Postman;

/// <summary>The <c>info</c> block Postman serves for a collection (besides name and description, all of it is metadata).</summary>
internal sealed record CollectionInfo(
    string Id,
    string Name,
    string? DescriptionJson,
    DateTimeOffset UpdatedAt,
    DateTimeOffset CreatedAt,
    long LastUpdatedBy,
    string Uid);

/// <summary>
/// A collection's content as stored: everything but <c>info</c>, serialized once (UTF-8, the object's properties
/// without the surrounding braces), with <c>id</c>/<c>uid</c> on every folder, request and saved response, as the
/// real API returns them. Serving a collection is then a copy, whatever its size.
/// </summary>
internal sealed record CollectionBody(string? Name, string? DescriptionJson, byte[] Rest);

internal static class PostmanCollectionContent
{
    private static readonly byte[] InfoKey = Encoding.UTF8.GetBytes("{\"info\":");

    /// <summary>Parses a bare collection or a <c>{"collection":...}</c> envelope. InvalidDataException when it is not a collection.</summary>
    public static JsonObject Parse(ReadOnlySpan<byte> utf8)
    {
        // A file saved with a UTF-8 byte order mark imports into Postman like any other.
        if (utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF)
        {
            utf8 = utf8[3..];
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(utf8, PostmanJson.NodeOptions, PostmanJson.DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("The collection is not valid JSON: " + e.Message, e);
        }

        return Unwrap(root);
    }

    /// <summary>The collection object of a bare collection or of an envelope.</summary>
    public static JsonObject Unwrap(JsonNode? root)
    {
        if (root is JsonObject envelope && !envelope.ContainsKey("info") && envelope["collection"] is JsonObject inner)
        {
            root = inner;
        }

        if (root is not JsonObject collection)
        {
            throw new InvalidDataException("A collection must be a JSON object.");
        }

        if (collection["info"] is not JsonObject)
        {
            throw new InvalidDataException("The collection has no 'info' object.");
        }

        if (collection["item"] is not JsonArray)
        {
            throw new InvalidDataException("The collection has no 'item' array.");
        }

        return collection;
    }

    /// <summary>
    /// Splits a parsed collection (which it changes) into name, description and the stored rest, adding
    /// deterministic <c>id</c>s and <c>ownerId-id</c> <c>uid</c>s where items and responses have none.
    /// </summary>
    public static CollectionBody ToBody(JsonObject collection, string collectionId, long ownerId)
    {
        var info = collection["info"] as JsonObject;
        string? name = info?["name"] is JsonValue nameValue && nameValue.TryGetValue(out string? text) ? text : null;
        string? description = info?["description"] is { } descriptionNode ? descriptionNode.ToJsonString(PostmanJson.Options) : null;
        collection.Remove("info");
        if (collection["item"] is JsonArray items)
        {
            AddIds(items, collectionId, ownerId, "");
        }

        byte[] whole = JsonSerializer.SerializeToUtf8Bytes(collection, PostmanJson.Options);
        return new CollectionBody(name, description, whole.AsSpan(1, whole.Length - 2).ToArray());
    }

    /// <summary>The bare collection as served: <c>{"info":{...},REST}</c>, optionally wrapped as <c>{"collection":...}</c>.</summary>
    public static byte[] Compose(CollectionInfo info, ReadOnlySpan<byte> rest, bool envelope)
    {
        byte[] infoBytes = InfoBytes(info);
        const string Prefix = "{\"collection\":";
        int length = (envelope ? Prefix.Length + 1 : 0) + InfoKey.Length + infoBytes.Length + (rest.Length > 0 ? 1 + rest.Length : 0) + 1;
        var result = new byte[length];
        int at = 0;
        if (envelope)
        {
            at += Encoding.ASCII.GetBytes(Prefix, result);
        }

        InfoKey.CopyTo(result, at);
        at += InfoKey.Length;
        infoBytes.CopyTo(result, at);
        at += infoBytes.Length;
        if (rest.Length > 0)
        {
            result[at++] = (byte)',';
            rest.CopyTo(result.AsSpan(at));
            at += rest.Length;
        }

        result[at++] = (byte)'}';
        if (envelope)
        {
            result[at++] = (byte)'}';
        }

        return result;
    }

    /// <summary>Bytes that <see cref="Compose"/> adds around the rest of a bare collection (info, braces, comma).</summary>
    public static int Overhead(CollectionInfo info) => InfoKey.Length + InfoBytes(info).Length + 2;

    public static byte[] InfoBytes(CollectionInfo info)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, PostmanJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("_postman_id", info.Id);
            writer.WriteString("name", info.Name);
            if (info.DescriptionJson is not null)
            {
                writer.WritePropertyName("description");
                writer.WriteRawValue(info.DescriptionJson, skipInputValidation: true);
            }

            writer.WriteString("schema", PostmanJson.CollectionSchema);
            writer.WriteString("updatedAt", PostmanIds.Timestamp(info.UpdatedAt));
            writer.WriteString("createdAt", PostmanIds.Timestamp(info.CreatedAt));
            writer.WriteString("lastUpdatedBy", info.LastUpdatedBy.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("uid", info.Uid);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The <c>info.name</c> of a bare collection or an envelope, read without building a document; null when absent.</summary>
    public static string? ScanName(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject ? ScanObject(ref reader, allowEnvelope: true) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ScanObject(ref Utf8JsonReader reader, bool allowEnvelope)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool info = reader.ValueTextEquals("info");
            bool envelope = allowEnvelope && reader.ValueTextEquals("collection");
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject && (info || envelope))
            {
                string? name = info ? ScanInfo(ref reader) : ScanObject(ref reader, allowEnvelope: false);
                if (name is not null)
                {
                    return name;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return null;
    }

    private static string? ScanInfo(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool name = reader.ValueTextEquals("name");
            reader.Read();
            if (name && reader.TokenType == JsonTokenType.String)
            {
                return reader.GetString();
            }

            reader.Skip();
        }

        return null;
    }

    private static void AddIds(JsonArray items, string collectionId, long ownerId, string path)
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject item)
            {
                continue;
            }

            string itemPath = path + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            EnsureIds(item, collectionId + itemPath, ownerId);
            if (item["item"] is JsonArray children)
            {
                AddIds(children, collectionId, ownerId, itemPath);
            }

            if (item["response"] is JsonArray responses)
            {
                for (int r = 0; r < responses.Count; r++)
                {
                    if (responses[r] is JsonObject response)
                    {
                        EnsureIds(response, collectionId + itemPath + "#" + r.ToString(System.Globalization.CultureInfo.InvariantCulture), ownerId);
                    }
                }
            }
        }
    }

    private static void EnsureIds(JsonObject element, string seed, long ownerId)
    {
        string id;
        if (!element.TryGetPropertyValue("id", out var idNode) || idNode is null)
        {
            id = PostmanIds.Uuid(seed);
            element["id"] = id;
        }
        else
        {
            id = idNode is JsonValue value && value.TryGetValue(out string? text) ? text : idNode.ToJsonString();
        }

        if (!element.ContainsKey("uid"))
        {
            element["uid"] = PostmanIds.Uid(ownerId, id);
        }
    }
}
