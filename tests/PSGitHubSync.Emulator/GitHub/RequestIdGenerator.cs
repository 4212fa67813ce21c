using System.Globalization;

namespace PSGitHubSync.Emulator.GitHub;

/// <summary>
/// x-github-request-id values shaped like GitHub's: five upper-case hex groups,
/// e.g. <c>C0A8:3F2E:1A2B3C4:1B2C3D5:6745A1B2</c> (the last one is the epoch second).
/// </summary>
internal sealed class RequestIdGenerator
{
    private readonly TimeProvider _time;
    private readonly int _node;
    private readonly int _process;
    private long _counter;

    public RequestIdGenerator(TimeProvider time)
    {
        _time = time;
        _node = Random.Shared.Next(0x1000, 0x10000);
        _process = Random.Shared.Next(0x1000, 0x10000);
        _counter = Random.Shared.Next(0x1000000, 0x2000000);
    }

    public string Next()
    {
        long sequence = Interlocked.Increment(ref _counter);
        long seconds = _time.GetUtcNow().ToUnixTimeSeconds();
        return string.Create(CultureInfo.InvariantCulture, $"{_node:X4}:{_process:X4}:{sequence:X7}:{sequence + 0x35E2A1:X7}:{seconds:X8}");
    }
}
