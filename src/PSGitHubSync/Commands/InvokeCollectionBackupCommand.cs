using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using System.Threading;
using System;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine;
using PSGitHubSync.Infrastructure;

namespace PSGitHubSync.Commands;

/// <summary>
/// <para type="synopsis">Backs up Postman collections to GitHub: one commit per repository and branch, only what changed.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "CollectionBackup", SupportsShouldProcess = true, DefaultParameterSetName = ByNameSet, HelpUri = HelpLinks.Base + "Invoke-CollectionBackup.md")]
[OutputType(typeof(BackupResult))]
public sealed class InvokeCollectionBackupCommand : IntegrationRunCmdlet
{
    /// <summary>The commit subject, instead of the generated one (the changelog body stays).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Message { get; set; }

    /// <summary>What to do with likely secrets in collections, for every integration: Redact (the default), Keep (alias Warn) or Block.</summary>
    [Parameter]
    [ValidateSet("Redact", "Keep", "Block", "Warn", IgnoreCase = true)]
    public string? SecretPolicy { get; set; }

    /// <summary>
    /// Remove the backup of every collection (and environment) that is gone from Postman or no longer matches,
    /// in the run's commit. Without it such files stay and are reported as Orphaned.
    /// </summary>
    [Parameter]
    public SwitchParameter Prune { get; set; }

    /// <summary>Keep running and back up each change as it appears.</summary>
    [Parameter]
    public SwitchParameter Watch { get; set; }

    /// <summary>With -Watch: how often to ask Postman for changes (default 1 minute).</summary>
    [Parameter]
    [ValidateTimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    private protected override int ProgressId => 4711;

    /// <inheritdoc />
    private protected override string ProgressActivity => "Backing up Postman collections";

    /// <inheritdoc />
    private protected override string? IntegrationType => Integration.CollectionBackup;

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var integrations = IntegrationsToRun();
        if (integrations.Count == 0) return;
        var options = new BackupOptions { Message = Message, SecretPolicy = SecretPolicy?.ToLowerInvariant(), Prune = Prune };
        // Ctrl+C stops at once (TryRun is false): whatever was committed stays committed, nothing is half-written.
        do
        {
            if (!TryRun(run => RunOnceAsync(run, integrations, options), out var outcomes)) return;
            foreach (var outcome in outcomes)
            {
                if (Watch && outcome.Error is null && outcome.ItemErrors.Count == 0 && outcome.Result.Status == BackupStatus.Unchanged) continue;
                if (outcome.Error is not null) WriteError(ErrorRecords.From(outcome.Error, outcome.Integration));
                foreach (var itemError in outcome.ItemErrors) WriteError(ErrorRecords.From(itemError, outcome.Integration));
                WriteObject(outcome.Result);
            }
            if (!Watch) break;
            WaitForChange(integrations);
        }
        while (!StopRequested.IsCancellationRequested);
    }

    private static async Task<IReadOnlyList<IntegrationOutcome<BackupResult>>> RunOnceAsync(EngineRun run, IReadOnlyList<Integration> integrations, BackupOptions options)
    {
        using var session = run.CreateSession();
        return await new BackupRunner(session).RunAsync(integrations, options, run.Cancellation).ConfigureAwait(false);
    }

    private void WaitForChange(IReadOnlyList<Integration> integrations)
    {
        // Postman sources are polled every interval; exported files also wake the loop when they change (debounced).
        var watchers = new List<FileSystemWatcher>();
        using var changed = new ManualResetEventSlim(false);
        try
        {
            foreach (var file in integrations.Select(i => i.Source.File).Where(f => f is not null).Distinct())
            {
                var directory = System.IO.Path.GetDirectoryName(file!);
                if (directory is null || !Directory.Exists(directory)) continue;
                var watcher = new FileSystemWatcher(directory, System.IO.Path.GetFileName(file!)) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName };
                watcher.Changed += (_, _) => changed.Set();
                watcher.Created += (_, _) => changed.Set();
                watcher.Renamed += (_, _) => changed.Set();
                watcher.EnableRaisingEvents = true;
                watchers.Add(watcher);
            }
            WriteVerbose($"Watching for changes; next check in {Interval}.");
            var handles = new[] { StopRequested.WaitHandle, changed.WaitHandle };
            if (WaitHandle.WaitAny(handles, Interval) == 1)
            {
                // Debounce: let the writer finish (editors and exports write in several steps).
                do
                {
                    changed.Reset();
                }
                while (!StopRequested.IsCancellationRequested && changed.Wait(TimeSpan.FromSeconds(2)));
            }
        }
        finally
        {
            foreach (var watcher in watchers) watcher.Dispose();
        }
    }

}
