using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text.Json;
using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Engine.Collections;

/// <summary>
/// Turns a collection (or an environment) into the bytes that are committed: the same content
/// always gives byte-identical output.
/// </summary>
/// <remarks>
/// The layout is Postman's own export (<c>JSON.stringify(value, null, '\t')</c>): tab indentation,
/// <c>"key": value</c>, properties in the order they were given, non-ASCII characters written
/// as-is (only <c>"</c>, <c>\</c> and control characters escaped), numbers with their original
/// text; UTF-8 without BOM, LF line ends and a final newline. Metadata that changes without the
/// content changing is left out (see <see cref="RemovedInfoProperties"/>,
/// <see cref="RemovedItemProperties"/>, <see cref="RemovedEnvironmentProperties"/>); everything
/// else is kept. A v2.0.0 collection stays v2.0.0; the API envelope is not written.
/// </remarks>
public static class CollectionNormalizer
{
    /// <summary>Properties of <c>info</c> that are not written.</summary>
    public static IReadOnlyCollection<string> RemovedInfoProperties { get; } = new[]
    {
        "updatedAt", "createdAt", "lastUpdatedBy", "uid", "fork", "owner", "_exporter_id", "_collection_link",
    };

    /// <summary>Properties of requests, folders and saved responses that are not written.</summary>
    public static IReadOnlyCollection<string> RemovedItemProperties { get; } = new[]
    {
        "uid", "updatedAt", "createdAt", "lastUpdatedBy", "owner", "fork",
    };

    /// <summary>
    /// Properties of an environment that are not written: the API's bookkeeping and the export's
    /// time stamp and app version (<c>_postman_exported_at</c>, <c>_postman_exported_using</c>),
    /// which change on every export. The environment's <c>id</c> is kept.
    /// </summary>
    public static IReadOnlyCollection<string> RemovedEnvironmentProperties { get; } = new[]
    {
        "owner", "createdAt", "updatedAt", "isPublic", "_postman_exported_at", "_postman_exported_using",
    };

    /// <summary>The properties of an environment value whose <c>type</c> is <c>secret</c> that are written as an empty string.</summary>
    internal static IReadOnlyCollection<string> SecretEnvironmentValueProperties { get; } = new[]
    {
        "value", "initialValue", "currentValue", "sessionValue",
    };

    private static readonly HashSet<string> InfoRemoved = new(RemovedInfoProperties, StringComparer.Ordinal);
    private static readonly HashSet<string> ItemRemoved = new(RemovedItemProperties, StringComparer.Ordinal);
    private static readonly HashSet<string> EnvironmentRemoved = new(RemovedEnvironmentProperties, StringComparer.Ordinal);
    private static readonly HashSet<string> SecretValueProperties = new(SecretEnvironmentValueProperties, StringComparer.Ordinal);

    private enum Role
    {
        Other,
        Collection,
        Info,
        ItemArray,
        Item,
        ResponseArray,
        Response,
    }

    /// <summary>The bytes to commit for a collection.</summary>
    /// <param name="collection">A parsed collection.</param>
    /// <returns>UTF-8 JSON, Postman export layout, without the volatile metadata.</returns>
    public static byte[] Normalize(CollectionDocument collection)
    {
        if (collection is null)
        {
            throw new ArgumentNullException(nameof(collection));
        }

        var writer = new StringifyWriter(EstimateCapacity(collection.Root));
        Write(writer, collection.Root, Role.Collection, skip: null);
        return writer.ToArray();
    }

    /// <summary>
    /// The bytes to commit for a Postman environment (an export file, or the Postman API's
    /// <c>{ "environment": { ... } }</c> response): same layout as collections, the metadata in
    /// <see cref="RemovedEnvironmentProperties"/> left out, and the value of every variable whose
    /// <c>type</c> is <c>secret</c> written as an empty string.
    /// </summary>
    /// <param name="environmentJson">UTF-8 JSON (a leading BOM is accepted).</param>
    /// <returns>UTF-8 JSON of the environment (without the API envelope).</returns>
    /// <exception cref="SyncException"><see cref="CollectionErrorIds.InvalidEnvironment"/> when the input is not an environment.</exception>
    public static byte[] Normalize(byte[] environmentJson) => NormalizeEnvironment(environmentJson, "environment");

    /// <summary>Same as <see cref="Normalize(byte[])"/>, naming the input in error messages.</summary>
    /// <param name="environmentJson">UTF-8 JSON (a leading BOM is accepted).</param>
    /// <param name="sourceName">Names the input in error messages.</param>
    /// <returns>UTF-8 JSON of the environment (without the API envelope).</returns>
    /// <exception cref="SyncException"><see cref="CollectionErrorIds.InvalidEnvironment"/> when the input is not an environment.</exception>
    public static byte[] NormalizeEnvironment(byte[] environmentJson, string sourceName)
    {
        if (environmentJson is null)
        {
            throw new ArgumentNullException(nameof(environmentJson));
        }

        var memory = new ReadOnlyMemory<byte>(environmentJson);
        if (environmentJson.Length >= 3 && environmentJson[0] == 0xEF && environmentJson[1] == 0xBB && environmentJson[2] == 0xBF)
        {
            memory = memory.Slice(3);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(memory, CollectionDocument.DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new SyncException(
                CollectionErrorIds.InvalidEnvironment,
                SyncErrorCategory.InvalidData,
                $"'{sourceName}' is not a Postman environment: it is not valid JSON (line {(ex.LineNumber ?? 0) + 1}): {CollectionDocument.ReaderReason(ex)}. Export the environment from Postman and use that file.",
                sourceName,
                ex);
        }

        using (document)
        {
            var environment = document.RootElement;
            var path = "$";
            if (environment.ValueKind == JsonValueKind.Object && !environment.TryGetProperty("values", out _) &&
                environment.TryGetProperty("environment", out var inner) && inner.ValueKind == JsonValueKind.Object)
            {
                environment = inner;
                path = "$.environment";
            }

            if (environment.ValueKind != JsonValueKind.Object)
            {
                throw InvalidEnvironment(sourceName, path, "expected a JSON object with 'name' and 'values'");
            }

            if (!environment.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
            {
                throw InvalidEnvironment(sourceName, path + ".values", "the 'values' array is missing");
            }

            var writer = new StringifyWriter(memory.Length + 1024);
            writer.StartObject();
            foreach (var property in environment.EnumerateObject())
            {
                if (EnvironmentRemoved.Contains(property.Name))
                {
                    continue;
                }

                writer.PropertyName(property.Name);
                if (property.NameEquals("values") && property.Value.ValueKind == JsonValueKind.Array)
                {
                    WriteEnvironmentValues(writer, property.Value);
                }
                else
                {
                    writer.Element(property.Value);
                }
            }

            writer.EndObject();
            return writer.ToArray();
        }
    }

    private static void Write(StringifyWriter writer, JsonElement element, Role role, ISet<string>? skip)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.StartObject();
                foreach (var property in element.EnumerateObject())
                {
                    var name = property.Name;
                    if ((skip is not null && skip.Contains(name)) ||
                        (role == Role.Info && InfoRemoved.Contains(name)) ||
                        ((role == Role.Item || role == Role.Response) && ItemRemoved.Contains(name)))
                    {
                        continue;
                    }

                    writer.PropertyName(name);
                    Write(writer, property.Value, ChildRole(role, name), skip: null);
                }

                writer.EndObject();
                break;
            case JsonValueKind.Array:
                var itemRole = role switch
                {
                    Role.ItemArray => Role.Item,
                    Role.ResponseArray => Role.Response,
                    _ => Role.Other,
                };
                writer.StartArray();
                foreach (var item in element.EnumerateArray())
                {
                    if (itemRole == Role.Other)
                    {
                        writer.Element(item);
                    }
                    else
                    {
                        Write(writer, item, itemRole, skip: null);
                    }
                }

                writer.EndArray();
                break;
            default:
                writer.Element(element);
                break;
        }
    }

    private static Role ChildRole(Role parent, string name) => parent switch
    {
        Role.Collection when name == "info" => Role.Info,
        Role.Collection when name == "item" => Role.ItemArray,
        Role.Item when name == "item" => Role.ItemArray,
        Role.Item when name == "response" => Role.ResponseArray,
        _ => Role.Other,
    };

    private static void WriteEnvironmentValues(StringifyWriter writer, JsonElement values)
    {
        writer.StartArray();
        foreach (var value in values.EnumerateArray())
        {
            if (value.ValueKind != JsonValueKind.Object || !IsSecret(value))
            {
                writer.Element(value);
                continue;
            }

            writer.StartObject();
            foreach (var property in value.EnumerateObject())
            {
                writer.PropertyName(property.Name);
                if (SecretValueProperties.Contains(property.Name))
                {
                    writer.String(string.Empty);
                }
                else
                {
                    writer.Element(property.Value);
                }
            }

            writer.EndObject();
        }

        writer.EndArray();
    }

    private static bool IsSecret(JsonElement value) =>
        value.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String &&
        string.Equals(JsonStrings.Get(type), "secret", StringComparison.OrdinalIgnoreCase);

    private static SyncException InvalidEnvironment(string sourceName, string path, string problem) =>
        new(
            CollectionErrorIds.InvalidEnvironment,
            SyncErrorCategory.InvalidData,
            $"'{sourceName}' is not a Postman environment: at {path}: {problem}. Export the environment from Postman and use that file.",
            sourceName);

    // The normalized text is about as long as the input: start there to avoid regrowing.
    private static int EstimateCapacity(JsonElement root) =>
        (int)Math.Min(int.MaxValue / 2, (long)JsonMarshal.GetRawUtf8Value(root).Length + 4096);
}
