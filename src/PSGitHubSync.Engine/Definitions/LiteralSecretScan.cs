using System;
using PSGitHubSync.Engine.Security;

namespace PSGitHubSync.Engine.Definitions;

/// <summary>
/// Finds secrets written into a definitions file (which lives in version control): a token or API key as a value
/// or in a comment is a problem of its own; the value of a key that holds a secret, and the password of an
/// address, are concealed in every message.
/// </summary>
internal sealed class LiteralSecretScan
{
    private static readonly System.Text.RegularExpressions.Regex SecretKey = new(
        "(?i)^(.*token|.*apikey|.*privatekey|.*password|passwd|passphrase|.*secret|credentials?|key|pwd)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private readonly DefinitionProblemList _problems;

    public LiteralSecretScan(DefinitionProblemList problems) => _problems = problems;

    /// <summary>The user name and password of an address (<c>https://user:password@host</c>), or null.</summary>
    public static string? UserInfo(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return null;
        var end = text.IndexOfAny(new[] { '/', '?', '#' }, scheme + 3);
        var authority = end < 0 ? text.Substring(scheme + 3) : text.Substring(scheme + 3, end - scheme - 3);
        var at = authority.LastIndexOf('@');
        return at <= 0 ? null : authority.Substring(0, at);
    }

    /// <summary>Scans every value of the tree, and conceals the values of secret keys and the passwords of addresses.</summary>
    public void ScanValues(YamlTreeNode node)
    {
        switch (node)
        {
            case YamlTreeScalar scalar when SecretReference.LooksLikeLiteralSecret(scalar.Value):
                _problems.Add(DefinitionProblemId.LiteralTokenNotAllowed,
                    "This is a token or API key written into the file; definitions files live in version control and must not hold secrets. Revoke it, store it elsewhere and reference it: 'token: env:GITHUB_TOKEN', 'apiKey: env:POSTMAN_API_KEY', 'secret:NAME' or 'file:PATH'.", scalar);
                break;
            case YamlTreeMapping mapping:
                foreach (var entry in mapping.Entries)
                {
                    if (HoldsSecret(entry.Key.Value) && entry.Value is YamlTreeScalar value && SecretReference.TryParse(value.Value) is null) _problems.Conceal(value.Value);
                    if (entry.Value is YamlTreeScalar address && UserInfo(address.Value) is { } userInfo) _problems.Conceal(userInfo);
                    ScanValues(entry.Key);
                    ScanValues(entry.Value);
                }
                break;
            case YamlTreeSequence sequence:
                foreach (var item in sequence.Items) ScanValues(item);
                break;
        }
    }

    /// <summary>Scans the comments of <paramref name="text"/>: they are not in the tree, but a token pasted into one is in version control all the same.</summary>
    public void ScanComments(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (_problems.Has(DefinitionProblemId.LiteralTokenNotAllowed, i + 1)) continue;
            var hash = lines[i].IndexOf('#');
            if (hash < 0) continue;
            foreach (var index in SecretReference.FindLiteralSecrets(lines[i]))
            {
                if (index <= hash) continue;
                _problems.Add(DefinitionProblemId.LiteralTokenNotAllowed,
                    "A comment holds a token or API key; definitions files live in version control and must not hold secrets, not even in comments. Revoke it and remove it from the file.", i + 1, index + 1);
                break;
            }
        }
    }

    /// <summary>True for a key whose value is a secret wherever it appears (token, apiKey, privateKey, password, secret...).</summary>
    private static bool HoldsSecret(string key) =>
        SecretKey.IsMatch(key.Replace("_", string.Empty).Replace("-", string.Empty));
}
