using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PSGitHubSync.Emulator.Postman;

/// <summary>Serialization of the Postman API's bodies and its error shapes.</summary>
internal static class PostmanJson
{
    public const string CollectionSchema = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };

    public static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    public static byte[] Serialize(object value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>The classic API's error: <c>{"error":{"name":...,"message":...}}</c>.</summary>
    public static PostmanResult Error(int status, string name, string message, object? details = null) =>
        new(status, Serialize(new { error = new { name, message, details } }));

    /// <summary>The v10 API's problem shape: <c>{"type":...,"title":...,"detail":...}</c>.</summary>
    public static PostmanResult Problem(int status, string type, string title, string detail) =>
        new(status, Serialize(new { type, title, detail }));

    public static PostmanResult Ok(object value, int status = 200) => new(status, Serialize(value));
}

/// <summary>What a Postman operation answers: a status, a JSON body (null: none) and extra headers.</summary>
internal sealed record PostmanResult(int Status, byte[]? Body, IReadOnlyDictionary<string, string>? Headers = null);
