using System.Collections.Generic;

namespace PSGitHubSync.Engine.Schemas;

/// <summary>What changed from one <see cref="SchemaSet"/> to another, by relative path (ordinal order).</summary>
public sealed class SchemaSetDiff
{
    internal SchemaSetDiff(IReadOnlyList<string> added, IReadOnlyList<string> changed, IReadOnlyList<string> deleted)
    {
        Added = added;
        Changed = changed;
        Deleted = deleted;
    }

    /// <summary>Paths only in the newer set.</summary>
    public IReadOnlyList<string> Added { get; }

    /// <summary>Paths in both sets whose bytes differ.</summary>
    public IReadOnlyList<string> Changed { get; }

    /// <summary>Paths only in the older set.</summary>
    public IReadOnlyList<string> Deleted { get; }

    /// <summary>True when nothing was added, changed or deleted.</summary>
    public bool IsEmpty => Added.Count == 0 && Changed.Count == 0 && Deleted.Count == 0;

    /// <summary><c>+added ~changed -deleted</c>, one path per entry.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        foreach (var path in Added) parts.Add("+" + path);
        foreach (var path in Changed) parts.Add("~" + path);
        foreach (var path in Deleted) parts.Add("-" + path);
        return parts.Count == 0 ? "(no change)" : string.Join(" ", parts);
    }
}
