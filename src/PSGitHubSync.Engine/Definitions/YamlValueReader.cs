using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace PSGitHubSync.Engine.Definitions;

/// <summary>
/// Reads the values of one definitions file's mappings as what they must be (a block of known keys, a mapping,
/// a single value, one of a set of words, true/false, a repository path), reporting each value that is not
/// to the file's <see cref="DefinitionProblemList"/> with what to write instead.
/// </summary>
internal sealed class YamlValueReader
{
    // Keys an UnknownKey problem already suggested ("Did you mean 'collection'?"), per block: their MissingKey would
    // report the same typo twice, so a misspelt key is one problem (one line in a log), not two.
    private readonly HashSet<(YamlTreeMapping Map, string Key)> _suggested = new();

    public YamlValueReader(DefinitionProblemList problems) => Problems = problems;

    /// <summary>Where every problem of the file goes.</summary>
    public DefinitionProblemList Problems { get; }

    /// <summary>True when an unknown key of <paramref name="map"/> was already reported as a typo of <paramref name="key"/>.</summary>
    public bool WasSuggested(YamlTreeMapping map, string key) => _suggested.Contains((map, key));

    /// <summary>The entries of <paramref name="map"/> by key; unknown and repeated keys are reported and left out.</summary>
    public Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>> Entries(YamlTreeMapping map, string[] allowed, string where)
    {
        var result = new Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>>(StringComparer.Ordinal);
        foreach (var entry in map.Entries)
        {
            var key = entry.Key.Value;
            if (Array.IndexOf(allowed, key) < 0)
            {
                var hint = ClosestWord.Find(key, allowed);
                if (hint is not null) _suggested.Add((map, hint));
                Problems.Add(DefinitionProblemId.UnknownKey,
                    $"'{key}' is not a key of {where}." + (hint is null ? $" The keys are: {string.Join(", ", allowed)}." : $" Did you mean '{hint}'?"), entry.Key);
                continue;
            }
            if (result.TryGetValue(key, out var first))
            {
                Problems.Add(DefinitionProblemId.DuplicateKey, $"'{key}' is given twice (first on line {first.Key.Line}); keep one.", entry.Key);
                continue;
            }
            result[key] = entry;
        }
        return result;
    }

    public YamlTreeMapping? Mapping(KeyValuePair<YamlTreeScalar, YamlTreeNode> entry, string key)
    {
        if (entry.Value is YamlTreeMapping map) return map;
        if (entry.Value is YamlTreeScalar { IsNull: true }) return new YamlTreeMapping(entry.Value.Line, entry.Value.Column);
        Problems.Add(DefinitionProblemId.WrongType, $"'{key}' must be a mapping (its keys indented on the lines below), not {Describe(entry.Value)}.", entry.Value);
        return null;
    }

    public YamlTreeScalar? Text(Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>> entries, string key)
    {
        if (!entries.TryGetValue(key, out var entry)) return null;
        if (entry.Value is YamlTreeScalar scalar)
        {
            if (scalar.IsNull || scalar.Value.Trim().Length == 0)
            {
                Problems.Add(DefinitionProblemId.InvalidValue, $"'{key}' is empty; give it a value or remove the line.", entry.Key);
                return null;
            }
            return scalar;
        }
        Problems.Add(DefinitionProblemId.WrongType, $"'{key}' must be a single value, not {entry.Value.Kind}.", entry.Value);
        return null;
    }

    /// <summary><c>secretPolicy</c>: redact, keep or block; <c>warn</c>, its name before version 0.2, is kept as an alias of keep.</summary>
    public string? SecretPolicyChoice(KeyValuePair<YamlTreeScalar, YamlTreeNode> entry) =>
        entry.Value is YamlTreeScalar { IsNull: false } scalar && string.Equals(scalar.Value, "warn", StringComparison.OrdinalIgnoreCase)
            ? "keep"
            : Choice(entry, DefinitionKeys.SecretPolicies);

    public string? Choice(KeyValuePair<YamlTreeScalar, YamlTreeNode> entry, string[] choices)
    {
        if (entry.Value is not YamlTreeScalar scalar || scalar.IsNull)
        {
            Problems.Add(DefinitionProblemId.WrongType, $"'{entry.Key.Value}' must be one of: {string.Join(", ", choices)}.", entry.Value);
            return null;
        }
        var match = choices.FirstOrDefault(c => string.Equals(c, scalar.Value, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            var hint = ClosestWord.Find(scalar.Value, choices);
            Problems.Add(DefinitionProblemId.InvalidValue, $"'{entry.Key.Value}' is '{scalar.Value}'; it must be one of: {string.Join(", ", choices)}." + (hint is null ? string.Empty : $" Did you mean '{hint}'?"), scalar);
        }
        return match;
    }

    public bool? Boolean(KeyValuePair<YamlTreeScalar, YamlTreeNode> entry)
    {
        if (entry.Value is YamlTreeScalar { IsPlain: true } scalar)
        {
            if (string.Equals(scalar.Value, "true", StringComparison.OrdinalIgnoreCase)) return true;
            if (string.Equals(scalar.Value, "false", StringComparison.OrdinalIgnoreCase)) return false;
        }
        Problems.Add(DefinitionProblemId.WrongType, $"'{entry.Key.Value}' must be true or false, not {Describe(entry.Value)}.", entry.Value);
        return null;
    }

    /// <summary>A path inside the repository, checked (<see cref="DefinitionLoader.CheckRepositoryPath"/>, <see cref="DefinitionLoader.CheckPortablePath"/>) and normalized.</summary>
    public string? RepositoryPath(YamlTreeScalar scalar, string key)
    {
        if (DefinitionLoader.CheckRepositoryPath(scalar.Value, key) is { } message)
        {
            Problems.Add(DefinitionProblemId.PathEscapesRepository, message, scalar);
            return null;
        }
        if (DefinitionLoader.CheckPortablePath(scalar.Value, key) is { } portability)
        {
            Problems.Add(DefinitionProblemId.PathNotPortable, portability, scalar);
            return null;
        }
        return DefinitionLoader.NormalizeRepositoryPath(scalar.Value);
    }

    /// <summary>A value as a message quotes it: a scalar in quotes, anything else by its kind.</summary>
    public static string Describe(YamlTreeNode node) => node is YamlTreeScalar scalar ? $"'{scalar.Value}'" : node.Kind;

    /// <summary>An integration name made valid, for a message's example.</summary>
    public static string SuggestName(string name)
    {
        var cleaned = Regex.Replace(name, "[^A-Za-z0-9._-]+", "-").Trim('-');
        return cleaned.Length == 0 ? "my-integration" : cleaned.Length > 100 ? cleaned.Substring(0, 100) : cleaned;
    }
}
