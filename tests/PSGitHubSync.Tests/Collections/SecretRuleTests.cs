using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Xunit;
using PSGitHubSync.Engine.Collections;
using Xunit;

namespace PSGitHubSync.Tests.Collections;

/// <summary>
/// The secret scanner's rules, which read spans and allocate nothing per value, decide every name and value as
/// the string rules they replaced (<see cref="StringSecretRules"/>) decide them: names and values built from the
/// pieces the rules look at (word splits, <c>{{references}}</c>, schemes, token prefixes, whitespace, non-ASCII letters).
/// </summary>
public class SecretRuleTests
{
    private static readonly string[] Pieces =
    {
        "a", "Z", "0", "9", "_", "-", ".", " ", "\t", "\n", "\r", "{", "}", "{{", "}}", "{{x}}", "{{ token }}", "é", "İ", "ß", "Σ", "中", "٣", "\u00a0", "\u2028", "😀", "\ud800",
        "token", "Token", "TOKEN", "key", "Key", "api", "Api", "API", "secret", "Secret", "password", "Passwd", "passphrase",
        "access", "Access", "refresh", "private", "subscription", "auth", "Auth", "authorization", "Bearer", "bearer", "credential",
        "url", "Url", "URL", "uri", "id", "Id", "ID", "name", "type", "to", "in", "user", "header", "HTTP", "XMLHttp", "x", "X-",
        "Bearer ", "Basic ", "basic\t", "Digest", "AWS4-HMAC-SHA256 ", "Custom_Scheme ", "sch@me ",
        "ghp_", "gho_", "github_pat_", "PMAK-", "xoxb-", "sk_live_", "rk_test_", "AIza", "eyJ", ".eyJ", "-----BEGIN RSA PRIVATE KEY-----",
        "abcdefghijklmnop", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "0123456789abcdef0123456789abcdef", "0123456789",
        SecretScanner.PlaceholderPrefix, "<redacted by PSGitHubSync",
    };

    [Property(MaxTest = 3000)]
    public void Names_and_values_are_decided_as_the_string_rules_decided_them(int seed)
    {
        var random = new Random(seed);
        var name = Text(random);
        var value = Text(random);

        Assert.Equal(StringSecretRules.IsSecretName(name), SecretScanner.IsSecretName(name));
        Assert.Equal(StringSecretRules.IsSecretName(value), SecretScanner.IsSecretName(value));
        Assert.Equal(StringSecretRules.IsLiteral(value), SecretScanner.IsLiteral(value));
        Assert.Equal(StringSecretRules.LooksLikeToken(value), SecretScanner.LooksLikeToken(value));
        Assert.Equal(StringSecretRules.IsCredentialAttribute("bearer", name), SecretScanner.IsCredentialAttribute("bearer", name));
        Assert.Equal(StringSecretRules.ClassifyHeader(name, value), SecretScanner.ClassifyHeader(name.AsSpan(), value.AsSpan()));
        Assert.Equal(StringSecretRules.ClassifyHeader("Authorization", value), SecretScanner.ClassifyHeader("Authorization".AsSpan(), value.AsSpan()));
    }

    [Fact]
    public void The_generated_names_and_values_reach_every_outcome_of_the_rules()
    {
        var outcomes = new HashSet<string>();
        for (var seed = 0; seed < 3000; seed++)
        {
            var random = new Random(seed);
            var name = Text(random);
            var value = Text(random);
            outcomes.Add("name " + StringSecretRules.IsSecretName(name));
            outcomes.Add("literal " + StringSecretRules.IsLiteral(value));
            outcomes.Add("token " + StringSecretRules.LooksLikeToken(value));
            outcomes.Add("header " + StringSecretRules.ClassifyHeader(name, value));
            outcomes.Add("authorization " + StringSecretRules.ClassifyHeader("Authorization", value));
        }

        Assert.Superset(
            new HashSet<string>
            {
                "name True", "name False", "literal True", "literal False", "token True", "token False",
                "header ApiKeyHeader", "header TokenPattern", "header ", "authorization AuthorizationHeader", "authorization ",
            },
            outcomes);
    }

    [Theory]
    [InlineData("accessToken", true)]
    [InlineData("HTTPToken", true)]
    [InlineData("X-Api-Key", true)]
    [InlineData("api_key", true)]
    [InlineData("tokenUrl", false)]
    [InlineData("consumerKey", false)]
    [InlineData("basicAuth", true)]
    [InlineData("authorizationCode", false)]
    public void Names_split_into_words_as_documented(string name, bool secret)
    {
        Assert.Equal(secret, SecretScanner.IsSecretName(name));
        Assert.Equal(secret, StringSecretRules.IsSecretName(name));
    }

    [Fact]
    public void A_name_longer_than_the_stack_buffer_is_decided_the_same()
    {
        var name = new string('a', 300) + "Token";
        var notCredential = new string('a', 300) + "TokenUrl";

        Assert.True(SecretScanner.IsSecretName(name));
        Assert.False(SecretScanner.IsSecretName(notCredential));
    }

    [Property(MaxTest = 2000)]
    public void A_held_back_object_is_classified_and_written_as_its_element(int seed, bool redact)
    {
        var json = Encoding.UTF8.GetBytes(CapturedObject(new Random(seed)));
        using var document = JsonDocument.Parse(json);
        var element = document.RootElement;
        var fields = new CapturedFields();
        fields.Read(json);

        Assert.Equal(SecretScanner.ClassifyVariable(element), fields.ClassifyVariable());
        Assert.Equal(SecretScanner.ClassifyHeaderEntry(element), fields.ClassifyHeaderEntry());
        Assert.Equal(SecretScanner.ClassifyAuthAttribute("bearer", element), fields.ClassifyAuthAttribute("bearer"));
        Assert.Equal(SecretScanner.ClassifyAuthAttribute("apikey", element), fields.ClassifyAuthAttribute("apikey"));
        var name = redact ? "apiKey" : null;
        Assert.Equal(Written(w => SecretScanner.WriteWithValueReplaced(w, element, name)), Written(w => CapturedFields.Write(w, json, name)));
    }

    private static string Written(Action<StringifyWriter> write)
    {
        using var output = new MemoryStream();
        using (var writer = new StringifyWriter(output, 256))
        {
            write(writer);
            writer.Complete();
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>An object of key, id, name, value (some twice, some escaped, some not strings) and others, with nested values.</summary>
    private static string CapturedObject(Random random)
    {
        string[] names = { "key", "id", "name", "value", "type", "k\\u0065y", "\\u0076alue", "description", "disabled" };
        var json = new StringBuilder("{");
        for (var i = random.Next(0, 7); i > 0; i--)
        {
            json.Append('"').Append(names[random.Next(names.Length)]).Append("\": ").Append(Value(random, 2)).Append(i > 1 ? "," : string.Empty);
        }

        return json.Append('}').ToString();
    }

    private static string Value(Random random, int depth) => random.Next(depth > 0 ? 9 : 6) switch
    {
        0 => "12.50e+1",
        1 => "null",
        2 => "true",
        6 => "{\"value\": " + Value(random, depth - 1) + ", \"key\": \"token\"}",
        7 => "[" + Value(random, depth - 1) + ", " + Value(random, depth - 1) + "]",
        _ => Quoted(Text(random)),
    };

    private static string Quoted(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
        {
            json.Append(c == '"' || c == '\\' || c < 0x20 || char.IsSurrogate(c) ? "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) : c.ToString());
        }

        return json.Append('"').ToString();
    }

    private static string Text(Random random)
    {
        var text = new StringBuilder();
        for (var i = random.Next(0, 7); i > 0; i--)
        {
            text.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return text.ToString();
    }
}
