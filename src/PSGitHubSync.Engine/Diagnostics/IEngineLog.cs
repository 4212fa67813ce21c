namespace PSGitHubSync.Engine.Diagnostics;

/// <summary>
/// Where the engine narrates what it does. The cmdlets implement it by queueing each message
/// to the pipeline thread (Write-Verbose, Write-Warning, Write-Debug); the engine may call it
/// from any thread. Messages are already free of secrets.
/// </summary>
public interface IEngineLog
{
    /// <summary>One step of the work, for <c>-Verbose</c> (each request, each wait).</summary>
    void Verbose(string message);

    /// <summary>Something the user should know even though the work goes on.</summary>
    void Warning(string message);

    /// <summary>Low-level detail, for <c>-Debug</c>.</summary>
    void Debug(string message);
}

/// <summary>An <see cref="IEngineLog"/> that discards everything.</summary>
public sealed class NullEngineLog : IEngineLog
{
    /// <summary>The shared instance.</summary>
    public static readonly NullEngineLog Instance = new();

    private NullEngineLog()
    {
    }

    /// <inheritdoc />
    public void Verbose(string message)
    {
    }

    /// <inheritdoc />
    public void Warning(string message)
    {
    }

    /// <inheritdoc />
    public void Debug(string message)
    {
    }
}

/// <summary>Passes every message through a <see cref="Security.SecretRedactor"/> before handing it on.</summary>
public sealed class RedactingEngineLog : IEngineLog
{
    private readonly IEngineLog _inner;
    private readonly Security.SecretRedactor _redactor;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public RedactingEngineLog(IEngineLog inner, Security.SecretRedactor redactor)
    {
        _inner = inner;
        _redactor = redactor;
    }

    /// <inheritdoc />
    public void Verbose(string message) => _inner.Verbose(_redactor.Redact(message));

    /// <inheritdoc />
    public void Warning(string message) => _inner.Warning(_redactor.Redact(message));

    /// <inheritdoc />
    public void Debug(string message) => _inner.Debug(_redactor.Redact(message));
}

/// <summary>An <see cref="IEngineLog"/> that hands each message to a callback.</summary>
public sealed class CallbackEngineLog : IEngineLog
{
    private readonly System.Action<string> _verbose;
    private readonly System.Action<string> _warning;
    private readonly System.Action<string> _debug;

    /// <summary>Creates the log.</summary>
    public CallbackEngineLog(System.Action<string> verbose, System.Action<string> warning, System.Action<string> debug)
    {
        _verbose = verbose;
        _warning = warning;
        _debug = debug;
    }

    /// <inheritdoc />
    public void Verbose(string message) => _verbose(message);

    /// <inheritdoc />
    public void Warning(string message) => _warning(message);

    /// <inheritdoc />
    public void Debug(string message) => _debug(message);
}
