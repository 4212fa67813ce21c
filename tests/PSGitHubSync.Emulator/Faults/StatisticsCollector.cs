namespace PSGitHubSync.Emulator.Faults;

/// <summary>Thread-safe counters behind <see cref="EmulatorStatistics"/>.</summary>
internal sealed class StatisticsCollector
{
    private readonly object _lock = new();
    private readonly Dictionary<string, int> _byEndpoint = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _commitsByRepository = new(StringComparer.OrdinalIgnoreCase);
    private int _total;
    private int _commits;
    private int _blobs;
    private int _contentCreating;
    private int _contentCreationRefused;

    public void CountRequest(string method, string? route)
    {
        string key = method + " " + (route ?? "(unknown)");
        lock (_lock)
        {
            _total++;
            _byEndpoint[key] = _byEndpoint.GetValueOrDefault(key) + 1;
        }
    }

    public void CountCommit(string repository)
    {
        lock (_lock)
        {
            _commits++;
            _commitsByRepository[repository] = _commitsByRepository.GetValueOrDefault(repository) + 1;
        }
    }

    public void CountBlob()
    {
        lock (_lock)
        {
            _blobs++;
        }
    }

    public void CountContentCreating()
    {
        lock (_lock)
        {
            _contentCreating++;
        }
    }

    public void CountContentCreationRefused()
    {
        lock (_lock)
        {
            _contentCreationRefused++;
        }
    }

    public EmulatorStatistics Snapshot()
    {
        lock (_lock)
        {
            return new EmulatorStatistics
            {
                TotalRequests = _total,
                RequestsByEndpoint = new SortedDictionary<string, int>(_byEndpoint, StringComparer.Ordinal),
                CommitsCreated = _commits,
                CommitsCreatedByRepository = new SortedDictionary<string, int>(_commitsByRepository, StringComparer.OrdinalIgnoreCase),
                BlobsCreated = _blobs,
                ContentCreatingRequests = _contentCreating,
                ContentCreationRefused = _contentCreationRefused,
            };
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _byEndpoint.Clear();
            _commitsByRepository.Clear();
            _total = _commits = _blobs = _contentCreating = _contentCreationRefused = 0;
        }
    }
}
