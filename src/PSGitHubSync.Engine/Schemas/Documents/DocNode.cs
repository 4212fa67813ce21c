using System;
using System.Collections.Generic;

namespace PSGitHubSync.Engine.Schemas.Documents;

internal enum DocNodeKind
{
    Mapping,
    Sequence,
    Scalar,
}

/// <summary>A key of a mapping, with its position.</summary>
internal readonly struct DocEntry
{
    public DocEntry(string key, int line, int column, DocNode value)
    {
        Key = key;
        Line = line;
        Column = column;
        Value = value;
    }

    public string Key { get; }

    public int Line { get; }

    public int Column { get; }

    public DocNode Value { get; }
}

/// <summary>
/// A JSON or YAML node with its 1-based position: the validator's own model, so that JSON and YAML
/// files are walked alike and no parser type leaves the reader that made it.
/// </summary>
internal sealed class DocNode
{
    private const int IndexThreshold = 8;
    private Dictionary<string, int>? _index;

    private DocNode(DocNodeKind kind, string? tag, int line, int column)
    {
        Kind = kind;
        Tag = tag;
        Line = line;
        Column = column;
    }

    public DocNodeKind Kind { get; }

    /// <summary>The YAML tag (<c>!include</c>), or null.</summary>
    public string? Tag { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>A scalar's text (numbers as written, <c>true</c>, <c>null</c>).</summary>
    public string? Value { get; private set; }

    /// <summary>A scalar written as a string: JSON string or quoted YAML scalar.</summary>
    public bool IsQuoted { get; private set; }

    /// <summary>True when a YAML anchor names the node (aliases may share it).</summary>
    public bool IsAnchored { get; set; }

    public List<DocEntry> Entries { get; } = new();

    public List<DocNode> Items { get; } = new();

    public static DocNode NewScalar(string value, bool isQuoted, string? tag, int line, int column)
        => new(DocNodeKind.Scalar, tag, line, column) { Value = value, IsQuoted = isQuoted };

    public static DocNode NewMapping(string? tag, int line, int column) => new(DocNodeKind.Mapping, tag, line, column);

    public static DocNode NewSequence(string? tag, int line, int column) => new(DocNodeKind.Sequence, tag, line, column);

    /// <summary>
    /// The first entry with the key, or null (mappings only). Keys merged in with YAML's <c>&lt;&lt;</c>
    /// count when the mapping does not have the key itself.
    /// </summary>
    public DocEntry? FindEntry(string key) => FindEntry(key, 0);

    private DocEntry? FindEntry(string key, int depth)
    {
        if (Kind != DocNodeKind.Mapping) return null;
        var own = FindOwn(key);
        if (own is not null || depth > 16) return own;
        var merge = FindOwn("<<");
        if (merge is null) return null;
        var merged = merge.Value.Value;
        if (merged.Kind == DocNodeKind.Mapping) return merged.FindEntry(key, depth + 1);
        if (merged.Kind == DocNodeKind.Sequence)
        {
            foreach (var item in merged.Items)
            {
                var found = item.FindEntry(key, depth + 1);
                if (found is not null) return found;
            }
        }
        return null;
    }

    private DocEntry? FindOwn(string key)
    {
        if (Entries.Count > IndexThreshold)
        {
            if (_index is null)
            {
                var index = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < Entries.Count; i++)
                {
                    if (!index.ContainsKey(Entries[i].Key)) index[Entries[i].Key] = i;
                }
                _index = index;
            }
            return _index.TryGetValue(key, out var position) ? Entries[position] : null;
        }
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal)) return entry;
        }
        return null;
    }

    /// <summary>The value of the key, or null.</summary>
    public DocNode? Get(string key) => FindEntry(key)?.Value;

    /// <summary>Adds an entry (the caller checks duplicates); keeps the lookup index in step.</summary>
    public void Add(string key, int line, int column, DocNode value)
    {
        Entries.Add(new DocEntry(key, line, column, value));
        _index = null;
    }
}
