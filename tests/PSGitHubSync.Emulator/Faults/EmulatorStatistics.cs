namespace PSGitHubSync.Emulator;

/// <summary>
/// Counters of the GitHub API since the start or the last reset (JSON: camelCase). Control endpoints
/// (<c>/_emulator/...</c>) are not counted.
/// </summary>
public sealed class EmulatorStatistics
{
    /// <summary>Every GitHub API request, whatever its answer (injected faults and 304s included).</summary>
    public int TotalRequests { get; init; }

    /// <summary>"METHOD /route-template" (GitHub's templates, e.g. "POST /repos/{owner}/{repo}/git/trees") → requests; unknown paths as "METHOD (unknown)".</summary>
    public IReadOnlyDictionary<string, int> RequestsByEndpoint { get; init; } = new Dictionary<string, int>();

    /// <summary>Commits created through the API (create-a-commit, contents PUT), in all repositories.</summary>
    public int CommitsCreated { get; init; }

    /// <summary>"owner/repo" → commits created through the API in that repository.</summary>
    public IReadOnlyDictionary<string, int> CommitsCreatedByRepository { get; init; } = new Dictionary<string, int>();

    /// <summary>Blobs created with create-a-blob (POST git/blobs answered 201).</summary>
    public int BlobsCreated { get; init; }

    /// <summary>Requests to content-creating endpoints (POST git/blobs, git/trees, git/commits, git/tags; PUT contents), answered or refused.</summary>
    public int ContentCreatingRequests { get; init; }

    /// <summary>Content-creating requests refused with 403 because the per-minute content-creation limit was reached.</summary>
    public int ContentCreationRefused { get; init; }

    /// <summary>Requests of one endpoint, e.g. <c>Requests("PATCH /repos/{owner}/{repo}/git/refs/{ref}")</c>; 0 when none.</summary>
    public int Requests(string endpoint) => RequestsByEndpoint.TryGetValue(endpoint, out int count) ? count : 0;
}
