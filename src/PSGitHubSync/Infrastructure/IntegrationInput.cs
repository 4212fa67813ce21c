using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSGitHubSync.Engine.Definitions;
using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Infrastructure;

/// <summary>
/// Collects the integrations a running cmdlet was given — by <c>-Path</c>/<c>-Name</c> (also by
/// property name from Get-BackupIntegration) or as objects — across ProcessRecord calls, so that
/// EndProcessing runs them together (one commit per repository and branch).
/// </summary>
internal sealed class IntegrationInput
{
    private readonly List<Integration> _selected = new();
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<Integration> Selected => _selected;

    /// <summary>Adds integrations given as objects.</summary>
    public void Add(IEnumerable<Integration> integrations)
    {
        foreach (var integration in integrations) AddOne(integration);
    }

    /// <summary>
    /// Adds piped integrations of <paramref name="type"/> (of every type when null); the others (Get-BackupIntegration
    /// lists every type) are skipped with a verbose message naming them.
    /// </summary>
    public void AddPiped(PSCmdlet cmdlet, IEnumerable<Integration> integrations, string? type)
    {
        foreach (var integration in integrations)
        {
            if (type is null || integration.Type == type) AddOne(integration);
            else cmdlet.WriteVerbose($"'{integration.Name}' is a {integration.Type} integration; {cmdlet.MyInvocation.MyCommand.Name} runs {type} integrations only.");
        }
    }

    /// <summary>
    /// Loads <paramref name="path"/> and adds the integrations matching <paramref name="names"/>
    /// of <paramref name="type"/> (of every type when null). A file that is missing or has problems is a
    /// non-terminating error (one line per problem, with file:line:column): nothing runs from it, and the other piped
    /// input still does. With <paramref name="unloadable"/>, that callback reports such a file instead.
    /// </summary>
    public void AddFromFile(PSCmdlet cmdlet, string? path, string[]? names, string? type, Action<string, SyncException>? unloadable = null)
    {
        var file = DefinitionFilePath.Resolve(cmdlet, path);
        IReadOnlyList<Integration> all;
        try
        {
            all = DefinitionLoader.Load(file, Engine.Backup.BackupFileNaming.Instance);
        }
        catch (SyncException ex)
        {
            if (unloadable is null) cmdlet.WriteError(ErrorRecords.From(ex));
            else unloadable(file, ex);
            return;
        }
        Add(IntegrationSelection.Select(cmdlet, all, names, type));
    }

    private void AddOne(Integration integration)
    {
        if (_seen.Add(integration.DefinitionFile + "|" + integration.Name)) _selected.Add(integration);
    }
}
