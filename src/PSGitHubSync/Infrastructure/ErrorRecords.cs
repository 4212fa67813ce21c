using System;
using System.Management.Automation;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Security;

namespace PSGitHubSync.Infrastructure;

/// <summary>Turns engine failures into PowerShell <see cref="ErrorRecord"/>s with stable ids.</summary>
internal static class ErrorRecords
{
    /// <summary>
    /// The record of <paramref name="exception"/>, carrying it as its family's type (<see cref="SyncExceptionFamily"/>:
    /// <c>catch [PSGitHubSync.GitHubException]</c>, <c>catch [PSGitHubSync.SyncException]</c>), after the secret
    /// redactor (message, inner exceptions, Data and a text target).
    /// </summary>
    public static ErrorRecord From(SyncException exception, object? target = null)
    {
        var redacted = SecretRedactor.Shared.Redact(SyncExceptionFamily.Of(exception));
        return new(redacted, redacted.ErrorId, Map(redacted.Category), SecretRedactor.Shared.RedactTarget(target ?? redacted.Target));
    }

    public static ErrorRecord Create(string errorId, ErrorCategory category, string message, object? target, Exception? inner = null)
    {
        var record = From(new SyncException(errorId, SyncErrorCategory.NotSpecified, message, target, inner), target);
        return new ErrorRecord(record.Exception, errorId, category, record.TargetObject);
    }

    /// <summary>An error record for an exception that is not the engine's (I/O, access): redacted like the others.</summary>
    public static ErrorRecord FromOther(Exception exception, string errorId, ErrorCategory category, object? target) =>
        new(SecretRedactor.Shared.Redact(exception), errorId, category, SecretRedactor.Shared.RedactTarget(target));

    public static ErrorCategory Map(SyncErrorCategory category) => category switch
    {
        SyncErrorCategory.AuthenticationError => ErrorCategory.AuthenticationError,
        SyncErrorCategory.PermissionDenied => ErrorCategory.PermissionDenied,
        SyncErrorCategory.ConnectionError => ErrorCategory.ConnectionError,
        SyncErrorCategory.SecurityError => ErrorCategory.SecurityError,
        SyncErrorCategory.ObjectNotFound => ErrorCategory.ObjectNotFound,
        SyncErrorCategory.InvalidData => ErrorCategory.InvalidData,
        SyncErrorCategory.InvalidArgument => ErrorCategory.InvalidArgument,
        SyncErrorCategory.InvalidOperation => ErrorCategory.InvalidOperation,
        SyncErrorCategory.LimitsExceeded => ErrorCategory.LimitsExceeded,
        SyncErrorCategory.OperationTimeout => ErrorCategory.OperationTimeout,
        SyncErrorCategory.WriteError => ErrorCategory.WriteError,
        SyncErrorCategory.ResourceBusy => ErrorCategory.ResourceBusy,
        SyncErrorCategory.NotInstalled => ErrorCategory.NotInstalled,
        SyncErrorCategory.ResourceExists => ErrorCategory.ResourceExists,
        _ => ErrorCategory.NotSpecified,
    };
}
