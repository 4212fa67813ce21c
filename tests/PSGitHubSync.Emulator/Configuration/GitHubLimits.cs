namespace PSGitHubSync.Emulator;

/// <summary>
/// GitHub's limits that a client must respect (JSON: <c>"gitHubLimits": { ... }</c>). The defaults are GitHub's.
/// </summary>
public sealed class GitHubLimits
{
    /// <summary>
    /// Content-creating requests (POST git/blobs, git/trees, git/commits, git/tags; PUT contents) a token may send
    /// per minute (sliding window) before it gets GitHub's secondary rate limit (403, <c>retry-after</c>).
    /// GitHub: 80. 0 or less: no limit.
    /// </summary>
    public int ContentCreationPerMinute { get; set; } = 80;

    /// <summary>
    /// Create-tree request bodies larger than this answer 502, as GitHub's gateway does. Default 7 MB: GitHub
    /// documents 7 MB for a tree, and create-tree requests of a few MB already time out on github.com
    /// ("Sorry, your request timed out. It's likely that your input was too large to process.").
    /// </summary>
    public long CreateTreeMaxBodyBytes { get; set; } = 7L * 1024 * 1024;

    /// <summary>Blobs larger than this are refused with 422 (GitHub: 100 MB).</summary>
    public long MaxBlobBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>A recursive tree listing stops after this many entries with <c>truncated: true</c> (GitHub: 100,000).</summary>
    public int MaxTreeEntries { get; set; } = 100_000;

    /// <summary>A recursive tree listing also stops before its answer passes this size (GitHub: 7 MB), whichever comes first.</summary>
    public long MaxTreeResponseBytes { get; set; } = 7L * 1024 * 1024;

    /// <summary>Files larger than this come back from the contents API with empty content and encoding "none" (GitHub: 1 MB).</summary>
    public long ContentsMaxInlineBytes { get; set; } = 1024 * 1024;
}
