using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PSGitHubSync.Engine.Collections;

/// <summary>
/// Finds likely secrets in a collection (without ever returning their values) and removes them.
/// </summary>
/// <remarks>
/// <para>What is looked at: auth blocks at collection, folder and request level and in saved
/// responses' <c>originalRequest</c> (v2.1 <c>{ type, &lt;type&gt;: [ { key, value } ] }</c> and v2.0
/// <c>{ type, &lt;type&gt;: { key: value } }</c>, every type block present, not only the active
/// one); the <c>variable</c> arrays of the collection, folders and requests (and the old top-level
/// <c>variables</c>); request headers (array or string form).</para>
/// <para>A value counts only when it is literal: empty values, and values that are only Postman
/// variable references such as <c>{{token}}</c> or <c>Bearer {{token}}</c>, are not secrets.
/// Only string values are considered.</para>
/// <para>Names are split into words (<c>accessToken</c>, <c>api_key</c>, <c>X-Api-Key</c>); a name
/// is credential-like when a word is (or contains) token, secret, password, passwd, passphrase or
/// apikey, or is api/private/subscription/master/signing/encryption/auth + key, or when its last
/// word is auth, authorization, bearer or credential(s)
/// (for auth attributes, the <c>value</c> of an <c>apikey</c> auth is its secret). A name whose
/// last word says it is not the credential itself — url, uri, endpoint, host, path, name, type,
/// id, to, in, expiry/expires, user/username, header, prefix and similar — is not: so
/// <c>tokenUrl</c>, <c>accessTokenUrl</c>, <c>tokenType</c>, <c>addTokenTo</c>, <c>authId</c> and
/// <c>consumerKey</c> are never flagged, whatever their value.</para>
/// </remarks>
public static class SecretScanner
{
    /// <summary>How every placeholder starts (placeholders written before they named the value end <c>secret value removed&gt;</c>).</summary>
    public const string PlaceholderPrefix = "<redacted by PSGitHubSync: ";

    /// <summary>
    /// What a redacted value is replaced with: a placeholder that names the variable, auth attribute or header it
    /// belonged to, so that whoever restores the collection knows which value to set again
    /// (<c>&lt;redacted by PSGitHubSync: secret value of 'apiKey' removed&gt;</c>).
    /// </summary>
    /// <param name="name">The name the value went by.</param>
    /// <returns>The placeholder.</returns>
    public static string PlaceholderFor(string name)
    {
        var printable = new StringBuilder();
        foreach (var c in name ?? string.Empty)
        {
            if (printable.Length >= 64) { printable.Append('…'); break; }
            printable.Append(char.IsControl(c) || c == '>' ? '_' : c);
        }
        return printable.Length == 0 ? PlaceholderPrefix + "secret value removed>" : $"{PlaceholderPrefix}secret value of '{printable}' removed>";
    }

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

    /// <summary>Finds likely secrets.</summary>
    /// <param name="collection">The collection to scan.</param>
    /// <returns>The findings, in document order; empty when none.</returns>
    public static IReadOnlyList<SecretFinding> Scan(CollectionDocument collection)
    {
        if (collection is null)
        {
            throw new ArgumentNullException(nameof(collection));
        }

        var findings = new List<SecretFinding>();
        var root = collection.Root;
        const string where = "the collection";
        foreach (var property in root.EnumerateObject())
        {
            var path = JsonPathText.Property(JsonPathText.Root, property.Name);
            switch (property.Name)
            {
                case "auth":
                    ScanAuth(property.Value, path, where, findings);
                    break;
                case "variable":
                case "variables":
                    ScanVariables(property.Value, path, where, findings);
                    break;
                case "item":
                    ScanItems(property.Value, path, string.Empty, findings);
                    break;
            }
        }

        return findings;
    }

    /// <summary>
    /// A copy of the collection in which the string value at each finding is replaced by <see cref="PlaceholderFor"/> its name
    /// (for a header in string form, only the offending header line's value). Everything else is kept as it was.
    /// </summary>
    /// <param name="collection">The collection.</param>
    /// <param name="findings">What to remove, usually the result of <see cref="Scan"/>. Paths that do not exist, or do not lead to a string, are ignored.</param>
    /// <returns>The redacted collection (validated again).</returns>
    public static CollectionDocument Redact(CollectionDocument collection, IEnumerable<SecretFinding> findings)
    {
        if (collection is null)
        {
            throw new ArgumentNullException(nameof(collection));
        }

        if (findings is null)
        {
            throw new ArgumentNullException(nameof(findings));
        }

        var writer = new StringifyWriter(4096);
        WriteRedacted(writer, collection.Root, BuildTrie(findings));
        return CollectionDocument.Parse(writer.ToArray(), collection.SourceName);
    }

    /// <summary>
    /// Finds likely secrets in a Postman environment's <c>values</c>: variables named like a token, secret,
    /// password or key with a literal value, and token-shaped values. Values of type <c>secret</c> are not
    /// written at all (see <see cref="CollectionNormalizer.NormalizeEnvironment"/>), so they are not found.
    /// </summary>
    /// <param name="environmentJson">The environment as UTF-8 JSON (normalized, or as Postman gives it).</param>
    /// <returns>The findings, in document order; empty when none.</returns>
    public static IReadOnlyList<SecretFinding> ScanEnvironment(byte[] environmentJson)
    {
        if (environmentJson is null)
        {
            throw new ArgumentNullException(nameof(environmentJson));
        }

        var findings = new List<SecretFinding>();
        using var document = JsonDocument.Parse(environmentJson, CollectionDocument.DocumentOptions);
        if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("values", out var values))
        {
            ScanVariables(values, JsonPathText.Property(JsonPathText.Root, "values"), "the environment", findings);
        }

        return findings;
    }

    /// <summary>A copy of the environment JSON with the value at each finding replaced by <see cref="PlaceholderFor"/> its name.</summary>
    /// <param name="environmentJson">The normalized environment (UTF-8 JSON).</param>
    /// <param name="findings">What to remove, usually the result of <see cref="ScanEnvironment"/>.</param>
    /// <returns>The redacted environment, written as the normalizer writes it.</returns>
    public static byte[] RedactEnvironment(byte[] environmentJson, IEnumerable<SecretFinding> findings)
    {
        if (environmentJson is null)
        {
            throw new ArgumentNullException(nameof(environmentJson));
        }

        if (findings is null)
        {
            throw new ArgumentNullException(nameof(findings));
        }

        using var document = JsonDocument.Parse(environmentJson, CollectionDocument.DocumentOptions);
        var writer = new StringifyWriter(environmentJson.Length + 256);
        WriteRedacted(writer, document.RootElement, BuildTrie(findings));
        return writer.ToArray();
    }

    private static RedactionNode BuildTrie(IEnumerable<SecretFinding> findings)
    {
        var trie = new RedactionNode();
        foreach (var finding in findings)
        {
            var segments = JsonPathText.TryParse(finding.JsonPath);
            if (segments is null || segments.Count == 0)
            {
                continue;
            }

            var node = trie;
            foreach (var segment in segments)
            {
                if (!node.Children.TryGetValue(segment, out var child))
                {
                    node.Children[segment] = child = new RedactionNode();
                }

                node = child;
            }

            if (segments[segments.Count - 1] is { IsIndex: false, Property: "header" })
            {
                (node.HeaderNames ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(finding.Name);
            }
            else
            {
                node.ReplaceWhole = true;
                node.Name = finding.Name;
            }
        }

        return trie;
    }

    private static void ScanItems(JsonElement items, string path, string folderPath, List<SecretFinding> findings)
    {
        if (items.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var itemPath = JsonPathText.Index(path, index++);
            if (item.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var name = item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? JsonStrings.Get(n) : string.Empty;
            var itemFullName = RequestChange.Join(folderPath, name);
            var isFolder = !item.TryGetProperty("request", out _) && item.TryGetProperty("item", out var sub) && sub.ValueKind == JsonValueKind.Array;
            var where = (isFolder ? "folder '" : "request '") + itemFullName + "'";
            foreach (var property in item.EnumerateObject())
            {
                var propertyPath = JsonPathText.Property(itemPath, property.Name);
                switch (property.Name)
                {
                    case "auth":
                        ScanAuth(property.Value, propertyPath, where, findings);
                        break;
                    case "variable":
                        ScanVariables(property.Value, propertyPath, where, findings);
                        break;
                    case "item" when isFolder:
                        ScanItems(property.Value, propertyPath, itemFullName, findings);
                        break;
                    case "request" when !isFolder:
                        ScanRequest(property.Value, propertyPath, where, findings);
                        break;
                    case "response" when !isFolder && property.Value.ValueKind == JsonValueKind.Array:
                        var r = 0;
                        foreach (var response in property.Value.EnumerateArray())
                        {
                            var responsePath = JsonPathText.Index(propertyPath, r++);
                            if (response.ValueKind == JsonValueKind.Object && response.TryGetProperty("originalRequest", out var original))
                            {
                                var responseName = response.TryGetProperty("name", out var rn) && rn.ValueKind == JsonValueKind.String ? JsonStrings.Get(rn) : string.Empty;
                                ScanRequest(original, JsonPathText.Property(responsePath, "originalRequest"), $"example '{responseName}' of {where}", findings);
                            }
                        }

                        break;
                }
            }
        }
    }

    private static void ScanRequest(JsonElement request, string path, string where, List<SecretFinding> findings)
    {
        if (request.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in request.EnumerateObject())
        {
            if (property.NameEquals("auth"))
            {
                ScanAuth(property.Value, JsonPathText.Property(path, "auth"), where, findings);
            }
            else if (property.NameEquals("header"))
            {
                ScanHeaders(property.Value, JsonPathText.Property(path, "header"), where, findings);
            }
        }
    }

    private static void ScanAuth(JsonElement auth, string path, string where, List<SecretFinding> findings)
    {
        if (auth.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var block in auth.EnumerateObject())
        {
            if (block.NameEquals("type"))
            {
                continue;
            }

            var authType = block.Name;
            var blockPath = JsonPathText.Property(path, authType);
            var blockWhere = $"{where}, {authType} auth";
            if (block.Value.ValueKind == JsonValueKind.Array)
            {
                // v2.1: [ { "key": "token", "value": "...", "type": "string" } ]
                var i = 0;
                foreach (var attribute in block.Value.EnumerateArray())
                {
                    var attributePath = JsonPathText.Index(blockPath, i++);
                    if (attribute.ValueKind == JsonValueKind.Object &&
                        attribute.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String &&
                        attribute.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        var keyText = JsonStrings.Get(key);
                        if (IsCredentialAttribute(authType, keyText) && IsLiteral(JsonStrings.Get(value)))
                        {
                            findings.Add(new SecretFinding(JsonPathText.Property(attributePath, "value"), SecretKind.AuthCredential, keyText, blockWhere));
                        }
                    }
                }
            }
            else if (block.Value.ValueKind == JsonValueKind.Object)
            {
                // v2.0: { "token": "..." }
                foreach (var attribute in block.Value.EnumerateObject())
                {
                    if (attribute.Value.ValueKind == JsonValueKind.String &&
                        IsCredentialAttribute(authType, attribute.Name) && IsLiteral(JsonStrings.Get(attribute.Value)))
                    {
                        findings.Add(new SecretFinding(JsonPathText.Property(blockPath, attribute.Name), SecretKind.AuthCredential, attribute.Name, blockWhere));
                    }
                }
            }
        }
    }

    private static void ScanVariables(JsonElement variables, string path, string where, List<SecretFinding> findings)
    {
        if (variables.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var i = 0;
        foreach (var variable in variables.EnumerateArray())
        {
            var variablePath = JsonPathText.Index(path, i++);
            if (variable.ValueKind != JsonValueKind.Object ||
                !variable.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var name = FirstString(variable, "key", "id", "name") ?? string.Empty;
            var text = JsonStrings.Get(value);
            var valuePath = JsonPathText.Property(variablePath, "value");
            if (IsSecretName(name) && IsLiteral(text))
            {
                findings.Add(new SecretFinding(valuePath, SecretKind.Variable, name, $"{where}, variables"));
            }
            else if (LooksLikeToken(text))
            {
                findings.Add(new SecretFinding(valuePath, SecretKind.TokenPattern, name, $"{where}, variables"));
            }
        }
    }

    private static void ScanHeaders(JsonElement headers, string path, string where, List<SecretFinding> findings)
    {
        if (headers.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var header in headers.EnumerateArray())
            {
                var headerPath = JsonPathText.Index(path, i++);
                if (header.ValueKind == JsonValueKind.Object &&
                    header.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String &&
                    header.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
                {
                    var name = JsonStrings.Get(key);
                    if (ClassifyHeader(name, JsonStrings.Get(value)) is { } kind)
                    {
                        findings.Add(new SecretFinding(JsonPathText.Property(headerPath, "value"), kind, name, $"{where}, headers"));
                    }
                }
            }
        }
        else if (headers.ValueKind == JsonValueKind.String)
        {
            // The old string form: "Content-Type: application/json\nAuthorization: Bearer ..."
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in HeaderLines(JsonStrings.Get(headers)))
            {
                if (ClassifyHeader(name, value) is { } kind && seen.Add(name))
                {
                    findings.Add(new SecretFinding(path, kind, name, $"{where}, headers"));
                }
            }
        }
    }

    private static SecretKind? ClassifyHeader(string name, string value)
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
    internal static bool IsLiteral(string value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.IndexOf(PlaceholderPrefix, StringComparison.Ordinal) >= 0)
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

    private static void WriteRedacted(StringifyWriter writer, JsonElement element, RedactionNode? node)
    {
        if (node is null)
        {
            writer.Element(element);
            return;
        }

        if (node.ReplaceWhole && element.ValueKind == JsonValueKind.String)
        {
            writer.String(PlaceholderFor(node.Name));
            return;
        }

        if (node.HeaderNames is { } headerNames && element.ValueKind == JsonValueKind.String)
        {
            writer.String(RedactHeaderLines(JsonStrings.Get(element), headerNames));
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.StartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.PropertyName(property.Name);
                    node.Children.TryGetValue(JsonPathSegment.Of(property.Name), out var child);
                    WriteRedacted(writer, property.Value, child);
                }

                writer.EndObject();
                break;
            case JsonValueKind.Array:
                writer.StartArray();
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    node.Children.TryGetValue(JsonPathSegment.Of(index++), out var child);
                    WriteRedacted(writer, item, child);
                }

                writer.EndArray();
                break;
            default:
                writer.Element(element);
                break;
        }
    }

    private static string RedactHeaderLines(string headers, ISet<string> names)
    {
        var lines = headers.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':');
            if (colon > 0 && names.Contains(lines[i].Substring(0, colon).Trim()))
            {
                var carriageReturn = lines[i].EndsWith("\r", StringComparison.Ordinal) ? "\r" : string.Empty;
                lines[i] = lines[i].Substring(0, colon + 1) + " " + PlaceholderFor(lines[i].Substring(0, colon).Trim()) + carriageReturn;
            }
        }

        return string.Join("\n", lines);
    }

    private sealed class RedactionNode
    {
        public Dictionary<JsonPathSegment, RedactionNode> Children { get; } = new();

        public bool ReplaceWhole { get; set; }

        public string Name { get; set; } = string.Empty;

        public HashSet<string>? HeaderNames { get; set; }
    }
}
