using System;

namespace PSGitHubSync.Engine.Errors;

/// <summary>
/// A failure the engine understood: it carries a stable <see cref="ErrorId"/>, a
/// <see cref="Category"/>, the offending input as <see cref="Target"/>, and a message
/// that says what happened and what to do. Messages never contain secrets.
/// </summary>
[Serializable]
public class SyncException : Exception
{
    /// <summary>
    /// Creates the exception. The message often names things taken from data (collections, files), so control
    /// characters in it are shown escaped (<see cref="Diagnostics.DisplayText.Lines"/>): an error cannot carry an
    /// ANSI sequence or a bidirectional override to the console or a log.
    /// </summary>
    public SyncException(string errorId, SyncErrorCategory category, string message, object? target = null, Exception? innerException = null)
        : base(Diagnostics.DisplayText.Lines(message), innerException)
    {
        ErrorId = errorId;
        Category = category;
        Target = target;
    }

    /// <summary>The stable identifier, one of <see cref="SyncErrorId"/>.</summary>
    public string ErrorId { get; }

    /// <summary>What kind of failure this is.</summary>
    public SyncErrorCategory Category { get; }

    /// <summary>The input that the failure is about (an integration, a repository name, a server).</summary>
    public object? Target { get; }
}
