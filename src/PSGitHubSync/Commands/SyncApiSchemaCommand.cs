using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using System.Threading;
using System;
using PSGitHubSync.Completers;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.SchemaSync;
using PSGitHubSync.Engine;
using PSGitHubSync.Infrastructure;

namespace PSGitHubSync.Commands;

/// <summary>
/// <para type="synopsis">Syncs API schemas both ways between a GitHub repository and Postman or disk, with conflict detection and release tags.</para>
/// </summary>
[Cmdlet(VerbsData.Sync, "ApiSchema", SupportsShouldProcess = true, DefaultParameterSetName = ByNameSet, HelpUri = HelpLinks.Base + "Sync-ApiSchema.md")]
[OutputType(typeof(SchemaSyncResult))]
public sealed class SyncApiSchemaCommand : PSCmdlet, IDisposable
{
    /// <summary>Integrations named in a definitions file.</summary>
    public const string ByNameSet = "ByName";

    /// <summary>Integration objects from Get-BackupIntegration.</summary>
    public const string ByInputObjectSet = "ByInputObject";

    private const int ProgressId = 4712;
    private readonly CancellationTokenSource _cancel = new();
    private readonly IntegrationInput _input = new();

    /// <summary>The integrations to run (wildcards); all schema syncs of the file when omitted.</summary>
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

    /// <summary>Which side wins when both changed: Local or Remote. Without it a conflict writes nothing.</summary>
    [Parameter]
    [ValidateSet("Local", "Remote", IgnoreCase = true)]
    public string? Prefer { get; set; }

    /// <summary>Tag the synced commit with this name and publish a GitHub release (and a Postman API version).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidatePattern(@"^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$")]
    public string? Release { get; set; }

    /// <summary>The release notes for -Release.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReleaseNotes { get; set; }

    /// <summary>The commit subject for pushes, instead of the generated one.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Message { get; set; }

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

    /// <summary>Runs only this share of the selected integrations, written k/n (job k of n parallel jobs), chosen by a stable hash of each integration's name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Shard { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        ShardSelection.Validate(this, Shard);
        if (ReleaseNotes is not null && Release is null)
        {
            ThrowTerminatingError(ErrorRecords.Create("ReleaseNotesWithoutRelease", ErrorCategory.InvalidArgument,
                "-ReleaseNotes describes the release that -Release creates; add -Release <tag> (for example -Release v1.2.0), or leave -ReleaseNotes out.", ReleaseNotes));
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByInputObjectSet)
        {
            _input.AddPiped(this, InputObject!, Integration.SchemaSync);
        }
        else
        {
            _input.AddFromFile(this, Path, Name, Integration.SchemaSync);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_input.Selected.Count == 0) return;
        var integrations = ShardSelection.Apply(this, Shard, _input.Selected);
        if (integrations.Count == 0) return;
        var bridge = new PipelineBridge(this);
        var options = new SchemaSyncOptions
        {
            Prefer = Prefer is null ? SyncPreference.None : (SyncPreference)Enum.Parse(typeof(SyncPreference), Prefer, ignoreCase: true),
            Release = Release,
            ReleaseNotes = ReleaseNotes,
            Message = Message,
            // Each result is written on the pipeline thread as its integration finishes, not all at the end.
            Completed = outcome => bridge.InvokeAsync(() =>
            {
                if (outcome.Error is not null) WriteError(ErrorRecords.From(outcome.Error, outcome.Integration));
                WriteObject(outcome.Result);
                return true;
            }),
        };
        try
        {
            bridge.Run((log, cancel) => RunAsync(bridge, log, integrations, options, cancel), _cancel.Token);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // Ctrl+C: stop at once; each side is either as it was or fully written.
        }
        finally
        {
            WriteProgress(new ProgressRecord(ProgressId, "Syncing API schemas", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private async Task<IReadOnlyList<IntegrationOutcome<SchemaSyncResult>>> RunAsync(PipelineBridge bridge, Engine.Diagnostics.IEngineLog log, IReadOnlyList<Integration> integrations, SchemaSyncOptions options, CancellationToken cancellationToken)
    {
        using var session = RunSession.Create(this, bridge, log, Token, Credential, PostmanApiKey, ProgressId, "Syncing API schemas");
        return await new SchemaSyncRunner(session).RunAsync(integrations, options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _cancel.Cancel();

    /// <summary>Releases the cancellation source.</summary>
    public void Dispose() => _cancel.Dispose();
}
