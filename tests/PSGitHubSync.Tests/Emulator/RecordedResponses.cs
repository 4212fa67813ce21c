using System.Text.Json;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>A real request/response pair recorded against api.github.com (tests/reference/github-recorded).</summary>
internal sealed class RecordedResponse
{
    private RecordedResponse(JsonElement entry)
    {
        Method = entry.GetProperty("method").GetString()!.ToUpperInvariant();
        Path = entry.GetProperty("path").GetString()!;
        Status = entry.GetProperty("status").GetInt32();
        Body = entry.GetProperty("response").Clone();
        Headers = entry.GetProperty("headers").EnumerateObject().ToDictionary(
            p => p.Name.ToLowerInvariant(),
            p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(),
            StringComparer.OrdinalIgnoreCase);
    }

    public string Method { get; }

    public string Path { get; }

    public int Status { get; }

    public JsonElement Body { get; }

    /// <summary>Header name (lower case) -> value as text.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>All entries of one recorded scenario file, e.g. "get-repository".</summary>
    public static IReadOnlyList<RecordedResponse> Load(string scenario)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ReferenceFiles.Recorded(scenario)));
        return document.RootElement.EnumerateArray().Select(e => new RecordedResponse(e)).ToArray();
    }

    /// <summary>The first entry of a scenario with this method and status.</summary>
    public static RecordedResponse Find(string scenario, string method, int status) =>
        Load(scenario).First(r => r.Method == method && r.Status == status);
}
