using System.Text;

namespace PSGitHubSync.Emulator.Git;

/// <summary>A file or directory found by walking a tree: its path from the root and its entry.</summary>
internal sealed record TreeItem(string Path, GitTreeEntry Entry);

/// <summary>One change to a tree: set <paramref name="Path"/> to an object, or delete it (<paramref name="Sha"/> null).</summary>
internal sealed record TreeEdit(string Path, string? Mode, string? Sha);

/// <summary>A release (not a git object; GitHub keeps releases beside the repository).</summary>
internal sealed class ReleaseState
{
    public long Id { get; init; }

    public string TagName { get; init; } = "";

    public string TargetCommitish { get; init; } = "";

    public string? Name { get; init; }

    public string? Body { get; init; }

    public bool Draft { get; init; }

    public bool Prerelease { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    public State.Account Author { get; init; } = null!;
}

/// <summary>
/// A repository's git data: objects, refs (full names such as <c>refs/heads/main</c>), protected branches,
/// releases. Not thread-safe: every access holds <see cref="State.EmulatorState.SyncRoot"/>.
/// </summary>
internal sealed class GitRepository
{
    /// <summary>Author, committer and date of the initial commit of a configured repository (stable SHAs).</summary>
    public static readonly GitSignature InitialAuthor = new("GitHub", "noreply@github.com", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private readonly SortedDictionary<string, string> _refs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _protectedBranches = new(StringComparer.Ordinal);

    public GitObjectStore Objects { get; } = new();

    public List<ReleaseState> Releases { get; } = new();

    /// <summary>Commits created through the API (create-a-commit, contents PUT) in this repository.</summary>
    public int CommitsCreated { get; set; }

    /// <summary>GitHub's "empty repository": no refs at all (no commit was ever pushed).</summary>
    public bool IsEmpty => _refs.Count == 0;

    public IEnumerable<KeyValuePair<string, string>> Refs => _refs;

    /// <summary>
    /// The repository a configuration describes: empty, or one initial commit on the default branch with
    /// <c>README.md</c> ("# name\n") and the configured files, extra branches pointing at it.
    /// </summary>
    public static GitRepository Create(EmulatorRepository config, string defaultBranch)
    {
        var repository = new GitRepository();
        foreach (var branch in config.ProtectedBranches)
        {
            repository._protectedBranches.Add(branch);
        }

        if (config.Empty)
        {
            return repository;
        }

        var edits = new List<TreeEdit>
        {
            new("README.md", GitTreeEntry.FileMode, repository.Objects.PutBlob(Encoding.UTF8.GetBytes("# " + config.Name + "\n"))),
        };
        foreach (var (path, content) in config.Files)
        {
            if (!IsValidPath(path))
            {
                throw new ArgumentException($"Repository '{config.Owner}/{config.Name}': '{path}' is not a valid file path.");
            }

            edits.Add(new TreeEdit(path, GitTreeEntry.FileMode, repository.Objects.PutBlob(Encoding.UTF8.GetBytes(content))));
        }

        string tree = repository.ApplyTreeEdits(null, edits);
        string commit = repository.Objects.PutCommit(new GitCommit(tree, Array.Empty<string>(), InitialAuthor, InitialAuthor, "Initial commit"));
        repository.SetRef("refs/heads/" + defaultBranch, commit);
        foreach (var branch in config.Branches)
        {
            repository.SetRef("refs/heads/" + branch, commit);
        }

        return repository;
    }

    /// <summary>A path GitHub accepts in a tree: relative, no empty, "." or ".." component, no ".git".</summary>
    public static bool IsValidPath(string path) =>
        path.Length > 0 && path.Split('/').All(part => part.Length > 0 && part is not ("." or "..") && !part.Equals(".git", StringComparison.OrdinalIgnoreCase) && !part.Contains('\0', StringComparison.Ordinal));

    public bool IsProtected(string branch) => _protectedBranches.Contains(branch);

    public string? Ref(string fullName) => _refs.GetValueOrDefault(fullName);

    public string? BranchSha(string branch) => Ref("refs/heads/" + branch);

    public void SetRef(string fullName, string sha) => _refs[fullName] = sha;

    public bool DeleteRef(string fullName) => _refs.Remove(fullName);

    /// <summary>Follows annotated tags to the object they finally point at.</summary>
    public string Peel(string sha)
    {
        for (int i = 0; i < 16 && Objects.Tag(sha) is { } tag; i++)
        {
            sha = tag.Object;
        }

        return sha;
    }

    /// <summary>
    /// A branch name, tag name, full ref, or a commit SHA (full, or an unambiguous prefix of 7+ characters)
    /// to the commit it names; null when it names no commit.
    /// </summary>
    public string? ResolveCommit(string? commitish)
    {
        if (string.IsNullOrEmpty(commitish))
        {
            return null;
        }

        foreach (var name in new[] { "refs/heads/" + commitish, "refs/tags/" + commitish, commitish.StartsWith("refs/", StringComparison.Ordinal) ? commitish : null })
        {
            if (name is not null && Ref(name) is { } target && Objects.Commit(Peel(target)) is not null)
            {
                return Peel(target);
            }
        }

        string lower = commitish.ToLowerInvariant();
        if (lower.Length >= 7 && lower.Length <= 40 && lower.All(Uri.IsHexDigit))
        {
            var matches = Objects.WithPrefix(lower).Select(Peel).Where(s => Objects.Commit(s) is not null).Distinct().Take(2).ToArray();
            if (matches.Length == 1)
            {
                return matches[0];
            }
        }

        return null;
    }

    /// <summary>A tree SHA, a commit SHA (its tree), a tag, or a branch/tag name to a tree; null when none.</summary>
    public string? ResolveTree(string treeish)
    {
        string lower = treeish.ToLowerInvariant();
        if (GitObjectTypes.IsSha(lower) && Objects.Contains(lower))
        {
            string peeled = Peel(lower);
            return Objects.TypeOf(peeled) switch
            {
                GitObjectType.Tree => peeled,
                GitObjectType.Commit => Objects.Commit(peeled)!.Tree,
                _ => null,
            };
        }

        return ResolveCommit(treeish) is { } commit ? Objects.Commit(commit)!.Tree : null;
    }

    /// <summary>The entry at <paramref name="path"/> ("" is the root, returned as a tree entry named "").</summary>
    public GitTreeEntry? EntryAt(string treeSha, string path)
    {
        var entry = new GitTreeEntry(GitTreeEntry.TreeMode, "", treeSha);
        if (path.Length == 0)
        {
            return entry;
        }

        foreach (var part in path.Split('/'))
        {
            if (!entry.IsTree || Objects.Tree(entry.Sha) is not { } tree || tree.Find(part) is not { } child)
            {
                return null;
            }

            entry = child;
        }

        return entry;
    }

    /// <summary>The entries of a tree, in git's order; with <paramref name="recursive"/> pre-order with full paths.</summary>
    public List<TreeItem> List(string treeSha, bool recursive, string prefix = "")
    {
        var items = new List<TreeItem>();
        AddItems(treeSha, recursive, prefix, items);
        return items;
    }

    /// <summary>
    /// The files (not trees) that differ between two trees (<paramref name="fromTree"/> null: the empty tree), in
    /// path order: a null old sha is an added file, a null new sha a removed one.
    /// </summary>
    public IEnumerable<(string Path, string? OldSha, string? NewSha)> Diff(string? fromTree, string toTree)
    {
        var before = fromTree is null ? new Dictionary<string, string>(StringComparer.Ordinal) : Files(fromTree);
        var after = Files(toTree);
        foreach (string path in before.Keys.Union(after.Keys).OrderBy(p => p, StringComparer.Ordinal))
        {
            before.TryGetValue(path, out string? old);
            after.TryGetValue(path, out string? now);
            if (old != now)
            {
                yield return (path, old, now);
            }
        }

        Dictionary<string, string> Files(string tree) =>
            List(tree, recursive: true).Where(i => !i.Entry.IsTree).ToDictionary(i => i.Path, i => i.Entry.Sha, StringComparer.Ordinal);
    }

    /// <summary>Every file (blob or symlink) under a tree: path → content.</summary>
    public Dictionary<string, byte[]> ReadFiles(string treeSha)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var item in List(treeSha, recursive: true))
        {
            if (item.Entry.Type == GitObjectType.Blob && Objects.Blob(item.Entry.Sha) is { } content)
            {
                files[item.Path] = content;
            }
        }

        return files;
    }

    /// <summary>
    /// Applies edits to a base tree (null: the empty tree) and stores the new trees; returns the root SHA.
    /// Intermediate directories are created as needed, directories left empty disappear, deleting a path that
    /// does not exist changes nothing.
    /// </summary>
    public string ApplyTreeEdits(string? baseTree, IEnumerable<TreeEdit> edits)
    {
        var root = new MutableTree(this, baseTree);
        foreach (var edit in edits)
        {
            root.Apply(edit.Path.Split('/'), 0, edit);
        }

        return root.Write() ?? Objects.PutTree(new GitTree(Array.Empty<GitTreeEntry>()));
    }

    public bool IsAncestor(string ancestor, string descendant) => Ancestors(descendant).Contains(ancestor);

    /// <summary>The commit and all its ancestors.</summary>
    public HashSet<string> Ancestors(string commit)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(commit);
        while (pending.Count > 0)
        {
            string sha = pending.Pop();
            if (!seen.Add(sha) || Objects.Commit(sha) is not { } parsed)
            {
                continue;
            }

            foreach (var parent in parsed.Parents)
            {
                pending.Push(parent);
            }
        }

        return seen;
    }

    /// <summary>The best common ancestor of two commits (the newest by committer date), or null.</summary>
    public string? MergeBase(string a, string b)
    {
        var ofA = Ancestors(a);
        return History(b).FirstOrDefault(ofA.Contains);
    }

    /// <summary>The commit and its ancestors, newest first (committer date, then parents after children), like <c>git log</c>.</summary>
    public List<string> History(string head, string? stopAt = null)
    {
        var exclude = stopAt is null ? new HashSet<string>() : Ancestors(stopAt);
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new List<string> { head };
        while (queue.Count > 0)
        {
            // The newest pending commit next (ties: the one queued first).
            int best = 0;
            for (int i = 1; i < queue.Count; i++)
            {
                if (Date(queue[i]) > Date(queue[best]))
                {
                    best = i;
                }
            }

            string sha = queue[best];
            queue.RemoveAt(best);
            if (!seen.Add(sha) || exclude.Contains(sha) || Objects.Commit(sha) is not { } commit)
            {
                continue;
            }

            result.Add(sha);
            queue.AddRange(commit.Parents.Where(p => !seen.Contains(p)));
        }

        return result;

        DateTimeOffset Date(string sha) => Objects.Commit(sha)?.Committer.StoredUtc ?? DateTimeOffset.MinValue;
    }

    private void AddItems(string treeSha, bool recursive, string prefix, List<TreeItem> items)
    {
        if (Objects.Tree(treeSha) is not { } tree)
        {
            return;
        }

        foreach (var entry in tree.Entries)
        {
            string path = prefix + entry.Name;
            items.Add(new TreeItem(path, entry));
            if (recursive && entry.IsTree)
            {
                AddItems(entry.Sha, recursive, path + "/", items);
            }
        }
    }

    /// <summary>A tree being edited: untouched subtrees stay as SHAs, touched ones are loaded.</summary>
    private sealed class MutableTree
    {
        private readonly GitRepository _repository;
        private readonly SortedDictionary<string, GitTreeEntry> _entries = new(StringComparer.Ordinal);
        private readonly Dictionary<string, MutableTree> _children = new(StringComparer.Ordinal);

        public MutableTree(GitRepository repository, string? sha)
        {
            _repository = repository;
            if (sha is not null && repository.Objects.Tree(sha) is { } tree)
            {
                foreach (var entry in tree.Entries)
                {
                    _entries[entry.Name] = entry;
                }
            }
        }

        public void Apply(string[] parts, int index, TreeEdit edit)
        {
            string name = parts[index];
            if (index == parts.Length - 1)
            {
                _children.Remove(name);
                if (edit.Sha is null)
                {
                    _entries.Remove(name);
                }
                else
                {
                    _entries[name] = new GitTreeEntry(edit.Mode ?? GitTreeEntry.FileMode, name, edit.Sha);
                }

                return;
            }

            if (!_children.TryGetValue(name, out var child))
            {
                if (edit.Sha is null && !(_entries.TryGetValue(name, out var existing) && existing.IsTree))
                {
                    // Deleting below something that is not a directory: nothing to do.
                    return;
                }

                string? sha = _entries.TryGetValue(name, out var current) && current.IsTree ? current.Sha : null;
                child = new MutableTree(_repository, sha);
                _children[name] = child;
            }

            child.Apply(parts, index + 1, edit);
        }

        /// <summary>Stores this tree and its touched subtrees; null when it ended up empty.</summary>
        public string? Write()
        {
            foreach (var (name, child) in _children)
            {
                string? sha = child.Write();
                if (sha is null)
                {
                    _entries.Remove(name);
                }
                else
                {
                    _entries[name] = new GitTreeEntry(GitTreeEntry.TreeMode, name, sha);
                }
            }

            _children.Clear();
            return _entries.Count == 0 ? null : _repository.Objects.PutTree(new GitTree(_entries.Values));
        }
    }
}
