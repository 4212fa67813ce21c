using System;

namespace PSGitHubSync;

/// <summary>
/// One integration from a definitions file, with every default applied (the output of
/// <c>Get-BackupIntegration</c>). Secrets appear only as their references (<c>env:GITHUB_TOKEN</c>).
/// </summary>
public sealed class Integration
{
    /// <summary><c>collection-backup</c>.</summary>
    public const string CollectionBackup = "collection-backup";

    /// <summary><c>schema-sync</c>.</summary>
    public const string SchemaSync = "schema-sync";

    /// <summary>The default repository folder for backups.</summary>
    public const string DefaultDirectory = "Postman Collections";

    /// <summary>The unique nickname.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary><see cref="CollectionBackup"/> or <see cref="SchemaSync"/>.</summary>
    public string Type { get; set; } = CollectionBackup;

    /// <summary>Where the content comes from.</summary>
    public IntegrationSource Source { get; set; } = new();

    /// <summary>The target repository, <c>owner/name</c>.</summary>
    public string Repository { get; set; } = string.Empty;

    /// <summary>The branch; null means the repository's default branch.</summary>
    public string? Branch { get; set; }

    /// <summary>Backups: the repository folder (default <c>Postman Collections</c>).</summary>
    public string? Directory { get; set; }

    /// <summary>Backups: the file name; null means <c>&lt;collection name&gt;.postman_collection.json</c>.</summary>
    public string? FileName { get; set; }

    /// <summary>Schema sync: the file or folder in the repository (the definitions file's <c>path</c>).</summary>
    public string? SchemaPath { get; set; }

    /// <summary>
    /// True when the integration may write under the repository's <c>.github</c> folder (the definitions file's
    /// <c>allowGitHubFolder: true</c>), where GitHub reads workflows and settings. False: such paths are refused.
    /// </summary>
    public bool AllowGitHubFolder { get; set; }

    /// <summary>Schema sync: <c>openapi</c>, <c>raml</c> or <c>graphql</c>; null means detected from the content.</summary>
    public string? Format { get; set; }

    /// <summary>
    /// Schema sync, multi-file folders: the root document, relative to the schema's folder (the definitions
    /// file's <c>root</c>, for example <c>openapi/main.yaml</c>); null means it is found by name and content.
    /// </summary>
    public string? SchemaRoot { get; set; }

    /// <summary>
    /// Backups: what to do with likely secrets found in a collection: <c>redact</c> (the default: replaced by a placeholder
    /// that names them), <c>keep</c> (committed, with a warning; <c>warn</c> in a definitions file means the same) or <c>block</c>.
    /// </summary>
    public string SecretPolicy { get; set; } = "redact";

    /// <summary>
    /// Backups: remove the file of a collection that was deleted in Postman (or no longer matches) in the
    /// run's commit. False (the default): the file stays and the result reports it as <c>Orphaned</c>.
    /// </summary>
    public bool Prune { get; set; }

    /// <summary>The GitHub server as users browse to it.</summary>
    public string Server { get; set; } = "https://github.com";

    /// <summary>The reference to the GitHub token (never the token).</summary>
    public string Token { get; set; } = "env:GITHUB_TOKEN";

    /// <summary>The GitHub App the integration authenticates as instead of <see cref="Token"/>, or null.</summary>
    public GitHubAppReference? App { get; set; }

    /// <summary>The Postman API server.</summary>
    public string PostmanServer { get; set; } = "https://api.getpostman.com";

    /// <summary>The reference to the Postman API key (never the key).</summary>
    public string PostmanApiKey { get; set; } = "env:POSTMAN_API_KEY";

    /// <summary>Who commits.</summary>
    public CommitterIdentity Committer { get; set; } = new();

    /// <summary>The definitions file this integration was read from (full path).</summary>
    public string DefinitionFile { get; set; } = string.Empty;

    /// <summary>The line of the integration's entry in <see cref="DefinitionFile"/>.</summary>
    public int Line { get; set; }

    /// <summary>The column of the integration's entry in <see cref="DefinitionFile"/>.</summary>
    public int Column { get; set; }

    /// <summary>Where the integration is defined, as <c>file:line:column</c>.</summary>
    public string Location => $"{DefinitionFile}:{Line}:{Column}";

    /// <summary>The integration's name.</summary>
    public override string ToString() => Name;
}

/// <summary>Where an integration's content comes from.</summary>
public sealed class IntegrationSource
{
    /// <summary>Backups: the Postman workspace (name or id).</summary>
    public string? Workspace { get; set; }

    /// <summary>Backups: the Postman collection (name, id, uid or wildcard).</summary>
    public string? Collection { get; set; }

    /// <summary>Backups: also back up the workspace's environments.</summary>
    public bool Environments { get; set; }

    /// <summary>A file (or, for schema sync, a folder) on disk, as a full path.</summary>
    public string? File { get; set; }

    /// <summary>Schema sync: the Postman workspace holding the API.</summary>
    public string? PostmanWorkspace { get; set; }

    /// <summary>Schema sync: the Postman API (name or id).</summary>
    public string? PostmanApi { get; set; }

    /// <summary>True when the workspace names several workspaces (<c>*</c>, <c>?</c>): each goes into its own folder.</summary>
    public bool IsWorkspaceWildcard => Workspace is not null && Workspace.IndexOfAny(new[] { '*', '?' }) >= 0;

    /// <summary>True when the collection names several collections (<c>*</c>, <c>?</c>, <c>[</c>).</summary>
    public bool IsWildcard => Collection is not null && Collection.IndexOfAny(new[] { '*', '?', '[' }) >= 0;

    /// <summary>A short description: <c>workspace/collection</c>, <c>postman:workspace/api</c> or the file.</summary>
    public override string ToString() =>
        File ?? (PostmanApi is not null ? $"postman:{PostmanWorkspace}/{PostmanApi}" : $"{Workspace}/{Collection}");
}

/// <summary>The name and e-mail address commits are made with.</summary>
public sealed class CommitterIdentity
{
    /// <summary>The name.</summary>
    public string Name { get; set; } = "PSGitHubSync";

    /// <summary>The e-mail address.</summary>
    public string Email { get; set; } = "psgithubsync@users.noreply.github.com";

    /// <summary>
    /// True when the definitions file names the committer (<c>committer:</c> in <c>defaults</c> or the integration).
    /// Otherwise commits made as a GitHub App are left to GitHub, which names the app's bot account.
    /// </summary>
    public bool IsNamed { get; set; }

    /// <summary><c>Name &lt;email&gt;</c>.</summary>
    public override string ToString() => $"{Name} <{Email}>";
}
