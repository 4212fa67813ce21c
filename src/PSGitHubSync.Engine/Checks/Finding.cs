using System;
using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Engine.Checks;

/// <summary>What a check found, before it is labelled with the integration and the check's name.</summary>
internal sealed class Finding
{
    private Finding(CheckStatus status, string detail, string? fix, string? errorId, SyncErrorCategory category, Exception? inner)
    {
        Status = status;
        Detail = detail;
        Fix = fix;
        ErrorId = errorId;
        Category = category;
        Inner = inner;
    }

    public CheckStatus Status { get; }

    public string Detail { get; }

    public string? Fix { get; }

    public string? ErrorId { get; }

    public SyncErrorCategory Category { get; }

    public Exception? Inner { get; }

    public bool Usable => Status != CheckStatus.Failed && Status != CheckStatus.Skipped;

    public static Finding Pass(string detail) => new(CheckStatus.Passed, detail, null, null, SyncErrorCategory.NotSpecified, null);

    public static Finding Warn(string detail, string fix) => new(CheckStatus.Warning, detail, fix, null, SyncErrorCategory.NotSpecified, null);

    public static Finding Skip(string reason) => new(CheckStatus.Skipped, reason, null, null, SyncErrorCategory.NotSpecified, null);

    public static Finding Fail(string errorId, SyncErrorCategory category, string detail, string fix, Exception? inner = null) =>
        new(CheckStatus.Failed, detail, fix, errorId, category, inner);

    /// <summary>A failure the engine already explained in one message (what happened and what to do).</summary>
    public static Finding FromError(SyncException error, string fix) => Fail(error.ErrorId, error.Category, error.Message, fix, error);
}
