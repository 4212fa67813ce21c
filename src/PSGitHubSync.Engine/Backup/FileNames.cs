using System;
using System.Collections.Generic;
using System.Linq;
using PSGitHubSync.Engine.IO;
using PSGitHubSync.Engine.Postman;

namespace PSGitHubSync.Engine.Backup;

/// <summary>
/// File names for backed-up collections and environments, all made by the one portable rule
/// (<see cref="PortableFileName"/>: at most 255 bytes, NFC, safe on Windows, macOS and Linux).
/// </summary>
public static class FileNames
{
    /// <summary>The suffix of collection files.</summary>
    public const string CollectionSuffix = ".postman_collection.json";

    /// <summary>The suffix of environment files.</summary>
    public const string EnvironmentSuffix = ".postman_environment.json";

    /// <summary><c>&lt;name&gt;.postman_collection.json</c>, made portable by <see cref="PortableFileName.Create"/>.</summary>
    public static string ForCollection(string name) => PortableFileName.Create(name, CollectionSuffix);

    /// <summary>
    /// One file or folder name (such as a workspace's folder) for <paramref name="name"/>, by <see cref="PortableFileName.Create"/>;
    /// an empty name becomes <c>collection</c>.
    /// </summary>
    public static string Sanitize(string name) => PortableFileName.Create(name);

    /// <summary>
    /// A file name per item: <paramref name="fixedName"/> for a single item when given, else the portable
    /// name plus <paramref name="suffix"/>. Items whose file names would be one file on Windows or macOS
    /// (equal but for case, Unicode normalization or replaced characters) each get their Postman id added,
    /// <c>Name (id).postman_collection.json</c>, which stays the same from run to run.
    /// </summary>
    public static IReadOnlyDictionary<PostmanCollectionSummary, string> Assign(IReadOnlyList<PostmanCollectionSummary> items, string? fixedName, string suffix)
    {
        var result = new Dictionary<PostmanCollectionSummary, string>();
        if (fixedName is not null && items.Count == 1)
        {
            result[items[0]] = fixedName;
            return result;
        }
        var plain = items.ToDictionary(i => i, i => PortableFileName.Create(i.Name, suffix));
        var counts = plain.Values.GroupBy(n => n, PortableFileName.Comparer).ToDictionary(g => g.Key, g => g.Count(), PortableFileName.Comparer);
        var taken = new HashSet<string>(PortableFileName.Comparer);
        foreach (var item in items)
        {
            var name = counts[plain[item]] > 1 ? PortableFileName.Create(item.Name, suffix, qualifier: $" ({PortableFileName.Clean(item.Id)})") : plain[item];
            // Ids are unique, so this only matters when a name happens to look like another's "Name (id)".
            if (!taken.Add(name))
            {
                name = PortableFileName.Create(item.Name, suffix, qualifier: $" ({PortableFileName.ShortHash(item.Uid + "|" + item.Id)})");
                taken.Add(name);
            }
            result[item] = name;
        }
        return result;
    }
}
