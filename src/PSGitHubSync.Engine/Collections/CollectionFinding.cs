using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace PSGitHubSync.Engine.Collections;

/// <summary>
/// One place where a collection deviates from the Postman collection JSON schema (v2.0.0/v2.1.0)
/// although it is still a collection a restore can use: a warning, never a refusal. Postman's own
/// exports contain such deviations (a saved response's cookie without <c>domain</c>, a header
/// value that is a number, a variable <c>type</c> outside the schema's list...).
/// </summary>
public sealed class CollectionFinding
{
    /// <summary>Creates the value.</summary>
    public CollectionFinding(string jsonPath, string message, string kind)
    {
        JsonPath = jsonPath;
        Message = message;
        Kind = kind;
    }

    /// <summary>Where, as a JSON path (<c>$.item[2].response[0].cookie[0]</c>).</summary>
    public string JsonPath { get; }

    /// <summary>What the schema expects there.</summary>
    public string Message { get; }

    /// <summary>
    /// The class of deviation, for summaries: the location with indexes and folder nesting folded
    /// (<c>item[].response[].cookie[]</c>) and the schema keywords that failed (<c>required</c>).
    /// </summary>
    public string Kind { get; }

    /// <summary>The path and message.</summary>
    public override string ToString() => JsonPath + ": " + Message;

    /// <summary>The folded form of a location: indexes become <c>[]</c>, nested folders one <c>item[]</c>.</summary>
    internal static string Shape(IReadOnlyList<JsonPathSegment> segments)
    {
        var parts = new List<string>();
        foreach (var segment in segments)
        {
            if (segment.IsIndex)
            {
                if (parts.Count > 0) parts[parts.Count - 1] += "[]";
                else parts.Add("[]");
                continue;
            }

            parts.Add(segment.Property!);
        }

        // item[].item[].item[] (folders in folders) is one shape.
        var folded = new List<string>();
        foreach (var part in parts)
        {
            if (part == "item[]" && folded.Count > 0 && folded[folded.Count - 1] == "item[]") continue;
            folded.Add(part.Length > 40 ? "(property)" : part);
        }

        return folded.Count == 0 ? "$" : string.Join(".", folded);
    }

    /// <summary>A one-line summary of several findings (the first few paths, then a count).</summary>
    internal static string Summarize(IReadOnlyList<CollectionFinding> findings, int shown = 5)
    {
        var builder = new StringBuilder();
        builder.Append(string.Join("; ", findings.Take(shown).Select(f => f.ToString())));
        if (findings.Count > shown) builder.Append("; and ").Append(findings.Count - shown).Append(" more");
        return builder.ToString();
    }
}
