using System.Runtime.InteropServices;
using System.Text.Json;
using PSGitHubSync.Engine.Collections;

namespace PSGitHubSync.Tests.Collections;

/// <summary>
/// The normalizer as it worked over a parsed document before the streaming pass
/// (<see cref="CollectionStreamNormalizer"/>) replaced it in the product: kept here as the oracle the pass is
/// compared with. Each result is also checked against the pass over the same JSON, so every test written
/// against the normalizer checks the pass too.
/// </summary>
internal static class DomNormalizer
{
    public static IReadOnlyCollection<string> RemovedInfoProperties => PSGitHubSync.Engine.Collections.CollectionNormalizer.RemovedInfoProperties;

    public static IReadOnlyCollection<string> RemovedItemProperties => PSGitHubSync.Engine.Collections.CollectionNormalizer.RemovedItemProperties;

    public static IReadOnlyCollection<string> RemovedEnvironmentProperties => PSGitHubSync.Engine.Collections.CollectionNormalizer.RemovedEnvironmentProperties;

    private static readonly HashSet<string> InfoRemoved = new(RemovedInfoProperties, StringComparer.Ordinal);
    private static readonly HashSet<string> ItemRemoved = new(RemovedItemProperties, StringComparer.Ordinal);
    private static readonly HashSet<string> EnvironmentRemoved = new(RemovedEnvironmentProperties, StringComparer.Ordinal);
    private static readonly HashSet<string> SecretValueProperties = new(PSGitHubSync.Engine.Collections.CollectionNormalizer.SecretEnvironmentValueProperties, StringComparer.Ordinal);

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
        return CrossCheck.CollectionBytes(collection, writer.ToArray());
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
            throw EnvironmentPass.NotJson(sourceName, ex);
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
                throw EnvironmentPass.Invalid(sourceName, path, "expected a JSON object with 'name' and 'values'");
            }

            if (!environment.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
            {
                throw EnvironmentPass.Invalid(sourceName, path + ".values", "the 'values' array is missing");
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
            return CrossCheck.EnvironmentBytes(environmentJson, sourceName, writer.ToArray());
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

    // The normalized text is about as long as the input: start there to avoid regrowing.
    private static int EstimateCapacity(JsonElement root) =>
        (int)Math.Min(int.MaxValue / 2, (long)JsonMarshal.GetRawUtf8Value(root).Length + 4096);
}
