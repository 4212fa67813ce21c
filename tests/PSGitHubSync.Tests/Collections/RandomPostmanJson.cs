using System.Globalization;
using System.Text;

namespace PSGitHubSync.Tests.Collections;

/// <summary>
/// Writes random collections and environments as JSON text, so that the text itself varies: property
/// order (a variable's <c>type</c> or <c>key</c> after its <c>value</c>, <c>name</c> after <c>item</c>),
/// escapes of every kind (named, <c>\u</c> upper and lower case, escaped surrogate pairs and lone
/// surrogates, <c>\/</c>), raw Unicode, numbers in their original text, whitespace, a BOM, the API
/// envelope, the metadata the normalizer removes, secrets in every place the scanner looks, deep
/// nesting and empty containers.
/// </summary>
internal sealed class RandomPostmanJson
{
    private static readonly string[] Names =
    {
        "token", "accessToken", "api_key", "X-Api-Key", "password", "clientSecret", "tokenUrl", "username", "key", "value",
        "Authorization", "Proxy-Authorization", "X-Auth-Token", "baseUrl", "secret", "passphrase", "authId", "consumerKey", "",
    };

    private static readonly string[] SecretValues =
    {
        "s3cr3t-value", "ghp_abcdefghijklmnopqrstuvwxyz0123456789AB", "Bearer abc.def.ghi", "Bearer {{token}}", "{{token}}", "", " ",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk", "PMAK-0123456789abcdef0123-0123456789abcdef01", "Basic dXNlcjpwYXNz",
        "<redacted by PSGitHubSync: secret value of 'x' removed>", "plain text", "xoxb-1234567890-abcdef",
    };

    private static readonly string[] Numbers = { "0", "-0", "1", "42", "1.50", "1e5", "1E+05", "-2.5e-3", "0.1000", "123456789012345678901234567890" };

    private static readonly string[] RemovedItem = { "uid", "updatedAt", "createdAt", "lastUpdatedBy", "owner", "fork" };
    private static readonly string[] RemovedInfo = { "updatedAt", "createdAt", "lastUpdatedBy", "uid", "fork", "owner", "_exporter_id", "_collection_link" };
    private static readonly string[] RemovedEnvironment = { "owner", "createdAt", "updatedAt", "isPublic", "_postman_exported_at", "_postman_exported_using" };

    private readonly Random _random;
    private readonly StringBuilder _text = new();

    public RandomPostmanJson(int seed) => _random = new Random(seed);

    public byte[] Collection()
    {
        Bom();
        var envelope = Chance(4);
        if (envelope) Begin('{').Key("collection");
        Object(CollectionProperties());
        if (envelope)
        {
            if (Chance(3)) Comma().Key("meta").Value();
            End('}');
        }

        return Encoding.UTF8.GetBytes(_text.ToString());
    }

    public byte[] Environment()
    {
        Bom();
        var envelope = Chance(3);
        if (envelope) Begin('{').Key("environment");
        var properties = new List<Action>
        {
            () => Key("id").Str("5f1b0c2e-0000-4000-8000-" + _random.Next(100000)),
            () => Key("name").Str(Text()),
            () => Key("values").Array(_random.Next(0, 6), EnvironmentValue),
            () => Key("_postman_variable_scope").Str("environment"),
        };
        foreach (var removed in RemovedEnvironment.Where(_ => Chance(3))) properties.Add(() => Key(removed).Value());
        Object(properties);
        if (envelope) End('}');
        return Encoding.UTF8.GetBytes(_text.ToString());
    }

    private List<Action> CollectionProperties()
    {
        var properties = new List<Action>
        {
            () => Key("info").Object(InfoProperties()),
            () => Key("item").Array(_random.Next(0, 5), () => Item(0)),
        };
        if (Chance(2)) properties.Add(() => Key("auth").Auth());
        if (Chance(2)) properties.Add(() => Key(Chance(4) ? "variables" : "variable").Array(_random.Next(0, 4), Variable));
        if (Chance(3)) properties.Add(() => Key("event").Deep(_random.Next(0, 12)));
        return properties;
    }

    private List<Action> InfoProperties()
    {
        var properties = new List<Action> { () => Key("name").Str(Text()) };
        if (Chance(2)) properties.Add(() => Key("_postman_id").Str("0b4b1d3e-1111-4222-8333-" + _random.Next(1000)));
        var schema = _random.Next(6);
        if (schema < 3) properties.Add(() => Key("schema").Str("https://schema.getpostman.com/json/collection/v2.1.0/collection.json"));
        else if (schema == 3) properties.Add(() => Key("schema").Str("https://schema.getpostman.com/json/collection/v2.0.0/collection.json"));
        else if (schema == 4) properties.Add(() => Key("schema").Str(Text()));
        foreach (var removed in RemovedInfo.Where(_ => Chance(4))) properties.Add(() => Key(removed).Value());
        return properties;
    }

    private void Item(int depth)
    {
        if (Chance(20))
        {
            Value();
            return;
        }

        var folder = depth < 5 && Chance(3);
        var properties = new List<Action> { () => Key("name").Str(Text()) };
        if (Chance(2)) properties.Add(() => Key("id").Str(Chance(5) ? "42" : "id-" + _random.Next(1000).ToString(CultureInfo.InvariantCulture)));
        if (folder || Chance(15)) properties.Add(() => Key("item").Array(_random.Next(0, 4), () => Item(depth + 1)));
        if (!folder || Chance(10)) properties.Add(() => Key("request").Request());
        if (!folder && Chance(2)) properties.Add(() => Key("response").Array(_random.Next(0, 3), Response));
        if (Chance(3)) properties.Add(() => Key("auth").Auth());
        if (Chance(3)) properties.Add(() => Key("variable").Array(_random.Next(0, 3), Variable));
        if (Chance(4)) properties.Add(() => Key("description").Str(Text()));
        foreach (var removed in RemovedItem.Where(_ => Chance(5))) properties.Add(() => Key(removed).Value());
        Object(properties);
    }

    private void Request()
    {
        if (Chance(8))
        {
            Str("https://example.com/" + Text());
            return;
        }

        var properties = new List<Action> { () => Key("method").Str(Pick("GET", "post", "Patch", "DELETE")), () => Key("url").Str("https://{{host}}/x?y=" + Text()) };
        if (Chance(5)) properties.Add(() => Key("header").Str(string.Join(Pick("\n", "\r\n"), Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Pick(Names) + ": " + Pick(SecretValues)))));
        else properties.Add(() => Key("header").Array(_random.Next(0, 4), () => Pair("key", "value", Pick(Names), Pick(SecretValues))));
        if (Chance(2)) properties.Add(() => Key("auth").Auth());
        if (Chance(2)) properties.Add(() => Key("body").Object(new List<Action> { () => Key("mode").Str("raw"), () => Key("raw").Str(Text(200)) }));
        Object(properties);
    }

    private void Response()
    {
        var properties = new List<Action>
        {
            () => Key("name").Str(Text()),
            () => Key("originalRequest").Request(),
            () => Key("code").Raw(Pick(Numbers)),
            () => Key("header").Array(_random.Next(0, 3), () => Pair("key", "value", Pick(Names), Pick(SecretValues))),
            () => Key("body").Str(Text(300)),
        };
        foreach (var removed in RemovedItem.Where(_ => Chance(4))) properties.Add(() => Key(removed).Value());
        Object(properties);
    }

    private RandomPostmanJson Auth()
    {
        var type = Pick("bearer", "apikey", "basic", "oauth2", "noauth");
        var properties = new List<Action> { () => Key("type").Str(type) };
        foreach (var block in new[] { type, Pick("bearer", "apikey", "basic", "oauth2") }.Distinct())
        {
            if (Chance(3))
            {
                // Distinct names: real exports have no duplicate properties (and a DOM redacts every duplicate of a path it redacts).
                var names = Names.OrderBy(_ => _random.Next()).Take(_random.Next(0, 3)).ToArray();
                properties.Add(() => Key(block).Object(names.Select(n => (Action)(() => Key(n).Str(Pick(SecretValues)))).ToList()));
            }
            else
            {
                properties.Add(() => Key(block).Array(_random.Next(0, 4), () => Pair("key", "value", Pick(Names), Pick(SecretValues), "type", "string")));
            }
        }

        return Object(properties);
    }

    private void Variable()
    {
        var nameKey = Pick("key", "id", "name");
        if (Chance(4)) Pair(nameKey, "value", Pick(Names), null, "type", Pick("string", "secret"));
        else Pair(nameKey, "value", Pick(Names), Pick(SecretValues), "type", Pick("string", "any", "secret"));
    }

    private void EnvironmentValue()
    {
        if (Chance(10))
        {
            Value();
            return;
        }

        var properties = new List<Action>
        {
            () => Key("key").Str(Pick(Names)),
            () => Key("value").Str(Pick(SecretValues)),
            () => Key("type").Str(Pick("default", "secret", "Secret", "any")),
            () => Key("enabled").Raw(Pick("true", "false")),
        };
        if (Chance(3)) properties.Add(() => Key("initialValue").Str(Pick(SecretValues)));
        if (Chance(3)) properties.Add(() => Key("currentValue").Raw(Pick(Numbers)));
        Object(properties);
    }

    /// <summary>An object of two or three named properties in a random order (<paramref name="value"/> null: a non-string value).</summary>
    private void Pair(string nameKey, string valueKey, string name, string? value, string? extraKey = null, string? extra = null)
    {
        var properties = new List<Action> { () => Key(nameKey).Str(name), () => { Key(valueKey); if (value is null) Value(); else Str(value); } };
        if (extraKey is not null) properties.Add(() => Key(extraKey).Str(extra!));
        Object(properties);
    }

    private RandomPostmanJson Object(List<Action> properties)
    {
        Begin('{');
        var first = true;
        foreach (var property in properties.OrderBy(_ => _random.Next()))
        {
            if (!first) Comma();
            first = false;
            property();
        }

        return End('}');
    }

    private RandomPostmanJson Array(int count, Action element)
    {
        Begin('[');
        for (var i = 0; i < count; i++)
        {
            if (i > 0) Comma();
            element();
        }

        return End(']');
    }

    private RandomPostmanJson Deep(int depth)
    {
        if (depth == 0) return Value();
        // Property names without lone surrogates: the DOM path cannot read those (JsonProperty.Name throws).
        return Chance(2) ? Array(1, () => Deep(depth - 1)) : Object(new List<Action> { () => Key(Text(loneSurrogates: false)).Deep(depth - 1) });
    }

    private RandomPostmanJson Value()
    {
        switch (_random.Next(7))
        {
            case 0: return Raw(Pick(Numbers));
            case 1: return Raw(Pick("true", "false", "null"));
            case 2: return Array(0, () => { });
            case 3: return Object(new List<Action>());
            case 4: return Array(_random.Next(1, 3), () => Raw(Pick(Numbers)));
            default: return Str(Text());
        }
    }

    private string Text(int max = 12, bool loneSurrogates = true)
    {
        var builder = new StringBuilder();
        var length = _random.Next(0, max);
        for (var i = 0; i < length; i++)
        {
            builder.Append(Pick("a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "\u001f", "\u007f", "é", "中", "😀", "\u2028", "\ud800", "\udc00", "{{x}}", ":", "'", ">"));
        }

        var text = builder.ToString();
        return loneSurrogates ? text : new string(text.Where((c, i) => !char.IsSurrogate(c) || (char.IsHighSurrogate(c) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) : i > 0 && char.IsHighSurrogate(text[i - 1]))).ToArray());
    }

    private RandomPostmanJson Str(string value)
    {
        _text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            if (c == '"' || c == '\\' || c < 0x20 || (char.IsSurrogate(c) && !pair) || Chance(12))
            {
                Escape(c);
                if (pair && Chance(2)) Escape(value[++i]);
                continue;
            }

            _text.Append(c);
            if (pair) _text.Append(value[++i]);
        }

        _text.Append('"');
        return this;
    }

    private void Escape(char c)
    {
        var named = c switch { '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\t' => "\\t", '\r' => "\\r", '\b' => "\\b", '\f' => "\\f", '/' => "\\/", _ => null };
        if (named is not null && Chance(4) == false)
        {
            _text.Append(named);
            return;
        }

        _text.Append("\\u").Append(((int)c).ToString(Chance(2) ? "X4" : "x4", CultureInfo.InvariantCulture));
    }

    private RandomPostmanJson Key(string name)
    {
        Space();
        Str(name);
        Space();
        _text.Append(':');
        Space();
        return this;
    }

    private RandomPostmanJson Raw(string text)
    {
        _text.Append(text);
        return this;
    }

    private RandomPostmanJson Begin(char c)
    {
        Space();
        _text.Append(c);
        Space();
        return this;
    }

    private RandomPostmanJson End(char c)
    {
        Space();
        _text.Append(c);
        return this;
    }

    private RandomPostmanJson Comma()
    {
        Space();
        _text.Append(',');
        return this;
    }

    private void Space() => _text.Append(Pick("", "", "", " ", "\n\t", "\r\n  "));

    private void Bom()
    {
        if (Chance(6)) _text.Append('\uFEFF');
    }

    private bool Chance(int oneIn) => _random.Next(oneIn) == 0;

    private T Pick<T>(params T[] options) => options[_random.Next(options.Length)];
}
