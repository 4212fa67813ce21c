using System;
using System.Management.Automation;
using System.Security;
using PSGitHubSync.Engine.Security;

namespace PSGitHubSync.Infrastructure;

/// <summary>Turns the ways a cmdlet can be given a token into one <see cref="SecretValue"/>.</summary>
internal static class SecretInput
{
    /// <summary>
    /// <paramref name="token"/> wins, then <paramref name="credential"/>'s password, then the
    /// environment variable <paramref name="environmentVariable"/> (when given); null when none is set.
    /// </summary>
    public static SecretValue? Resolve(SecureString? token, PSCredential? credential, string? environmentVariable)
    {
        if (token is not null && token.Length > 0) return new SecretValue(token, "-Token");
        if (credential is not null && credential.Password is not null && credential.Password.Length > 0) return new SecretValue(credential.Password, "-Credential");
        if (string.IsNullOrEmpty(environmentVariable)) return null;
        var value = Environment.GetEnvironmentVariable(environmentVariable);
        return string.IsNullOrWhiteSpace(value) ? null : SecretValue.FromChars(value.AsSpan(), "env:" + environmentVariable);
    }
}
