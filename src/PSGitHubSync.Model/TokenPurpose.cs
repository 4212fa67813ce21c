namespace PSGitHubSync;

/// <summary>What a token is to be used for, which decides the scopes it needs.</summary>
public enum TokenPurpose
{
    /// <summary>Collection backup: needs <c>repo</c> and <c>user</c>.</summary>
    Backup,
    /// <summary>Schema sync: needs <c>repo</c>.</summary>
    SchemaSync,
}
