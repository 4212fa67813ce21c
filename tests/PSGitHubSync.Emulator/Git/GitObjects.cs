using System.Globalization;
using System.Text;

namespace PSGitHubSync.Emulator.Git;

/// <summary>The four kinds of git objects.</summary>
internal enum GitObjectType
{
    Blob,
    Tree,
    Commit,
    Tag,
}

internal static class GitObjectTypes
{
    public static string Name(GitObjectType type) => type switch
    {
        GitObjectType.Blob => "blob",
        GitObjectType.Tree => "tree",
        GitObjectType.Commit => "commit",
        GitObjectType.Tag => "tag",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static GitObjectType? Parse(string? name) => name switch
    {
        "blob" => GitObjectType.Blob,
        "tree" => GitObjectType.Tree,
        "commit" => GitObjectType.Commit,
        "tag" => GitObjectType.Tag,
        _ => null,
    };

    /// <summary>A full, lower-case SHA-1: 40 characters of [0-9a-f].</summary>
    public static bool IsSha(string? value) =>
        value is { Length: 40 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}

/// <summary>
/// An author, committer or tagger line: <c>Name &lt;email&gt; 1700000000 +0100</c>. Like git, characters that
/// would break the line (<c>&lt;</c>, <c>&gt;</c>, newlines) are dropped from name and email, and times before
/// the epoch are clamped to it (GitHub does the same).
/// </summary>
internal sealed record GitSignature(string Name, string Email, DateTimeOffset When)
{
    public string Format()
    {
        var when = When < DateTimeOffset.UnixEpoch ? DateTimeOffset.UnixEpoch : When;
        var offset = when.Offset;
        char sign = offset < TimeSpan.Zero ? '-' : '+';
        var absolute = offset.Duration();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{WithoutCrud(Name)} <{WithoutCrud(Email)}> {when.ToUnixTimeSeconds()} {sign}{absolute.Hours:00}{absolute.Minutes:00}");
    }

    /// <summary>The time as stored in the object (whole seconds, clamped to the epoch), in UTC.</summary>
    public DateTimeOffset StoredUtc => When < DateTimeOffset.UnixEpoch ? DateTimeOffset.UnixEpoch : DateTimeOffset.FromUnixTimeSeconds(When.ToUnixTimeSeconds());

    private static string WithoutCrud(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (c is not ('<' or '>' or '\n' or '\r' or '\0'))
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Trim();
    }
}

/// <summary>One entry of a tree object. <see cref="Mode"/> is git's own (<c>40000</c> for trees, never zero-padded).</summary>
internal sealed record GitTreeEntry(string Mode, string Name, string Sha)
{
    public const string FileMode = "100644";
    public const string ExecutableMode = "100755";
    public const string SymlinkMode = "120000";
    public const string SubmoduleMode = "160000";
    public const string TreeMode = "40000";

    public GitObjectType Type => Mode switch
    {
        TreeMode => GitObjectType.Tree,
        SubmoduleMode => GitObjectType.Commit,
        _ => GitObjectType.Blob,
    };

    public bool IsTree => Mode == TreeMode;

    /// <summary>The mode as GitHub's API writes it (trees as <c>040000</c>).</summary>
    public string ApiMode => Mode == TreeMode ? "040000" : Mode;

    /// <summary>Turns an API mode (<c>100644</c>, <c>100755</c>, <c>040000</c>, <c>160000</c>, <c>120000</c>) into git's; null when invalid.</summary>
    public static string? FromApiMode(string? apiMode) => apiMode switch
    {
        "100644" => FileMode,
        "100755" => ExecutableMode,
        "120000" => SymlinkMode,
        "160000" => SubmoduleMode,
        "040000" or "40000" => TreeMode,
        _ => null,
    };
}

/// <summary>A tree object: entries in git's order (byte order of the names, a tree compared as "name/").</summary>
internal sealed class GitTree
{
    public static readonly IComparer<GitTreeEntry> Order = Comparer<GitTreeEntry>.Create(CompareEntries);

    public GitTree(IEnumerable<GitTreeEntry> entries)
    {
        var sorted = entries.ToList();
        sorted.Sort(Order);
        for (int i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Name == sorted[i - 1].Name)
            {
                throw new ArgumentException($"Duplicate tree entry '{sorted[i].Name}'.");
            }
        }

        Entries = sorted;
    }

    public IReadOnlyList<GitTreeEntry> Entries { get; }

    public GitTreeEntry? Find(string name) => Entries.FirstOrDefault(e => e.Name == name);

    public byte[] Serialize()
    {
        using var stream = new MemoryStream();
        foreach (var entry in Entries)
        {
            var head = Encoding.UTF8.GetBytes(entry.Mode + " " + entry.Name);
            stream.Write(head);
            stream.WriteByte(0);
            stream.Write(Convert.FromHexString(entry.Sha));
        }

        return stream.ToArray();
    }

    private static int CompareEntries(GitTreeEntry? left, GitTreeEntry? right)
    {
        var a = Encoding.UTF8.GetBytes(left!.Name + (left.IsTree ? "/" : ""));
        var b = Encoding.UTF8.GetBytes(right!.Name + (right.IsTree ? "/" : ""));
        return a.AsSpan().SequenceCompareTo(b);
    }
}

/// <summary>A commit object.</summary>
internal sealed record GitCommit(string Tree, IReadOnlyList<string> Parents, GitSignature Author, GitSignature Committer, string Message)
{
    public byte[] Serialize()
    {
        var text = new StringBuilder();
        text.Append("tree ").Append(Tree).Append('\n');
        foreach (var parent in Parents)
        {
            text.Append("parent ").Append(parent).Append('\n');
        }

        text.Append("author ").Append(Author.Format()).Append('\n');
        text.Append("committer ").Append(Committer.Format()).Append('\n');
        text.Append('\n').Append(Message);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

}

/// <summary>An annotated tag object.</summary>
internal sealed record GitTag(string Object, GitObjectType ObjectType, string Name, GitSignature? Tagger, string Message)
{
    public byte[] Serialize()
    {
        var text = new StringBuilder();
        text.Append("object ").Append(Object).Append('\n');
        text.Append("type ").Append(GitObjectTypes.Name(ObjectType)).Append('\n');
        text.Append("tag ").Append(Name).Append('\n');
        if (Tagger is not null)
        {
            text.Append("tagger ").Append(Tagger.Format()).Append('\n');
        }

        text.Append('\n').Append(Message);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

}
