using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Diagnostics;

namespace PSGitHubSync.Infrastructure;

/// <summary>
/// Runs engine work asynchronously while keeping every <c>Write*</c> call on the pipeline
/// thread: the engine's narration is queued and written here, in order, while the work runs.
/// </summary>
/// <remarks>
/// No type in this assembly derives from, implements or stores by value an engine type:
/// PowerShell reflects over this assembly before the module initializer has made the engine
/// loadable, so such a type would fail the import. Engine types appear only in method bodies.
/// </remarks>
internal sealed class PipelineBridge
{
    private readonly PSCmdlet _cmdlet;
    private BlockingCollection<Action>? _queue;

    public PipelineBridge(PSCmdlet cmdlet) => _cmdlet = cmdlet;

    /// <summary>
    /// Starts <paramref name="work"/> on the thread pool and pumps its messages on the calling
    /// (pipeline) thread until it ends; returns its result or rethrows its exception.
    /// </summary>
    public T Run<T>(Func<IEngineLog, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        using var queue = new BlockingCollection<Action>();
        _queue = queue;
        try
        {
            // The one exit of the engine's narration: every line passes the secret redactor on its way out.
            var log = new RedactingEngineLog(new CallbackEngineLog(Verbose, Warning, Debug), Engine.Security.SecretRedactor.Shared);
            var task = Task.Run(() => work(log, cancellationToken), cancellationToken);
            task.ContinueWith(_ => queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach (var write in queue.GetConsumingEnumerable()) write();
            // The task has finished here: this only unwraps its result or exception.
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An unexpected exception becomes an error record too: it must not carry a secret either.
                var safe = Engine.Security.SecretRedactor.Shared.Redact(ex);
                if (ReferenceEquals(safe, ex)) throw;
                throw safe;
            }
        }
        finally
        {
            _queue = null;
        }
    }

    /// <summary>
    /// Runs <paramref name="function"/> on the pipeline thread (for ShouldProcess, Get-Secret,
    /// Write-Progress) and completes with its result; called from the engine's threads.
    /// </summary>
    public Task<T> InvokeAsync<T>(Func<T> function)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var posted = Post(() =>
        {
            try
            {
                completion.SetResult(function());
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        });
        if (!posted) completion.TrySetCanceled();
        return completion.Task;
    }

    // Messages embed names taken from data (collections, requests, files): control characters such as the ESC
    // of an ANSI sequence are shown escaped, so no name can recolour, move or clear the console.
    private void Verbose(string message) => Post(() => _cmdlet.WriteVerbose(DisplayText.Lines(message)));

    private void Warning(string message) => Post(() => _cmdlet.WriteWarning(DisplayText.Lines(message)));

    private void Debug(string message) => Post(() => _cmdlet.WriteDebug(DisplayText.Lines(message)));

    private bool Post(Action write)
    {
        var queue = _queue;
        if (queue is null || queue.IsAddingCompleted) return false;
        try
        {
            queue.Add(write);
            return true;
        }
        catch (InvalidOperationException)
        {
            // The work finished while this message was on its way; nothing is left to show it.
            return false;
        }
    }
}
