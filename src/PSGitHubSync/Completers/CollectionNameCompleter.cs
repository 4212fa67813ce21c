using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PSGitHubSync.Completers;

/// <summary>
/// Tab completion of collection names for <c>-Collection</c> of Get-CollectionBackupHistory and
/// Restore-CollectionBackup: the collections the integrations selected by <c>-Name</c> (all collection
/// backups when none) back up, read from the definitions file named by <c>-Path</c> (or <c>./psgithubsync.yml</c>)
/// and, for a backup of an exported file, from that file's own name. Nothing is asked over the network.
/// </summary>
public sealed class CollectionNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var path = fakeBoundParameters["Path"] as string ?? "psgithubsync.yml";
        string full;
        try
        {
            using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            shell.AddScript("param($p) $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($p)").AddArgument(path);
            full = shell.Invoke().FirstOrDefault()?.BaseObject as string ?? System.IO.Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is InvalidOperationException or RuntimeException or ArgumentException or NotSupportedException)
        {
            return Array.Empty<CompletionResult>();
        }

        var names = NamesOf(fakeBoundParameters["Name"]);
        var pattern = new WildcardPattern(wordToComplete.Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return Collections(full, names)
            .Where(name => pattern.IsMatch(name))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(name => name, StringComparer.OrdinalIgnoreCase)
            .Select(name => new CompletionResult(Quote(name), name, CompletionResultType.ParameterValue, name));
    }

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
            integrations = PSGitHubSync.Engine.Definitions.DefinitionLoader.Load(path);
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

    private static string Quote(string name) => name.IndexOfAny(new[] { ' ', '\'', '$', '`', ';', '(', ')', '{', '}', ',', '@', '#' }) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;
}
