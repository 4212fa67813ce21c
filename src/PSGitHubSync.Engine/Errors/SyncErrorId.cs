namespace PSGitHubSync.Engine.Errors;

/// <summary>
/// The stable error identifiers that scripts match on (<c>FullyQualifiedErrorId</c>).
/// Never rename one: users' <c>catch</c> blocks depend on them.
/// </summary>
public static class SyncErrorId
{
    /// <summary>The token was refused by the server.</summary>
    public const string TokenInvalid = nameof(TokenInvalid);
    /// <summary>No token was given and none could be found.</summary>
    public const string TokenMissing = nameof(TokenMissing);
    /// <summary>The server could not be reached, failed TLS, or is not GitHub.</summary>
    public const string ServerUnreachable = nameof(ServerUnreachable);
    /// <summary>A token would have been sent over plain http to a non-loopback server.</summary>
    public const string InsecureServer = nameof(InsecureServer);
    /// <summary>The server address is not a usable absolute URI.</summary>
    public const string ServerInvalid = nameof(ServerInvalid);
    /// <summary>The repository does not exist or the token cannot see it.</summary>
    public const string RepositoryNotFound = nameof(RepositoryNotFound);
    /// <summary>The repository argument is not in owner/name form.</summary>
    public const string RepositoryNameInvalid = nameof(RepositoryNameInvalid);
    /// <summary>The token lacks a scope the operation needs.</summary>
    public const string MissingTokenScope = nameof(MissingTokenScope);
    /// <summary>A GitHub rate limit was reached and the wait is too long.</summary>
    public const string RateLimited = nameof(RateLimited);
    /// <summary>GitHub answered with an error the engine does not map more precisely.</summary>
    public const string GitHubRequestFailed = nameof(GitHubRequestFailed);
    /// <summary>The branch does not exist.</summary>
    public const string BranchNotFound = nameof(BranchNotFound);
    /// <summary>The repository has no commits yet.</summary>
    public const string RepositoryEmpty = nameof(RepositoryEmpty);
    /// <summary>The token cannot push to the repository or branch.</summary>
    public const string PushDenied = nameof(PushDenied);
    /// <summary>The definitions file has errors.</summary>
    public const string DefinitionFileInvalid = nameof(DefinitionFileInvalid);
    /// <summary>The definitions file contains a literal token instead of a reference.</summary>
    public const string LiteralTokenNotAllowed = nameof(LiteralTokenNotAllowed);
    /// <summary>The proxy refused the request or asked for credentials.</summary>
    public const string ProxyAuthenticationRequired = nameof(ProxyAuthenticationRequired);
    /// <summary>A secret reference points at nothing.</summary>
    public const string SecretNotFound = nameof(SecretNotFound);
    /// <summary>A <c>secret:</c> reference was used but SecretManagement is not available.</summary>
    public const string SecretManagementUnavailable = nameof(SecretManagementUnavailable);
    /// <summary>An integration with that name already exists.</summary>
    public const string IntegrationExists = nameof(IntegrationExists);
    /// <summary>The GitHub App is not installed on the repository's owner, or its installation cannot have contents write.</summary>
    public const string GitHubAppNotInstalled = nameof(GitHubAppNotInstalled);
    /// <summary>No integration matches the name given.</summary>
    public const string IntegrationNotFound = nameof(IntegrationNotFound);
    /// <summary>The definitions file does not exist.</summary>
    public const string DefinitionFileNotFound = nameof(DefinitionFileNotFound);
    /// <summary>The branch kept moving while a commit was being made.</summary>
    public const string BranchMoved = nameof(BranchMoved);
    /// <summary>The Postman API key was refused.</summary>
    public const string ApiKeyInvalid = nameof(ApiKeyInvalid);
    /// <summary>The Postman workspace does not exist or the key cannot see it.</summary>
    public const string WorkspaceNotFound = nameof(WorkspaceNotFound);
    /// <summary>The Postman collection does not exist in the workspace.</summary>
    public const string CollectionNotFound = nameof(CollectionNotFound);
    /// <summary>A collection name matches more than one collection.</summary>
    public const string CollectionAmbiguous = nameof(CollectionAmbiguous);
    /// <summary>The Postman API answered with an unexpected error.</summary>
    public const string PostmanRequestFailed = nameof(PostmanRequestFailed);
    /// <summary>A source file could not be read.</summary>
    public const string SourceFileNotFound = nameof(SourceFileNotFound);
    /// <summary>A local file or folder (or a folder on the way to it) is a symbolic link or junction, which is never followed.</summary>
    public const string LocalPathIsLink = nameof(LocalPathIsLink);
    /// <summary>An integration to add has problems; the definitions file was not changed.</summary>
    public const string IntegrationInvalid = nameof(IntegrationInvalid);
    /// <summary>The Postman API does not exist in the workspace.</summary>
    public const string ApiNotFound = nameof(ApiNotFound);
    /// <summary>A schema changed on both sides since the last sync.</summary>
    public const string SchemaSyncConflict = nameof(SchemaSyncConflict);
    /// <summary>The release tag exists on another commit.</summary>
    public const string ReleaseTagExists = nameof(ReleaseTagExists);
    /// <summary>A <c>-Shard</c> value is not <c>k/n</c> with k from 1 to n.</summary>
    public const string ShardInvalid = nameof(ShardInvalid);

    /// <summary>A path the module never writes: under <c>.git</c>, or under <c>.github</c> without <c>allowGitHubFolder: true</c>.</summary>
    public const string PathNotAllowed = nameof(PathNotAllowed);
}
