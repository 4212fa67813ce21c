using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PSGitHubSync.Completers;

/// <summary>
/// Tab completion of names read from the definitions file named by <c>-Path</c> (or <c>./psgithubsync.yml</c>),
/// resolved as the cmdlet resolves it (~, PowerShell drives, the current location). Nothing is asked over the network.
/// </summary>
public abstract class DefinitionFileCompleter : IArgumentCompleter
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
            // No usable runspace or an unresolvable path: complete nothing rather than fail.
            return Array.Empty<CompletionResult>();
        }

        var pattern = new WildcardPattern(wordToComplete.Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return Candidates(full, commandName, fakeBoundParameters)
            .Where(name => pattern.IsMatch(name))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(name => name, StringComparer.OrdinalIgnoreCase)
            .Select(name => new CompletionResult(Quote(name), name, CompletionResultType.ParameterValue, name));
    }

    /// <summary>The names to offer, read from the definitions file at <paramref name="path"/>.</summary>
    /// <param name="path">The definitions file's full path.</param>
    /// <param name="commandName">The command being completed.</param>
    /// <param name="fakeBoundParameters">The parameters bound so far.</param>
    /// <returns>The names; the base filters, sorts and quotes them.</returns>
    protected abstract IEnumerable<string> Candidates(string path, string commandName, IDictionary fakeBoundParameters);

    private static string Quote(string name) => name.IndexOfAny(new[] { ' ', '\'', '$', '`', ';', '(', ')', '{', '}', ',', '@', '#' }) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;
}
