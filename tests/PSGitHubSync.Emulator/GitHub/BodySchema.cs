using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PSGitHubSync.Emulator.GitHub;

/// <summary>
/// The request body schemas of the emulated write operations (from GitHub's description) and GitHub's way of
/// refusing a body that does not match, with 422 and messages such as
/// <c>Invalid request.\n\n"tree" wasn't supplied.</c> or
/// <c>Invalid request.\n\nFor 'properties/sha', 5 is not a string or null.</c>
/// (nested properties are named by their own key, array items as 'items', values in Ruby's notation).
/// </summary>
internal sealed class BodySchema
{
    private BodySchema(JsonValueKind kind, bool nullable = false)
    {
        Kind = kind;
        Nullable = nullable;
    }

    public JsonValueKind Kind { get; }

    public bool Nullable { get; }

    public List<(string Name, BodySchema Schema, bool Required)> Properties { get; } = new();

    public BodySchema? Items { get; private init; }

    public static BodySchema String(bool nullable = false) => new(JsonValueKind.String, nullable);

    public static BodySchema Boolean() => new(JsonValueKind.True);

    public static BodySchema Array(BodySchema items) => new(JsonValueKind.Array) { Items = items };

    public static BodySchema Object(params (string Name, BodySchema Schema, bool Required)[] properties)
    {
        var schema = new BodySchema(JsonValueKind.Object);
        schema.Properties.AddRange(properties);
        return schema;
    }

    /// <summary>The 422 answer for a body that does not match; null when it matches.</summary>
    public GitHubResult? Check(JsonObject body, GitHubRequest request)
    {
        var problems = new List<string>();
        ValidateObject(body, problems);
        return problems.Count == 0 ? null : request.Error(422, "Invalid request.\n\n" + string.Join("\n", problems));
    }

    /// <summary>Ruby's <c>inspect</c> of a JSON value, as GitHub's messages show it.</summary>
    public static string Inspect(JsonNode? node) => node switch
    {
        null => "nil",
        JsonObject o => o.Count == 0 ? "{}" : "{" + string.Join(", ", o.Select(p => JsonSerializer.Serialize(p.Key) + " => " + Inspect(p.Value))) + "}",
        JsonArray a => "[" + string.Join(", ", a.Select(Inspect)) + "]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
        _ => node.ToJsonString(),
    };

    private static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (char c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    private void ValidateObject(JsonObject body, List<string> problems)
    {
        foreach (var (name, schema, required) in Properties)
        {
            if (!body.ContainsKey(name))
            {
                if (required)
                {
                    problems.Add($"\"{name}\" wasn't supplied.");
                }

                continue;
            }

            schema.ValidateValue(body[name], "properties/" + name, problems);
        }
    }

    private void ValidateValue(JsonNode? value, string where, List<string> problems)
    {
        if (value is null)
        {
            if (!Nullable)
            {
                problems.Add($"For '{where}', nil is not {Expected()}.");
            }

            return;
        }

        var kind = value.GetValueKind();
        bool matches = Kind switch
        {
            JsonValueKind.True => kind is JsonValueKind.True or JsonValueKind.False,
            _ => kind == Kind,
        };
        if (!matches)
        {
            problems.Add($"For '{where}', {Inspect(value)} is not {Expected()}.");
            return;
        }

        if (Kind == JsonValueKind.Object)
        {
            ValidateObject(value.AsObject(), problems);
        }
        else if (Kind == JsonValueKind.Array && Items is not null)
        {
            foreach (var item in value.AsArray())
            {
                Items.ValidateValue(item, "items", problems);
            }
        }
    }

    private string Expected()
    {
        string type = Kind switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.True => "a boolean",
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            _ => "a " + Kind.ToString().ToLower(CultureInfo.InvariantCulture),
        };
        return Nullable ? type + " or null" : type;
    }
}

/// <summary>The bodies of GitHub's write operations (tests/reference/github-rest, requestBody).</summary>
internal static class RequestBodies
{
    private static BodySchema Person(bool required) => BodySchema.Object(
        ("name", BodySchema.String(), required),
        ("email", BodySchema.String(), required),
        ("date", BodySchema.String(), false));

    public static readonly BodySchema CreateRef = BodySchema.Object(
        ("ref", BodySchema.String(), true),
        ("sha", BodySchema.String(), true));

    public static readonly BodySchema UpdateRef = BodySchema.Object(
        ("sha", BodySchema.String(), true),
        ("force", BodySchema.Boolean(), false));

    public static readonly BodySchema CreateTree = BodySchema.Object(
        ("tree", BodySchema.Array(BodySchema.Object(
            ("path", BodySchema.String(), false),
            ("mode", BodySchema.String(), false),
            ("type", BodySchema.String(), false),
            ("sha", BodySchema.String(nullable: true), false),
            ("content", BodySchema.String(), false))), true),
        ("base_tree", BodySchema.String(), false));

    public static readonly BodySchema CreateBlob = BodySchema.Object(
        ("content", BodySchema.String(), true),
        ("encoding", BodySchema.String(), false));

    public static readonly BodySchema CreateCommit = BodySchema.Object(
        ("message", BodySchema.String(), true),
        ("tree", BodySchema.String(), true),
        ("parents", BodySchema.Array(BodySchema.String()), false),
        ("author", Person(required: true), false),
        ("committer", Person(required: false), false),
        ("signature", BodySchema.String(), false));

    public static readonly BodySchema CreateTag = BodySchema.Object(
        ("tag", BodySchema.String(), true),
        ("message", BodySchema.String(), true),
        ("object", BodySchema.String(), true),
        ("type", BodySchema.String(), true),
        ("tagger", Person(required: true), false));

    public static readonly BodySchema PutContent = BodySchema.Object(
        ("message", BodySchema.String(), true),
        ("content", BodySchema.String(), true),
        ("sha", BodySchema.String(), false),
        ("branch", BodySchema.String(), false),
        ("committer", Person(required: true), false),
        ("author", Person(required: true), false));

    public static readonly BodySchema CreateRelease = BodySchema.Object(
        ("tag_name", BodySchema.String(), true),
        ("target_commitish", BodySchema.String(), false),
        ("name", BodySchema.String(), false),
        ("body", BodySchema.String(), false),
        ("draft", BodySchema.Boolean(), false),
        ("prerelease", BodySchema.Boolean(), false),
        ("discussion_category_name", BodySchema.String(), false),
        ("generate_release_notes", BodySchema.Boolean(), false),
        ("make_latest", BodySchema.String(), false));
}
