using System;
using PSGitHubSync.Engine.Security;

namespace PSGitHubSync.Engine.Errors;

/// <summary>
/// A failure the engine understood: it carries a stable <see cref="ErrorId"/>, a
/// <see cref="Category"/>, the offending input as <see cref="Target"/>, and a message
/// that says what happened and what to do. Messages never contain secrets: the message, a text
/// target and the inner exception pass through <see cref="SecretRedactor.Shared"/> when the
/// exception is created, so that nothing a server echoed is ever stored in one.
/// </summary>
[Serializable]
public class SyncException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SyncException(string errorId, SyncErrorCategory category, string message, object? target = null, Exception? innerException = null)
        : base(SecretRedactor.Shared.Redact(message), innerException is null ? null : SecretRedactor.Shared.Redact(innerException))
    {
        ErrorId = errorId;
        Category = category;
        Target = SecretRedactor.Shared.RedactTarget(target);
    }

    /// <summary>The stable identifier, one of <see cref="SyncErrorId"/>.</summary>
    public string ErrorId { get; }

    /// <summary>What kind of failure this is.</summary>
    public SyncErrorCategory Category { get; }

    /// <summary>The input that the failure is about (an integration, a repository name, a server).</summary>
    public object? Target { get; }
}
