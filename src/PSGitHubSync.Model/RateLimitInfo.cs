using System;

namespace PSGitHubSync;

/// <summary>A GitHub rate limit as the server last reported it.</summary>
public sealed class RateLimitInfo
{
    /// <summary>Creates the value.</summary>
    public RateLimitInfo(int limit, int remaining, DateTimeOffset resetsAt, string? resource = null)
    {
        Limit = limit;
        Remaining = remaining;
        ResetsAt = resetsAt;
        Resource = resource;
    }

    /// <summary>Requests allowed per window.</summary>
    public int Limit { get; }

    /// <summary>Requests left in the current window.</summary>
    public int Remaining { get; }

    /// <summary>When the window resets.</summary>
    public DateTimeOffset ResetsAt { get; }

    /// <summary>The rate-limit bucket (<c>core</c>, <c>search</c>, ...).</summary>
    public string? Resource { get; }

    /// <summary>For example <c>4990/5000 (resets 12:00:00Z)</c>.</summary>
    public override string ToString() => $"{Remaining}/{Limit} (resets {ResetsAt.UtcDateTime:HH:mm:ss}Z)";
}
