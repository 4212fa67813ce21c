using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Completers;
using PSGitHubSync.Infrastructure;

namespace PSGitHubSync.Commands;

/// <summary>
/// <para type="synopsis">Runs the troubleshooting checklist for integrations: definition, server, token, scopes, repository, branch, push permission and source.</para>
/// </summary>
/// <remarks>Engine types appear only in method bodies: see <see cref="PipelineBridge"/>.</remarks>
[Cmdlet(VerbsDiagnostic.Test, "BackupIntegration", DefaultParameterSetName = ByNameSet, HelpUri = HelpLinks.Base + "Test-BackupIntegration.md")]
[OutputType(typeof(IntegrationCheck))]
public sealed class TestBackupIntegrationCommand : PSCmdlet, IDisposable
{
    /// <summary>Integrations named in a definitions file.</summary>
    public const string ByNameSet = "ByName";

    /// <summary>Integration objects from Get-BackupIntegration.</summary>
    public const string ByInputObjectSet = "ByInputObject";

    private const int ProgressId = 4715;
    private const string ProgressActivity = "Testing backup integrations";
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<Integration> _integrations = new();
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The integrations to check (wildcards); all integrations of the file when omitted.</summary>
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

    /// <summary>Returns every check of every integration instead of one line per integration.</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

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
    protected override void BeginProcessing() => ShardSelection.Validate(this, Shard);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByInputObjectSet)
        {
            foreach (var integration in InputObject!) Add(integration);
            return;
        }
        AddFromFile(DefinitionFilePath.Resolve(this, Path));
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_integrations.Count == 0) return;
        var integrations = ShardSelection.Apply(this, Shard, _integrations);
        if (integrations.Count == 0) return;
        var bridge = new PipelineBridge(this);
        try
        {
            bridge.Run((log, cancel) => RunAsync(bridge, log, integrations, cancel), _cancel.Token);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // Ctrl+C: stop; nothing was written anywhere.
        }
        finally
        {
            WriteProgress(new ProgressRecord(ProgressId, ProgressActivity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private void Add(Integration integration)
    {
        if (_seen.Add(integration.DefinitionFile + "|" + integration.Name)) _integrations.Add(integration);
    }

    /// <summary>
    /// Loads the file and queues the integrations <c>-Name</c> selects. A file that cannot be loaded is not a
    /// terminating error here: its integrations get Definition=Failed checks (with file:line:column), written now.
    /// </summary>
    private void AddFromFile(string file)
    {
        IReadOnlyList<Integration> all;
        try
        {
            all = Engine.Definitions.DefinitionLoader.Load(file, Engine.Backup.BackupFileNaming.Instance);
        }
        catch (SyncException ex)
        {
            var names = NamesInBrokenFile(file);
            Write(Engine.Checks.IntegrationChecker.ForUnloadableFile(ex, file, names));
            return;
        }
        foreach (var integration in IntegrationSelection.Select(this, all, Name, type: null)) Add(integration);
    }

    private IReadOnlyList<string> NamesInBrokenFile(string file)
    {
        var patterns = (Name ?? new[] { "*" }).Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
        var readable = Engine.Definitions.DefinitionLoader.ReadNames(file).Where(n => patterns.Any(p => p.IsMatch(n))).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (readable.Count > 0) return readable;
        var given = (Name ?? Array.Empty<string>()).Where(n => !WildcardPattern.ContainsWildcardCharacters(n)).ToList();
        return given.Count > 0 ? given : new[] { System.IO.Path.GetFileName(file) };
    }

    private async Task<bool> RunAsync(PipelineBridge bridge, Engine.Diagnostics.IEngineLog log, IReadOnlyList<Integration> integrations, CancellationToken cancellationToken)
    {
        using var session = RunSession.CreateForChecks(this, bridge, log, Token, Credential, PostmanApiKey, ProgressId, ProgressActivity);
        using var checker = new Engine.Checks.IntegrationChecker(session)
        {
            Progress = progress => RunSession.ReportProgress(this, bridge, ProgressId, ProgressActivity, $"{progress.Integration}: {progress.Check}", progress.Done, progress.Total),
        };
        await checker.CheckAsync(integrations, outcomes => bridge.InvokeAsync(() =>
        {
            Write(outcomes);
            return true;
        }), cancellationToken).ConfigureAwait(false);
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

    /// <inheritdoc />
    protected override void StopProcessing() => _cancel.Cancel();

    /// <summary>Releases the cancellation source.</summary>
    public void Dispose() => _cancel.Dispose();
}
