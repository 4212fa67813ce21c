using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSGitHubSync.Completers;
using PSGitHubSync.Engine.Definitions;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Infrastructure;

namespace PSGitHubSync.Commands;

/// <summary>
/// <para type="synopsis">Reads the integrations of a definitions file, with every default applied.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "BackupIntegration")]
[OutputType(typeof(Integration))]
public sealed class GetBackupIntegrationCommand : PSCmdlet
{
    /// <summary>The definitions file; defaults to ./psgithubsync.yml. Files piped from Get-ChildItem bind by their path.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("DefinitionFile", "FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Names of the integrations to return; wildcards allowed.</summary>
    /// <remarks>Not bound from the pipeline: a piped file's Name would be taken for an integration name.</remarks>
    [Parameter(Position = 0)]
    [ArgumentCompleter(typeof(IntegrationNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Only integrations of this type.</summary>
    [Parameter]
    [ValidateSet("collection-backup", "schema-sync", IgnoreCase = true)]
    public string? Type { get; set; }

    /// <summary>Only the integrations that shard k/n runs (see Invoke-CollectionBackup -Shard).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Shard { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing() => ShardSelection.Validate(this, Shard);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var file = DefinitionFilePath.Resolve(this, Path);
        IReadOnlyList<Integration> integrations;
        try
        {
            integrations = DefinitionLoader.Load(file);
        }
        catch (SyncException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex));
            return;
        }

        foreach (var integration in ShardSelection.Apply(this, Shard, IntegrationSelection.Select(this, integrations, Name, Type)))
        {
            WriteObject(integration);
        }
    }
}
