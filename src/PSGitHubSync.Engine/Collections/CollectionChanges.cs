using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace PSGitHubSync;

/// <summary>
/// What changed in one collection between the backed-up version and the new one: the requests
/// added, changed, removed and renamed, plus changes outside requests (collection or folder
/// settings). <see cref="ToMarkdown()"/> gives the commit-body changelog.
/// </summary>
public sealed class CollectionChanges
{
    /// <summary>Creates the result.</summary>
    /// <param name="collectionName">The collection's (new) name.</param>
    /// <param name="isNewCollection">True when there was no previous version.</param>
    /// <param name="changes">The request changes, in any order (they are sorted).</param>
    /// <param name="otherChanges">Changes outside requests, in words.</param>
    public CollectionChanges(string collectionName, bool isNewCollection, IEnumerable<RequestChange> changes, IEnumerable<string>? otherChanges = null)
    {
        CollectionName = collectionName ?? string.Empty;
        IsNewCollection = isNewCollection;
        Changes = (changes ?? throw new ArgumentNullException(nameof(changes)))
            .OrderBy(c => c.Kind)
            .ThenBy(c => c.FolderPath, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.FolderPath, StringComparer.Ordinal)
            .ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Method ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(c => c.OldPath ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(c => c.Id ?? string.Empty, StringComparer.Ordinal)
            .ToList();
        OtherChanges = (otherChanges ?? Array.Empty<string>()).ToList();
    }

    /// <summary>The collection's name.</summary>
    public string CollectionName { get; }

    /// <summary>True when there was no previous version (every request is <see cref="RequestChangeKind.Added"/>).</summary>
    public bool IsNewCollection { get; }

    /// <summary>All request changes: added, then changed, removed, renamed; each by folder path, then name.</summary>
    public IReadOnlyList<RequestChange> Changes { get; }

    /// <summary>The requests added.</summary>
    public IReadOnlyList<RequestChange> Added => Of(RequestChangeKind.Added);

    /// <summary>The requests whose content changed.</summary>
    public IReadOnlyList<RequestChange> Changed => Of(RequestChangeKind.Changed);

    /// <summary>The requests removed.</summary>
    public IReadOnlyList<RequestChange> Removed => Of(RequestChangeKind.Removed);

    /// <summary>The requests renamed or moved to another folder.</summary>
    public IReadOnlyList<RequestChange> Renamed => Of(RequestChangeKind.Renamed);

    /// <summary>Changes outside requests, in words (for example <c>collection settings: auth, variable</c>).</summary>
    public IReadOnlyList<string> OtherChanges { get; }

    /// <summary>True when anything changed.</summary>
    public bool HasChanges => Changes.Count > 0 || OtherChanges.Count > 0;

    /// <summary>
    /// The changelog for a commit body: the collection name, then one indented line per change
    /// (<c>+</c> added, <c>~</c> changed, <c>-</c> removed, <c>&gt;</c> renamed or moved,
    /// <c>*</c> other), LF line ends.
    /// </summary>
    /// <returns>The changelog text.</returns>
    public string ToMarkdown() => ToMarkdown(int.MaxValue);

    /// <summary>The changelog, with at most <paramref name="maxLines"/> change lines (then a "... and N more" line).</summary>
    /// <param name="maxLines">How many change lines to write at most.</param>
    /// <returns>The changelog text.</returns>
    public string ToMarkdown(int maxLines)
    {
        if (maxLines < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLines));
        }

        var name = RequestChange.OneLine(CollectionName);
        var builder = new StringBuilder();
        if (!HasChanges)
        {
            return builder.Append(name).Append(": no changes").ToString();
        }

        builder.Append(name).Append(IsNewCollection ? " (new):" : ":");
        var lines = Changes.Select(c => c.ToString()).Concat(OtherChanges.Select(o => "* " + RequestChange.OneLine(o))).ToList();
        var shown = Math.Min(lines.Count, maxLines);
        for (var i = 0; i < shown; i++)
        {
            builder.Append('\n').Append("  ").Append(lines[i]);
        }

        if (shown < lines.Count)
        {
            builder.Append('\n').Append("  ... and ").Append((lines.Count - shown).ToString(CultureInfo.InvariantCulture)).Append(" more");
        }

        return builder.ToString();
    }

    /// <summary>Same as <see cref="ToMarkdown()"/>.</summary>
    /// <returns>The changelog text.</returns>
    public override string ToString() => ToMarkdown();

    private IReadOnlyList<RequestChange> Of(RequestChangeKind kind) => Changes.Where(c => c.Kind == kind).ToList();
}
