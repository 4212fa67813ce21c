using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;

namespace PSGitHubSync.Completers;

/// <summary>
/// Tab completion of collection names for <c>-Collection</c> of Get-CollectionBackupHistory and
/// Restore-CollectionBackup: the collections the integrations selected by <c>-Name</c> (all collection
/// backups when none) back up, read from the definitions file named by <c>-Path</c> (or <c>./psgithubsync.yml</c>)
/// and, for a backup of an exported file, from that file's own name. Nothing is asked over the network.
/// </summary>
public sealed class CollectionNameCompleter : DefinitionFileCompleter
{
    /// <inheritdoc />
    protected override IEnumerable<string> Candidates(string path, string commandName, IDictionary fakeBoundParameters) =>
        Collections(path, NamesOf(fakeBoundParameters["Name"]));

    private static string[] NamesOf(object? bound) => bound switch
    {
        string one => new[] { one },
        IEnumerable many => many.Cast<object?>().Select(o => o?.ToString()).Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToArray(),
        _ => new[] { "*" },
    };

    // A separate method so that the engine assembly loads only when completion really runs.
    private static IEnumerable<string> Collections(string path, string[] names)
    {
        IReadOnlyList<Integration> integrations;
        try
        {
            integrations = PSGitHubSync.Engine.Definitions.DefinitionLoader.Load(path, PSGitHubSync.Engine.Backup.BackupFileNaming.Instance);
        }
        catch (SyncException)
        {
            // A missing or invalid file completes nothing; running the command says why.
            yield break;
        }
        var patterns = names.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
        foreach (var integration in integrations.Where(i => i.Type == Integration.CollectionBackup && patterns.Any(p => p.IsMatch(i.Name))))
        {
            if (integration.Source.File is { } file)
            {
                if (ExportedName(file) is { } exported) yield return exported;
            }
            else if (integration.Source.Collection is { } collection && !integration.Source.IsWildcard)
            {
                yield return collection;
            }
        }
    }

    private static string? ExportedName(string file)
    {
        try
        {
            return File.Exists(file) ? PSGitHubSync.Engine.Collections.CollectionDocument.Parse(File.ReadAllBytes(file), file).Name : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SyncException)
        {
            return null;
        }
    }
}
