using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Infrastructure;

/// <summary>Picks integrations by name (wildcards) and type, reporting names that match nothing.</summary>
internal static class IntegrationSelection
{
    /// <summary>
    /// The integrations matching any of <paramref name="names"/> (all when none) and <paramref name="type"/>, in file
    /// order. A name without wildcards that matches nothing is an <c>IntegrationNotFound</c> error (written, not thrown).
    /// </summary>
    public static List<Integration> Select(PSCmdlet cmdlet, IReadOnlyList<Integration> integrations, string[]? names, string? type)
    {
        var patterns = (names ?? new[] { "*" }).Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
        var selected = integrations
            .Where(i => patterns.Any(p => p.IsMatch(i.Name)))
            .Where(i => type is null || string.Equals(i.Type, type, StringComparison.OrdinalIgnoreCase))
            .ToList();
        foreach (var name in names ?? Array.Empty<string>())
        {
            if (WildcardPattern.ContainsWildcardCharacters(name)) continue;
            if (selected.Any(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase))) continue;
            var known = string.Join(", ", integrations.Where(i => type is null || string.Equals(i.Type, type, StringComparison.OrdinalIgnoreCase)).Select(i => i.Name));
            var file = integrations.Count > 0 ? integrations[0].DefinitionFile : "the definitions file";
            var message = $"No integration named '{name}'" + (type is null ? string.Empty : $" of type {type}") + $" in {file}."
                + (known.Length == 0 ? " The file has none yet; add one with New-BackupIntegration." : $" The names are: {known}.");
            cmdlet.WriteError(ErrorRecords.From(new SyncException(SyncErrorId.IntegrationNotFound, SyncErrorCategory.ObjectNotFound, message, name)));
        }
        return selected;
    }
}
