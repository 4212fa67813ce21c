using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PSGitHubSync.Engine.Collections;

// How SecretScanner tells a credential from other values: names, values and the shapes of well-known tokens.
public static partial class SecretScanner
{
    private static readonly string[] SecretWords =
    {
        "token", "secret", "password", "passwd", "passphrase",
        "apikey", "apitoken", "authkey", "privatekey", "accesstoken", "refreshtoken", "sessiontoken", "clientsecret",
    };

    // Words that make a name credential-like only as its last word ("basicAuth", but not "authorizationCode").
    private static readonly string[] LastSecretWords =
    {
        "auth", "authorization", "bearer", "credential", "credentials",
    };

    private static readonly string[] KeyQualifiers =
    {
        "api", "private", "subscription", "master", "signing", "encryption", "secret", "auth",
    };

    private static readonly string[] NotCredentialLastWords =
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

    private static readonly string[] AuthorizationSchemes =
    {
        "Bearer", "Basic", "Digest", "Token", "Hawk", "NTLM", "Negotiate", "OAuth", "ApiKey", "AWS4-HMAC-SHA256", "EG1-HMAC-SHA256",
    };

    // The names and values looked at are read as spans (of the input's chars, or of a reused buffer): a check
    // allocates nothing unless it finds a secret or a value starts the way a well-known token starts.
    internal static SecretKind? ClassifyHeader(ReadOnlySpan<char> name, ReadOnlySpan<char> value)
    {
        var trimmedName = name.Trim();
        if (trimmedName.Equals("Authorization".AsSpan(), StringComparison.OrdinalIgnoreCase) ||
            trimmedName.Equals("Proxy-Authorization".AsSpan(), StringComparison.OrdinalIgnoreCase))
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
    private static ReadOnlySpan<char> CredentialOf(ReadOnlySpan<char> value)
    {
        var trimmed = value.Trim();
        foreach (var scheme in AuthorizationSchemes)
        {
            if (trimmed.Equals(scheme.AsSpan(), StringComparison.OrdinalIgnoreCase))
            {
                return ReadOnlySpan<char>.Empty;
            }
        }

        var space = trimmed.IndexOfAny(' ', '\t');
        if (space > 0 && IsSchemeName(trimmed.Slice(0, space)))
        {
            return trimmed.Slice(space + 1).Trim();
        }

        return trimmed;
    }

    private static bool IsSchemeName(ReadOnlySpan<char> scheme)
    {
        foreach (var c in scheme)
        {
            if (!(char.IsLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<(string Name, string Value)> HeaderLines(string headers)
    {
        foreach (var line in headers.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                yield return (line.Substring(0, colon).Trim(), line.Substring(colon + 1).Trim());
            }
        }
    }

    /// <summary>True for a value that is a literal (not empty, not only <c>{{variable}}</c> references, not already redacted).</summary>
    internal static bool IsLiteral(string value) => IsLiteral((value ?? string.Empty).AsSpan());

    /// <summary>
    /// True for a value that is a literal: a letter or digit outside every <c>{{...}}</c> reference (what is left
    /// once the references are removed, as <c>Regex.Replace(value, @"\{\{[^{}]*\}\}", "")</c> removes them), and
    /// no placeholder.
    /// </summary>
    internal static bool IsLiteral(ReadOnlySpan<char> value)
    {
        if (value.IsWhiteSpace() || value.IndexOf(PlaceholderPrefix.AsSpan()) >= 0)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '{' && ReferenceEnd(value, i) is var end && end > 0)
            {
                i = end - 1;
            }
            else if (char.IsLetterOrDigit(value[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Where the <c>{{name}}</c> reference that starts at <paramref name="start"/> ends (after its braces), or -1.</summary>
    private static int ReferenceEnd(ReadOnlySpan<char> value, int start)
    {
        if (start + 1 >= value.Length || value[start + 1] != '{')
        {
            return -1;
        }

        var close = start + 2;
        while (close < value.Length && value[close] != '{' && value[close] != '}')
        {
            close++;
        }

        return close + 1 < value.Length && value[close] == '}' && value[close + 1] == '}' ? close + 2 : -1;
    }

    internal static bool LooksLikeToken(string value) => LooksLikeToken((value ?? string.Empty).AsSpan());

    internal static bool LooksLikeToken(ReadOnlySpan<char> value)
    {
        if (!IsLiteral(value))
        {
            return false;
        }

        var whole = value.Trim();
        var credential = CredentialOf(value);
        if (!MayBeToken(whole) && !MayBeToken(credential))
        {
            return false;
        }

        var wholeText = whole.ToString();
        var credentialText = credential.ToString();
        foreach (var pattern in TokenPatterns)
        {
            if (pattern.IsMatch(wholeText) || pattern.IsMatch(credentialText))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>False when no <see cref="TokenPatterns"/> can match: each starts with a fixed prefix, or holds a fixed text.</summary>
    private static bool MayBeToken(ReadOnlySpan<char> text) =>
        text.StartsWith("gh".AsSpan()) || text.StartsWith("github_pat_".AsSpan()) || text.StartsWith("PMAK-".AsSpan()) ||
        text.StartsWith("xox".AsSpan()) || text.StartsWith("sk_".AsSpan()) || text.StartsWith("rk_".AsSpan()) ||
        text.StartsWith("AIza".AsSpan()) || text.StartsWith("eyJ".AsSpan()) || text.IndexOf("-----BEGIN ".AsSpan()) >= 0;

    internal static bool IsCredentialAttribute(string authType, string key) => IsCredentialAttribute(authType, key.AsSpan());

    internal static bool IsCredentialAttribute(string authType, ReadOnlySpan<char> key)
    {
        if (string.Equals(authType, "apikey", StringComparison.OrdinalIgnoreCase))
        {
            // apikey auth: "key" is the header/parameter name, "value" is the key itself.
            return key.Equals("value".AsSpan(), StringComparison.OrdinalIgnoreCase);
        }

        return IsSecretName(key);
    }

    /// <summary>True when a name says its value is a credential (see the class remarks).</summary>
    internal static bool IsSecretName(string name) => IsSecretName(name.AsSpan());

    /// <summary>True when a name says its value is a credential, its words lowercased in a stack (or pooled) buffer.</summary>
    internal static bool IsSecretName(ReadOnlySpan<char> name)
    {
        const int StackChars = 256;
        char[]? rented = null;
        Span<char> lower = name.Length <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(name.Length));
        try
        {
            for (var i = 0; i < name.Length; i++)
            {
                lower[i] = char.ToLowerInvariant(name[i]);
            }

            return IsSecretName(name, lower);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static bool IsSecretName(ReadOnlySpan<char> name, ReadOnlySpan<char> lower)
    {
        var position = 0;
        var words = 0;
        var credentialWord = false;
        ReadOnlySpan<char> word = default;
        while (NextWord(name, ref position, out var start))
        {
            var previous = word;
            word = lower.Slice(start, position - start);
            credentialWord = credentialWord || In(word, SecretWords) ||
                (words > 0 && word.SequenceEqual("key".AsSpan()) && In(previous, KeyQualifiers)) ||
                word.IndexOf("token".AsSpan()) >= 0 || word.IndexOf("password".AsSpan()) >= 0 ||
                word.IndexOf("secret".AsSpan()) >= 0 || word.IndexOf("apikey".AsSpan()) >= 0;
            words++;
        }

        if (words == 0 || In(word, NotCredentialLastWords))
        {
            return false;
        }

        return In(word, LastSecretWords) || credentialWord;
    }

    /// <summary>
    /// The next word of <c>accessToken</c>, <c>api_key</c>, <c>X-Api-Key</c>, <c>HTTPToken</c>: letters and digits, split
    /// before an upper-case letter that follows a lower-case letter or a digit, or that starts a capitalised word after
    /// capitals. Returns false when there is none; else the word is [<paramref name="start"/>, <paramref name="position"/>).
    /// </summary>
    private static bool NextWord(ReadOnlySpan<char> name, ref int position, out int start)
    {
        var i = position;
        while (i < name.Length && !char.IsLetterOrDigit(name[i]))
        {
            i++;
        }

        start = i;
        if (i == name.Length)
        {
            position = i;
            return false;
        }

        for (i++; i < name.Length && char.IsLetterOrDigit(name[i]); i++)
        {
            var c = name[i];
            var previous = name[i - 1];
            if (char.IsUpper(c) && (char.IsLower(previous) || char.IsDigit(previous) ||
                (char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                break;
            }
        }

        position = i;
        return true;
    }

    private static bool In(ReadOnlySpan<char> word, string[] words)
    {
        foreach (var candidate in words)
        {
            if (word.SequenceEqual(candidate.AsSpan()))
            {
                return true;
            }
        }

        return false;
    }

    private static string? FirstString(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            {
                return JsonStrings.Get(value);
            }
        }

        return null;
    }

    /// <summary>The name and kind of a variable (<c>{ key, value }</c>) whose string value is a likely secret, or null.</summary>
    internal static (string Name, SecretKind Kind)? ClassifyVariable(JsonElement variable)
    {
        if (variable.ValueKind != JsonValueKind.Object ||
            !variable.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var name = FirstString(variable, "key", "id", "name") ?? string.Empty;
        var text = JsonStrings.Get(value);
        if (IsSecretName(name) && IsLiteral(text))
        {
            return (name, SecretKind.Variable);
        }

        return LooksLikeToken(text) ? (name, SecretKind.TokenPattern) : null;
    }

    /// <summary>The key of a v2.1 auth attribute (<c>{ key, value, type }</c>) whose value is a credential, or null.</summary>
    internal static string? ClassifyAuthAttribute(string authType, JsonElement attribute)
    {
        if (attribute.ValueKind == JsonValueKind.Object &&
            attribute.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String &&
            attribute.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
        {
            var keyText = JsonStrings.Get(key);
            return IsCredentialAttribute(authType, keyText) && IsLiteral(JsonStrings.Get(value)) ? keyText : null;
        }

        return null;
    }

    /// <summary>The name and kind of a request header (<c>{ key, value }</c>) that carries a likely secret, or null.</summary>
    internal static (string Name, SecretKind Kind)? ClassifyHeaderEntry(JsonElement header)
    {
        if (header.ValueKind == JsonValueKind.Object &&
            header.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String &&
            header.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
        {
            var name = JsonStrings.Get(key);
            return ClassifyHeader(name.AsSpan(), JsonStrings.Get(value).AsSpan()) is { } kind ? (name, kind) : null;
        }

        return null;
    }

    /// <summary>The headers of the old string form (<c>"Name: value\n..."</c>) that carry a likely secret, each name once.</summary>
    internal static List<(string Name, SecretKind Kind)> ClassifyHeaderText(string headers)
    {
        var result = new List<(string Name, SecretKind Kind)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in HeaderLines(headers))
        {
            if (ClassifyHeader(name.AsSpan(), value.AsSpan()) is { } kind && seen.Add(name))
            {
                result.Add((name, kind));
            }
        }

        return result;
    }
}
