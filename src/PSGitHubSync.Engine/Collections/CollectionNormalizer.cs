using System.Collections.Generic;

namespace PSGitHubSync.Engine.Collections;

/// <summary>
/// How a collection (or an environment) becomes the bytes that are committed: the same content
/// always gives byte-identical output. <see cref="CollectionStreamNormalizer"/> writes them.
/// </summary>
/// <remarks>
/// The layout is Postman's own export (<c>JSON.stringify(value, null, '\t')</c>): tab indentation,
/// <c>"key": value</c>, properties in the order they were given, non-ASCII characters written
/// as-is (only <c>"</c>, <c>\</c> and control characters escaped), numbers with their original
/// text; UTF-8 without BOM, LF line ends and a final newline. Metadata that changes without the
/// content changing is left out (see <see cref="RemovedInfoProperties"/>,
/// <see cref="RemovedItemProperties"/>, <see cref="RemovedEnvironmentProperties"/>); everything
/// else is kept. A v2.0.0 collection stays v2.0.0; the API envelope is not written.
/// </remarks>
public static class CollectionNormalizer
{
    /// <summary>Properties of <c>info</c> that are not written.</summary>
    public static IReadOnlyCollection<string> RemovedInfoProperties { get; } = new[]
    {
        "updatedAt", "createdAt", "lastUpdatedBy", "uid", "fork", "owner", "_exporter_id", "_collection_link",
    };

    /// <summary>Properties of requests, folders and saved responses that are not written.</summary>
    public static IReadOnlyCollection<string> RemovedItemProperties { get; } = new[]
    {
        "uid", "updatedAt", "createdAt", "lastUpdatedBy", "owner", "fork",
    };

    /// <summary>
    /// Properties of an environment that are not written: the API's bookkeeping and the export's
    /// time stamp and app version (<c>_postman_exported_at</c>, <c>_postman_exported_using</c>),
    /// which change on every export. The environment's <c>id</c> is kept.
    /// </summary>
    public static IReadOnlyCollection<string> RemovedEnvironmentProperties { get; } = new[]
    {
        "owner", "createdAt", "updatedAt", "isPublic", "_postman_exported_at", "_postman_exported_using",
    };

    /// <summary>The properties of an environment value whose <c>type</c> is <c>secret</c> that are written as an empty string.</summary>
    internal static IReadOnlyCollection<string> SecretEnvironmentValueProperties { get; } = new[]
    {
        "value", "initialValue", "currentValue", "sessionValue",
    };
}
