namespace PSGitHubSync.Emulator.Faults;

/// <summary>
/// The GitHub side's clock: the system's, moved forward by <see cref="Advance"/> so that tests can let tokens
/// expire (installation tokens, JWTs) without waiting. Timers are the system's.
/// </summary>
public sealed class EmulatorClock : TimeProvider
{
    private long _offsetTicks;

    /// <summary>How far the clock is ahead of the system's.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves the clock forward by <paramref name="by"/> (never backward).</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
