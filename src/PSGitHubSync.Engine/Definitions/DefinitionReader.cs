using System;
using System.Collections.Generic;

namespace PSGitHubSync.Engine.Definitions;

/// <summary>
/// Reads the tree of one definitions file: 'version', 'defaults' and each entry of 'integrations'
/// (<see cref="IntegrationReader"/>), then the checks across integrations (unique names, no two writing one
/// file). Secrets written into the file are reported wherever they are.
/// </summary>
internal sealed class DefinitionReader
{
    private readonly string _text;
    private readonly DefinitionProblemList _problems;
    private readonly YamlValueReader _values;
    private readonly ConnectionBlockReader _blocks;
    private readonly IntegrationReader _integrations;
    private readonly IntegrationTargets _targets;

    public DefinitionReader(string file, string text, DefinitionProblemList problems, IBackupFileNaming fileNaming)
    {
        _text = text;
        _problems = problems;
        _values = new YamlValueReader(problems);
        _blocks = new ConnectionBlockReader(_values);
        _integrations = new IntegrationReader(file, _values, _blocks);
        _targets = new IntegrationTargets(problems, fileNaming);
    }

    /// <summary>Adds the integrations of <paramref name="root"/> to <paramref name="integrations"/>, and every problem to the list.</summary>
    public void Read(YamlTreeNode? root, List<Integration> integrations)
    {
        if (root is null || root is YamlTreeScalar { IsNull: true })
        {
            _problems.Add(DefinitionProblemId.UnsupportedVersion, "The file is empty. Start it with 'version: 1' and an 'integrations:' list (New-BackupIntegration writes one).", 1, 1);
            return;
        }
        if (root is not YamlTreeMapping map)
        {
            _problems.Add(DefinitionProblemId.WrongType, $"The file must be a mapping with 'version', 'defaults' and 'integrations', not {root.Kind}.", root);
            return;
        }

        var secrets = new LiteralSecretScan(_problems);
        secrets.ScanValues(root);
        secrets.ScanComments(_text);
        var entries = _values.Entries(map, DefinitionKeys.RootKeys, "the top level");
        CheckVersion(entries, map);
        var defaults = ReadDefaults(entries);
        if (IntegrationList(entries, map) is { } sequence) ReadIntegrations(sequence, defaults, integrations);
    }

    private void CheckVersion(Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>> entries, YamlTreeMapping map)
    {
        if (!entries.TryGetValue("version", out var version))
        {
            _problems.Add(DefinitionProblemId.UnsupportedVersion, "The file has no 'version'. Add 'version: 1' as its first line.", map.Line, map.Column);
        }
        else if (version.Value is not YamlTreeScalar { Value: "1" })
        {
            _problems.Add(DefinitionProblemId.UnsupportedVersion, $"'version' must be 1 (this module reads version 1), not {YamlValueReader.Describe(version.Value)}.", version.Value);
        }
    }

    private Integration ReadDefaults(Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>> entries)
    {
        var defaults = new Integration();
        if (entries.TryGetValue("defaults", out var defaultsEntry) && _values.Mapping(defaultsEntry, "defaults") is { } defaultsMap)
        {
            var defaultEntries = _values.Entries(defaultsMap, DefinitionKeys.DefaultsKeys, "'defaults'");
            _blocks.Apply(defaultEntries, defaults);
            if (defaultEntries.TryGetValue("secretPolicy", out var policy)) defaults.SecretPolicy = _values.SecretPolicyChoice(policy) ?? defaults.SecretPolicy;
        }
        return defaults;
    }

    // The 'integrations' list, or null when there is none to read (an empty list is no problem).
    private YamlTreeSequence? IntegrationList(Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>> entries, YamlTreeMapping map)
    {
        if (!entries.TryGetValue("integrations", out var list))
        {
            _problems.Add(DefinitionProblemId.MissingKey, "The file has no 'integrations' list. Add 'integrations:' followed by '- name: ...' entries.", map.Line, map.Column);
            return null;
        }
        if (list.Value is YamlTreeScalar { IsNull: true }) return null;
        if (list.Value is not YamlTreeSequence sequence)
        {
            _problems.Add(DefinitionProblemId.WrongType, $"'integrations' must be a list of entries that start with '- name:', not {list.Value.Kind}.", list.Value);
            return null;
        }
        return sequence;
    }

    private void ReadIntegrations(YamlTreeSequence sequence, Integration defaults, List<Integration> integrations)
    {
        var names = new Dictionary<string, Integration>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in sequence.Items)
        {
            if (item is not YamlTreeMapping itemMap)
            {
                _problems.Add(DefinitionProblemId.WrongType, $"Each integration must be a mapping ('- name: ...' with its keys indented below), not {item.Kind}.", item);
                continue;
            }
            var integration = _integrations.Read(itemMap, defaults);
            if (integration is null) continue;
            if (names.TryGetValue(integration.Name, out var first))
            {
                _problems.Add(DefinitionProblemId.DuplicateName, $"The name '{integration.Name}' is already used on line {first.Line}. Names must be unique; rename one of them.", integration.Line, integration.Column);
            }
            else
            {
                names[integration.Name] = integration;
            }
            _targets.Add(integration);
            integrations.Add(integration);
        }
    }
}
