namespace PSGitHubSync;

/// <summary>
/// A GitHub App an integration authenticates as (the definitions file's <c>app:</c> block under
/// <c>github:</c>): the app's id, a reference to its private key (never the key) and, optionally,
/// the installation to use.
/// </summary>
public sealed class GitHubAppReference
{
    /// <summary>The app id (or client id) that GitHub shows on the app's settings page.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The reference to the app's PEM private key (<c>secret:</c>, <c>file:</c>, <c>env:</c>), never the key.</summary>
    public string PrivateKey { get; set; } = string.Empty;

    /// <summary>The installation id; null means the installation on the repository's owner is looked up.</summary>
    public long? Installation { get; set; }

    /// <summary><c>app 12345</c>, with the installation when given.</summary>
    public override string ToString() => "app " + Id + (Installation is null ? string.Empty : " (installation " + Installation + ")");
}
