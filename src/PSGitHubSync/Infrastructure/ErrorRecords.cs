using System;
using System.Management.Automation;
using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Infrastructure;

/// <summary>Turns engine failures into PowerShell <see cref="ErrorRecord"/>s with stable ids.</summary>
internal static class ErrorRecords
{
    /// <summary>
    /// The record of <paramref name="exception"/>, carrying it as its family's type (<see cref="SyncExceptionFamily"/>:
    /// <c>catch [PSGitHubSync.GitHubException]</c>, <c>catch [PSGitHubSync.SyncException]</c>).
    /// </summary>
    public static ErrorRecord From(SyncException exception, object? target = null) =>
        new(SyncExceptionFamily.Of(exception), exception.ErrorId, Map(exception.Category), target ?? exception.Target);

    public static ErrorRecord Create(string errorId, ErrorCategory category, string message, object? target, Exception? inner = null) =>
        new(SyncExceptionFamily.Of(new SyncException(errorId, SyncErrorCategory.NotSpecified, message, target, inner)), errorId, category, target);

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
