using PSGitHubSync.Emulator.RateLimiting;

namespace PSGitHubSync.Emulator.Postman;

/// <summary>The numbers of the X-RateLimit-* headers (Reset in UTC epoch seconds, RetryAfter in seconds).</summary>
internal readonly record struct PostmanRateStatus(int Limit, int Remaining, long Reset, int RetryAfter)
{
    /// <summary>
    /// Postman's numbers for a window: the reset time in epoch seconds rounded up; when the request was refused, the
    /// whole seconds until then (at least 1), otherwise 0.
    /// </summary>
    public static PostmanRateStatus Of(RateLimitWindow window, bool refused) => new(
        window.Limit,
        window.Remaining,
        (long)Math.Ceiling((window.ResetsAt - DateTimeOffset.UnixEpoch).TotalSeconds),
        refused ? Math.Max(1, (int)Math.Ceiling(window.UntilReset.TotalSeconds)) : 0);
}
