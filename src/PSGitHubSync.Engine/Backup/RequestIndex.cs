using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PSGitHubSync.Engine.Backup;

/// <summary>
/// A compact fingerprint of a collection's requests (identity, folder, name, method and a hash
/// of the request's content). The backup manifest keeps it for each backed-up collection, so a
/// later run can write a changelog without downloading the previous version of the file.
/// </summary>
public static class RequestIndex
{
    /// <summary>Indexes the requests of a collection (any JSON with <c>item</c> arrays, bare or in an envelope).</summary>
    public static IReadOnlyList<RequestEntry> FromJson(byte[] collectionJson)
    {
        using var document = JsonDocument.Parse(collectionJson, Collections.CollectionDocument.DocumentOptions);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("collection", out var envelope) && envelope.ValueKind == JsonValueKind.Object) root = envelope;
        var result = new List<RequestEntry>();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("item", out var items)) Walk(items, string.Empty, result);
        return result;
    }

    /// <summary>The requests added, removed, renamed and changed between two indexes, in folder and name order.</summary>
    public static IReadOnlyList<RequestChange> Compare(IReadOnlyList<RequestEntry>? previous, IReadOnlyList<RequestEntry> current)
    {
        var changes = new List<RequestChange>();
        var old = (previous ?? Array.Empty<RequestEntry>()).GroupBy(e => e.Identity).ToDictionary(g => g.Key, g => g.First());
        var seen = new HashSet<string>();
        foreach (var entry in current)
        {
            if (!seen.Add(entry.Identity)) continue;
            if (!old.TryGetValue(entry.Identity, out var before))
            {
                changes.Add(new RequestChange(RequestChangeKind.Added, entry.Folder, entry.Name, entry.Method));
            }
            else if (before.Name != entry.Name || before.Folder != entry.Folder)
            {
                changes.Add(new RequestChange(RequestChangeKind.Renamed, entry.Folder, entry.Name, entry.Method, before.Folder, before.Name, before.Hash != entry.Hash));
            }
            else if (before.Hash != entry.Hash || before.Method != entry.Method)
            {
                changes.Add(new RequestChange(RequestChangeKind.Changed, entry.Folder, entry.Name, entry.Method));
            }
        }
        foreach (var entry in old.Values.Where(e => !seen.Contains(e.Identity)))
        {
            changes.Add(new RequestChange(RequestChangeKind.Removed, entry.Folder, entry.Name, entry.Method));
        }
        return changes.OrderBy(c => c.Kind).ThenBy(c => c.FolderPath, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal).ToArray();
    }

    private static void Walk(JsonElement items, string folder, List<RequestEntry> result)
    {
        if (items.ValueKind != JsonValueKind.Array) return;
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) continue;
            var name = item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? Collections.JsonStrings.Get(n) : string.Empty;
            if (item.TryGetProperty("item", out var children))
            {
                Walk(children, folder.Length == 0 ? name : folder + "/" + name, result);
                continue;
            }
            if (!item.TryGetProperty("request", out var request)) continue;
            var id = item.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? Collections.JsonStrings.Get(i) : null;
            var method = request.ValueKind == JsonValueKind.Object && request.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String
                ? Collections.JsonStrings.Get(m).ToUpperInvariant()
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

/// <summary>One request in a <see cref="RequestIndex"/>.</summary>
public sealed class RequestEntry
{
    /// <summary>Creates the entry.</summary>
    public RequestEntry(string identity, string name, string folder, string method, string hash)
    {
        Identity = identity;
        Name = name;
        Folder = folder;
        Method = method;
        Hash = hash;
    }

    /// <summary>The item id, or folder/name when the item has none.</summary>
    public string Identity { get; }

    /// <summary>The request's name.</summary>
    public string Name { get; }

    /// <summary>The folder path (<c>Payments/Refunds</c>), empty at the top level.</summary>
    public string Folder { get; }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>A short hash of the request's JSON.</summary>
    public string Hash { get; }
}
