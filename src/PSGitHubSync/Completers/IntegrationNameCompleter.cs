using System.Collections;
using System.Collections.Generic;

namespace PSGitHubSync.Completers;

/// <summary>
/// Tab completion of integration names from the definitions file named by <c>-Path</c> (or
/// <c>./psgithubsync.yml</c>). Reads the names leniently: a file that does not validate yet still
/// completes what can be read.
/// </summary>
public sealed class IntegrationNameCompleter : DefinitionFileCompleter
{
    /// <inheritdoc />
    protected override IEnumerable<string> Candidates(string path, string commandName, IDictionary fakeBoundParameters) => Names(path, TypeFor(commandName));

    // A separate method so that the engine assembly loads only when completion really runs.
    private static IEnumerable<string> Names(string path, string? type) => PSGitHubSync.Engine.Definitions.DefinitionLoader.ReadNames(path, type);

    // The commands that run only one type of integration complete only those names.
    private static string? TypeFor(string commandName) => commandName switch
    {
        "Invoke-CollectionBackup" or "Get-CollectionBackupHistory" or "Restore-CollectionBackup" => Integration.CollectionBackup,
        "Sync-ApiSchema" => Integration.SchemaSync,
        _ => null,
    };
}
