using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.IO;

namespace PSGitHubSync.Engine.Definitions;

/// <summary>
/// Reads one entry of 'integrations' into an <see cref="Integration"/> with the defaults applied: its name and
/// type, its connection blocks, the repository, branch and path it writes, and its source. Every problem is
/// reported; an integration with any problem of its own is not returned.
/// </summary>
internal sealed class IntegrationReader
{
    private static readonly Regex NamePattern = new("^[A-Za-z0-9._-]{1,100}$", RegexOptions.CultureInvariant);

    private readonly string _file;
    private readonly YamlValueReader _values;
    private readonly ConnectionBlockReader _blocks;
    private readonly IntegrationSourceReader _sources;

    public IntegrationReader(string file, YamlValueReader values, ConnectionBlockReader blocks)
    {
        _file = file;
        _values = values;
        _blocks = blocks;
        _sources = new IntegrationSourceReader(values, Path.GetDirectoryName(Path.GetFullPath(file)) ?? Directory.GetCurrentDirectory());
    }

    private DefinitionProblemList Problems => _values.Problems;

    /// <summary>
    /// The integration <paramref name="map"/> declares, or null when it has a problem of its own: such an integration
    /// takes no part in later checks (duplicate names and targets), so one mistake is reported once.
    /// </summary>
    public Integration? Read(YamlTreeMapping map, Integration defaults)
    {
        var problemsBefore = Problems.Count;
        var integration = ReadEntries(map, defaults);
        return Problems.Count == problemsBefore ? integration : null;
    }

    private Integration? ReadEntries(YamlTreeMapping map, Integration defaults)
    {
        var entries = _values.Entries(map, DefinitionKeys.IntegrationKeys, "an integration");
        var integration = WithDefaults(map, defaults);
        var valid = ReadName(entries, map, integration);
        if (!ReadType(entries, map, integration)) return null;
        var isBackup = integration.Type == Integration.CollectionBackup;
        ReportKeysOfTheOtherType(entries, isBackup);

        _blocks.Apply(entries, integration);
        if (entries.TryGetValue("allowGitHubFolder", out var allowGitHub)) integration.AllowGitHubFolder = _values.Boolean(allowGitHub) ?? false;
        valid &= ReadRepository(entries, map, integration);
        ReadBranch(entries, integration);
        if (isBackup) ReadBackupTarget(entries, integration);
        else valid &= ReadSchemaTarget(entries, map, integration);
        if (!integration.AllowGitHubFolder) CheckGitHubFolder(entries, isBackup);
        valid &= ReadSource(entries, map, integration, isBackup);
        return valid ? integration : null;
    }

    private Integration WithDefaults(YamlTreeMapping map, Integration defaults) => new()
    {
        DefinitionFile = Path.GetFullPath(_file),
        Line = map.Line,
        Column = map.Column,
        Server = defaults.Server,
        Token = defaults.Token,
        App = defaults.App is null ? null : new GitHubAppReference { Id = defaults.App.Id, PrivateKey = defaults.App.PrivateKey, Installation = defaults.App.Installation },
        PostmanServer = defaults.PostmanServer,
        PostmanApiKey = defaults.PostmanApiKey,
        Committer = new CommitterIdentity { Name = defaults.Committer.Name, Email = defaults.Committer.Email, IsNamed = defaults.Committer.IsNamed },
        SecretPolicy = defaults.SecretPolicy,
    };

    private bool ReadName(Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>> entries, YamlTreeMapping map, Integration integration)
    {
        var name = _values.Text(entries, "name");
        if (name is null)
        {
            if (!_values.WasSuggested(map, "name")) Problems.Add(DefinitionProblemId.MissingKey, "This integration has no 'name'. Add 'name: <nickname>' (letters, digits, '.', '_', '-').", map);
            return false;
        }
        if (!NamePattern.IsMatch(name.Value))
        {
            Problems.Add(DefinitionProblemId.InvalidName, $"The name '{name.Value}' may contain only letters, digits, '.', '_' and '-' (at most 100). For example '{YamlValueReader.SuggestName(name.Value)}'.", name);
            return false;
        }
        integration.Name = name.Value;
        return true;
    }

    // False when the integration cannot be read further: without a known type no other key can be judged.
    private bool ReadType(Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>> entries, YamlTreeMapping map, Integration integration)
    {
        var type = _values.Text(entries, "type");
        if (type is null)
        {
            if (!_values.WasSuggested(map, "type")) Problems.Add(DefinitionProblemId.MissingKey, $"The integration '{integration.Name}' has no 'type'. Add 'type: collection-backup' or 'type: schema-sync'.", map);
            return false;
        }
        if (type.Value != Integration.CollectionBackup && type.Value != Integration.SchemaSync)
        {
            var hint = ClosestWord.Find(type.Value, new[] { Integration.CollectionBackup, Integration.SchemaSync });
            Problems.Add(DefinitionProblemId.InvalidValue, $"'type' is '{type.Value}'; it must be 'collection-backup' or 'schema-sync'" + (hint is null ? "." : $". Did you mean '{hint}'?"), type);
            return false;
        }
        integration.Type = type.Value;
        return true;
    }

    private void ReportKeysOfTheOtherType(Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>> entries, bool isBackup)
    {
        foreach (var key in isBackup ? DefinitionKeys.SchemaOnlyKeys : DefinitionKeys.BackupOnlyKeys)
        {
            if (entries.TryGetValue(key, out var misplaced))
            {
                Problems.Add(DefinitionProblemId.UnknownKey, isBackup
                    ? $"'{key}' belongs to schema-sync integrations; a collection-backup writes to 'directory' and 'fileName'."
                    : $"'{key}' belongs to collection-backup integrations; a schema-sync writes to 'path'.", misplaced.Key);
            }
        }
    }

    private bool ReadRepository(Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>> entries, YamlTreeMapping map, Integration integration)
    {
        var repository = _values.Text(entries, "repository");
        if (repository is null)
        {
            if (!_values.WasSuggested(map, "repository")) Problems.Add(DefinitionProblemId.MissingKey, $"The integration '{integration.Name}' has no 'repository'. Add 'repository: owner/name', for example 'contoso/api-backups'.", map);
            return false;
        }
        try
        {
            integration.Repository = RepositoryName.Parse(repository.Value).ToString();
            return true;
        }
        catch (SyncException ex)
        {
            Problems.Add(DefinitionProblemId.InvalidValue, ex.Message, repository);
            return false;
        }
    }

    private void ReadBranch(Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>> entries, Integration integration)
    {
        if (_values.Text(entries, "branch") is { } branch)
        {
            if (DefinitionLoader.CheckBranchName(branch.Value) is { } message) Problems.Add(DefinitionProblemId.InvalidValue, message, branch);
            else integration.Branch = branch.Value;
        }
    }

    private void ReadBackupTarget(Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>> entries, Integration integration)
    {
        if (_values.Text(entries, "directory") is { } directory) integration.Directory = _values.RepositoryPath(directory, "directory") ?? integration.Directory;
        else integration.Directory = Integration.DefaultDirectory;
        if (_values.Text(entries, "fileName") is { } fileName)
        {
            if (fileName.Value.IndexOfAny(new[] { '/', '\\' }) >= 0)
            {
                Problems.Add(DefinitionProblemId.InvalidValue, $"'fileName' is a file name, not a path ('{fileName.Value}'). Put folders in 'directory'.", fileName);
            }
            else
            {
                integration.FileName = _values.RepositoryPath(fileName, "fileName");
            }
        }
        if (entries.TryGetValue("secretPolicy", out var policy)) integration.SecretPolicy = _values.SecretPolicyChoice(policy) ?? integration.SecretPolicy;
        if (entries.TryGetValue("prune", out var prune)) integration.Prune = _values.Boolean(prune) ?? false;
    }

    private bool ReadSchemaTarget(Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>> entries, YamlTreeMapping map, Integration integration)
    {
        var valid = true;
        var path = _values.Text(entries, "path");
        if (path is null)
        {
            if (!_values.WasSuggested(map, "path")) Problems.Add(DefinitionProblemId.MissingKey, $"The schema-sync integration '{integration.Name}' has no 'path'. Add 'path: <file or folder in the repository>', for example 'api/openapi.yaml'.", map);
            valid = false;
        }
        else if (DefinitionLoader.NormalizeRepositoryPath(path.Value).Length == 0)
        {
            Problems.Add(DefinitionProblemId.InvalidValue, "'path' must name a file or folder inside the repository, not the repository root.", path);
        }
        else
        {
            integration.SchemaPath = _values.RepositoryPath(path, "path");
        }
        if (entries.TryGetValue("format", out var format)) integration.Format = _values.Choice(format, DefinitionKeys.Formats);
        if (_values.Text(entries, "root") is { } root)
        {
            // The root file of a multi-file schema, relative to the schema's folder: the same rules as a repository path.
            integration.SchemaRoot = _values.RepositoryPath(root, "root");
        }
        return valid;
    }

    private void CheckGitHubFolder(Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>> entries, bool isBackup)
    {
        foreach (var key in isBackup ? new[] { "directory", "fileName" } : new[] { "path" })
        {
            if (entries.TryGetValue(key, out var target) && target.Value is YamlTreeScalar targetPath && RepositoryPathRule.EntersGitHubFolder(targetPath.Value))
            {
                Problems.Add(DefinitionProblemId.GitHubFolderNotAllowed,
                    $"'{key}' ('{targetPath.Value}') writes under '.github', where GitHub runs workflows and reads repository settings: whoever can change the "
                    + (isBackup ? "collection in Postman" : "schema's other side") + " could then change what runs in this repository. "
                    + "If that is intended, add 'allowGitHubFolder: true' to this integration; otherwise choose another folder.", targetPath);
            }
        }
    }

    private bool ReadSource(Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>> entries, YamlTreeMapping map, Integration integration, bool isBackup)
    {
        if (!entries.TryGetValue("source", out var source))
        {
            if (!_values.WasSuggested(map, "source")) Problems.Add(DefinitionProblemId.MissingKey, isBackup
                ? $"The integration '{integration.Name}' has no 'source'. Add 'source:' with 'workspace' and 'collection', or 'file'."
                : $"The integration '{integration.Name}' has no 'source'. Add 'source:' with 'file' (a file or folder) or 'postman: {{ workspace, api }}'.", map);
            return false;
        }
        if (_values.Mapping(source, "source") is not { } sourceMap) return false;
        return isBackup ? _sources.ReadBackupSource(sourceMap, integration) : _sources.ReadSchemaSource(sourceMap, integration);
    }
}
