using PSGitHubSync.Emulator.Faults;
using PSGitHubSync.Emulator.State;

namespace PSGitHubSync.Emulator;

/// <summary>The GitHub side for tests: repository views, export to real git, faults, rate limits, races, statistics.</summary>
public sealed partial class EmulatorServer
{
    /// <summary>Latency added to every GitHub API request (not to control endpoints).</summary>
    public TimeSpan Latency
    {
        get => GitHub.Latency;
        set => GitHub.Latency = value;
    }

    /// <summary>Counters since the start or <see cref="ResetStatistics"/>.</summary>
    public EmulatorStatistics Statistics => GitHub.Statistics.Snapshot();

    internal GitHubRuntime GitHub { get; private set; } = null!;

    /// <summary>Read access to a configured repository. Throws <see cref="ArgumentException"/> for an unknown one.</summary>
    public GitRepositoryView GetRepository(string owner, string name) =>
        RepositoryExport.View(GitHub.State, owner, name) ?? throw new ArgumentException(RepositoryExport.NotConfigured(owner, name));

    /// <summary>
    /// Writes the repository as a bare git repository into <paramref name="directory"/> (created when missing; an
    /// earlier export there is updated): loose zlib objects, refs, HEAD. <c>git fsck --strict</c> accepts it.
    /// </summary>
    public void ExportBareRepository(string owner, string name, string directory)
    {
        _ = RepositoryExport.WriteBare(GitHub.State, owner, name, directory)
            ?? throw new ArgumentException(RepositoryExport.NotConfigured(owner, name));
    }

    /// <summary>The next <see cref="FaultRule.Count"/> requests matching the rule fail as it says.</summary>
    public void InjectFault(FaultRule rule) => GitHub.AddFault(rule);

    /// <summary>Moves the GitHub side's clock forward (installation tokens and JWTs expire by it).</summary>
    public void AdvanceClock(TimeSpan by) => ((Faults.EmulatorClock)GitHub.Time).Advance(by);

    /// <summary>Removes injected faults, latency, injected rate limits and pending ref races.</summary>
    public void ClearFaults() => GitHub.ClearFaults();

    /// <summary>
    /// The next <paramref name="count"/> requests (any caller; <c>/rate_limit</c> excepted) get GitHub's primary rate
    /// limit answer: 403, <c>x-ratelimit-remaining: 0</c>, <c>x-ratelimit-reset</c> = now + <paramref name="resetIn"/>.
    /// </summary>
    public void InjectPrimaryRateLimit(TimeSpan resetIn, int count = 1) => GitHub.InjectPrimaryRateLimit(resetIn, count);

    /// <summary>The next <paramref name="count"/> requests get GitHub's secondary rate limit answer: 403 with <c>retry-after</c>.</summary>
    public void InjectSecondaryRateLimit(int retryAfterSeconds, int count = 1) => GitHub.InjectSecondaryRateLimit(retryAfterSeconds, count);

    /// <summary>
    /// Just before the next update of <paramref name="branch"/> (PATCH git/refs/heads/BRANCH or a contents PUT on it) is
    /// applied, a commit by "Someone Else &lt;someone@example.com&gt;" that adds or changes <paramref name="path"/>
    /// (default race.txt) lands on the branch, so the client's update is no longer a fast forward. It stays in history.
    /// </summary>
    public void InjectRefRace(string owner, string repo, string branch, string? path = null, string? content = null) => GitHub.InjectRefRace(owner, repo, branch, path, content);

    public void ResetStatistics() => GitHub.Statistics.Reset();
}
