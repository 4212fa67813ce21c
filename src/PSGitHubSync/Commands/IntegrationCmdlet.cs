using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Infrastructure;

namespace PSGitHubSync.Commands;

/// <summary>
/// The base of the cmdlets that run integrations (Invoke-CollectionBackup, Sync-ApiSchema, Test-BackupIntegration,
/// Get-CollectionBackupHistory, Restore-CollectionBackup): the GitHub token they all take, and the one way they run the
/// engine. The work runs on the thread pool while every <c>Write*</c> happens on the pipeline thread; Ctrl+C
/// (<see cref="StopProcessing"/>) cancels it; the cmdlet's progress record is completed however the run ends.
/// </summary>
/// <remarks>
/// Engine types appear in the cmdlets only in method bodies and method signatures, never in a property or field: see
/// <see cref="PipelineBridge"/>. Each cmdlet adds only the parameters and the work that are its own.
/// </remarks>
public abstract class IntegrationCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>A GitHub token that wins over the definitions file's references.</summary>
    [Parameter]
    [ValidateNotNull]
    public SecureString? Token { get; set; }

    /// <summary>A credential whose password is the GitHub token.</summary>
    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <summary>The id of this cmdlet's progress record (unique among the module's cmdlets).</summary>
    private protected abstract int ProgressId { get; }

    /// <summary>The activity this cmdlet's progress record shows, for example "Backing up Postman collections".</summary>
    private protected abstract string ProgressActivity { get; }

    /// <summary>The Postman API key given as a parameter, for the cmdlets that take one; null otherwise.</summary>
    private protected virtual SecureString? GivenPostmanApiKey => null;

    /// <summary>Signalled when the user stops the call (Ctrl+C), for waits outside <see cref="TryRun{T}"/>.</summary>
    private protected CancellationToken StopRequested => _cancel.Token;

    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool and writes its narration here, on the pipeline thread, until it
    /// ends. False when the user stopped the call (whatever the engine finished stays finished; nothing is
    /// half-written); otherwise true with the work's result. Other exceptions propagate (with secrets redacted).
    /// The progress record is completed in every case.
    /// </summary>
    private protected bool TryRun<T>(Func<EngineRun, Task<T>> work, out T result)
    {
        var bridge = new PipelineBridge(this);
        try
        {
            result = bridge.Run((log, cancel) => work(new EngineRun(this, bridge, log, cancel)), _cancel.Token);
            return true;
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            result = default!;
            return false;
        }
        finally
        {
            WriteProgress(new ProgressRecord(ProgressId, ProgressActivity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    /// <summary>Cancels the running engine work (Ctrl+C).</summary>
    protected override void StopProcessing() => _cancel.Cancel();

    /// <summary>Releases the cancellation source.</summary>
    public void Dispose()
    {
        _cancel.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// One run of engine work started by <see cref="TryRun{T}"/>: the session with this call's secrets, progress and
    /// confirmation, and the way back to the pipeline thread.
    /// </summary>
    private protected sealed class EngineRun
    {
        private readonly IntegrationCmdlet _cmdlet;

        internal EngineRun(IntegrationCmdlet cmdlet, PipelineBridge bridge, Engine.Diagnostics.IEngineLog log, CancellationToken cancellation)
        {
            _cmdlet = cmdlet;
            Bridge = bridge;
            Log = log;
            Cancellation = cancellation;
        }

        /// <summary>Runs code on the pipeline thread (Write*, ShouldProcess) from the engine's threads.</summary>
        public PipelineBridge Bridge { get; }

        /// <summary>The engine's narration, written as verbose, warning and debug messages.</summary>
        public Engine.Diagnostics.IEngineLog Log { get; }

        /// <summary>Cancelled when the user stops the call.</summary>
        public CancellationToken Cancellation { get; }

        /// <summary>
        /// The engine session: -Token/-Credential and the Postman key (when the cmdlet takes one) win over the
        /// definitions file; progress goes to the cmdlet's record.
        /// </summary>
        public Engine.Backup.BackupSession CreateSession() =>
            RunSession.Create(_cmdlet, Bridge, Log, _cmdlet.Token, _cmdlet.Credential, _cmdlet.GivenPostmanApiKey, _cmdlet.ProgressId, _cmdlet.ProgressActivity);

        /// <summary><see cref="CreateSession"/> for a checklist, which answers promptly (one retry, no long waits).</summary>
        public Engine.Backup.BackupSession CreateCheckSession() =>
            RunSession.CreateForChecks(_cmdlet, Bridge, Log, _cmdlet.Token, _cmdlet.Credential, _cmdlet.GivenPostmanApiKey, _cmdlet.ProgressId, _cmdlet.ProgressActivity);

        /// <summary>Shows <paramref name="status"/> in the cmdlet's progress record (fire and forget).</summary>
        public void ReportProgress(string status, int done, int total) =>
            RunSession.ReportProgress(_cmdlet, Bridge, _cmdlet.ProgressId, _cmdlet.ProgressActivity, status, done, total);

        /// <summary>
        /// Runs <paramref name="work"/> for each item in turn, showing <paramref name="describe"/> of it as progress.
        /// An item whose work fails with a <see cref="SyncException"/> is returned with that error, and the
        /// others still run.
        /// </summary>
        public async Task<IReadOnlyList<(TItem Item, TResult? Result, SyncException? Error)>> ForEachAsync<TItem, TResult>(
            IReadOnlyList<TItem> items, Func<TItem, string> describe, Func<TItem, Task<TResult>> work)
        {
            var outcomes = new List<(TItem Item, TResult? Result, SyncException? Error)>();
            for (var i = 0; i < items.Count; i++)
            {
                ReportProgress(describe(items[i]), i, items.Count);
                try
                {
                    outcomes.Add((items[i], await work(items[i]).ConfigureAwait(false), null));
                }
                catch (SyncException ex)
                {
                    outcomes.Add((items[i], default, ex));
                }
            }
            return outcomes;
        }
    }
}
