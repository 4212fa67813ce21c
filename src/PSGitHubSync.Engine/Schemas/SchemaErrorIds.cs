namespace PSGitHubSync.Engine.Schemas;

/// <summary>
/// The stable error identifiers of schema handling (<c>FullyQualifiedErrorId</c>). Never rename one:
/// users' <c>catch</c> blocks depend on them.
/// </summary>
public static class SchemaErrorIds
{
    /// <summary>
    /// A side's schema does not parse as its format, its format cannot be told, its root file cannot be
    /// found, or its files cannot form a schema. Nothing of it is copied to the other side.
    /// </summary>
    public const string InvalidSchema = nameof(InvalidSchema);
}
