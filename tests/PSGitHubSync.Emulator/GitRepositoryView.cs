using PSGitHubSync.Emulator.Git;
using PSGitHubSync.Emulator.State;

namespace PSGitHubSync.Emulator;

/// <summary>One commit as a test sees it.</summary>
/// <param name="Sha">The commit's SHA-1.</param>
/// <param name="TreeSha">Its root tree.</param>
/// <param name="Parents">Parent SHAs, first parent first.</param>
/// <param name="Message">The message exactly as stored.</param>
public sealed record CommitView(
    string Sha,
    string TreeSha,
    IReadOnlyList<string> Parents,
    string Message,
    string AuthorName,
    string AuthorEmail,
    DateTimeOffset AuthorDate,
    string CommitterName,
    string CommitterEmail,
    DateTimeOffset CommitterDate);

/// <summary>
/// Read access to one emulated repository for assertions (<see cref="EmulatorServer.GetRepository"/>). Every call
/// reads the current state.
/// </summary>
public sealed class GitRepositoryView
{
    private readonly EmulatorState _state;
    private readonly RepositoryState _repository;

    internal GitRepositoryView(EmulatorState state, RepositoryState repository)
    {
        _state = state;
        _repository = repository;
    }

    public string Owner => _repository.Owner.Login;

    public string Name => _repository.Name;

    public string DefaultBranch => _repository.DefaultBranch;

    /// <summary>No commit at all (GitHub's empty repository).</summary>
    public bool IsEmpty => Read(git => git.IsEmpty);

    /// <summary>Commits created through the API in this repository since the emulator started (create-a-commit, contents PUT).</summary>
    public int CommitCount => Read(git => git.CommitsCreated);

    /// <summary>Branch names, sorted.</summary>
    public IReadOnlyList<string> Branches => Read(git => git.Refs
        .Where(r => r.Key.StartsWith("refs/heads/", StringComparison.Ordinal))
        .Select(r => r.Key["refs/heads/".Length..])
        .ToArray());

    /// <summary>Tag names, sorted.</summary>
    public IReadOnlyList<string> Tags => Read(git => git.Refs
        .Where(r => r.Key.StartsWith("refs/tags/", StringComparison.Ordinal))
        .Select(r => r.Key["refs/tags/".Length..])
        .ToArray());

    /// <summary>Every ref (full name such as refs/heads/main) and the SHA it points at.</summary>
    public IReadOnlyDictionary<string, string> Refs => Read(git => (IReadOnlyDictionary<string, string>)new SortedDictionary<string, string>(
        git.Refs.ToDictionary(r => r.Key, r => r.Value), StringComparer.Ordinal));

    /// <summary>The commit a branch points at; null when there is no such branch.</summary>
    public string? BranchSha(string branch) => Read(git => git.BranchSha(branch));

    /// <summary>
    /// Every file of a branch, tag or commit (full or abbreviated SHA): path → content, recursively.
    /// Throws <see cref="ArgumentException"/> when it names no commit.
    /// </summary>
    public IReadOnlyDictionary<string, byte[]> ReadTree(string branchOrSha) => Read(git =>
    {
        string commit = git.ResolveCommit(branchOrSha) ?? throw new ArgumentException($"{FullName}: '{branchOrSha}' names no commit.", nameof(branchOrSha));
        return (IReadOnlyDictionary<string, byte[]>)git.ReadFiles(git.Objects.Commit(commit)!.Tree);
    });

    /// <summary>One file at a branch, tag or commit; null when the file (or the commit) does not exist.</summary>
    public byte[]? ReadFile(string branchOrSha, string path) => Read(git =>
        git.ResolveCommit(branchOrSha) is { } commit && git.EntryAt(git.Objects.Commit(commit)!.Tree, path.Trim('/')) is { IsTree: false } entry
            ? git.Objects.Blob(entry.Sha)
            : null);

    /// <summary>The history of a branch (or tag, or commit), newest first, like <c>git log</c>; empty when it does not exist.</summary>
    public IReadOnlyList<CommitView> Log(string branch) => Read(git =>
        git.ResolveCommit(branch) is { } head
            ? (IReadOnlyList<CommitView>)git.History(head).Select(sha => View(git, sha)).ToArray()
            : Array.Empty<CommitView>());

    /// <summary>A commit by SHA; null when there is none.</summary>
    public CommitView? Commit(string sha) => Read(git => git.Objects.Commit(sha) is null ? null : View(git, sha));

    private string FullName => _repository.FullName;

    private T Read<T>(Func<GitRepository, T> read)
    {
        lock (_state.SyncRoot)
        {
            return read(_repository.Git);
        }
    }

    private static CommitView View(GitRepository git, string sha)
    {
        var commit = git.Objects.Commit(sha)!;
        return new CommitView(
            sha,
            commit.Tree,
            commit.Parents.ToArray(),
            commit.Message,
            commit.Author.Name,
            commit.Author.Email,
            commit.Author.StoredUtc,
            commit.Committer.Name,
            commit.Committer.Email,
            commit.Committer.StoredUtc);
    }
}
