using System.Text;
using System.Text.RegularExpressions;
using PSGitHubSync.Engine.Collections;

namespace PSGitHubSync.Tests.Collections;

/// <summary>
/// The secret scanner's name and value rules as they were written over strings (before they read spans, to allocate
/// nothing per value): kept as the oracle <see cref="SecretRuleTests"/> compares the product's rules with.
/// </summary>
internal static class StringSecretRules
{
    private static readonly HashSet<string> SecretWords = new(StringComparer.Ordinal)
    {
        "token", "secret", "password", "passwd", "passphrase",
        "apikey", "apitoken", "authkey", "privatekey", "accesstoken", "refreshtoken", "sessiontoken", "clientsecret",
    };

    // Words that make a name credential-like only as its last word ("basicAuth", but not "authorizationCode").
    private static readonly HashSet<string> LastSecretWords = new(StringComparer.Ordinal)
    {
        "auth", "authorization", "bearer", "credential", "credentials",
    };

    private static readonly HashSet<string> KeyQualifiers = new(StringComparer.Ordinal)
    {
        "api", "private", "subscription", "master", "signing", "encryption", "secret", "auth",
    };

    private static readonly HashSet<string> NotCredentialLastWords = new(StringComparer.Ordinal)
    {
        "url", "urls", "uri", "uris", "endpoint", "host", "path", "name", "type", "id", "ids", "to", "in", "location",
        "expiry", "expires", "expiration", "ttl", "lifetime", "timeout", "length", "method", "mode", "scheme",
        "algorithm", "prefix", "header", "param", "params", "placement", "user", "username", "email", "login",
        "enabled", "required", "version", "realm", "domain", "provider", "kind", "format", "field", "count",
    };

    private static readonly Regex[] TokenPatterns =
    {
        new(@"^(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})$", RegexOptions.CultureInvariant),
        new(@"^PMAK-[A-Za-z0-9]{16,}-[A-Za-z0-9]{16,}$", RegexOptions.CultureInvariant),
        new(@"^xox[abposr]-[A-Za-z0-9-]{10,}$", RegexOptions.CultureInvariant),
        new(@"^[sr]k_(?:live|test)_[A-Za-z0-9]{16,}$", RegexOptions.CultureInvariant),
        new(@"^AIza[0-9A-Za-z_-]{35}$", RegexOptions.CultureInvariant),
        new(@"^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}$", RegexOptions.CultureInvariant),
        new(@"-----BEGIN [A-Z ]*PRIVATE KEY-----", RegexOptions.CultureInvariant),
    };

    private static readonly HashSet<string> AuthorizationSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Bearer", "Basic", "Digest", "Token", "Hawk", "NTLM", "Negotiate", "OAuth", "ApiKey", "AWS4-HMAC-SHA256", "EG1-HMAC-SHA256",
    };

    private static readonly Regex VariableReference = new(@"\{\{[^{}]*\}\}", RegexOptions.CultureInvariant);

    internal static SecretKind? ClassifyHeader(string name, string value)
    {
        var trimmedName = name.Trim();
        if (trimmedName.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ||
            trimmedName.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase))
        {
            return IsLiteral(CredentialOf(value)) ? SecretKind.AuthorizationHeader : null;
        }

        if (IsSecretName(trimmedName) && IsLiteral(value))
        {
            return SecretKind.ApiKeyHeader;
        }

        return LooksLikeToken(value) ? SecretKind.TokenPattern : null;
    }

    /// <summary>The credential part of an Authorization value: what follows the scheme ("Bearer", "Basic"...).</summary>
    private static string CredentialOf(string value)
    {
        var trimmed = value.Trim();
        if (AuthorizationSchemes.Contains(trimmed))
        {
            return string.Empty;
        }

        var space = trimmed.IndexOfAny(new[] { ' ', '\t' });
        if (space > 0)
        {
            var scheme = trimmed.Substring(0, space);
            if (scheme.All(c => char.IsLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return trimmed.Substring(space + 1).Trim();
            }
        }

        return trimmed;
    }

    /// <summary>True for a value that is a literal (not empty, not only <c>{{variable}}</c> references, not already redacted).</summary>
    internal static bool IsLiteral(string value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.IndexOf(SecretScanner.PlaceholderPrefix, StringComparison.Ordinal) >= 0)
        {
            return false;
        }

        var rest = value.IndexOf("{{", StringComparison.Ordinal) >= 0 ? VariableReference.Replace(value, string.Empty) : value;
        return rest.Any(char.IsLetterOrDigit);
    }

    internal static bool LooksLikeToken(string value)
    {
        if (!IsLiteral(value))
        {
            return false;
        }

        var whole = value.Trim();
        var credential = CredentialOf(value);
        return TokenPatterns.Any(p => p.IsMatch(whole) || p.IsMatch(credential));
    }

    internal static bool IsCredentialAttribute(string authType, string key)
    {
        if (string.Equals(authType, "apikey", StringComparison.OrdinalIgnoreCase))
        {
            // apikey auth: "key" is the header/parameter name, "value" is the key itself.
            return string.Equals(key, "value", StringComparison.OrdinalIgnoreCase);
        }

        return IsSecretName(key);
    }

    /// <summary>True when a name says its value is a credential (see the class remarks).</summary>
    internal static bool IsSecretName(string name)
    {
        var words = SplitWords(name);
        if (words.Count == 0 || NotCredentialLastWords.Contains(words[words.Count - 1]))
        {
            return false;
        }

        if (LastSecretWords.Contains(words[words.Count - 1]))
        {
            return true;
        }

        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (SecretWords.Contains(word) ||
                (word == "key" && i > 0 && KeyQualifiers.Contains(words[i - 1])) ||
                word.Contains("token") || word.Contains("password") || word.Contains("secret") || word.Contains("apikey"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Splits <c>accessToken</c>, <c>api_key</c>, <c>X-Api-Key</c>, <c>HTTPToken</c> into lowercase words.</summary>
    internal static List<string> SplitWords(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }

            if (current.Length > 0 && char.IsUpper(c))
            {
                var previous = name[i - 1];
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                {
                    Flush();
                }
            }

            current.Append(char.ToLowerInvariant(c));
        }

        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
    }
}
