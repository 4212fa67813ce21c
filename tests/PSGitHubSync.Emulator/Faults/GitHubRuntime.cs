using System.Text;
using System.Text.RegularExpressions;
using PSGitHubSync.Emulator.Git;
using PSGitHubSync.Emulator.State;

namespace PSGitHubSync.Emulator.Faults;

/// <summary>
/// What tests change while the GitHub emulator runs: injected faults, latency, injected rate limits, ref races,
/// the content-creation limiter and the statistics. Shared by the pipeline, the endpoints, the control endpoints
/// and <see cref="EmulatorServer"/>. Thread-safe.
/// </summary>
internal sealed class GitHubRuntime
{
    /// <summary>The author of the commits that land through <see cref="InjectRefRace"/>.</summary>
    public static readonly (string Name, string Email) SomeoneElse = ("Someone Else", "someone@example.com");

    private readonly object _lock = new();
    private readonly List<ActiveFault> _faults = new();
    private readonly List<RefRace> _races = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _contentCreation = new(StringComparer.Ordinal);
    private TimeSpan _latency;
    private int _primaryCount;
    private TimeSpan _primaryResetIn;
    private int _secondaryCount;
    private int _secondaryRetryAfter;
    private int _raceNumber;

    public GitHubRuntime(EmulatorState state, TimeProvider time)
    {
        State = state;
        Time = time;
    }

    public EmulatorState State { get; }

    public TimeProvider Time { get; }

    public StatisticsCollector Statistics { get; } = new();

    /// <summary>The "other host" listener that hostile answers may point to (<c>{otherHost}</c> in a fault), or null.</summary>
    public Uri? OtherHost { get; set; }

    public TimeSpan Latency
    {
        get
        {
            lock (_lock)
            {
                return _latency;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (_lock)
            {
                _latency = value;
            }
        }
    }

    /// <summary>Removes every injected fault, latency, injected rate limit and pending ref race.</summary>
    public void ClearFaults()
    {
        lock (_lock)
        {
            _faults.Clear();
            _races.Clear();
            _latency = TimeSpan.Zero;
            _primaryCount = 0;
            _secondaryCount = 0;
        }
    }

    public void AddFault(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfLessThan(rule.Count, 1, nameof(rule.Count));
        if (rule.Kind == FaultKind.Status && (rule.Status < 100 || rule.Status > 599))
        {
            throw new ArgumentOutOfRangeException(nameof(rule), $"Status {rule.Status} is no HTTP status.");
        }

        var copy = new FaultRule
        {
            Method = string.IsNullOrWhiteSpace(rule.Method) ? "*" : rule.Method.Trim(),
            PathPattern = string.IsNullOrEmpty(rule.PathPattern) ? "*" : rule.PathPattern,
            Count = rule.Count,
            Status = rule.Status,
            Body = rule.Body,
            Headers = new Dictionary<string, string>(rule.Headers ?? new(), StringComparer.OrdinalIgnoreCase),
            Kind = rule.Kind,
        };
        var pattern = new Regex("^" + string.Join(".*", copy.PathPattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant);
        lock (_lock)
        {
            _faults.Add(new ActiveFault(copy, pattern) { Remaining = copy.Count });
        }
    }

    /// <summary>The first fault matching the request, counted down (removed when used up); null when none.</summary>
    public FaultRule? TakeFault(string method, string path)
    {
        lock (_lock)
        {
            foreach (var fault in _faults)
            {
                if ((fault.Rule.Method == "*" || string.Equals(fault.Rule.Method, method, StringComparison.OrdinalIgnoreCase))
                    && fault.Pattern.IsMatch(path))
                {
                    if (--fault.Remaining <= 0)
                    {
                        _faults.Remove(fault);
                    }

                    return fault.Rule;
                }
            }

            return null;
        }
    }

    public void InjectPrimaryRateLimit(TimeSpan resetIn, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resetIn, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_lock)
        {
            _primaryCount = count;
            _primaryResetIn = resetIn;
        }
    }

    /// <summary>Whether this request gets the injected primary rate limit; then when the limit "resets".</summary>
    public bool TryTakePrimaryRateLimit(out DateTimeOffset resetsAt)
    {
        lock (_lock)
        {
            resetsAt = Time.GetUtcNow() + _primaryResetIn;
            if (_primaryCount <= 0)
            {
                return false;
            }

            _primaryCount--;
            return true;
        }
    }

    public void InjectSecondaryRateLimit(int retryAfterSeconds, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retryAfterSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_lock)
        {
            _secondaryCount = count;
            _secondaryRetryAfter = retryAfterSeconds;
        }
    }

    public bool TryTakeSecondaryRateLimit(out int retryAfterSeconds)
    {
        lock (_lock)
        {
            retryAfterSeconds = _secondaryRetryAfter;
            if (_secondaryCount <= 0)
            {
                return false;
            }

            _secondaryCount--;
            return true;
        }
    }

    /// <summary>
    /// GitHub's content-creation limit: at most <see cref="GitHubLimits.ContentCreationPerMinute"/> content-creating
    /// requests per caller in any minute. False (nothing counted) when this one is over it; then how long to wait.
    /// </summary>
    public bool TryCreateContent(string callerKey, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        int limit = State.Limits.ContentCreationPerMinute;
        if (limit <= 0)
        {
            return true;
        }

        var now = Time.GetUtcNow();
        lock (_lock)
        {
            if (!_contentCreation.TryGetValue(callerKey, out var window))
            {
                window = new Queue<DateTimeOffset>();
                _contentCreation[callerKey] = window;
            }

            while (window.Count > 0 && window.Peek() <= now - TimeSpan.FromMinutes(1))
            {
                window.Dequeue();
            }

            if (window.Count >= limit)
            {
                retryAfterSeconds = Math.Max(1, (int)Math.Ceiling((window.Peek() + TimeSpan.FromMinutes(1) - now).TotalSeconds));
                return false;
            }

            window.Enqueue(now);
            return true;
        }
    }

    public void InjectRefRace(string owner, string repository, string branch, string? path, string? content = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(branch);
        _ = State.FindRepository(owner, repository)
            ?? throw new ArgumentException($"Repository '{owner}/{repository}' is not configured.");
        string file = string.IsNullOrWhiteSpace(path) ? "race.txt" : path.Trim('/');
        if (!GitRepository.IsValidPath(file))
        {
            throw new ArgumentException($"'{path}' is not a valid file path.");
        }

        lock (_lock)
        {
            _races.Add(new RefRace(owner + "/" + repository, branch, file, content));
        }
    }

    /// <summary>
    /// Called (holding the state lock) just before an update of <paramref name="branch"/> is applied: when a race
    /// was injected for it, someone else's commit lands on the branch now. Returns that commit's SHA, or null.
    /// </summary>
    public string? RunRefRace(RepositoryState repository, string branch)
    {
        RefRace? race;
        int number;
        lock (_lock)
        {
            race = _races.FirstOrDefault(r => string.Equals(r.Repository, repository.FullName, StringComparison.OrdinalIgnoreCase) && r.Branch == branch);
            if (race is null)
            {
                return null;
            }

            _races.Remove(race);
            number = ++_raceNumber;
        }

        var git = repository.Git;
        if (git.BranchSha(branch) is not { } head || git.Objects.Commit(head) is not { } parent)
        {
            return null;
        }

        string blob = git.Objects.PutBlob(Encoding.UTF8.GetBytes(race.Content ?? $"Changed by someone else (race {number}, {Time.GetUtcNow():O}).\n"));
        string tree = git.ApplyTreeEdits(parent.Tree, new[] { new TreeEdit(race.Path, GitTreeEntry.FileMode, blob) });
        var someone = new GitSignature(SomeoneElse.Name, SomeoneElse.Email, Time.GetUtcNow());
        string commit = git.Objects.PutCommit(new GitCommit(tree, new[] { head }, someone, someone, $"Change {race.Path} (someone else's push)\n"));
        git.SetRef("refs/heads/" + branch, commit);
        repository.PushedAt = Time.GetUtcNow();
        return commit;
    }

    private sealed class ActiveFault
    {
        public ActiveFault(FaultRule rule, Regex pattern)
        {
            Rule = rule;
            Pattern = pattern;
        }

        public FaultRule Rule { get; }

        public Regex Pattern { get; }

        public int Remaining { get; set; }
    }

    private sealed record RefRace(string Repository, string Branch, string Path, string? Content);
}
