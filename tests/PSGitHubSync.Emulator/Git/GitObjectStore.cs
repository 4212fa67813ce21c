using System.Security.Cryptography;
using System.Text;

namespace PSGitHubSync.Emulator.Git;

/// <summary>One stored object: its type, SHA-1, raw body (without git's "type size\0" header) and parsed form.</summary>
internal sealed class StoredObject
{
    public StoredObject(GitObjectType type, string sha, byte[] body, object? parsed)
    {
        Type = type;
        Sha = sha;
        Body = body;
        Parsed = parsed;
    }

    public GitObjectType Type { get; }

    public string Sha { get; }

    public byte[] Body { get; }

    /// <summary>GitTree, GitCommit or GitTag (null for blobs).</summary>
    public object? Parsed { get; }
}

/// <summary>
/// A content-addressed object database with git's own ids: the SHA-1 of <c>"{type} {size}\0" + body</c>, so
/// every id equals what <c>git hash-object</c> computes. Not thread-safe: callers lock the emulator state.
/// </summary>
internal sealed class GitObjectStore
{
    public const string EmptyTreeSha = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    private readonly Dictionary<string, StoredObject> _objects = new(StringComparer.Ordinal);

    public int Count => _objects.Count;

    public IEnumerable<StoredObject> All => _objects.Values;

    public static string Hash(GitObjectType type, ReadOnlySpan<byte> body)
    {
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(Encoding.ASCII.GetBytes(GitObjectTypes.Name(type) + " " + body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\0"));
        sha1.AppendData(body);
        return Convert.ToHexStringLower(sha1.GetHashAndReset());
    }

    public string PutBlob(byte[] content) => Put(GitObjectType.Blob, content, null);

    public string PutTree(GitTree tree) => Put(GitObjectType.Tree, tree.Serialize(), tree);

    public string PutCommit(GitCommit commit) => Put(GitObjectType.Commit, commit.Serialize(), commit);

    public string PutTag(GitTag tag) => Put(GitObjectType.Tag, tag.Serialize(), tag);

    public bool Contains(string sha) => _objects.ContainsKey(sha);

    public StoredObject? Get(string sha) => _objects.GetValueOrDefault(sha);

    public GitObjectType? TypeOf(string sha) => _objects.TryGetValue(sha, out var stored) ? stored.Type : null;

    public byte[]? Blob(string sha) => Get(sha) is { Type: GitObjectType.Blob } stored ? stored.Body : null;

    public GitTree? Tree(string sha) => Get(sha)?.Parsed as GitTree;

    public GitCommit? Commit(string sha) => Get(sha)?.Parsed as GitCommit;

    public GitTag? Tag(string sha) => Get(sha)?.Parsed as GitTag;

    /// <summary>Full SHAs that start with <paramref name="prefix"/> (lower-case hex).</summary>
    public IEnumerable<string> WithPrefix(string prefix) => _objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal));

    private string Put(GitObjectType type, byte[] body, object? parsed)
    {
        string sha = Hash(type, body);
        if (!_objects.ContainsKey(sha))
        {
            _objects.Add(sha, new StoredObject(type, sha, body, parsed));
        }

        return sha;
    }
}
