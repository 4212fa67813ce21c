using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PSGitHubSync.Completers;

/// <summary>
/// Tab completion of integration names from the definitions file named by <c>-Path</c> (or
/// <c>./psgithubsync.yml</c>). Reads the names leniently: a file that does not validate yet still
/// completes what can be read.
/// </summary>
public sealed class IntegrationNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var path = fakeBoundParameters["Path"] as string ?? "psgithubsync.yml";
        string full;
        try
        {
            // Resolve like the cmdlet does: ~, PowerShell drives and the current location all count.
            using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            shell.AddScript("param($p) $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($p)").AddArgument(path);
            full = shell.Invoke().FirstOrDefault()?.BaseObject as string ?? System.IO.Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is InvalidOperationException or RuntimeException or ArgumentException or NotSupportedException)
        {
            // No usable runspace or an unresolvable path: complete nothing rather than fail.
            return Array.Empty<CompletionResult>();
        }

        var pattern = new WildcardPattern(wordToComplete.Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return Names(full, TypeFor(commandName))
            .Where(name => pattern.IsMatch(name))
            .OrderBy(name => name, StringComparer.OrdinalIgnoreCase)
            .Select(name => new CompletionResult(Quote(name), name, CompletionResultType.ParameterValue, name));
    }

    // A separate method so that the engine assembly loads only when completion really runs.
    private static IEnumerable<string> Names(string path, string? type) => PSGitHubSync.Engine.Definitions.DefinitionLoader.ReadNames(path, type);

    // The commands that run only one type of integration complete only those names.
    private static string? TypeFor(string commandName) => commandName switch
    {
        "Invoke-CollectionBackup" or "Get-CollectionBackupHistory" or "Restore-CollectionBackup" => Integration.CollectionBackup,
        "Sync-ApiSchema" => Integration.SchemaSync,
        _ => null,
    };

    private static string Quote(string name) => name.IndexOfAny(new[] { ' ', '\'', '$', '`', ';', '(', ')', '{', '}', ',' }) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;
}
