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
[Cmdlet(VerbsCommon.Get, "BackupIntegration", HelpUri = HelpLinks.Base + "Get-BackupIntegration.md")]
[OutputType(typeof(Integration))]
public sealed class GetBackupIntegrationCommand : PSCmdlet
{
    /// <summary>The definitions file; defaults to ./psgithubsync.yml. Files piped from Get-ChildItem bind by their path.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("DefinitionFile", "FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Names of the integrations to return; wildcards allowed. Binds by property name (Import-Csv rows, integrations).</summary>
    /// <remarks>
    /// A file piped from Get-ChildItem has a Name too (its own file name) that binds here along with its FullName:
    /// that name is the file's, not an integration's, and is ignored (see <see cref="NamesToSelect"/>).
    /// </remarks>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
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
            integrations = DefinitionLoader.Load(file, Engine.Backup.BackupFileNaming.Instance);
        }
        catch (SyncException ex)
        {
            // Not terminating: nothing is returned from this file, and other piped files are still read.
            WriteError(ErrorRecords.From(ex));
            return;
        }

        foreach (var integration in ShardSelection.Apply(this, Shard, IntegrationSelection.Select(this, integrations, NamesToSelect(file, integrations), Type)))
        {
            WriteObject(integration);
        }
    }

    /// <summary>
    /// -Name, unless it is only the definitions file's own name bound from a piped file (Get-ChildItem psgithubsync.yml |
    /// Get-BackupIntegration): then every integration of that file is meant, unless one really has that name.
    /// </summary>
    private string[]? NamesToSelect(string file, IReadOnlyList<Integration> integrations)
    {
        if (Name is not { Length: 1 } || !MyInvocation.BoundParameters.ContainsKey(nameof(Path))) return Name;
        var only = Name[0];
        if (!string.Equals(only, System.IO.Path.GetFileName(file), StringComparison.OrdinalIgnoreCase)) return Name;
        return integrations.Any(i => string.Equals(i.Name, only, StringComparison.OrdinalIgnoreCase)) ? Name : null;
    }
}
