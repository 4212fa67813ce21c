using System;

namespace PSGitHubSync;

/// <summary>
/// A failure PSGitHubSync understood (the base of every PSGitHubSync exception: <c>catch [PSGitHubSync.SyncException]</c>); it carries a stable <see cref="ErrorId"/>, a
/// <see cref="Category"/>, the offending input as <see cref="Target"/>, and a message
/// that says what happened and what to do. Messages never contain secrets: the message, a text
/// target and the inner exception pass through the engine's secret redactor when the
/// exception is created, so that nothing a server echoed is ever stored in one.
/// </summary>
[Serializable]
public class SyncException : Exception
{
    /// <summary>
    /// Creates the exception. The message often names things taken from data (collections, files), so control
    /// characters in it are shown escaped (<see cref="DisplayText.Lines"/>, through the filter the engine installs): an error cannot carry an
    /// ANSI sequence or a bidirectional override to the console or a log.
    /// </summary>
    public SyncException(string errorId, SyncErrorCategory category, string message, object? target = null, Exception? innerException = null)
        : base(ExceptionTextFilter.Text(message), ExceptionTextFilter.Inner(innerException))
    {
        ErrorId = errorId;
        Category = category;
        Target = ExceptionTextFilter.Target(target);
    }

    /// <summary>The stable identifier (for example <c>BranchNotFound</c>), the first part of the ErrorRecord's <c>FullyQualifiedErrorId</c>.</summary>
    public string ErrorId { get; }

    /// <summary>What kind of failure this is.</summary>
    public SyncErrorCategory Category { get; }

    /// <summary>The input that the failure is about (an integration, a repository name, a server).</summary>
    public object? Target { get; }

    /// <summary>
    /// True when the failure may be a blip (a reset connection, a timeout) that the same request may not meet again:
    /// the transport retries such failures within its bounds before it lets one through.
    /// </summary>
    public bool IsTransient { get; set; }
}
