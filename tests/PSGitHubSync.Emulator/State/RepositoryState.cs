namespace PSGitHubSync.Emulator.State;

/// <summary>
/// One repository: its metadata and its git data (<see cref="Git"/>; all mutations go through
/// <see cref="EmulatorState.SyncRoot"/>).
/// </summary>
internal sealed class RepositoryState
{
    private readonly Dictionary<string, RepositoryRole> _collaborators;

    public RepositoryState(
        long id,
        Account owner,
        string name,
        bool isPrivate,
        bool archived,
        string defaultBranch,
        string? description,
        Dictionary<string, RepositoryRole> collaborators,
        DateTimeOffset createdAt)
    {
        Id = id;
        Owner = owner;
        Name = name;
        Private = isPrivate;
        Archived = archived;
        DefaultBranch = defaultBranch;
        Description = description;
        _collaborators = new Dictionary<string, RepositoryRole>(collaborators, StringComparer.OrdinalIgnoreCase);
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
        PushedAt = createdAt;
    }

    public long Id { get; }

    public Account Owner { get; }

    public string Name { get; }

    public string FullName => Owner.Login + "/" + Name;

    public bool Private { get; }

    public bool Archived { get; }

    public string DefaultBranch { get; set; }

    public string? Description { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset PushedAt { get; set; }

    public string NodeId => Account.LegacyNodeId("010:Repository", Id);

    /// <summary>Objects, refs, protected branches and releases (mutations hold <see cref="EmulatorState.SyncRoot"/>).</summary>
    public Git.GitRepository Git { get; init; } = new();

    /// <summary>The role of <paramref name="login"/>: admin for the owner, else its collaborator role, else none.</summary>
    public RepositoryRole RoleOf(string? login)
    {
        if (login is null)
        {
            return RepositoryRole.None;
        }

        if (string.Equals(login, Owner.Login, StringComparison.OrdinalIgnoreCase))
        {
            return RepositoryRole.Admin;
        }

        return _collaborators.TryGetValue(login, out var role) ? role : RepositoryRole.None;
    }
}
