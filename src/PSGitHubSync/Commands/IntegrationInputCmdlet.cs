using System.Collections.Generic;
using System.Management.Automation;
using PSGitHubSync.Completers;
using PSGitHubSync.Infrastructure;

namespace PSGitHubSync.Commands;

/// <summary>
/// The base of the cmdlets that take integrations by <c>-Name</c> and <c>-Path</c> (also by property name from
/// Get-BackupIntegration) or as <c>-InputObject</c>: it collects them over the whole pipeline, each once (same
/// definitions file and name), so that <c>EndProcessing</c> runs them together.
/// </summary>
public abstract class IntegrationInputCmdlet : IntegrationCmdlet
{
    /// <summary>Integrations named in a definitions file.</summary>
    public const string ByNameSet = "ByName";

    /// <summary>Integration objects from Get-BackupIntegration.</summary>
    public const string ByInputObjectSet = "ByInputObject";

    private readonly IntegrationInput _input = new();

    /// <summary>The integrations (wildcards); all of this cmdlet's type in the file when omitted.</summary>
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

    /// <summary>
    /// The type of integration this cmdlet works on (<see cref="Integration.CollectionBackup"/> or
    /// <see cref="Integration.SchemaSync"/>); null for every type. Piped integrations of another type are skipped with
    /// a verbose message.
    /// </summary>
    private protected abstract string? IntegrationType { get; }

    /// <summary>The integrations collected so far, each once, in the order they came.</summary>
    private protected IReadOnlyList<Integration> SelectedIntegrations => _input.Selected;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByInputObjectSet) _input.AddPiped(this, InputObject!, IntegrationType);
        else _input.AddFromFile(this, Path, Name, IntegrationType, OnUnloadableFile);
    }

    /// <summary>
    /// A definitions file that cannot be loaded: by default a non-terminating error (one line per problem, with
    /// file:line:column), so nothing runs from it and the other piped input still does.
    /// </summary>
    private protected virtual void OnUnloadableFile(string file, SyncException error) => WriteError(ErrorRecords.From(error));
}
