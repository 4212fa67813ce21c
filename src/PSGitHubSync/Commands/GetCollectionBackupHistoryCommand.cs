using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using PSGitHubSync.Completers;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Restore;
using PSGitHubSync.Infrastructure;

namespace PSGitHubSync.Commands;

/// <summary>
/// <para type="synopsis">Lists the commits that changed each backed-up collection, newest first.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "CollectionBackupHistory", DefaultParameterSetName = ByNameSet, HelpUri = HelpLinks.Base + "Get-CollectionBackupHistory.md")]
[OutputType(typeof(CollectionBackupVersion))]
public sealed class GetCollectionBackupHistoryCommand : PSCmdlet, IDisposable
{
    /// <summary>Integrations named in a definitions file.</summary>
    public const string ByNameSet = "ByName";

    /// <summary>Integration objects from Get-BackupIntegration.</summary>
    public const string ByInputObjectSet = "ByInputObject";

    private const int ProgressId = 4713;
    private readonly CancellationTokenSource _cancel = new();
    private readonly IntegrationInput _input = new();

    /// <summary>The integrations (wildcards); all collection backups of the file when omitted.</summary>
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

    /// <summary>Only these collections: name, file name, path or id (wildcards).</summary>
    [Parameter(Position = 1)]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Collection { get; set; }

    /// <summary>At most this many versions per collection (the newest).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int First { get; set; }

    /// <summary>A GitHub token that wins over the definitions file's references.</summary>
    [Parameter]
    [ValidateNotNull]
    public SecureString? Token { get; set; }

    /// <summary>A credential whose password is the GitHub token.</summary>
    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByInputObjectSet) _input.AddPiped(this, InputObject!, Integration.CollectionBackup);
        else _input.AddFromFile(this, Path, Name, Integration.CollectionBackup);
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var integrations = _input.Selected;
        if (integrations.Count == 0) return;
        var bridge = new PipelineBridge(this);
        int? first = MyInvocation.BoundParameters.ContainsKey(nameof(First)) ? First : null;
        try
        {
            var outcomes = bridge.Run(async (log, cancel) =>
            {
                using var session = RunSession.Create(this, bridge, log, Token, Credential, null, ProgressId, "Reading backup history");
                var restorer = new CollectionRestorer(session);
                var results = new List<(Integration Integration, IReadOnlyList<CollectionBackupVersion> Versions, SyncException? Error)>();
                for (var i = 0; i < integrations.Count; i++)
                {
                    RunSession.ReportProgress(this, bridge, ProgressId, "Reading backup history", integrations[i].Name, i, integrations.Count);
                    try
                    {
                        results.Add((integrations[i], await restorer.HistoryAsync(integrations[i], Collection, first, cancel).ConfigureAwait(false), null));
                    }
                    catch (SyncException ex)
                    {
                        results.Add((integrations[i], Array.Empty<CollectionBackupVersion>(), ex));
                    }
                }
                return results;
            }, _cancel.Token);
            foreach (var (integration, versions, error) in outcomes)
            {
                if (error is not null) WriteError(ErrorRecords.From(error, error.Target ?? integration));
                foreach (var version in versions) WriteObject(version);
            }
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // Ctrl+C: nothing was written anywhere.
        }
        finally
        {
            WriteProgress(new ProgressRecord(ProgressId, "Reading backup history", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _cancel.Cancel();

    /// <summary>Releases the cancellation source.</summary>
    public void Dispose() => _cancel.Dispose();
}
