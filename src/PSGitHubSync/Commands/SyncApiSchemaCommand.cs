using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using System;
using PSGitHubSync.Engine.SchemaSync;
using PSGitHubSync.Engine;
using PSGitHubSync.Infrastructure;

namespace PSGitHubSync.Commands;

/// <summary>
/// <para type="synopsis">Syncs API schemas both ways between a GitHub repository and Postman or disk, with conflict detection and release tags.</para>
/// </summary>
[Cmdlet(VerbsData.Sync, "ApiSchema", SupportsShouldProcess = true, DefaultParameterSetName = ByNameSet, HelpUri = HelpLinks.Base + "Sync-ApiSchema.md")]
[OutputType(typeof(SchemaSyncResult))]
public sealed class SyncApiSchemaCommand : IntegrationRunCmdlet
{
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

    /// <inheritdoc />
    private protected override int ProgressId => 4712;

    /// <inheritdoc />
    private protected override string ProgressActivity => "Syncing API schemas";

    /// <inheritdoc />
    private protected override string? IntegrationType => Integration.SchemaSync;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (ReleaseNotes is not null && Release is null)
        {
            ThrowTerminatingError(ErrorRecords.Create("ReleaseNotesWithoutRelease", ErrorCategory.InvalidArgument,
                "-ReleaseNotes describes the release that -Release creates; add -Release <tag> (for example -Release v1.2.0), or leave -ReleaseNotes out.", ReleaseNotes));
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var integrations = IntegrationsToRun();
        if (integrations.Count == 0) return;
        // Ctrl+C stops at once: each side is either as it was or fully written.
        TryRun(run => RunAsync(run, integrations), out _);
    }

    private async Task<IReadOnlyList<IntegrationOutcome<SchemaSyncResult>>> RunAsync(EngineRun run, IReadOnlyList<Integration> integrations)
    {
        var options = new SchemaSyncOptions
        {
            Prefer = Prefer is null ? SyncPreference.None : (SyncPreference)Enum.Parse(typeof(SyncPreference), Prefer, ignoreCase: true),
            Release = Release,
            ReleaseNotes = ReleaseNotes,
            Message = Message,
            // Each result is written on the pipeline thread as its integration finishes, not all at the end.
            Completed = outcome => run.Bridge.InvokeAsync(() =>
            {
                if (outcome.Error is not null) WriteError(ErrorRecords.From(outcome.Error, outcome.Integration));
                WriteObject(outcome.Result);
                return true;
            }),
        };
        using var session = run.CreateSession();
        return await new SchemaSyncRunner(session).RunAsync(integrations, options, run.Cancellation).ConfigureAwait(false);
    }
}
