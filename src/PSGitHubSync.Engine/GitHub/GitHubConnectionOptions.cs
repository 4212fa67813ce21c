using System;
using PSGitHubSync.Engine.Http;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>Transport settings for a <see cref="GitHubConnection"/>.</summary>
public sealed class GitHubConnectionOptions : HttpApiOptions
{
    /// <summary>
    /// Content-creating requests (blobs, trees, commits, tags, contents) allowed per minute once the
    /// burst is used, under GitHub's secondary limit of 80 a minute: the burst plus one minute's rate
    /// (20 + 60) never exceeds 80 in any minute. Zero turns pacing off.
    /// </summary>
    public int ContentCreationPerMinute { get; set; } = 60;

    /// <summary>Content-creating requests allowed at once before pacing starts.</summary>
    public int ContentCreationBurst { get; set; } = 20;
}
