using System.IO;

namespace PSGitHubSync.Engine.Definitions;

/// <summary>
/// Reads an integration's 'source': for a collection backup a Postman workspace and collection, or an exported
/// file; for a schema sync a file or folder, or a Postman API. Relative files are resolved against the folder of
/// the definitions file, never the current directory.
/// </summary>
internal sealed class IntegrationSourceReader
{
    private readonly YamlValueReader _values;
    private readonly string _baseDirectory;

    public IntegrationSourceReader(YamlValueReader values, string baseDirectory)
    {
        _values = values;
        _baseDirectory = baseDirectory;
    }

    private DefinitionProblemList Problems => _values.Problems;

    /// <summary>Reads a collection backup's source into <paramref name="integration"/>; false when it is not usable.</summary>
    public bool ReadBackupSource(YamlTreeMapping map, Integration integration)
    {
        var entries = _values.Entries(map, DefinitionKeys.SourceKeys, "'source'");
        if (entries.TryGetValue("postman", out var postman))
        {
            Problems.Add(DefinitionProblemId.UnknownKey, "'source.postman' belongs to schema-sync integrations; a collection-backup names 'workspace' and 'collection' directly under 'source'.", postman.Key);
        }
        var workspace = _values.Text(entries, "workspace");
        var collection = _values.Text(entries, "collection");
        var file = _values.Text(entries, "file");
        if (file is not null && (workspace is not null || collection is not null))
        {
            Problems.Add(DefinitionProblemId.ConflictingSource, "'source' names both a 'file' and a Postman 'workspace'/'collection'. Keep one: the file (an exported collection) or the workspace and collection.", file);
            return false;
        }
        if (file is null && workspace is null && collection is null)
        {
            Problems.Add(DefinitionProblemId.MissingKey, "'source' needs 'workspace' and 'collection' (from the Postman API) or 'file' (an exported collection).", map);
            return false;
        }
        if (file is not null)
        {
            if (entries.TryGetValue("environments", out var environmentsWithFile))
            {
                Problems.Add(DefinitionProblemId.InvalidValue, "'environments' works with a Postman workspace, not with a 'file' source. Remove it, or back up the workspace instead.", environmentsWithFile.Key);
            }
            integration.Source.File = Path.GetFullPath(Path.Combine(_baseDirectory, file.Value));
            return true;
        }
        if (workspace is null)
        {
            if (!_values.WasSuggested(map, "workspace")) Problems.Add(DefinitionProblemId.MissingKey, "'source' names a 'collection' but no 'workspace'. Add 'workspace: <name or id>': collections are looked up in that workspace only.", map);
            return false;
        }
        if (collection is null)
        {
            if (!_values.WasSuggested(map, "collection")) Problems.Add(DefinitionProblemId.MissingKey, "'source' names a 'workspace' but no 'collection'. Add 'collection: <name, id or uid>', or 'collection: \"*\"' for every collection in the workspace.", map);
            return false;
        }
        integration.Source.Workspace = workspace.Value;
        integration.Source.Collection = collection.Value;
        if (integration.Source.IsWildcard && integration.FileName is not null)
        {
            Problems.Add(DefinitionProblemId.InvalidValue,
                $"'fileName' names one file, but the collection '{collection.Value}' is a wildcard: each matching collection gets its own file (<collection name>.postman_collection.json). Remove 'fileName', or name a single collection.", collection);
            return false;
        }
        if (entries.TryGetValue("environments", out var environments)) integration.Source.Environments = _values.Boolean(environments) ?? false;
        return true;
    }

    /// <summary>Reads a schema sync's source into <paramref name="integration"/>; false when it is not usable.</summary>
    public bool ReadSchemaSource(YamlTreeMapping map, Integration integration)
    {
        var entries = _values.Entries(map, DefinitionKeys.SourceKeys, "'source'");
        foreach (var key in new[] { "workspace", "collection", "environments" })
        {
            if (entries.TryGetValue(key, out var misplaced))
            {
                Problems.Add(DefinitionProblemId.UnknownKey, key == "workspace"
                    ? "A schema-sync source names its Postman side as 'postman: { workspace: ..., api: ... }'; move 'workspace' under 'postman'."
                    : $"'{key}' belongs to collection-backup sources; a schema-sync source is 'file' or 'postman'.", misplaced.Key);
            }
        }
        var file = _values.Text(entries, "file");
        entries.TryGetValue("postman", out var postman);
        if (file is not null && postman.Key is not null)
        {
            Problems.Add(DefinitionProblemId.ConflictingSource, "'source' names both a 'file' and 'postman'. A schema syncs with one other side: keep one.", file);
            return false;
        }
        if (file is not null)
        {
            integration.Source.File = Path.GetFullPath(Path.Combine(_baseDirectory, file.Value));
            return true;
        }
        if (postman.Key is null)
        {
            Problems.Add(DefinitionProblemId.MissingKey, "'source' needs 'file' (a schema file or folder on disk) or 'postman: { workspace: ..., api: ... }'.", map);
            return false;
        }
        if (_values.Mapping(postman, "source.postman") is not { } postmanMap) return false;
        var postmanEntries = _values.Entries(postmanMap, DefinitionKeys.SourcePostmanKeys, "'source.postman'");
        var workspace = _values.Text(postmanEntries, "workspace");
        var api = _values.Text(postmanEntries, "api");
        if (workspace is null || api is null)
        {
            Problems.Add(DefinitionProblemId.MissingKey, "'source.postman' needs both 'workspace' and 'api' (names or ids).", postmanMap);
            return false;
        }
        integration.Source.PostmanWorkspace = workspace.Value;
        integration.Source.PostmanApi = api.Value;
        return true;
    }
}
