using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Collections;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.IO;
using PSGitHubSync.Engine.Postman;
using PSGitHubSync.Engine.Schemas;

namespace PSGitHubSync.Engine.Checks;

public sealed partial class IntegrationChecker
{
    /// <summary>How many other workspaces are searched for a collection that is not in the named one.</summary>
    private const int MaxWorkspacesSearched = 25;

    // ---- 8. Source -----------------------------------------------------------------------------------

    private async Task<Finding> CheckSourceAsync(Integration integration, CancellationToken cancellationToken)
    {
        var source = integration.Source;
        if (source.File is not null)
        {
            if (LocalFileGate.FindLink(source.File, LocalFileGate.RootFor(source.File, integration.DefinitionFile)) is { } link)
            {
                return Finding.FromError(LocalFileGate.LinkError(link, null),
                    "Replace the link with the real file or folder, or point 'source.file' at the real location; links are never followed, so every run of this integration is refused.");
            }
            return IsSchemaSync(integration) ? CheckSchemaFile(integration, source.File) : CheckCollectionFile(source.File);
        }

        PostmanClient client;
        try
        {
            client = await _session.PostmanClientAsync(integration, cancellationToken).ConfigureAwait(false);
        }
        catch (SyncException ex)
        {
            if (_session.PostmanApiKey is null && ex.ErrorId is SyncErrorId.SecretNotFound or SyncErrorId.SecretManagementUnavailable)
            {
                var resolved = await ResolveSecretAsync(integration, integration.PostmanApiKey, "Postman API key", cancellationToken).ConfigureAwait(false);
                if (resolved.Failure is not null) return resolved.Failure;
            }
            return Finding.FromError(ex, "Check the integration's 'postman:' settings.");
        }

        var workspaceName = IsSchemaSync(integration) ? source.PostmanWorkspace! : source.Workspace!;
        PostmanWorkspace workspace;
        try
        {
            if (!IsSchemaSync(integration) && source.IsWorkspaceWildcard)
            {
                // Every workspace the key sees that matches: the backup gives each its own folder.
                var matching = await client.SelectWorkspacesAsync(workspaceName, cancellationToken).ConfigureAwait(false);
                var shown = string.Join(", ", matching.Take(10).Select(w => $"'{w.Name}'")) + (matching.Count > 10 ? $" and {matching.Count - 10} more" : string.Empty);
                return matching.Count == 0
                    ? Finding.Warn($"The Postman API key works, but it sees no workspace that matches '{workspaceName}': a backup would write nothing.", "Check the pattern in 'workspace:', or have the workspaces' admins invite the API key's user.")
                    : Finding.Pass($"The Postman API key works; '{workspaceName}' matches {matching.Count} workspace(s), each backed up into its own folder: {shown}.");
            }

            workspace = await client.ResolveWorkspaceAsync(workspaceName, cancellationToken).ConfigureAwait(false);
        }
        catch (SyncException ex) when (ex.ErrorId == SyncErrorId.ApiKeyInvalid)
        {
            var reference = _session.PostmanApiKey is null ? $"the key from {integration.PostmanApiKey}" : "the key passed to the command (-PostmanApiKey)";
            return Finding.Fail(ex.ErrorId, ex.Category,
                $"Postman ({integration.PostmanServer}) refused {reference}: it is wrong, expired or revoked.",
                "Create a key in Postman (your avatar > Settings > API keys > Generate API Key) and store it where "
                + (_session.PostmanApiKey is null ? $"{integration.PostmanApiKey} points." : "the command gets it from."), ex);
        }
        catch (SyncException ex) when (ex.ErrorId == SyncErrorId.WorkspaceNotFound)
        {
            return Finding.Fail(ex.ErrorId, ex.Category, ex.Message,
                $"Correct 'workspace:' in the definitions file (the workspace's name or id, as Postman shows it), or have the workspace's admin invite the API key's user to '{workspaceName}'.", ex);
        }
        catch (SyncException ex) when (ex.ErrorId == SyncErrorId.CollectionAmbiguous)
        {
            return Finding.Fail(ex.ErrorId, ex.Category, ex.Message, "Write the workspace's id instead of its name in 'workspace:' (Postman: the workspace's settings show the id).", ex);
        }
        catch (SyncException ex)
        {
            return ex.ErrorId == SyncErrorId.ServerUnreachable || ex.ErrorId == SyncErrorId.ProxyAuthenticationRequired
                ? PostmanUnreachable(ex, integration)
                : Finding.FromError(ex, "Run again with -Verbose to see each request and its answer.");
        }

        return IsSchemaSync(integration)
            ? await CheckPostmanApiAsync(integration, client, workspace, cancellationToken).ConfigureAwait(false)
            : await CheckPostmanCollectionAsync(integration, client, workspace, cancellationToken).ConfigureAwait(false);
    }

    private Finding PostmanUnreachable(SyncException error, Integration integration)
    {
        var server = new Uri(integration.PostmanServer);
        var finding = ServerDiagnosis.Unreachable(error, server, server.IsDefaultPort ? server.Host : server.Host + ":" + server.Port, "'postman: server:'", _session.PostmanOptions.Proxy);
        return Finding.Fail(finding.ErrorId!, finding.Category, "Postman: " + finding.Detail, finding.Fix!, error);
    }

    private async Task<Finding> CheckPostmanCollectionAsync(Integration integration, PostmanClient client, PostmanWorkspace workspace, CancellationToken cancellationToken)
    {
        var selector = integration.Source.Collection!;
        var collections = await _session.CollectionsOfAsync(client, workspace.Id, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<PostmanCollectionSummary> selected;
        try
        {
            selected = PostmanClient.Select(collections, selector, workspace.Name);
        }
        catch (SyncException ex) when (ex.ErrorId == SyncErrorId.CollectionNotFound)
        {
            return await CollectionElsewhereAsync(client, workspace, collections, selector, ex, cancellationToken).ConfigureAwait(false);
        }
        catch (SyncException ex) when (ex.ErrorId == SyncErrorId.CollectionAmbiguous)
        {
            return Finding.Fail(ex.ErrorId, ex.Category, ex.Message, "Write the id (or uid) of the collection you mean in 'collection:' instead of its name.", ex);
        }

        var environments = string.Empty;
        if (integration.Source.Environments)
        {
            var list = await client.ListEnvironmentsAsync(workspace.Id, cancellationToken).ConfigureAwait(false);
            environments = list.Count == 1 ? ", and 1 environment" : $", and {list.Count} environments";
        }
        if (selected.Count == 0)
        {
            return Finding.Warn($"The Postman API key works, but '{selector}' matches no collection in the workspace '{workspace.Name}' (it has {collections.Count}){environments}: a backup would write nothing.",
                $"Check the pattern in 'collection:' (it matches collection names; * and ? are wildcards), or add collections to '{workspace.Name}'.");
        }
        var names = string.Join(", ", selected.Take(10).Select(c => $"'{c.Name}'")) + (selected.Count > 10 ? $" and {selected.Count - 10} more" : string.Empty);
        return Finding.Pass(integration.Source.IsWildcard
            ? $"The Postman API key works; '{selector}' matches {selected.Count} collection(s) in the workspace '{workspace.Name}': {names}{environments}."
            : $"The Postman API key works; the collection {names} ({selected[0].Uid}) is in the workspace '{workspace.Name}'{environments}.");
    }

    private async Task<Finding> CollectionElsewhereAsync(PostmanClient client, PostmanWorkspace workspace, IReadOnlyList<PostmanCollectionSummary> inWorkspace, string selector, SyncException notFound, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        var all = await client.ListWorkspacesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var other in all.Where(w => w.Id != workspace.Id).Take(MaxWorkspacesSearched))
        {
            var collections = await _session.CollectionsOfAsync(client, other.Id, cancellationToken).ConfigureAwait(false);
            if (collections.Any(c => string.Equals(c.Id, selector, StringComparison.OrdinalIgnoreCase) || string.Equals(c.Uid, selector, StringComparison.OrdinalIgnoreCase)
                || string.Equals(c.Name, selector, StringComparison.OrdinalIgnoreCase)))
            {
                found.Add(other.Name);
            }
        }
        var has = inWorkspace.Count == 0 ? "no collections" : string.Join(", ", inWorkspace.Take(10).Select(c => $"'{c.Name}'")) + (inWorkspace.Count > 10 ? $" and {inWorkspace.Count - 10} more" : string.Empty);
        if (found.Count > 0)
        {
            var where = string.Join(", ", found.Select(w => $"'{w}'"));
            return Finding.Fail(notFound.ErrorId, notFound.Category,
                $"The collection '{selector}' is not in the workspace '{workspace.Name}' (it has {has}), but it is in {where}. A backup looks only in the workspace it names, never across the account.",
                $"Set 'workspace:' to {where} in the definitions file, or move (or fork) the collection into '{workspace.Name}' in Postman.", notFound);
        }
        return Finding.Fail(notFound.ErrorId, notFound.Category,
            $"The collection '{selector}' is not in the workspace '{workspace.Name}' (it has {has}), nor in any other workspace this API key sees.",
            "Check the collection's name in 'collection:' (or use its id, from the collection's Info panel in Postman), and that the API key's user can see it.", notFound);
    }

    private static async Task<Finding> CheckPostmanApiAsync(Integration integration, PostmanClient client, PostmanWorkspace workspace, CancellationToken cancellationToken)
    {
        var apiName = integration.Source.PostmanApi!;
        PostmanWorkspace api;
        try
        {
            api = await client.ResolveApiAsync(workspace, apiName, cancellationToken).ConfigureAwait(false);
        }
        catch (SyncException ex) when (ex.ErrorId is SyncErrorId.ApiNotFound or SyncErrorId.CollectionAmbiguous)
        {
            return Finding.Fail(ex.ErrorId, ex.Category, ex.Message,
                ex.ErrorId == SyncErrorId.ApiNotFound
                    ? $"Correct 'postman: api:' in the definitions file (the API's name or id), or create the API in the workspace '{workspace.Name}' (Postman: APIs > +)."
                    : "Write the API's id instead of its name in 'postman: api:'.", ex);
        }
        var schema = await client.GetSchemaIdAsync(api.Id, cancellationToken).ConfigureAwait(false);
        if (schema is null)
        {
            return Finding.Warn($"The Postman API key works and the API '{api.Name}' is in the workspace '{workspace.Name}', but it has no schema yet: there is nothing on the Postman side to sync.",
                $"Add a schema to '{api.Name}' in Postman (the API's Definition), or make sure the repository side holds the schema to sync.");
        }
        return Finding.Pass($"The Postman API key works; the API '{api.Name}' ({api.Id}) is in the workspace '{workspace.Name}' and has a schema ({schema}).");
    }

    private static Finding CheckCollectionFile(string path)
    {
        if (!File.Exists(path))
        {
            var isFolder = Directory.Exists(path);
            return Finding.Fail(SyncErrorId.SourceFileNotFound, SyncErrorCategory.ObjectNotFound,
                isFolder ? $"{path} is a folder; a backup's 'source.file' is one exported collection." : $"The collection file {path} does not exist.",
                "Export the collection from Postman (the collection's ... menu > Export > Collection v2.1) to that path, or correct 'source.file' in the definitions file (relative paths are relative to the definitions file).");
        }
        try
        {
            // The streaming pass, as the backup reads the file: in pieces, never the whole file in memory.
            CollectionPassResult collection;
            using (var input = LocalFileGate.OpenRead(path, null, null))
            {
                collection = CollectionStreamNormalizer.NormalizeCollection(input, Stream.Null, path, new CollectionPassOptions { CheckSchema = false });
            }
            return Finding.Pass($"{path} is a Postman collection (format v{collection.FormatVersion}) named '{collection.Name}'.");
        }
        catch (SyncException ex)
        {
            return Finding.Fail(ex.ErrorId, ex.Category, ex.Message,
                "Export the collection again from Postman as Collection v2.1 (the collection's ... menu > Export) and replace the file; nothing of an invalid file is ever committed.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Finding.Fail(SyncErrorId.SourceFileNotFound, SyncErrorCategory.PermissionDenied, $"The collection file {path} cannot be read: {ex.Message}",
                "Make the file readable by the account that runs this.", ex);
        }
    }

    private static Finding CheckSchemaFile(Integration integration, string path)
    {
        var isFolder = Directory.Exists(path);
        if (!isFolder && !File.Exists(path))
        {
            // A sync copies a schema to the side that lacks it: the repository's version is written here.
            return Finding.Warn($"The schema file or folder {path} does not exist yet; the next sync writes it from the repository (and fails with SourceFileNotFound if the repository has none either).",
                "Nothing needs doing if the schema is in the repository. Otherwise correct 'source.file' (relative paths are relative to the definitions file), or put the schema there.");
        }
        if (!SchemaFormatNames.TryParse(integration.Format, out var format))
        {
            return Finding.Fail(SchemaErrorIds.InvalidSchema, SyncErrorCategory.InvalidArgument, $"'format: {integration.Format}' is not a schema format.",
                "Write openapi, raml or graphql in 'format:', or remove it to detect the format from the content.");
        }
        try
        {
            var set = isFolder ? SchemaSet.FromDirectory(path) : SchemaSet.FromFile(path);
            var result = SchemaValidator.Check(set, format);
            var files = set.Count == 1 ? "1 file" : set.Count + " files";
            if (result.IsValid)
            {
                var kind = result.Format is { } known ? SchemaFormatNames.ToDisplayName(known) + (result.Version is null ? string.Empty : " " + result.Version) : "schema";
                return Finding.Pass($"{path} is a valid {kind} schema ({files}{(isFolder && result.RootFile is not null ? ", root " + result.RootFile : string.Empty)}).");
            }
            var shown = result.Problems.Take(10).Select(p => "  " + p).ToList();
            if (result.Problems.Count > 10) shown.Add($"  ... and {result.Problems.Count - 10} more");
            var display = result.Format is { } f ? SchemaFormatNames.ToDisplayName(f) : "schema";
            return Finding.Fail(SchemaErrorIds.InvalidSchema, SyncErrorCategory.InvalidData,
                $"{path} ({files}) is not a valid {display} schema ({result.Problems.Count} problem(s)):" + Environment.NewLine + string.Join(Environment.NewLine, shown),
                $"Fix each problem at the file, line and column shown; nothing of an invalid schema is synced. If the content is not {display}, set 'format:' (openapi, raml or graphql).");
        }
        catch (SyncException ex)
        {
            return Finding.Fail(ex.ErrorId, ex.Category, ex.Message, "Make the schema readable by the account that runs this, or correct 'source.file'.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Finding.Fail(SyncErrorId.SourceFileNotFound, SyncErrorCategory.PermissionDenied, $"The schema at {path} cannot be read: {ex.Message}",
                "Make it readable by the account that runs this.", ex);
        }
    }
}
