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
