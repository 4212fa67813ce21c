using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using PSGitHubSync.Completers;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Restore;
using PSGitHubSync.Infrastructure;

namespace PSGitHubSync.Commands;

/// <summary>
/// <para type="synopsis">Restores a backed-up version of a Postman collection to a file or into the Postman workspace.</para>
/// </summary>
[Cmdlet(VerbsData.Restore, "CollectionBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = InputObjectToFileSet, HelpUri = HelpLinks.Base + "Restore-CollectionBackup.md")]
[OutputType(typeof(RestoreResult))]
public sealed class RestoreCollectionBackupCommand : IntegrationCmdlet
{
    /// <summary>A version from Get-CollectionBackupHistory, to a file.</summary>
    public const string InputObjectToFileSet = "InputObjectToFile";

    /// <summary>A version from Get-CollectionBackupHistory, into Postman.</summary>
    public const string InputObjectToPostmanSet = "InputObjectToPostman";

    /// <summary>An integration, collection and commit by name, to a file.</summary>
    public const string NameToFileSet = "NameToFile";

    /// <summary>An integration, collection and commit by name, into Postman.</summary>
    public const string NameToPostmanSet = "NameToPostman";

    private readonly List<Pending> _pending = new();

    /// <summary>The versions to restore (from Get-CollectionBackupHistory).</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectToFileSet, ValueFromPipeline = true)]
    [Parameter(Mandatory = true, ParameterSetName = InputObjectToPostmanSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public CollectionBackupVersion[]? InputObject { get; set; }

    /// <summary>The integration that backs the collection up.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameToFileSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameToPostmanSet)]
    [ArgumentCompleter(typeof(IntegrationNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>The definitions file (default ./psgithubsync.yml).</summary>
    [Parameter(ParameterSetName = NameToFileSet)]
    [Parameter(ParameterSetName = NameToPostmanSet)]
    [Alias("DefinitionFile")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The collection: name, file name, path, id or a wildcard that matches one; optional when the integration backs up only one.</summary>
    [Parameter(ParameterSetName = NameToFileSet)]
    [Parameter(ParameterSetName = NameToPostmanSet)]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Collection { get; set; }

    /// <summary>The commit to restore from: the full sha, or at least its first 4 digits.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NameToFileSet)]
    [Parameter(Mandatory = true, ParameterSetName = NameToPostmanSet)]
    [ValidateNotNullOrEmpty]
    public string? CommitSha { get; set; }

    /// <summary>Write the version to this file.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectToFileSet)]
    [Parameter(Mandatory = true, ParameterSetName = NameToFileSet)]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>Put the version back into the Postman collection the backup recorded.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectToPostmanSet)]
    [Parameter(Mandatory = true, ParameterSetName = NameToPostmanSet)]
    public SwitchParameter ToPostman { get; set; }

    /// <summary>With -OutFile: replace an existing file.</summary>
    [Parameter(ParameterSetName = InputObjectToFileSet)]
    [Parameter(ParameterSetName = NameToFileSet)]
    public SwitchParameter Force { get; set; }

    /// <summary>A Postman API key (for -ToPostman) that wins over the definitions file's references.</summary>
    [Parameter]
    [ValidateNotNull]
    public SecureString? PostmanApiKey { get; set; }

    /// <inheritdoc />
    private protected override int ProgressId => 4714;

    /// <inheritdoc />
    private protected override string ProgressActivity => "Restoring collections";

    /// <inheritdoc />
    private protected override SecureString? GivenPostmanApiKey => PostmanApiKey;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var outFile = OutFile is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
        if (InputObject is not null)
        {
            foreach (var version in InputObject)
            {
                if (version.Definition is null)
                {
                    WriteError(ErrorRecords.Create(RestoreErrorIds.VersionWithoutDefinition, ErrorCategory.InvalidArgument,
                        $"The version {version} carries no integration definition; pass objects from Get-CollectionBackupHistory, or use -Name, -Collection and -CommitSha.", version));
                    continue;
                }
                _pending.Add(new Pending(version.Definition, version.CommitSha, version.Path, null, outFile, version));
            }
            return;
        }
        var input = new IntegrationInput();
        input.AddFromFile(this, Path, Name, Integration.CollectionBackup);
        foreach (var integration in input.Selected) _pending.Add(new Pending(integration, CommitSha!, null, Collection, outFile, Collection ?? integration.Name));
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_pending.Count == 0) return;
        var pending = _pending.ToArray();
        // Ctrl+C: a file is either fully written or untouched (atomic rename).
        var completed = TryRun(async run =>
        {
            using var session = run.CreateSession();
            session.ShouldProcess = (target, action) => run.Bridge.InvokeAsync(() => ShouldWrite(target, action));
            var restorer = new CollectionRestorer(session);
            return await run.ForEachAsync(pending, item => item.Target.ToString() ?? string.Empty, item => restorer.RestoreAsync(
                new RestoreRequest(item.Integration, item.CommitSha) { Path = item.RepositoryPath, Collection = item.Collection, OutFile = item.OutFile, Force = Force },
                run.Cancellation)).ConfigureAwait(false);
        }, out var outcomes);
        if (!completed) return;
        foreach (var (item, result, error) in outcomes)
        {
            if (error is not null) WriteError(ErrorRecords.From(error, error.Target ?? item.Target));
            if (result is not null) WriteObject(result);
        }
    }

    /// <summary>
    /// -ToPostman replaces a collection people work in, outside the repository: ConfirmImpact High, so it asks by default.
    /// -OutFile writes a local file (an existing one only with -Force): asked like a Medium-impact write, that is with
    /// -Confirm or a $ConfirmPreference of Medium or Low, and shown by -WhatIf.
    /// </summary>
    private bool ShouldWrite(string target, string action)
    {
        if (ToPostman) return ShouldProcess(target, action);
        var bound = MyInvocation.BoundParameters;
        var whatIf = bound.TryGetValue("WhatIf", out var given) ? LanguagePrimitives.IsTrue(given) : GetVariableValue("WhatIfPreference") is { } w && LanguagePrimitives.IsTrue(w);
        var preference = GetVariableValue("ConfirmPreference") is ConfirmImpact p ? p : ConfirmImpact.High;
        if (whatIf || bound.ContainsKey("Confirm") || (preference != ConfirmImpact.None && preference <= ConfirmImpact.Medium))
        {
            return ShouldProcess(target, action);
        }
        return true;
    }

    private sealed class Pending
    {
        public Pending(Integration integration, string commitSha, string? repositoryPath, string? collection, string? outFile, object target)
        {
            Integration = integration;
            CommitSha = commitSha;
            RepositoryPath = repositoryPath;
            Collection = collection;
            OutFile = outFile;
            Target = target;
        }

        public Integration Integration { get; }

        public string CommitSha { get; }

        public string? RepositoryPath { get; }

        public string? Collection { get; }

        public string? OutFile { get; }

        public object Target { get; }
    }
}
