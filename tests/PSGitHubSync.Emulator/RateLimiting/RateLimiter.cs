namespace PSGitHubSync.Emulator.RateLimiting;

/// <summary>The numbers GitHub reports in the x-ratelimit-* headers and in <c>/rate_limit</c>.</summary>
internal readonly record struct RateLimitStatus(int Limit, int Remaining, long Reset, string Resource = "core")
{
    public int Used => Limit - Remaining;

    /// <summary>GitHub's numbers for a window: <c>x-ratelimit-reset</c> is the reset time in whole epoch seconds (rounded down).</summary>
    public static RateLimitStatus Of(RateLimitWindow window) =>
        new(window.Limit, window.Remaining, window.ResetsAt.ToUnixTimeSeconds());
}

/// <summary>One client key's window as a call left it: its limit, how much of it is used, when it resets.</summary>
/// <param name="Limit">The requests the window allows.</param>
/// <param name="Used">The requests counted in it (never more than <paramref name="Limit"/>).</param>
/// <param name="ResetsAt">When the window ends and a fresh one may open.</param>
/// <param name="UntilReset">How long from the call until then.</param>
internal readonly record struct RateLimitWindow(int Limit, int Used, DateTimeOffset ResetsAt, TimeSpan UntilReset)
{
    public int Remaining => Limit - Used;
}

/// <summary>
/// A fixed-window rate limit, one window per client key (a token or API key, or the client address when there is
/// none). A key's window opens with its first request and ends <see cref="WindowLength"/> later; past the limit every
/// request is refused (and not counted) until it ends. GitHub's primary limit and Postman's per-key limit are both
/// this, and differ only in the window (an hour, a minute) and the limits.
/// </summary>
internal sealed class RateLimiter
{
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly object _lock = new();

    public RateLimiter(TimeProvider time, TimeSpan windowLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(windowLength, TimeSpan.Zero);
        _time = time;
        WindowLength = windowLength;
    }

    /// <summary>How long a window lasts from the request that opens it.</summary>
    public TimeSpan WindowLength { get; }

    /// <summary>The current numbers, without counting a request (what <c>/rate_limit</c> does).</summary>
    public RateLimitWindow Peek(string key, int limit)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            return Numbers(Current(key, now, create: false), limit, now);
        }
    }

    /// <summary>Counts one request. False (and nothing counted) when the window is used up.</summary>
    public bool TryConsume(string key, int limit, out RateLimitWindow window)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var current = Current(key, now, create: true)!;
            bool allowed = current.Used < limit;
            if (allowed)
            {
                current.Used++;
            }

            window = Numbers(current, limit, now);
            return allowed;
        }
    }

    /// <summary>Gives one request back (a 304 Not Modified does not count on GitHub).</summary>
    public RateLimitWindow Refund(string key, int limit)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var current = Current(key, now, create: true)!;
            if (current.Used > 0)
            {
                current.Used--;
            }

            return Numbers(current, limit, now);
        }
    }

    /// <summary>Ends every key's window: the next request of each opens a fresh one.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _windows.Clear();
        }
    }

    private Window? Current(string key, DateTimeOffset now, bool create)
    {
        if (_windows.TryGetValue(key, out var window) && now < window.ResetsAt)
        {
            return window;
        }

        if (!create)
        {
            return null;
        }

        window = new Window { ResetsAt = now + WindowLength };
        _windows[key] = window;
        return window;
    }

    private RateLimitWindow Numbers(Window? window, int limit, DateTimeOffset now)
    {
        var resetsAt = window?.ResetsAt ?? now + WindowLength;
        int used = Math.Min(window?.Used ?? 0, limit);
        return new RateLimitWindow(limit, used, resetsAt, resetsAt - now);
    }

    private sealed class Window
    {
        public DateTimeOffset ResetsAt { get; init; }

        public int Used { get; set; }
    }
}
