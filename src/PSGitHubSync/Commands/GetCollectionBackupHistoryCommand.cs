using System;
using System.Management.Automation;
using PSGitHubSync.Completers;
using PSGitHubSync.Engine.Restore;
using PSGitHubSync.Infrastructure;

namespace PSGitHubSync.Commands;

/// <summary>
/// <para type="synopsis">Lists the commits that changed each backed-up collection, newest first.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "CollectionBackupHistory", DefaultParameterSetName = ByNameSet, HelpUri = HelpLinks.Base + "Get-CollectionBackupHistory.md")]
[OutputType(typeof(CollectionBackupVersion))]
public sealed class GetCollectionBackupHistoryCommand : IntegrationInputCmdlet
{
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

    /// <inheritdoc />
    private protected override int ProgressId => 4713;

    /// <inheritdoc />
    private protected override string ProgressActivity => "Reading backup history";

    /// <inheritdoc />
    private protected override string? IntegrationType => Integration.CollectionBackup;

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var integrations = SelectedIntegrations;
        if (integrations.Count == 0) return;
        int? first = MyInvocation.BoundParameters.ContainsKey(nameof(First)) ? First : null;
        // Ctrl+C: nothing was written anywhere.
        var completed = TryRun(async run =>
        {
            using var session = run.CreateSession();
            var restorer = new CollectionRestorer(session);
            return await run.ForEachAsync(integrations, i => i.Name, i => restorer.HistoryAsync(i, Collection, first, run.Cancellation)).ConfigureAwait(false);
        }, out var outcomes);
        if (!completed) return;
        foreach (var (integration, versions, error) in outcomes)
        {
            if (error is not null) WriteError(ErrorRecords.From(error, error.Target ?? integration));
            foreach (var version in versions ?? Array.Empty<CollectionBackupVersion>()) WriteObject(version);
        }
    }
}
