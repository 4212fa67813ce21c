using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using System.Threading;
using System;
using PSGitHubSync.Completers;
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
public sealed class InvokeCollectionBackupCommand : PSCmdlet, IDisposable
{
    /// <summary>Integrations named in a definitions file.</summary>
    public const string ByNameSet = "ByName";

    /// <summary>Integration objects from Get-BackupIntegration.</summary>
    public const string ByInputObjectSet = "ByInputObject";

    private const int ProgressId = 4711;
    private readonly CancellationTokenSource _cancel = new();
    private readonly IntegrationInput _input = new();

    /// <summary>The integrations to run (wildcards); all collection backups of the file when omitted.</summary>
    [Parameter(Position = 0, ParameterSetName = ByNameSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(IntegrationNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>The definitions file (default ./psgithubsync.yml).</summary>
    [Parameter(ParameterSetName = ByNameSet, ValueFromPipelineByPropertyName = true)]
    [Alias("DefinitionFile")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Integration objects (from Get-BackupIntegration).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByInputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Integration[]? InputObject { get; set; }

    /// <summary>The commit subject, instead of the generated one (the changelog body stays).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Message { get; set; }

    /// <summary>What to do with likely secrets in collections, for every integration: Redact (the default), Keep (alias Warn) or Block.</summary>
    [Parameter]
    [ValidateSet("Redact", "Keep", "Block", "Warn", IgnoreCase = true)]
    public string? SecretPolicy { get; set; }

    /// <summary>A GitHub token that wins over the definitions file's references.</summary>
    [Parameter]
    [ValidateNotNull]
    public SecureString? Token { get; set; }

    /// <summary>A credential whose password is the GitHub token.</summary>
    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <summary>A Postman API key that wins over the definitions file's references.</summary>
    [Parameter]
    [ValidateNotNull]
    public SecureString? PostmanApiKey { get; set; }

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

    /// <summary>Runs only this share of the selected integrations, written k/n (job k of n parallel jobs), chosen by a stable hash of each integration's name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Shard { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing() => ShardSelection.Validate(this, Shard);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByInputObjectSet) _input.AddPiped(this, InputObject!, Integration.CollectionBackup);
        else _input.AddFromFile(this, Path, Name, Integration.CollectionBackup);
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_input.Selected.Count == 0) return;
        var integrations = ShardSelection.Apply(this, Shard, _input.Selected);
        if (integrations.Count == 0) return;
        var bridge = new PipelineBridge(this);
        var options = new BackupOptions { Message = Message, SecretPolicy = SecretPolicy?.ToLowerInvariant(), Prune = Prune };
        try
        {
            do
            {
                var outcomes = bridge.Run((log, cancel) => RunOnceAsync(bridge, log, integrations, options, cancel), _cancel.Token);
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
            while (!_cancel.IsCancellationRequested);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // Ctrl+C: stop at once; whatever was committed stays committed, nothing is half-written.
        }
        finally
        {
            WriteProgress(new ProgressRecord(ProgressId, "Backing up Postman collections", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private async Task<IReadOnlyList<IntegrationOutcome<BackupResult>>> RunOnceAsync(PipelineBridge bridge, Engine.Diagnostics.IEngineLog log, IReadOnlyList<Integration> integrations, BackupOptions options, CancellationToken cancellationToken)
    {
        using var session = RunSession.Create(this, bridge, log, Token, Credential, PostmanApiKey, ProgressId, "Backing up Postman collections");
        return await new BackupRunner(session).RunAsync(integrations, options, cancellationToken).ConfigureAwait(false);
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
            var handles = new[] { _cancel.Token.WaitHandle, changed.WaitHandle };
            if (WaitHandle.WaitAny(handles, Interval) == 1)
            {
                // Debounce: let the writer finish (editors and exports write in several steps).
                do
                {
                    changed.Reset();
                }
                while (!_cancel.IsCancellationRequested && changed.Wait(TimeSpan.FromSeconds(2)));
            }
        }
        finally
        {
            foreach (var watcher in watchers) watcher.Dispose();
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _cancel.Cancel();

    /// <summary>Releases the cancellation source.</summary>
    public void Dispose() => _cancel.Dispose();
}
