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
/// A file a commit added, modified or removed against its first parent (<see cref="GitRepositoryView.Changes"/>):
/// its size and the bytes its content takes as a JSON string (without the quotes; quote, backslash and control
/// characters escaped, as every JSON encoder must), which is what a create-tree request's inline <c>content</c> costs.
/// </summary>
public sealed record FileChangeView(string Path, string Status, long Size, long JsonStringBytes);

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

    /// <summary>
    /// The files a commit (branch, tag or SHA) added, modified or removed against its first parent (everything
    /// for a root commit), in path order. Throws <see cref="ArgumentException"/> when it names no commit.
    /// </summary>
    public IReadOnlyList<FileChangeView> Changes(string branchOrSha) => Read(git =>
    {
        string commit = git.ResolveCommit(branchOrSha) ?? throw new ArgumentException($"{FullName}: '{branchOrSha}' names no commit.", nameof(branchOrSha));
        var self = git.Objects.Commit(commit)!;
        string? parentTree = self.Parents.Count == 0 ? null : git.Objects.Commit(self.Parents[0])!.Tree;
        return (IReadOnlyList<FileChangeView>)git.Diff(parentTree, self.Tree).Select(change =>
        {
            if (change.NewSha is null)
            {
                return new FileChangeView(change.Path, "removed", 0, 0);
            }

            byte[] content = git.Objects.Blob(change.NewSha) ?? Array.Empty<byte>();
            return new FileChangeView(change.Path, change.OldSha is null ? "added" : "modified", content.LongLength, JsonStringBytes(content));
        }).ToArray();
    });

    private static long JsonStringBytes(byte[] content)
    {
        long size = content.LongLength;
        foreach (byte b in content)
        {
            if (b is (byte)'"' or (byte)'\\' or (byte)'\b' or (byte)'\f' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                size++;
            }
            else if (b < 0x20)
            {
                size += 5;
            }
        }

        return size;
    }

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
