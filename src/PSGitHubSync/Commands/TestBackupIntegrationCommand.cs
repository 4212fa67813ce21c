using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using PSGitHubSync.Infrastructure;

namespace PSGitHubSync.Commands;

/// <summary>
/// <para type="synopsis">Runs the troubleshooting checklist for integrations: definition, server, token, scopes, repository, branch, push permission and source.</para>
/// </summary>
/// <remarks>Engine types appear only in methods, never in properties or fields: see <see cref="PipelineBridge"/>.</remarks>
[Cmdlet(VerbsDiagnostic.Test, "BackupIntegration", DefaultParameterSetName = ByNameSet, HelpUri = HelpLinks.Base + "Test-BackupIntegration.md")]
[OutputType(typeof(IntegrationCheck))]
public sealed class TestBackupIntegrationCommand : IntegrationRunCmdlet
{
    /// <summary>Returns every check of every integration instead of one line per integration.</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    /// <inheritdoc />
    private protected override int ProgressId => 4715;

    /// <inheritdoc />
    private protected override string ProgressActivity => "Testing backup integrations";

    /// <summary>Every type: the checklist covers collection backups and schema syncs alike.</summary>
    private protected override string? IntegrationType => null;

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var integrations = IntegrationsToRun();
        if (integrations.Count == 0) return;
        // Ctrl+C stops; nothing was written anywhere.
        TryRun(run => RunAsync(run, integrations), out _);
    }

    /// <summary>
    /// A file that cannot be loaded is not an error of the call here: its integrations get Definition=Failed checks
    /// (with file:line:column), written now.
    /// </summary>
    private protected override void OnUnloadableFile(string file, SyncException error) =>
        Write(Engine.Checks.IntegrationChecker.ForUnloadableFile(error, file, NamesInBrokenFile(file)));

    private IReadOnlyList<string> NamesInBrokenFile(string file)
    {
        var patterns = (Name ?? new[] { "*" }).Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
        var readable = Engine.Definitions.DefinitionLoader.ReadNames(file).Where(n => patterns.Any(p => p.IsMatch(n))).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (readable.Count > 0) return readable;
        var given = (Name ?? Array.Empty<string>()).Where(n => !WildcardPattern.ContainsWildcardCharacters(n)).ToList();
        return given.Count > 0 ? given : new[] { System.IO.Path.GetFileName(file) };
    }

    private async Task<bool> RunAsync(EngineRun run, IReadOnlyList<Integration> integrations)
    {
        using var session = run.CreateCheckSession();
        using var checker = new Engine.Checks.IntegrationChecker(session)
        {
            Progress = progress => run.ReportProgress($"{progress.Integration}: {progress.Check}", progress.Done, progress.Total),
        };
        await checker.CheckAsync(integrations, outcomes => run.Bridge.InvokeAsync(() =>
        {
            Write(outcomes);
            return true;
        }), run.Cancellation).ConfigureAwait(false);
        return true;
    }

    /// <summary>Writes one batch of outcomes: an error for each failed check, then the checks (or one summary line per integration).</summary>
    private void Write(IReadOnlyList<Engine.Checks.IntegrationCheckOutcome> outcomes)
    {
        foreach (var group in outcomes.GroupBy(o => o.Check.DefinitionFile + "|" + o.Check.Integration))
        {
            var items = group.ToList();
            foreach (var outcome in items)
            {
                if (outcome.Error is null) continue;
                WriteError(ErrorRecords.From(outcome.Error, (object?)outcome.Integration ?? outcome.Check.Integration));
            }
            if (Detailed)
            {
                foreach (var outcome in items) WriteObject(outcome.Check);
            }
            else
            {
                WriteObject(Engine.Checks.IntegrationChecker.Summarize(items.Select(o => o.Check).ToList()));
            }
        }
    }

}
