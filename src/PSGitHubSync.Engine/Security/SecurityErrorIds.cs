namespace PSGitHubSync.Engine.Security;

/// <summary>
/// Stable error identifiers of the security rules (<c>FullyQualifiedErrorId</c>). They complement
/// <see cref="Errors.SyncErrorId"/>; never rename one.
/// </summary>
public static class SecurityErrorIds
{
    /// <summary>
    /// A secret (from <c>env:</c>, <c>file:</c>, <c>secret:</c>, <c>-Token</c>, <c>-Credential</c> or
    /// <c>-PostmanApiKey</c>) holds control characters inside it (a line break, a tab, NUL), so it cannot be
    /// sent in an HTTP header. Surrounding whitespace (such as a file's final newline) is trimmed, not refused.
    /// </summary>
    public const string SecretInvalid = nameof(SecretInvalid);

    /// <summary>
    /// A server answered with an address to follow (a pagination <c>Link</c>, a <c>Location</c>, an upload or
    /// download URL) that is not under the configured API root (scheme, host, port and path); nothing was sent to it.
    /// </summary>
    public const string UrlOutsideApiRoot = nameof(UrlOutsideApiRoot);
}
