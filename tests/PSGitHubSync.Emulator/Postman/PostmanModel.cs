namespace PSGitHubSync.Emulator.Postman;

// The emulator's Postman world. Everything here is read and changed under PostmanState's lock.

internal sealed record PostmanUser(long Id, string Username, string FullName, string Email);

internal sealed class PostmanKey
{
    public required string Value { get; init; }

    public required PostmanUser User { get; init; }

    public bool AllWorkspaces { get; set; }

    public HashSet<string> WorkspaceIds { get; } = new(StringComparer.Ordinal);

    public int? RateLimit { get; init; }

    public bool CanSee(PostmanWorkspace workspace) => AllWorkspaces || WorkspaceIds.Contains(workspace.Id);
}

internal sealed class PostmanWorkspace
{
    public required string Id { get; init; }

    public required string Name { get; set; }

    public required string Type { get; init; }

    public required string Visibility { get; init; }

    public string? Description { get; init; }

    public long OwnerId { get; set; }

    public DateTimeOffset CreatedAt { get; init; } = PostmanIds.Epoch;

    public DateTimeOffset UpdatedAt { get; set; } = PostmanIds.Epoch;

    public List<PostmanCollection> Collections { get; } = new();

    public List<PostmanEnvironment> Environments { get; } = new();

    public List<PostmanApi> Apis { get; } = new();
}

internal sealed record GeneratedSource(int Seed, int Index, int TargetBytes);

internal sealed class PostmanCollection
{
    public required string Id { get; init; }

    public required string Uid { get; init; }

    public required PostmanWorkspace Workspace { get; init; }

    public required string Name { get; set; }

    public string? DescriptionJson { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public long LastUpdatedBy { get; set; }

    public bool IsPublic { get; init; }

    public PostmanForkConfig? Fork { get; init; }

    /// <summary>
    /// Bytes served as they are by GET /collections/{id} (envelope or not), never parsed: content that is not a
    /// collection at all (not JSON), to see what a client does with it.
    /// </summary>
    public byte[]? Raw { get; set; }

    /// <summary>Unparsed content (bare or envelope), until first read.</summary>
    public byte[]? Source { get; set; }

    /// <summary>Content to generate, until first read.</summary>
    public GeneratedSource? Generated { get; set; }

    /// <summary>The content as served; null until first read.</summary>
    public CollectionBody? Body { get; set; }

    /// <summary>Changes with every content replacement (a lazily built body of an older content is dropped).</summary>
    public int Version { get; set; }

    public CollectionInfo Info => new(Id, Name, DescriptionJson, UpdatedAt, CreatedAt, LastUpdatedBy, Uid);
}

internal sealed class PostmanEnvironment
{
    public required string Id { get; init; }

    public required string Uid { get; init; }

    public required string Name { get; init; }

    public required PostmanWorkspace Workspace { get; init; }

    public bool IsPublic { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public List<PostmanVariableConfig> Values { get; init; } = new();
}

internal sealed class PostmanApi
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? Summary { get; init; }

    public string? Description { get; init; }

    public required PostmanWorkspace Workspace { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public long CreatedBy { get; init; }

    public long UpdatedBy { get; set; }

    public List<PostmanSchema> Schemas { get; } = new();

    public List<PostmanVersion> Versions { get; } = new();

    public Dictionary<string, PostmanTask> Tasks { get; } = new(StringComparer.Ordinal);
}

internal sealed class PostmanSchema
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public long CreatedBy { get; init; }

    public long UpdatedBy { get; set; }

    /// <summary>By path, in ordinal order.</summary>
    public SortedDictionary<string, PostmanSchemaFile> Files { get; } = new(StringComparer.Ordinal);
}

internal sealed record PostmanSchemaFile(
    string Id,
    string Path,
    string Name,
    string Content,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long CreatedBy,
    long UpdatedBy);

internal sealed class PostmanVersion
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? ReleaseNotes { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The schemas' files when the version was published, by schema id.</summary>
    public Dictionary<string, (string Type, IReadOnlyList<PostmanSchemaFile> Files)> Schemas { get; } = new(StringComparer.Ordinal);
}

internal sealed record PostmanTask(string Id, string ApiId, string VersionId, DateTimeOffset CreatedAt);
