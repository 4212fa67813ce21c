using System.IO;
using System.Linq;
using System.Management.Automation;
using PSGitHubSync.Completers;
using PSGitHubSync.Engine.Definitions;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Infrastructure;

namespace PSGitHubSync.Commands;

/// <summary>
/// <para type="synopsis">Adds (or, with -Force, replaces) one integration in a definitions file, leaving the rest of the file as it was.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "BackupIntegration", SupportsShouldProcess = true, DefaultParameterSetName = PostmanCollectionSet, HelpUri = HelpLinks.Base + "New-BackupIntegration.md")]
[OutputType(typeof(Integration))]
public sealed class NewBackupIntegrationCommand : PSCmdlet, System.IDisposable
{
    private const int ProgressId = 4716;
    private const string ProgressActivity = "Checking the new integration";
    private readonly System.Threading.CancellationTokenSource _cancel = new();

    /// <summary>A collection backup from the Postman API.</summary>
    public const string PostmanCollectionSet = "PostmanCollection";

    /// <summary>A collection backup from an exported collection file.</summary>
    public const string CollectionFileSet = "CollectionFile";

    /// <summary>A schema sync with a file or folder on disk.</summary>
    public const string SchemaFileSet = "SchemaFile";

    /// <summary>A schema sync with a Postman API.</summary>
    public const string PostmanSchemaSet = "PostmanSchema";

    /// <summary>The integration's unique nickname.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(IntegrationNameCompleter))]
    [ValidatePattern("^[A-Za-z0-9._-]{1,100}$")]
    public string Name { get; set; } = string.Empty;

    /// <summary>The target repository, owner/name.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Repository { get; set; } = string.Empty;

    /// <summary>The Postman workspace (name or id) that holds the collection.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PostmanCollectionSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Workspace { get; set; }

    /// <summary>The Postman collection: name, id, uid, or a wildcard such as '*'.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PostmanCollectionSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Collection { get; set; }

    /// <summary>Also back up the workspace's environments.</summary>
    [Parameter(ParameterSetName = PostmanCollectionSet)]
    public SwitchParameter Environments { get; set; }

    /// <summary>Remove the backup of a collection deleted in Postman (or no longer matched) in the run's commit ('prune: true').</summary>
    [Parameter(ParameterSetName = PostmanCollectionSet)]
    public SwitchParameter Prune { get; set; }

    /// <summary>An exported collection file to back up instead of a Postman workspace.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CollectionFileSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? CollectionFile { get; set; }

    /// <summary>The repository folder for the backup (default 'Postman Collections').</summary>
    [Parameter(ParameterSetName = PostmanCollectionSet)]
    [Parameter(ParameterSetName = CollectionFileSet)]
    [ValidateNotNull]
    public string? Directory { get; set; }

    /// <summary>The file name in the repository (default: the collection's name + .postman_collection.json).</summary>
    [Parameter(ParameterSetName = PostmanCollectionSet)]
    [Parameter(ParameterSetName = CollectionFileSet)]
    [ValidateNotNullOrEmpty]
    public string? FileName { get; set; }

    /// <summary>What a backup does with likely secrets: Redact (the default, not written to the file), Keep or Block.</summary>
    [Parameter(ParameterSetName = PostmanCollectionSet)]
    [Parameter(ParameterSetName = CollectionFileSet)]
    [ValidateSet("Redact", "Keep", "Block", IgnoreCase = true)]
    public string? SecretPolicy { get; set; }

    /// <summary>A schema file or folder on disk to sync with the repository.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SchemaFileSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? SchemaFile { get; set; }

    /// <summary>The Postman workspace of the API whose schema is synced.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PostmanSchemaSet)]
    [ValidateNotNullOrEmpty]
    public string? PostmanWorkspace { get; set; }

    /// <summary>The Postman API (name or id) whose schema is synced.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PostmanSchemaSet)]
    [ValidateNotNullOrEmpty]
    public string? PostmanApi { get; set; }

    /// <summary>The schema's file or folder in the repository.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SchemaFileSet)]
    [Parameter(Mandatory = true, ParameterSetName = PostmanSchemaSet)]
    [ValidateNotNullOrEmpty]
    public string? SchemaPath { get; set; }

    /// <summary>The schema format; detected from the content when not given.</summary>
    [Parameter(ParameterSetName = SchemaFileSet)]
    [Parameter(ParameterSetName = PostmanSchemaSet)]
    [ValidateSet("openapi", "raml", "graphql", IgnoreCase = true)]
    public string? Format { get; set; }

    /// <summary>The branch (default: the repository's default branch); it must exist.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Branch { get; set; }

    /// <summary>The GitHub server, for GitHub Enterprise Server (default https://github.com).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Server { get; set; }

    /// <summary>Where the token is kept: env:NAME, secret:NAME, secret:VAULT/NAME or file:PATH (default env:GITHUB_TOKEN).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TokenReference { get; set; }

    /// <summary>The definitions file (default ./psgithubsync.yml); created when missing.</summary>
    [Parameter]
    [Alias("DefinitionFile")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>
    /// Let the integration write under the repository's .github folder (allowGitHubFolder: true), where GitHub
    /// runs workflows and reads settings. Without it, a -Directory, -FileName or -SchemaPath there is refused.
    /// </summary>
    [Parameter]
    public SwitchParameter AllowGitHubFolder { get; set; }

    /// <summary>Replace an integration of the same name.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Check online first (token, scopes, repository, branch, push permission, source) and write nothing when a check fails.</summary>
    [Parameter]
    public SwitchParameter Validate { get; set; }

    /// <summary>
    /// Runs Test-BackupIntegration's checks on the integration as it would be written (the file
    /// itself is not touched yet). Failed checks become errors and the file is left alone; warnings
    /// are shown and the integration is added.
    /// </summary>
    private bool ValidateOnline(string text, string file)
    {
        var integration = DefinitionLoader.Parse(text, file, Engine.Backup.BackupFileNaming.Instance).First(i => string.Equals(i.Name, Name, System.StringComparison.OrdinalIgnoreCase));
        var bridge = new PipelineBridge(this);
        System.Collections.Generic.IReadOnlyList<Engine.Checks.IntegrationCheckOutcome> outcomes;
        try
        {
            outcomes = bridge.Run(async (log, token) =>
            {
                using var session = RunSession.CreateForChecks(this, bridge, log, null, null, null, ProgressId, ProgressActivity);
                using var checker = new Engine.Checks.IntegrationChecker(session)
                {
                    Progress = progress => RunSession.ReportProgress(this, bridge, ProgressId, ProgressActivity, $"{progress.Integration}: {progress.Check}", progress.Done, progress.Total),
                };
                return await checker.CheckAsync(integration, token).ConfigureAwait(false);
            }, _cancel.Token);
        }
        finally
        {
            WriteProgress(new ProgressRecord(ProgressId, ProgressActivity, "Done") { RecordType = ProgressRecordType.Completed });
        }
        var passed = true;
        foreach (var outcome in outcomes)
        {
            var check = outcome.Check;
            if (check.Status == CheckStatus.Warning) WriteWarning($"{check.Check}: {check.Detail} {check.Fix}");
            if (check.Status != CheckStatus.Failed) continue;
            passed = false;
            var error = outcome.Error ?? new SyncException(Engine.Checks.CheckErrorIds.IntegrationCheckFailed, SyncErrorCategory.InvalidOperation, $"{check.Check}: {check.Detail} {check.Fix}", Name);
            WriteError(ErrorRecords.From(error, Name));
        }
        if (!passed) WriteVerbose($"{file} was not changed: the integration '{Name}' failed the checks above.");
        return passed;
    }

    // An empty -Directory means the repository root, which the file writes as '.'.
    private static string? RepositoryDirectory(string? directory) => directory is { Length: 0 } ? "." : directory;

    /// <summary>
    /// The source path as the definitions file should hold it: the user means it relative to
    /// the current location, while the file resolves it relative to its own folder, so write it
    /// relative to that folder (or absolute when it is on another drive).
    /// </summary>
    private string SourceFileFor(string definitionFile, string source)
    {
        var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(source);
        var folder = System.IO.Path.GetDirectoryName(definitionFile) ?? string.Empty;
        var folderUri = new System.Uri(folder.EndsWith(System.IO.Path.DirectorySeparatorChar.ToString(), System.StringComparison.Ordinal) ? folder : folder + System.IO.Path.DirectorySeparatorChar);
        var relative = folderUri.MakeRelativeUri(new System.Uri(full));
        if (relative.IsAbsoluteUri) return full;
        var text = System.Uri.UnescapeDataString(relative.OriginalString);
        return text.StartsWith("../", System.StringComparison.Ordinal) ? text : "./" + text;
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var file = DefinitionFilePath.Resolve(this, Path);
        var entry = new IntegrationEntry
        {
            Name = Name,
            Repository = Repository,
            Branch = Branch,
            Server = Server,
            TokenReference = TokenReference,
            AllowGitHubFolder = AllowGitHubFolder,
        };
        switch (ParameterSetName)
        {
            case PostmanCollectionSet:
                entry.Workspace = Workspace;
                entry.Collection = Collection;
                entry.Environments = Environments;
                entry.Prune = Prune;
                entry.Directory = RepositoryDirectory(Directory);
                entry.FileName = FileName;
                entry.SecretPolicy = SecretPolicy?.ToLowerInvariant();
                break;
            case CollectionFileSet:
                entry.File = SourceFileFor(file, CollectionFile!);
                entry.Directory = RepositoryDirectory(Directory);
                entry.FileName = FileName;
                entry.SecretPolicy = SecretPolicy?.ToLowerInvariant();
                break;
            case SchemaFileSet:
                entry.Type = Integration.SchemaSync;
                entry.File = SourceFileFor(file, SchemaFile!);
                entry.Path = SchemaPath;
                entry.Format = Format?.ToLowerInvariant();
                break;
            default:
                entry.Type = Integration.SchemaSync;
                entry.PostmanWorkspace = PostmanWorkspace;
                entry.PostmanApi = PostmanApi;
                entry.Path = SchemaPath;
                entry.Format = Format?.ToLowerInvariant();
                break;
        }

        try
        {
            var edit = DefinitionFileEditor.Plan(file, entry, Force, Engine.Backup.BackupFileNaming.Instance);
            if (Validate && !ValidateOnline(edit.Text, file)) return;
            var action = edit.FileCreated ? "Create the definitions file with the integration" : edit.Replaced ? "Replace the integration" : "Add the integration";
            if (!ShouldProcess($"{Name} in {file}", action)) return;
            DefinitionFileEditor.WriteAtomically(file, edit.Text);
            foreach (var integration in DefinitionLoader.Load(file, Engine.Backup.BackupFileNaming.Instance))
            {
                if (string.Equals(integration.Name, Name, System.StringComparison.OrdinalIgnoreCase)) WriteObject(integration);
            }
        }
        catch (SyncException ex)
        {
            WriteError(ErrorRecords.From(ex));
        }
        catch (IOException ex)
        {
            WriteError(ErrorRecords.FromOther(ex, "DefinitionFileWriteFailed", ErrorCategory.WriteError, file));
        }
        catch (System.UnauthorizedAccessException ex)
        {
            WriteError(ErrorRecords.FromOther(ex, "DefinitionFileWriteFailed", ErrorCategory.PermissionDenied, file));
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _cancel.Cancel();

    /// <inheritdoc />
    public void Dispose() => _cancel.Dispose();
}
