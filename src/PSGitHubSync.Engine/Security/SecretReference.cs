using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Engine.Security;

/// <summary>
/// Where a secret is kept: <c>env:NAME</c> (an environment variable), <c>file:PATH</c> (a file,
/// such as a mounted container secret; relative to the definitions file), or <c>secret:NAME</c> /
/// <c>secret:VAULT/NAME</c> (Microsoft.PowerShell.SecretManagement). A definitions file holds
/// only references; the secret is read when an integration runs.
/// </summary>
public sealed class SecretReference
{
    private static readonly Regex LiteralSecret = new(
        @"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,}|PMAK-[A-Za-z0-9-]{20,})|-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----",
        RegexOptions.CultureInvariant);

    private static readonly Regex Legacy40Hex = new("^[0-9a-fA-F]{40}$", RegexOptions.CultureInvariant);

    private SecretReference(string kind, string name, string? vault, string text)
    {
        Kind = kind;
        Name = name;
        Vault = vault;
        Text = text;
    }

    /// <summary><c>env</c>, <c>file</c> or <c>secret</c>.</summary>
    public string Kind { get; }

    /// <summary>The variable name, file path or secret name.</summary>
    public string Name { get; }

    /// <summary>The SecretManagement vault, or null for the default vault.</summary>
    public string? Vault { get; }

    /// <summary>The reference as written.</summary>
    public string Text { get; }

    /// <summary>Replaces everything shaped like a token or API key in <paramref name="text"/> with <c>***</c>.</summary>
    public static string RedactLiteralSecrets(string text)
    {
        var redacted = LiteralSecret.Replace(text, SecretRedactor.Placeholder);
        return Regex.Replace(redacted, @"\b[0-9a-fA-F]{40}\b", SecretRedactor.Placeholder);
    }

    /// <summary>The 0-based positions of token-shaped text in <paramref name="line"/>.</summary>
    public static IEnumerable<int> FindLiteralSecrets(string line)
    {
        foreach (Match match in LiteralSecret.Matches(line)) yield return match.Index;
    }

    /// <summary>True when <paramref name="text"/> contains something shaped like a GitHub token or Postman API key.</summary>
    public static bool LooksLikeLiteralSecret(string text) =>
        LiteralSecret.IsMatch(text) || Legacy40Hex.IsMatch(text.Trim());

    /// <summary>Parses a reference; null when <paramref name="text"/> is not one.</summary>
    public static SecretReference? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var value = text!.Trim();
        var colon = value.IndexOf(':');
        if (colon <= 0) return null;
        var kind = value.Substring(0, colon).ToLowerInvariant();
        var rest = value.Substring(colon + 1).Trim();
        if (rest.Length == 0) return null;
        switch (kind)
        {
            case "env":
                return Regex.IsMatch(rest, "^[A-Za-z_][A-Za-z0-9_]*$") ? new SecretReference(kind, rest, null, value) : null;
            case "file":
                return new SecretReference(kind, rest, null, value);
            case "secret":
                var slash = rest.IndexOf('/');
                if (slash < 0) return new SecretReference(kind, rest, null, value);
                var vault = rest.Substring(0, slash).Trim();
                var name = rest.Substring(slash + 1).Trim();
                return vault.Length == 0 || name.Length == 0 ? null : new SecretReference(kind, name, vault, value);
            default:
                return null;
        }
    }

    /// <summary>
    /// Reads the secret. <paramref name="baseDirectory"/> anchors relative <c>file:</c> paths;
    /// <paramref name="vault"/> reads <c>secret:</c> references (the cmdlets pass SecretManagement).
    /// </summary>
    /// <exception cref="SyncException"><c>SecretNotFound</c> or <c>SecretManagementUnavailable</c>.</exception>
    public async Task<SecretValue> ResolveAsync(string baseDirectory, ISecretVault? vault, CancellationToken cancellationToken)
    {
        switch (Kind)
        {
            case "env":
                var value = Environment.GetEnvironmentVariable(Name);
                if (string.IsNullOrWhiteSpace(value)) throw NotFound($"the environment variable {Name} is not set. Set it for the account that runs this (for example in the scheduled task or the CI secret settings)");
                return SecretValue.FromChars(value.AsSpan(), Text);
            case "file":
                var path = Path.IsPathRooted(Name) ? Name : Path.GetFullPath(Path.Combine(baseDirectory, Name));
                if (!File.Exists(path)) throw NotFound($"the file {path} does not exist. Create it with the secret as its only content, readable only by the account that runs this");
                string text;
                using (var reader = new StreamReader(path))
                {
                    text = await reader.ReadToEndAsync().ConfigureAwait(false);
                }
                if (string.IsNullOrWhiteSpace(text)) throw NotFound($"the file {path} is empty");
                return SecretValue.FromChars(text.AsSpan(), Text);
            default:
                if (vault is null)
                {
                    throw new SyncException(SyncErrorId.SecretManagementUnavailable, SyncErrorCategory.NotInstalled,
                        $"The reference {Text} needs Microsoft.PowerShell.SecretManagement, which is not available. Install it (Install-PSResource Microsoft.PowerShell.SecretManagement) and register a vault, or use an env: or file: reference.",
                        Text);
                }
                var secret = await vault.GetSecretAsync(Name, Vault, cancellationToken).ConfigureAwait(false);
                if (secret is not null)
                {
                    if (secret.Source is not null) return secret;
                    using (secret) return secret.WithSource(Text);
                }
                throw NotFound($"SecretManagement has no secret named '{Name}'" + (Vault is null ? " in the default vault" : $" in the vault '{Vault}'") + ". Add it with Set-Secret");
        }
    }

    private SyncException NotFound(string why) =>
        new(SyncErrorId.SecretNotFound, SyncErrorCategory.ObjectNotFound, $"The secret reference {Text} could not be read: {why}.", Text);

    /// <summary>The reference as written.</summary>
    public override string ToString() => Text;
}

/// <summary>A store of named secrets (Microsoft.PowerShell.SecretManagement in the cmdlets).</summary>
public interface ISecretVault
{
    /// <summary>Reads a secret; null when it does not exist.</summary>
    Task<SecretValue?> GetSecretAsync(string name, string? vault, CancellationToken cancellationToken);
}

/// <summary>An <see cref="ISecretVault"/> that hands each lookup to a callback (the cmdlets call Get-Secret).</summary>
public sealed class CallbackSecretVault : ISecretVault
{
    private readonly Func<string, string?, Task<SecretValue?>> _lookup;

    /// <summary>Creates the vault.</summary>
    public CallbackSecretVault(Func<string, string?, Task<SecretValue?>> lookup) => _lookup = lookup;

    /// <inheritdoc />
    public Task<SecretValue?> GetSecretAsync(string name, string? vault, CancellationToken cancellationToken) => _lookup(name, vault);
}
