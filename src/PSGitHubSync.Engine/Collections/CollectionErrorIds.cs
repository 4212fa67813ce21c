namespace PSGitHubSync.Engine.Collections;

/// <summary>
/// Stable error identifiers raised by the collection processing (<c>FullyQualifiedErrorId</c>).
/// They complement <see cref="PSGitHubSync.Engine.Errors.SyncErrorId"/>; never rename one.
/// </summary>
public static class CollectionErrorIds
{
    /// <summary>The input is not a Postman collection in format v2.0.0 or v2.1.0 (not JSON, wrong shape, schema violation).</summary>
    public const string InvalidCollection = nameof(InvalidCollection);

    /// <summary>The input is not a Postman environment.</summary>
    public const string InvalidEnvironment = nameof(InvalidEnvironment);

    /// <summary>A collection contains likely secrets and the integration's policy is <c>block</c>.</summary>
    public const string SecretsInCollection = nameof(SecretsInCollection);
}
