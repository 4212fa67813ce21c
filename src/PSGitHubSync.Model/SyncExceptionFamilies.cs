using System;

namespace PSGitHubSync;

/// <summary>
/// The definitions file or an integration in it: <c>DefinitionFileInvalid</c>, <c>DefinitionFileNotFound</c>,
/// <c>LiteralTokenNotAllowed</c>, <c>IntegrationExists</c>, <c>IntegrationNotFound</c>, <c>IntegrationInvalid</c>, <c>ShardInvalid</c>, <c>PathNotAllowed</c>;
/// and the local files an integration names: <c>LocalPathIsLink</c>, <c>LocalReadFailed</c>, <c>LocalWriteFailed</c>.
/// </summary>
[Serializable]
public class DefinitionException : SyncException
{
    /// <summary>Creates the exception.</summary>
    public DefinitionException(string errorId, SyncErrorCategory category, string message, object? target = null, Exception? innerException = null)
        : base(errorId, category, message, target, innerException)
    {
    }
}

/// <summary>
/// Reaching a server (GitHub or Postman): <c>ServerUnreachable</c>, <c>ServerInvalid</c>, <c>InsecureServer</c>,
/// <c>ProxyAuthenticationRequired</c>, <c>RateLimited</c>, <c>UrlOutsideApiRoot</c>.
/// </summary>
[Serializable]
public class ConnectionException : SyncException
{
    /// <summary>Creates the exception.</summary>
    public ConnectionException(string errorId, SyncErrorCategory category, string message, object? target = null, Exception? innerException = null)
        : base(errorId, category, message, target, innerException)
    {
    }
}

/// <summary>
/// GitHub refused or could not do something: <c>TokenInvalid</c>, <c>TokenMissing</c>, <c>MissingTokenScope</c>,
/// <c>RepositoryNotFound</c>, <c>RepositoryNameInvalid</c>, <c>RepositoryEmpty</c>, <c>BranchNotFound</c>, <c>BranchMoved</c>,
/// <c>PushDenied</c>, <c>ReleaseTagExists</c>, <c>GitHubRequestFailed</c>, <c>GitHubAppNotInstalled</c>.
/// </summary>
[Serializable]
public class GitHubException : SyncException
{
    /// <summary>Creates the exception.</summary>
    public GitHubException(string errorId, SyncErrorCategory category, string message, object? target = null, Exception? innerException = null)
        : base(errorId, category, message, target, innerException)
    {
    }
}

/// <summary>
/// The Postman API refused or could not do something: <c>ApiKeyInvalid</c>, <c>WorkspaceNotFound</c>,
/// <c>CollectionNotFound</c>, <c>CollectionAmbiguous</c>, <c>ApiNotFound</c>, <c>PostmanRequestFailed</c>.
/// </summary>
[Serializable]
public class PostmanException : SyncException
{
    /// <summary>Creates the exception.</summary>
    public PostmanException(string errorId, SyncErrorCategory category, string message, object? target = null, Exception? innerException = null)
        : base(errorId, category, message, target, innerException)
    {
    }
}

/// <summary>
/// A collection or environment that cannot be backed up as it is: <c>InvalidCollection</c>, <c>InvalidEnvironment</c>,
/// <c>SecretsInCollection</c>, <c>SourceFileNotFound</c>.
/// </summary>
[Serializable]
public class CollectionException : SyncException
{
    /// <summary>Creates the exception.</summary>
    public CollectionException(string errorId, SyncErrorCategory category, string message, object? target = null, Exception? innerException = null)
        : base(errorId, category, message, target, innerException)
    {
    }
}

/// <summary>An API schema that cannot be synced: <c>InvalidSchema</c>, <c>SchemaSyncConflict</c>.</summary>
[Serializable]
public class SchemaException : SyncException
{
    /// <summary>Creates the exception.</summary>
    public SchemaException(string errorId, SyncErrorCategory category, string message, object? target = null, Exception? innerException = null)
        : base(errorId, category, message, target, innerException)
    {
    }
}

/// <summary>A secret reference that cannot be read or used: <c>SecretNotFound</c>, <c>SecretManagementUnavailable</c>, <c>SecretInvalid</c>.</summary>
[Serializable]
public class SecretException : SyncException
{
    /// <summary>Creates the exception.</summary>
    public SecretException(string errorId, SyncErrorCategory category, string message, object? target = null, Exception? innerException = null)
        : base(errorId, category, message, target, innerException)
    {
    }
}

/// <summary>
/// Reading history or restoring a version: <c>CommitNotFound</c>, <c>CollectionNotInBackup</c>, <c>FileExists</c>,
/// <c>PostmanTargetUnknown</c>, <c>VersionWithoutDefinition</c>, <c>OutFileWriteFailed</c>.
/// </summary>
[Serializable]
public class RestoreException : SyncException
{
    /// <summary>Creates the exception.</summary>
    public RestoreException(string errorId, SyncErrorCategory category, string message, object? target = null, Exception? innerException = null)
        : base(errorId, category, message, target, innerException)
    {
    }
}

/// <summary>Which family (exception type) each stable error id belongs to.</summary>
public static class SyncExceptionFamily
{
    /// <summary>
    /// <paramref name="exception"/> as an instance of its family's type (same id, category, message, target and
    /// inner exception); an exception that already is of a family type, or whose id has no family, is returned as it is.
    /// </summary>
    public static SyncException Of(SyncException exception)
    {
        if (exception is null) throw new ArgumentNullException(nameof(exception));
        if (exception.GetType() != typeof(SyncException)) return exception;
        var (e, id, c, m, t, i) = (exception, exception.ErrorId, exception.Category, exception.Message, exception.Target, exception.InnerException);
        return id switch
        {
            "DefinitionFileInvalid" or "DefinitionFileNotFound" or "LiteralTokenNotAllowed" or "IntegrationExists" or "IntegrationNotFound" or "IntegrationInvalid"
                or "ShardInvalid" or "PathNotAllowed" or "LocalPathIsLink" or "LocalReadFailed" or "LocalWriteFailed"
                => new DefinitionException(id, c, m, t, i),
            "ServerUnreachable" or "ServerInvalid" or "InsecureServer" or "ProxyAuthenticationRequired" or "RateLimited" or "UrlOutsideApiRoot"
                => new ConnectionException(id, c, m, t, i),
            "TokenInvalid" or "TokenMissing" or "MissingTokenScope" or "RepositoryNotFound" or "RepositoryNameInvalid" or "RepositoryEmpty"
                or "BranchNotFound" or "BranchMoved" or "PushDenied" or "ReleaseTagExists" or "GitHubRequestFailed" or "GitHubAppNotInstalled"
                => new GitHubException(id, c, m, t, i),
            "ApiKeyInvalid" or "WorkspaceNotFound" or "CollectionNotFound" or "CollectionAmbiguous" or "ApiNotFound" or "PostmanRequestFailed"
                => new PostmanException(id, c, m, t, i),
            "InvalidCollection" or "InvalidEnvironment" or "SecretsInCollection" or "SourceFileNotFound"
                => new CollectionException(id, c, m, t, i),
            "InvalidSchema" or "SchemaSyncConflict" => new SchemaException(id, c, m, t, i),
            "SecretNotFound" or "SecretManagementUnavailable" or "SecretInvalid" => new SecretException(id, c, m, t, i),
            "CommitNotFound" or "CollectionNotInBackup" or "FileExists" or "PostmanTargetUnknown" or "VersionWithoutDefinition" or "OutFileWriteFailed"
                => new RestoreException(id, c, m, t, i),
            _ => e,
        };
    }
}
