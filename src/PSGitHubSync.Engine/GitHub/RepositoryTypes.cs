using System;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.IO;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>What a repository says about itself (<c>GET /repos/{owner}/{repo}</c>, read once, through Octokit's model).</summary>
public sealed class RepositoryDetails
{
    /// <summary>Creates the value.</summary>
    public RepositoryDetails(string defaultBranch, bool archived, bool isPrivate, bool? canPush, string htmlUrl, long size, bool admin = false)
    {
        Admin = admin;
        DefaultBranch = defaultBranch;
        Archived = archived;
        Private = isPrivate;
        CanPush = canPush;
        HtmlUrl = htmlUrl;
        Size = size;
    }

    /// <summary>The default branch's name.</summary>
    public string DefaultBranch { get; }

    /// <summary>True when the repository is archived (read-only).</summary>
    public bool Archived { get; }

    /// <summary>True for a private repository.</summary>
    public bool Private { get; }

    /// <summary>The user's push permission (not necessarily the token's).</summary>
    public bool? CanPush { get; }

    /// <summary>The repository's web address.</summary>
    public string HtmlUrl { get; }

    /// <summary>GitHub's size in KB (0 for an empty repository).</summary>
    public long Size { get; }

    /// <summary>True when the account administers the repository (branch protection may not apply to it).</summary>
    public bool Admin { get; }

    /// <summary>The facts of Octokit's <paramref name="model"/> of a repository (<c>Repository.Get</c>).</summary>
    internal static RepositoryDetails From(Octokit.Repository model)
    {
        return new RepositoryDetails(model.DefaultBranch ?? "main", model.Archived, model.Private, model.Permissions?.Push, model.HtmlUrl ?? string.Empty, model.Size,
            model.Permissions?.Admin ?? false);
    }
}

/// <summary>A branch's head.</summary>
public sealed class BranchHead
{
    /// <summary>Creates the value.</summary>
    public BranchHead(string name, string commitSha, string treeSha, bool isProtected)
    {
        Name = name;
        CommitSha = commitSha;
        TreeSha = treeSha;
        Protected = isProtected;
    }

    /// <summary>The branch name.</summary>
    public string Name { get; }

    /// <summary>The head commit.</summary>
    public string CommitSha { get; }

    /// <summary>The head commit's tree.</summary>
    public string TreeSha { get; }

    /// <summary>True when branch protection is on.</summary>
    public bool Protected { get; }
}

/// <summary>A file read from a repository.</summary>
public sealed class RepositoryFile
{
    /// <summary>Creates the value.</summary>
    public RepositoryFile(string path, string sha, byte[] content)
    {
        Path = path;
        Sha = sha;
        Content = content;
    }

    /// <summary>The path in the repository.</summary>
    public string Path { get; }

    /// <summary>The blob sha.</summary>
    public string Sha { get; }

    /// <summary>The bytes.</summary>
    public byte[] Content { get; }
}

/// <summary>One entry of a tree to create: new content, an existing blob, or a deletion.</summary>
public sealed class TreeChange
{
    private TreeChange(string path, FileContent? source, string? blobSha, bool isDeletion)
    {
        Path = path;
        Source = source;
        BlobSha = blobSha;
        IsDeletion = isDeletion;
    }

    /// <summary>The path in the repository.</summary>
    public string Path { get; }

    /// <summary>UTF-8 content sent inline, or null (read whole from <see cref="Source"/>).</summary>
    public byte[]? Content => Source?.ToArray();

    /// <summary>The content sent inline (in memory or in a temporary file), or null.</summary>
    public FileContent? Source { get; }

    /// <summary>An uploaded blob's sha, or null.</summary>
    public string? BlobSha { get; }

    /// <summary>True when the path is removed.</summary>
    public bool IsDeletion { get; }

    /// <summary>Content sent inline in the create-tree request.</summary>
    public static TreeChange Inline(string path, byte[] content) => new(path, FileContent.FromBytes(content), null, false);

    /// <summary>Content sent inline in the create-tree request, read from <paramref name="content"/> when the request is written.</summary>
    public static TreeChange Inline(string path, FileContent content) => new(path, content ?? throw new ArgumentNullException(nameof(content)), null, false);

    /// <summary>A blob uploaded beforehand.</summary>
    public static TreeChange Blob(string path, string sha) => new(path, null, sha, false);

    /// <summary>A deletion (<c>"sha": null</c>).</summary>
    public static TreeChange Delete(string path) => new(path, null, null, true);
}
