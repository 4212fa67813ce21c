using System;
using System.Text.RegularExpressions;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Resources;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>A repository's <c>owner/name</c>, validated.</summary>
public sealed class RepositoryName
{
    private static readonly Regex Pattern = new("^(?<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?<name>[A-Za-z0-9._-]{1,100})$", RegexOptions.CultureInvariant);

    private RepositoryName(string owner, string name)
    {
        Owner = owner;
        Name = name;
    }

    /// <summary>The user or organisation.</summary>
    public string Owner { get; }

    /// <summary>The repository's name.</summary>
    public string Name { get; }

    /// <summary>Parses <c>owner/name</c> (a trailing <c>.git</c> or a full https address is accepted).</summary>
    /// <exception cref="SyncException"><c>RepositoryNameInvalid</c>.</exception>
    public static RepositoryName Parse(string? text)
    {
        var value = (text ?? string.Empty).Trim();
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            value = uri.AbsolutePath.Trim('/');
        }
        if (value.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) value = value.Substring(0, value.Length - 4);
        var match = Pattern.Match(value);
        if (!match.Success || match.Groups["name"].Value is "." or "..")
        {
            throw new SyncException(SyncErrorId.RepositoryNameInvalid, SyncErrorCategory.InvalidArgument,
                string.Format(Messages.RepositoryNameInvalid, text), text);
        }
        return new RepositoryName(match.Groups["owner"].Value, match.Groups["name"].Value);
    }

    /// <summary>The API path <c>repos/owner/name</c>.</summary>
    public string ApiPath => "repos/" + Uri.EscapeDataString(Owner) + "/" + Uri.EscapeDataString(Name);

    /// <summary><c>owner/name</c>.</summary>
    public override string ToString() => Owner + "/" + Name;
}
