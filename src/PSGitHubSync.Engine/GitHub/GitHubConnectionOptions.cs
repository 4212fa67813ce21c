using System;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>Transport settings for a <see cref="GitHubConnection"/>.</summary>
public sealed class GitHubConnectionOptions
{
    /// <summary>How requests reach the server.</summary>
    public ProxySettings Proxy { get; set; } = new();

    /// <summary>How long one request may take before it counts as timed out.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many times a transient failure (5xx, timeout, reset, secondary rate limit) is retried.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry's delay; each later one doubles, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait for a rate limit to reset before failing with <c>RateLimited</c>.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The User-Agent product token.</summary>
    public string UserAgent { get; set; } = "PSGitHubSync/" + typeof(GitHubConnectionOptions).Assembly.GetName().Version?.ToString(3);
}
