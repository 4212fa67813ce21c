namespace PSGitHubSync;

/// <summary>The kind of a GitHub token, from its prefix and the server's answer.</summary>
public enum GitHubTokenKind
{
    /// <summary>The kind could not be told.</summary>
    Unknown,
    /// <summary>A classic personal access token (<c>ghp_</c>, or a legacy 40-character token with OAuth scopes).</summary>
    Classic,
    /// <summary>A fine-grained personal access token (<c>github_pat_</c>).</summary>
    FineGrained,
    /// <summary>A GitHub App token (<c>ghs_</c> installation, <c>ghu_</c> user-to-server).</summary>
    App,
    /// <summary>An OAuth app token (<c>gho_</c>).</summary>
    OAuth,
}
