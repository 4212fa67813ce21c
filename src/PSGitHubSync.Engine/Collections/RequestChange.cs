using System;

namespace PSGitHubSync;

/// <summary>What happened to a request between two versions of a collection.</summary>
public enum RequestChangeKind
{
    /// <summary>The request is new (or its folder is new).</summary>
    Added,

    /// <summary>The request has the same identity but different content.</summary>
    Changed,

    /// <summary>The request is gone (or its folder is gone).</summary>
    Removed,

    /// <summary>The request (same <c>id</c>) has a new name or is in another folder; see <see cref="RequestChange.ContentChanged"/>.</summary>
    Renamed,
}

/// <summary>One request added, removed, renamed (or moved) or changed in a collection.</summary>
public sealed class RequestChange
{
    /// <summary>Creates a change.</summary>
    /// <param name="kind">What happened.</param>
    /// <param name="folderPath">The request's folder path now (for <see cref="RequestChangeKind.Removed"/>: before), folder names joined by '/'; empty at the collection's top level.</param>
    /// <param name="name">The request's name now (for <see cref="RequestChangeKind.Removed"/>: before).</param>
    /// <param name="method">The HTTP method (<c>request.method</c>), when the request states one.</param>
    /// <param name="oldFolderPath">For <see cref="RequestChangeKind.Renamed"/>: the folder path before.</param>
    /// <param name="oldName">For <see cref="RequestChangeKind.Renamed"/>: the name before.</param>
    /// <param name="contentChanged">For <see cref="RequestChangeKind.Renamed"/>: whether the content changed too.</param>
    /// <param name="id">The request's item id, when it has one.</param>
    public RequestChange(RequestChangeKind kind, string folderPath, string name, string? method = null, string? oldFolderPath = null, string? oldName = null, bool contentChanged = false, string? id = null)
    {
        Kind = kind;
        FolderPath = folderPath ?? string.Empty;
        Name = name ?? string.Empty;
        Method = string.IsNullOrEmpty(method) ? null : method;
        OldFolderPath = oldFolderPath;
        OldName = oldName;
        ContentChanged = kind == RequestChangeKind.Changed || contentChanged;
        Id = id;
    }

    /// <summary>What happened.</summary>
    public RequestChangeKind Kind { get; }

    /// <summary>The folder path (folder names joined by '/'; empty at the top level).</summary>
    public string FolderPath { get; }

    /// <summary>The request's name.</summary>
    public string Name { get; }

    /// <summary>The HTTP method, when the request states one.</summary>
    public string? Method { get; }

    /// <summary>For <see cref="RequestChangeKind.Renamed"/>: the folder path before.</summary>
    public string? OldFolderPath { get; }

    /// <summary>For <see cref="RequestChangeKind.Renamed"/>: the name before.</summary>
    public string? OldName { get; }

    /// <summary>True when the request's content changed (always for <see cref="RequestChangeKind.Changed"/>).</summary>
    public bool ContentChanged { get; }

    /// <summary>The request's item id, when it has one.</summary>
    public string? Id { get; }

    /// <summary>Folder path and name: <c>Payments/Refunds/Create refund</c>.</summary>
    public string Path => Join(FolderPath, Name);

    /// <summary>For <see cref="RequestChangeKind.Renamed"/>: the path before; otherwise null.</summary>
    public string? OldPath => Kind == RequestChangeKind.Renamed ? Join(OldFolderPath ?? string.Empty, OldName ?? string.Empty) : null;

    /// <summary>The changelog line: <c>+ POST Payments/Create payment</c>, <c>&gt; Refunds/Refund → Refunds/Create refund</c>.</summary>
    /// <returns>The line, without indentation.</returns>
    public override string ToString()
    {
        var method = Method is null ? string.Empty : OneLine(Method) + " ";
        return Kind switch
        {
            RequestChangeKind.Added => "+ " + method + OneLine(Path),
            RequestChangeKind.Changed => "~ " + method + OneLine(Path),
            RequestChangeKind.Removed => "- " + method + OneLine(Path),
            _ => "> " + OneLine(OldPath!) + " \u2192 " + OneLine(Path) + (ContentChanged ? " (changed)" : string.Empty),
        };
    }

    internal static string Join(string folderPath, string name)
    {
        var display = name.Length == 0 ? "(unnamed)" : name;
        return folderPath.Length == 0 ? display : folderPath + "/" + display;
    }

    internal static string OneLine(string text) =>
        text.IndexOfAny(new[] { '\r', '\n' }) < 0 ? text : text.Replace("\r\n", " ").Replace('\r', ' ').Replace('\n', ' ');
}
