namespace PSGitHubSync.Emulator.RateLimiting;

/// <summary>The numbers GitHub reports in the x-ratelimit-* headers and in <c>/rate_limit</c>.</summary>
internal readonly record struct RateLimitStatus(int Limit, int Remaining, long Reset, string Resource = "core")
{
    public int Used => Limit - Remaining;
}

/// <summary>
/// GitHub's primary (hourly) rate limit of the "core" resource: one window per client key (a token,
/// or the client address when unauthenticated). The window opens with the first request and resets an
/// hour later (<c>x-ratelimit-reset</c>, epoch seconds).
/// </summary>
internal sealed class RateLimiter
{
    private static readonly TimeSpan WindowLength = TimeSpan.FromHours(1);

    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly object _lock = new();

    public RateLimiter(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>The current numbers, without counting a request (what <c>/rate_limit</c> does).</summary>
    public RateLimitStatus Peek(string key, int limit)
    {
        lock (_lock)
        {
            return Status(Current(key, limit, create: false), limit);
        }
    }

    /// <summary>Counts one request. False (and nothing counted) when the window is used up.</summary>
    public bool TryConsume(string key, int limit, out RateLimitStatus status)
    {
        lock (_lock)
        {
            var window = Current(key, limit, create: true)!;
            bool allowed = window.Used < limit;
            if (allowed)
            {
                window.Used++;
            }

            status = Status(window, limit);
            return allowed;
        }
    }

    /// <summary>Gives one request back (a 304 Not Modified does not count on GitHub).</summary>
    public RateLimitStatus Refund(string key, int limit)
    {
        lock (_lock)
        {
            var window = Current(key, limit, create: true)!;
            if (window.Used > 0)
            {
                window.Used--;
            }

            return Status(window, limit);
        }
    }

    private Window? Current(string key, int limit, bool create)
    {
        var now = _time.GetUtcNow();
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

    private RateLimitStatus Status(Window? window, int limit)
    {
        var resetsAt = window?.ResetsAt ?? _time.GetUtcNow() + WindowLength;
        int used = Math.Min(window?.Used ?? 0, limit);
        return new RateLimitStatus(limit, limit - used, resetsAt.ToUnixTimeSeconds());
    }

    private sealed class Window
    {
        public DateTimeOffset ResetsAt { get; init; }

        public int Used { get; set; }
    }
}
