using System.Text;
using System.Text.Json.Nodes;
using PSGitHubSync.Engine.Collections;
using Xunit;
using static PSGitHubSync.Tests.Collections.TestCollections;

namespace PSGitHubSync.Tests.Collections;

public class SecretScannerTests
{
    [Fact]
    public void Finds_the_api_key_of_apikey_auth_and_the_token_header()
    {
        var findings = Scan("auth-apikey.json");

        Assert.Equal(
            new[]
            {
                ("$.item[0].request.auth.apikey[1].value", SecretKind.AuthCredential, "value"),
                ("$.item[0].request.header[0].value", SecretKind.ApiKeyHeader, "token"),
            },
            findings.Select(f => (f.JsonPath, f.Kind, f.Name)));
        Assert.Contains("request 'list warehouses with an api key'", findings[0].Location);
        Assert.Contains("apikey auth", findings[0].Location);
    }

    [Fact]
    public void Finds_the_hawk_key_and_the_literal_authorization_header()
    {
        var findings = Scan("auth-hawk.json");

        Assert.Equal(
            new[]
            {
                ("$.item[0].request.auth.hawk[1].value", SecretKind.AuthCredential, "authKey"),
                ("$.item[0].request.header[0].value", SecretKind.AuthorizationHeader, "Authorization"),
            },
            findings.Select(f => (f.JsonPath, f.Kind, f.Name)));
    }

    [Fact]
    public void Finds_the_ntlm_password_but_not_the_user_name()
    {
        Assert.Equal(
            new[]
            {
                ("$.item[0].request.auth.ntlm[1].value", SecretKind.AuthCredential, "password"),
                ("$.item[0].request.header[0].value", SecretKind.AuthorizationHeader, "Authorization"),
            },
            Scan("auth-ntlm.json").Select(f => (f.JsonPath, f.Kind, f.Name)));
    }

    [Fact]
    public void Finds_the_edgegrid_credentials()
    {
        Assert.Equal(
            new[] { "accessToken", "clientToken", "clientSecret", "Authorization" },
            Scan("auth-edgegrid.json").Select(f => f.Name));
    }

    [Fact]
    public void Finds_oauth_and_basic_credentials_but_not_their_urls_or_settings()
    {
        var names = Scan("auth-helpers.json").Where(f => f.Kind == SecretKind.AuthCredential).Select(f => f.Name).ToList();

        Assert.Contains("consumerSecret", names);
        Assert.Contains("accessToken", names);
        Assert.Contains("password", names);
        Assert.DoesNotContain("accessTokenUrl", names);
        Assert.DoesNotContain("consumerKey", names);
        Assert.DoesNotContain("addTokenTo", names);
        Assert.DoesNotContain("token", names); // oauth1 token is empty there
        Assert.DoesNotContain("username", names);
    }

    [Fact]
    public void Variable_references_are_not_secrets()
    {
        // auth-inherited uses {{username}} / {{token}} in its basic auth; its oauth1 request has a literal consumer secret.
        var findings = Scan("auth-inherited.json");
        Assert.DoesNotContain(findings, f => f.Location.Contains("basic auth"));
        Assert.Equal(new[] { "consumerSecret" }, findings.Select(f => f.Name));
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles.Examples), MemberType = typeof(ReferenceFiles))]
    public void Findings_never_contain_the_values_and_redaction_removes_them(string example)
    {
        var document = CollectionDocument.Parse(ReferenceFiles.ReadExample(example), example);
        var findings = DomSecretScanner.Scan(document);
        var root = ParseNode(DomNormalizer.Normalize(document));

        var values = findings.Select(f => Value(root, f.JsonPath)).ToList();
        foreach (var (finding, value) in findings.Zip(values))
        {
            Assert.False(string.IsNullOrWhiteSpace(value));
            if (!string.Equals(value, finding.Name, StringComparison.OrdinalIgnoreCase))
            {
                // (a value may be the same word as its name, e.g. a password "password")
                Assert.DoesNotContain(value, finding.ToString());
            }
        }

        var redacted = DomSecretScanner.Redact(document, findings);
        Assert.Empty(DomSecretScanner.Scan(redacted));
        var redactedRoot = ParseNode(DomNormalizer.Normalize(redacted));
        foreach (var finding in findings.Where(f => !f.JsonPath.EndsWith(".header", StringComparison.Ordinal)))
        {
            Assert.Equal(SecretScanner.PlaceholderFor(finding.Name), Value(redactedRoot, finding.JsonPath));
        }

        var redactedText = Encoding.UTF8.GetString(DomNormalizer.Normalize(redacted));
        foreach (var value in values.Where(v => v.Length >= 8 && !findings.Any(f => f.Name.Equals(v, StringComparison.OrdinalIgnoreCase))))
        {
            Assert.DoesNotContain(value, redactedText);
        }
    }

    [Fact]
    public void Auth_blocks_at_every_level_are_scanned()
    {
        var collection = Collection("Levels", Folder("Folder", Request("Request")));
        collection["auth"] = Auth("bearer", ("token", "collection-level-token"));
        collection["item"]![0]!["auth"] = Auth("basic", ("username", "alice"), ("password", "folder-password"));
        collection["item"]![0]!["item"]![0]!["request"]!["auth"] = Auth("oauth2", ("accessToken", "request-token"), ("tokenType", "Bearer"), ("accessTokenUrl", "https://auth.example.com/token"));

        var findings = DomSecretScanner.Scan(Parse(collection));

        Assert.Equal(
            new[]
            {
                // Document order: the auth blocks were added after the items.
                ("$.item[0].item[0].request.auth.oauth2[0].value", "request 'Folder/Request', oauth2 auth"),
                ("$.item[0].auth.basic[1].value", "folder 'Folder', basic auth"),
                ("$.auth.bearer[0].value", "the collection, bearer auth"),
            },
            findings.Select(f => (f.JsonPath, f.Location)));
    }

    [Fact]
    public void V20_auth_objects_are_scanned()
    {
        var collection = Collection("Old");
        collection["info"]!["schema"] = V20;
        collection["auth"] = new JsonObject { ["type"] = "bearer", ["bearer"] = new JsonObject { ["token"] = "v20-literal-token" } };
        var request = Request("Digest");
        request["request"]!["auth"] = new JsonObject
        {
            ["type"] = "digest",
            ["digest"] = new JsonObject { ["username"] = "bob", ["password"] = "{{password}}", ["realm"] = "r" },
        };
        ((JsonArray)collection["item"]!).Add(request);

        var finding = Assert.Single(DomSecretScanner.Scan(Parse(collection)));
        Assert.Equal("$.auth.bearer.token", finding.JsonPath);

        var redacted = DomSecretScanner.Redact(Parse(collection), new[] { finding });
        Assert.Equal("2.0.0", redacted.FormatVersion);
        Assert.Equal("<redacted by PSGitHubSync: secret value of 'token' removed>", redacted.Root.GetProperty("auth").GetProperty("bearer").GetProperty("token").GetString());
    }

    [Fact]
    public void Inactive_auth_blocks_left_in_the_file_are_scanned_too()
    {
        var collection = Collection("Leftover");
        collection["auth"] = new JsonObject
        {
            ["type"] = "noauth",
            ["bearer"] = new JsonArray(new JsonObject { ["key"] = "token", ["value"] = "left-over-token", ["type"] = "string" }),
        };

        Assert.Equal("$.auth.bearer[0].value", Assert.Single(DomSecretScanner.Scan(Parse(collection))).JsonPath);
    }

    [Theory]
    [InlineData("token", "abc123", true)]
    [InlineData("accessToken", "abc123", true)]
    [InlineData("api_key", "abc123", true)]
    [InlineData("apiKey", "abc123", true)]
    [InlineData("x-api-key", "abc123", true)]
    [InlineData("API_SECRET", "abc123", true)]
    [InlineData("clientSecret", "abc123", true)]
    [InlineData("password", "hunter2", true)]
    [InlineData("db_passwd", "hunter2", true)]
    [InlineData("basicAuth", "dXNlcjpwYXNz", true)]
    [InlineData("auth", "Bearer abc", true)]
    [InlineData("credentials", "user:pass", true)]
    [InlineData("privateKey", "MIIEvQIBADANBg", true)]
    [InlineData("token", "{{token}}", false)]
    [InlineData("token", "  {{ token }}  ", false)]
    [InlineData("token", "", false)]
    [InlineData("token", "   ", false)]
    [InlineData("tokenUrl", "https://auth.example.com/oauth/token", false)]
    [InlineData("accessTokenUrl", "https://auth.example.com/oauth/token", false)]
    [InlineData("token_endpoint", "https://auth.example.com/oauth/token", false)]
    [InlineData("tokenType", "Bearer", false)]
    [InlineData("tokenName", "my token", false)]
    [InlineData("tokenExpiry", "3600", false)]
    [InlineData("authType", "bearer", false)]
    [InlineData("authUser", "alice", false)]
    [InlineData("author", "Alice", false)]
    [InlineData("authorizationCode", "abc", false)]
    [InlineData("baseUrl", "https://api.example.com", false)]
    [InlineData("keyword", "payments", false)]
    [InlineData("passwordHeaderName", "X-Pass", false)]
    public void Variables_are_flagged_by_name_and_literal_value(string key, string value, bool expected)
    {
        var collection = Collection("Variables");
        collection["variable"] = new JsonArray(new JsonObject { ["key"] = key, ["value"] = value, ["type"] = "string" });

        var findings = DomSecretScanner.Scan(Parse(collection));

        if (expected)
        {
            var finding = Assert.Single(findings);
            Assert.Equal(("$.variable[0].value", SecretKind.Variable, key), (finding.JsonPath, finding.Kind, finding.Name));
        }
        else
        {
            Assert.Empty(findings);
        }
    }

    [Fact]
    public void Non_string_variable_values_are_not_secrets()
    {
        var collection = Collection("Typed");
        collection["variable"] = new JsonArray(
            new JsonObject { ["key"] = "token", ["value"] = 12345, ["type"] = "number" },
            new JsonObject { ["key"] = "secret", ["value"] = true, ["type"] = "boolean" });
        Assert.Empty(DomSecretScanner.Scan(Parse(collection)));
    }

    [Fact]
    public void Folder_and_request_variables_and_the_old_variables_array_are_scanned()
    {
        var request = Request("R");
        request["variable"] = new JsonArray(new JsonObject { ["key"] = "sessionToken", ["value"] = "req-level" });
        var folder = Folder("F", request);
        folder["variable"] = new JsonArray(new JsonObject { ["id"] = "password", ["value"] = "folder-level" });
        var collection = Collection("Variables", folder);
        collection["variables"] = new JsonArray(new JsonObject { ["key"] = "apikey", ["value"] = "old-style" });

        Assert.Equal(
            new[] { "$.variables[0].value", "$.item[0].variable[0].value", "$.item[0].item[0].variable[0].value" }.OrderBy(p => p),
            DomSecretScanner.Scan(Parse(collection)).Select(f => f.JsonPath).OrderBy(p => p));
    }

    [Theory]
    [InlineData("Authorization", "Bearer eyJhbGciOi.literal", SecretKind.AuthorizationHeader)]
    [InlineData("authorization", "Basic dXNlcjpwYXNzd29yZA==", SecretKind.AuthorizationHeader)]
    [InlineData("Authorization", "raw-token-without-scheme", SecretKind.AuthorizationHeader)]
    [InlineData("Proxy-Authorization", "Basic dXNlcjpwYXNz", SecretKind.AuthorizationHeader)]
    [InlineData("X-Api-Key", "abc123", SecretKind.ApiKeyHeader)]
    [InlineData("api-key", "abc123", SecretKind.ApiKeyHeader)]
    [InlineData("X-Auth-Token", "abc123", SecretKind.ApiKeyHeader)]
    [InlineData("Ocp-Apim-Subscription-Key", "abc123", SecretKind.ApiKeyHeader)]
    [InlineData("X-Trace", "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB", SecretKind.TokenPattern)]
    public void Literal_credentials_in_headers_are_flagged(string name, string value, SecretKind kind)
    {
        var request = Request("R");
        request["request"]!["header"] = new JsonArray(
            new JsonObject { ["key"] = "Content-Type", ["value"] = "application/json" },
            new JsonObject { ["key"] = name, ["value"] = value });

        var finding = Assert.Single(DomSecretScanner.Scan(Parse(Collection("Headers", request))));
        Assert.Equal(("$.item[0].request.header[1].value", kind, name), (finding.JsonPath, finding.Kind, finding.Name));
    }

    [Theory]
    [InlineData("Authorization", "Bearer {{token}}")]
    [InlineData("Authorization", "Basic {{basicCredentials}}")]
    [InlineData("Authorization", "{{authorization}}")]
    [InlineData("Authorization", "")]
    [InlineData("Authorization", "Bearer ")]
    [InlineData("X-Api-Key", "{{apiKey}}")]
    [InlineData("Accept", "application/json")]
    [InlineData("X-Request-Id", "4f1c2d")]
    [InlineData("X-Auth-User", "alice")]
    public void Headers_without_literal_credentials_are_not_flagged(string name, string value)
    {
        var request = Request("R");
        request["request"]!["header"] = new JsonArray(new JsonObject { ["key"] = name, ["value"] = value });
        Assert.Empty(DomSecretScanner.Scan(Parse(Collection("Headers", request))));
    }

    [Fact]
    public void Saved_responses_original_requests_are_scanned()
    {
        var request = Request("R");
        request["response"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "OK",
            ["originalRequest"] = new JsonObject
            {
                ["method"] = "GET",
                ["header"] = new JsonArray(new JsonObject { ["key"] = "Authorization", ["value"] = "Bearer saved-with-the-example" }),
                ["url"] = "https://example.com",
            },
            ["code"] = 200,
        });

        var finding = Assert.Single(DomSecretScanner.Scan(Parse(Collection("Examples", request))));
        Assert.Equal("$.item[0].response[0].originalRequest.header[0].value", finding.JsonPath);
        Assert.Equal("example 'OK' of request 'R', headers", finding.Location);
    }

    [Fact]
    public void Headers_in_string_form_are_scanned_and_redacted_line_by_line()
    {
        var request = Request("R");
        request["request"]!["header"] = "Content-Type: application/json\nAuthorization: Bearer literal-in-string\nX-Api-Key: {{key}}";
        var document = Parse(Collection("String headers", request));

        var finding = Assert.Single(DomSecretScanner.Scan(document));
        Assert.Equal(("$.item[0].request.header", SecretKind.AuthorizationHeader, "Authorization"), (finding.JsonPath, finding.Kind, finding.Name));

        var redacted = DomSecretScanner.Redact(document, new[] { finding });
        Assert.Equal(
            "Content-Type: application/json\nAuthorization: <redacted by PSGitHubSync: secret value of 'Authorization' removed>\nX-Api-Key: {{key}}",
            redacted.Root.GetProperty("item")[0].GetProperty("request").GetProperty("header").GetString());
        Assert.Empty(DomSecretScanner.Scan(redacted));
    }

    [Theory]
    [InlineData("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz")]
    [InlineData("PMAK-0123456789abcdef01234567-0123456789abcdef0123456789abcdef01")]
    [InlineData("xoxb-1234567890-abcdefghij")]
    [InlineData("sk_live_0123456789abcdefABCDEF")]
    [InlineData("AIzaSyA0123456789abcdefghijklmnopqrstuv")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----")]
    public void Well_known_token_shapes_are_flagged_whatever_the_name(string value)
    {
        var collection = Collection("Patterns");
        collection["variable"] = new JsonArray(new JsonObject { ["key"] = "misc", ["value"] = value });

        var finding = Assert.Single(DomSecretScanner.Scan(Parse(collection)));
        Assert.Equal(SecretKind.TokenPattern, finding.Kind);
    }

    [Fact]
    public void Redaction_replaces_only_the_findings_and_keeps_the_rest()
    {
        var document = CollectionDocument.Parse(ReferenceFiles.ReadExample("auth-hawk.json"), "hawk.json");
        var findings = DomSecretScanner.Scan(document);

        var redacted = DomSecretScanner.Redact(document, findings);

        var before = ParseNode(DomNormalizer.Normalize(document));
        var after = ParseNode(DomNormalizer.Normalize(redacted));
        foreach (var finding in findings)
        {
            Set(before, finding.JsonPath, SecretScanner.PlaceholderFor(finding.Name));
        }

        Assert.True(JsonNode.DeepEquals(before, after));
        Assert.Equal("hawk.json", redacted.SourceName);
        Assert.Equal(document.Name, redacted.Name);
        Assert.Equal("q8v2mz0tk4hd7wy1ncx5rb3lpj6fs9ge", Value(ParseNode(DomNormalizer.Normalize(document)), findings[0].JsonPath));
    }

    [Fact]
    public void Redacting_nothing_changes_nothing()
    {
        var document = CollectionDocument.Parse(ReferenceFiles.ReadExample("large-billing.json"), "large-billing.json");
        Assert.Equal(DomNormalizer.Normalize(document), DomNormalizer.Normalize(DomSecretScanner.Redact(document, Array.Empty<SecretFinding>())));
    }

    [Fact]
    public void Redaction_ignores_paths_that_do_not_exist()
    {
        var document = CollectionDocument.Parse(ReferenceFiles.ReadExample("auth-ntlm.json"), "ntlm.json");
        var bogus = new[]
        {
            new SecretFinding("$.item[9].request.auth.ntlm[1].value", SecretKind.AuthCredential, "password", "nowhere"),
            new SecretFinding("not a path", SecretKind.Variable, "x", "y"),
            new SecretFinding("$", SecretKind.Variable, "x", "y"),
            new SecretFinding("$.info", SecretKind.Variable, "x", "y"),
            new SecretFinding("$.item[0].request.auth.ntlm[4].value", SecretKind.AuthCredential, "disableRetryRequest (a boolean)", "y"),
        };
        Assert.Equal(DomNormalizer.Normalize(document), DomNormalizer.Normalize(DomSecretScanner.Redact(document, bogus)));
    }

    [Fact]
    public void The_placeholder_names_the_value_and_keeps_control_characters_out()
    {
        Assert.Equal("<redacted by PSGitHubSync: secret value of 'apiKey' removed>", SecretScanner.PlaceholderFor("apiKey"));
        Assert.Equal("<redacted by PSGitHubSync: secret value of 'a_b_c' removed>", SecretScanner.PlaceholderFor("a\nb>c"));
        Assert.Equal("<redacted by PSGitHubSync: secret value removed>", SecretScanner.PlaceholderFor(string.Empty));
        Assert.StartsWith(SecretScanner.PlaceholderPrefix, SecretScanner.PlaceholderFor(new string('x', 500)), StringComparison.Ordinal);
        Assert.True(SecretScanner.PlaceholderFor(new string('x', 500)).Length < 120);
    }

    [Fact]
    public void A_value_already_redacted_by_an_older_version_is_not_a_secret()
    {
        var request = Request("R");
        request["request"]!["auth"] = new JsonObject { ["type"] = "bearer", ["bearer"] = new JsonArray(new JsonObject { ["key"] = "token", ["value"] = "<redacted by PSGitHubSync: secret value removed>", ["type"] = "string" }) };
        Assert.Empty(DomSecretScanner.Scan(Parse(Collection("Old placeholder", request))));
    }

    private static IReadOnlyList<SecretFinding> Scan(string example) =>
        DomSecretScanner.Scan(CollectionDocument.Parse(ReferenceFiles.ReadExample(example), example));

    private static JsonObject Auth(string type, params (string Key, string Value)[] attributes) => new()
    {
        ["type"] = type,
        [type] = new JsonArray(attributes.Select(a => (JsonNode)new JsonObject { ["key"] = a.Key, ["value"] = a.Value, ["type"] = "string" }).ToArray()),
    };

    private static JsonNode? Navigate(JsonNode root, string path, out JsonNode? parent, out JsonPathSegment last)
    {
        var segments = JsonPathText.TryParse(path)!;
        JsonNode? current = root;
        parent = null;
        last = default;
        foreach (var segment in segments)
        {
            parent = current;
            last = segment;
            current = segment.IsIndex ? current![segment.Index] : current![segment.Property!];
        }

        return current;
    }

    private static string Value(JsonNode root, string path) => (string)Navigate(root, path, out _, out _)!;

    private static void Set(JsonNode root, string path, string value)
    {
        Navigate(root, path, out var parent, out var last);
        if (last.IsIndex)
        {
            parent![last.Index] = value;
        }
        else
        {
            parent![last.Property!] = value;
        }
    }
}
