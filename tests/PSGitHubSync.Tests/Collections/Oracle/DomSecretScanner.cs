using System.Text.Json;
using PSGitHubSync.Engine.Collections;
using static PSGitHubSync.Engine.Collections.SecretScanner;

namespace PSGitHubSync.Tests.Collections;

/// <summary>
/// The secret scanner as it worked over a parsed document before the streaming pass
/// (<see cref="CollectionStreamNormalizer"/>) replaced it in the product: kept here as the oracle the pass is
/// compared with. <see cref="Scan"/> and <see cref="ScanEnvironment"/> also run the pass over the same JSON
/// and fail when it reports anything else, so every test written against the scanner checks the pass too.
/// </summary>
internal static class DomSecretScanner
{
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

        CrossCheck.CollectionSecrets(collection, findings);
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

        CrossCheck.EnvironmentSecrets(environmentJson, findings);
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
                    if (ClassifyAuthAttribute(authType, attribute) is { } keyText)
                    {
                        findings.Add(new SecretFinding(JsonPathText.Property(attributePath, "value"), SecretKind.AuthCredential, keyText, blockWhere));
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
            if (ClassifyVariable(variable) is { } found)
            {
                findings.Add(new SecretFinding(JsonPathText.Property(variablePath, "value"), found.Kind, found.Name, $"{where}, variables"));
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
                if (ClassifyHeaderEntry(header) is { } found)
                {
                    findings.Add(new SecretFinding(JsonPathText.Property(headerPath, "value"), found.Kind, found.Name, $"{where}, headers"));
                }
            }
        }
        else if (headers.ValueKind == JsonValueKind.String)
        {
            // The old string form: "Content-Type: application/json\nAuthorization: Bearer ..."
            foreach (var (name, kind) in ClassifyHeaderText(JsonStrings.Get(headers)))
            {
                findings.Add(new SecretFinding(path, kind, name, $"{where}, headers"));
            }
        }
    }

    private static SecretScanner.RedactionNode BuildTrie(IEnumerable<SecretFinding> findings)
    {
        var trie = new SecretScanner.RedactionNode();
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
                    node.Children[segment] = child = new SecretScanner.RedactionNode();
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

}
