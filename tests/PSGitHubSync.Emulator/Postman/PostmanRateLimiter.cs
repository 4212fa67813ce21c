namespace PSGitHubSync.Emulator.Postman;

/// <summary>The numbers of the X-RateLimit-* headers (Reset in UTC epoch seconds, RetryAfter in seconds).</summary>
internal readonly record struct PostmanRateStatus(int Limit, int Remaining, long Reset, int RetryAfter);

/// <summary>
/// Postman's per-key limit: a one-minute window that opens with a key's first request; past the limit every request
/// is refused (and not counted) until the window ends.
/// </summary>
internal sealed class PostmanRateLimiter
{
    private static readonly TimeSpan WindowLength = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly object _lock = new();

    public PostmanRateLimiter(TimeProvider time)
    {
        _time = time;
    }

    public bool TryConsume(string key, int limit, out PostmanRateStatus status)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (!_windows.TryGetValue(key, out var window) || now >= window.ResetsAt)
            {
                window = new Window { ResetsAt = now + WindowLength };
                _windows[key] = window;
            }

            bool allowed = window.Used < limit;
            if (allowed)
            {
                window.Used++;
            }

            long reset = (long)Math.Ceiling((window.ResetsAt - DateTimeOffset.UnixEpoch).TotalSeconds);
            int retryAfter = allowed ? 0 : Math.Max(1, (int)Math.Ceiling((window.ResetsAt - now).TotalSeconds));
            status = new PostmanRateStatus(limit, Math.Max(0, limit - window.Used), reset, retryAfter);
            return allowed;
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _windows.Clear();
        }
    }

    private sealed class Window
    {
        public DateTimeOffset ResetsAt { get; init; }

        public int Used { get; set; }
    }
}
