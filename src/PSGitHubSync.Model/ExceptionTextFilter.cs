using System;

namespace PSGitHubSync;

/// <summary>
/// What every <see cref="SyncException"/>'s message, text target and inner exception pass through when the
/// exception is created. The model has no dependencies, so the engine installs its secret redactor here
/// when it loads (a module initializer); until then text is kept as it is.
/// </summary>
internal static class ExceptionTextFilter
{
    private static Func<string, string> _text = text => text;
    private static Func<Exception, Exception> _exception = exception => exception;

    /// <summary>Installs the filters (the engine's secret redactor).</summary>
    internal static void Install(Func<string, string> text, Func<Exception, Exception> exception)
    {
        _text = text ?? throw new ArgumentNullException(nameof(text));
        _exception = exception ?? throw new ArgumentNullException(nameof(exception));
    }

    internal static string Text(string text) => _text(text);

    internal static object? Target(object? target) => target is string text ? _text(text) : target;

    internal static Exception? Inner(Exception? exception) => exception is null ? null : _exception(exception);
}
