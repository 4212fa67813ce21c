using System;
using PSGitHubSync.Engine.Http;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>Transport settings for a <see cref="GitHubConnection"/>.</summary>
public sealed class GitHubConnectionOptions : HttpApiOptions
{
    /// <summary>
    /// Content-creating requests (blobs, trees, commits, tags, contents) allowed per minute
    /// before the connection paces itself, under GitHub's secondary limit of about 80 a minute.
    /// Zero turns pacing off.
    /// </summary>
    public int ContentCreationPerMinute { get; set; } = 75;

    /// <summary>Content-creating requests allowed at once before pacing starts.</summary>
    public int ContentCreationBurst { get; set; } = 25;
}
