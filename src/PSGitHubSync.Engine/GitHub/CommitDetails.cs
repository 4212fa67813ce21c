using System;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>A commit as the commits list shows it, with its message and web address.</summary>
public sealed class CommitDetails
{
    /// <summary>Creates the value.</summary>
    public CommitDetails(string sha, string message, string authorName, DateTimeOffset date, string htmlUrl)
    {
        Sha = sha;
        Message = message;
        AuthorName = authorName;
        Date = date;
        HtmlUrl = htmlUrl;
    }

    /// <summary>The commit sha.</summary>
    public string Sha { get; }

    /// <summary>The whole commit message.</summary>
    public string Message { get; }

    /// <summary>The first line of the message.</summary>
    public string Subject
    {
        get
        {
            var end = Message.IndexOf('\n');
            return (end < 0 ? Message : Message.Substring(0, end)).TrimEnd('\r');
        }
    }

    /// <summary>The author's name.</summary>
    public string AuthorName { get; }

    /// <summary>The committer date (the author date when there is none).</summary>
    public DateTimeOffset Date { get; }

    /// <summary>The commit's web address (empty when GitHub gave none).</summary>
    public string HtmlUrl { get; }
}
