using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Collections;

namespace PSGitHubSync.Tests.Collections;

/// <summary>
/// The request index as it was built before the streaming pass, by parsing the normalized bytes again: kept
/// here as the oracle the pass's <see cref="CollectionPassResult.Requests"/> is compared with.
/// </summary>
internal static class DomRequestIndex
{
    /// <summary>Indexes the requests of a collection (any JSON with <c>item</c> arrays, bare or in an envelope).</summary>
    public static IReadOnlyList<RequestEntry> FromJson(byte[] collectionJson)
    {
        using var document = JsonDocument.Parse(collectionJson, CollectionDocument.DocumentOptions);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("collection", out var envelope) && envelope.ValueKind == JsonValueKind.Object) root = envelope;
        var result = new List<RequestEntry>();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("item", out var items)) Walk(items, string.Empty, result);
        return result;
    }

    private static void Walk(JsonElement items, string folder, List<RequestEntry> result)
    {
        if (items.ValueKind != JsonValueKind.Array) return;
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) continue;
            var name = item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? JsonStrings.Get(n) : string.Empty;
            if (item.TryGetProperty("item", out var children))
            {
                Walk(children, folder.Length == 0 ? name : folder + "/" + name, result);
                continue;
            }
            if (!item.TryGetProperty("request", out var request)) continue;
            var id = item.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? JsonStrings.Get(i) : null;
            var method = request.ValueKind == JsonValueKind.Object && request.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String
                ? JsonStrings.Get(m).ToUpperInvariant()
                : request.ValueKind == JsonValueKind.String ? "GET" : string.Empty;
            result.Add(new RequestEntry(BackupManifest.ShortIdentity(id ?? (folder + "/" + name)), name, folder, method, Hash(item)));
        }
    }

    private static string Hash(JsonElement item)
    {
        using var sha = SHA1.Create();
        var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(item.GetRawText()));
        return BitConverter.ToString(bytes, 0, 6).Replace("-", string.Empty).ToLowerInvariant();
    }
}
