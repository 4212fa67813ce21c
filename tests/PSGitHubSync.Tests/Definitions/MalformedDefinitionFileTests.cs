using System.Text;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Definitions;
using PSGitHubSync.Engine.Errors;
using Xunit;
using static PSGitHubSync.Tests.Definitions.DefinitionTestSupport;

namespace PSGitHubSync.Tests.Definitions;

/// <summary>
/// Malformed and hostile definitions files: each must be refused as a whole (DefinitionFileInvalid), with a problem of the
/// expected kind at the expected line and column (1-based), and, where given, a message that says what to write instead.
/// </summary>
public class MalformedDefinitionFileTests
{
    private const string P = "  - name: a";

    /// <summary>Joins lines with LF and a final newline.</summary>
    private static string Y(params string[] lines) => string.Join("\n", lines) + "\n";

    // A valid collection-backup integration on lines 1-6; rows append their own lines from line 7 on.
    private static readonly string[] Backup =
    {
        "version: 1",
        "integrations:",
        "  - name: a",
        "    type: collection-backup",
        "    source: { workspace: w, collection: c }",
        "    repository: o/r",
    };

    // A valid schema-sync integration on lines 1-6; rows append their own lines from line 7 on.
    private static readonly string[] Schema =
    {
        "version: 1",
        "integrations:",
        "  - name: s",
        "    type: schema-sync",
        "    source: { file: api/openapi.yaml }",
        "    repository: o/r",
    };

    private static string B(params string[] more) => Y(Backup.Concat(more).ToArray());

    private static string S(params string[] more) => Y(Schema.Concat(more).ToArray());

    /// <summary>The first <paramref name="count"/> lines of the backup template, then <paramref name="more"/>.</summary>
    private static string BTake(int count, params string[] more) => Y(Backup.Take(count).Concat(more).ToArray());

    /// <summary>The first <paramref name="count"/> lines of the schema template, then <paramref name="more"/>.</summary>
    private static string STake(int count, params string[] more) => Y(Schema.Take(count).Concat(more).ToArray());

    internal static string BillionLaughs()
    {
        var builder = new StringBuilder("version: 1\nintegrations: []\n");
        builder.Append("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= 9; i++)
        {
            builder.Append($"a{i}: &a{i} [");
            builder.Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10)));
            builder.Append("]\n");
        }
        return builder.ToString();
    }

    internal static string DeepFlow(int depth) => "version: 1\nintegrations: []\nx: " + new string('[', depth) + new string(']', depth) + "\n";

    internal static string DeepBlock(int depth)
    {
        var builder = new StringBuilder("version: 1\nintegrations: []\n");
        for (var i = 0; i < depth; i++) builder.Append(new string(' ', 2 * i)).Append(i == depth - 1 ? "x: v\n" : "x:\n");
        return builder.ToString();
    }

    // label, yaml, expected problem id, line, column, a text the problem's message must contain (or null)
    public static TheoryData<string, string, string, int, int, string?> Rows()
    {
        var rows = new TheoryData<string, string, string, int, int, string?>();
        void Row(string label, string yaml, string id, int line, int column, string? message = null) => rows.Add(label, yaml, id, line, column, message);

        // ---- not YAML at all
        Row("more-indented key in an item", Y("version: 1", "integrations:", P, "     type: collection-backup"), DefinitionProblemId.YamlSyntax, 4, 10, "not valid YAML");
        Row("less-indented key in an item", Y("version: 1", "integrations:", P, " type: x"), DefinitionProblemId.YamlSyntax, 4, 2);
        Row("tab indentation", Y("version: 1", "integrations:", "\t- name: a"), DefinitionProblemId.YamlSyntax, 3, 1);
        Row("unclosed double quote", Y("version: 1", "integrations:", "  - name: \"abc", "    type: x"), DefinitionProblemId.YamlSyntax, 3, 11);
        Row("unclosed single quote at the end", Y("version: 1", "integrations:", "  - name: 'abc"), DefinitionProblemId.YamlSyntax, 3, 11);
        Row("unclosed quote in version", "version: \"1", DefinitionProblemId.YamlSyntax, 1, 10);
        Row("unclosed flow mapping at the end", Y("version: 1", "defaults:", "  committer: { name: x, email: y@z"), DefinitionProblemId.YamlSyntax, 4, 1);
        Row("unclosed flow mapping followed by a top-level key", Y("version: 1", "defaults:", "  committer: { name: x", "integrations: []"), DefinitionProblemId.YamlSyntax, 3, 22);   // the value the scanner was reading when the brace stayed open
        Row("unclosed flow sequence followed by the next key", BTake(4, "    source: [a", "    repository: o/r"), DefinitionProblemId.YamlSyntax, 5, 14);   // the first item of the open list
        Row("unclosed flow sequence at the end", Y("version: 1", "integrations: [ a, b"), DefinitionProblemId.YamlSyntax, 3, 1);
        Row("mapping inside a plain value", Y("version: 1", "integrations: a: b"), DefinitionProblemId.YamlSyntax, 2, 16);
        Row("reserved indicator @", Y("version: 1", "integrations:", "  - name: @x"), DefinitionProblemId.YamlSyntax, 3, 11);
        Row("empty verbatim tag", Y("version: !<> 1", "integrations: []"), DefinitionProblemId.YamlSyntax, 1, 10);
        Row("tag that is not a URI", Y("version: 1", "integrations: [!!w]]"), DefinitionProblemId.YamlSyntax, 2, 16);
        Row("invalid surrogate escape", Y("version: 1", "integrations: []", "x: \"\\uD800\""), DefinitionProblemId.YamlSyntax, 3, 4);
        Row("two documents", Y("version: 1", "integrations: []", "---", "version: 1", "integrations: []"), DefinitionProblemId.YamlSyntax, 3, 1, "more than one YAML document");
        Row("a document after '...'", Y("version: 1", "integrations: []", "...", "version: 1"), DefinitionProblemId.YamlSyntax, 4, 1, "more than one YAML document");

        // ---- empty, wrong root
        Row("empty file", string.Empty, DefinitionProblemId.UnsupportedVersion, 1, 1, "version: 1");
        Row("only a comment", Y("# nothing here yet"), DefinitionProblemId.UnsupportedVersion, 1, 1, "version: 1");
        Row("only a document marker", Y("---"), DefinitionProblemId.UnsupportedVersion, 1, 1);
        Row("root is a list", Y("- version: 1"), DefinitionProblemId.WrongType, 1, 1, "must be a mapping");
        Row("root is a text", Y("just some text"), DefinitionProblemId.WrongType, 1, 1, "must be a mapping");

        // ---- version
        Row("missing version", Y("integrations: []"), DefinitionProblemId.UnsupportedVersion, 1, 1, "Add 'version: 1'");
        Row("missing version after a comment", Y("# definitions", "", "integrations: []"), DefinitionProblemId.UnsupportedVersion, 3, 1, "Add 'version: 1'");
        Row("version 2", Y("version: 2", "integrations: []"), DefinitionProblemId.UnsupportedVersion, 1, 10, "must be 1");
        Row("version as text", Y("version: one", "integrations: []"), DefinitionProblemId.UnsupportedVersion, 1, 10, "'one'");
        Row("version 1.0", Y("version: 1.0", "integrations: []"), DefinitionProblemId.UnsupportedVersion, 1, 10);
        Row("version as a list", Y("version: [1]", "integrations: []"), DefinitionProblemId.UnsupportedVersion, 1, 10);

        // ---- unknown keys at every level, with and without a did-you-mean
        Row("top: integration", Y("version: 1", "integration:", P), DefinitionProblemId.UnknownKey, 2, 1, "Did you mean 'integrations'?");
        Row("top: Version", Y("Version: 1", "integrations: []"), DefinitionProblemId.UnknownKey, 1, 1, "Did you mean 'version'?");
        Row("top: no near key", Y("version: 1", "integrations: []", "colour: blue"), DefinitionProblemId.UnknownKey, 3, 1, "The keys are: version, defaults, integrations.");
        Row("defaults: githb", Y("version: 1", "defaults:", "  githb:", "    server: https://github.com", "integrations: []"), DefinitionProblemId.UnknownKey, 3, 3, "Did you mean 'github'?");
        Row("defaults: no near key", Y("version: 1", "defaults:", "  retries: 3", "integrations: []"), DefinitionProblemId.UnknownKey, 3, 3, "The keys are: github, postman, committer, secretPolicy.");
        Row("github: tokn", Y("version: 1", "defaults:", "  github:", "    tokn: env:X", "integrations: []"), DefinitionProblemId.UnknownKey, 4, 5, "Did you mean 'token'?");
        Row("github: no near key", Y("version: 1", "defaults:", "  github:", "    proxy: http://proxy:8080", "integrations: []"), DefinitionProblemId.UnknownKey, 4, 5, "The keys are: server, token, app.");
        Row("postman: apikey", Y("version: 1", "defaults:", "  postman:", "    apikey: env:X", "integrations: []"), DefinitionProblemId.UnknownKey, 4, 5, "Did you mean 'apiKey'?");
        Row("committer: mail", Y("version: 1", "defaults:", "  committer:", "    mail: a@b.c", "integrations: []"), DefinitionProblemId.UnknownKey, 4, 5, "Did you mean 'email'?");
        Row("integration: brnach", B("    brnach: main"), DefinitionProblemId.UnknownKey, 7, 5, "Did you mean 'branch'?");
        Row("integration: no near key", B("    owner: contoso"), DefinitionProblemId.UnknownKey, 7, 5, "The keys are: name, type, source,");
        Row("integration: token at the wrong level", B("    token: env:GITHUB_TOKEN"), DefinitionProblemId.UnknownKey, 7, 5);
        Row("source: colection", BTake(4, "    source:", "      workspace: w", "      colection: c", "    repository: o/r"), DefinitionProblemId.UnknownKey, 7, 7, "Did you mean 'collection'?");
        Row("source.postman: apis", STake(4, "    source:", "      postman: { workspace: w, apis: x }", "    repository: o/r", "    path: api.yaml"), DefinitionProblemId.UnknownKey, 6, 32, "Did you mean 'api'?");
        Row("integration github: servr", B("    github:", "      servr: https://github.com"), DefinitionProblemId.UnknownKey, 8, 7, "Did you mean 'server'?");
        Row("integration postman: apikey", B("    postman: { apikey: env:K }"), DefinitionProblemId.UnknownKey, 7, 16, "Did you mean 'apiKey'?");
        Row("integration committer: e-mail", B("    committer:", "      e-mail: a@b.c"), DefinitionProblemId.UnknownKey, 8, 7, "Did you mean 'email'?");

        // ---- wrong types
        Row("name is a list", Y("version: 1", "integrations:", "  - name: [a, b]", "    type: collection-backup", "    source: { file: x.json }", "    repository: o/r"), DefinitionProblemId.WrongType, 3, 11, "single value");
        Row("repository is a mapping", BTake(5, "    repository: { owner: o }"), DefinitionProblemId.WrongType, 6, 17);
        Row("type is a list", Y("version: 1", "integrations:", P, "    type: [collection-backup]", "    source: { file: x.json }", "    repository: o/r"), DefinitionProblemId.WrongType, 4, 11);
        Row("source is a text", BTake(4, "    source: Payments", "    repository: o/r"), DefinitionProblemId.WrongType, 5, 13, "must be a mapping");
        Row("defaults is a text", Y("version: 1", "defaults: none", "integrations: []"), DefinitionProblemId.WrongType, 2, 11, "must be a mapping");
        Row("committer is a text", Y("version: 1", "defaults:", "  committer: me", "integrations: []"), DefinitionProblemId.WrongType, 3, 14);
        Row("github is a list", B("    github: [a]"), DefinitionProblemId.WrongType, 7, 13);
        Row("integrations is a mapping", Y("version: 1", "integrations:", "  name: a", "  type: collection-backup"), DefinitionProblemId.WrongType, 3, 3, "'- name:'");
        Row("integrations is a text", Y("version: 1", "integrations: all"), DefinitionProblemId.WrongType, 2, 15);
        Row("an integration is a text", Y("version: 1", "integrations:", "  - payments"), DefinitionProblemId.WrongType, 3, 5);
        Row("environments: yes", BTake(4, "    source:", "      workspace: w", "      collection: c", "      environments: yes", "    repository: o/r"), DefinitionProblemId.WrongType, 8, 21, "true or false");
        Row("environments: 1", BTake(4, "    source:", "      workspace: w", "      collection: c", "      environments: 1", "    repository: o/r"), DefinitionProblemId.WrongType, 8, 21, "true or false");
        Row("secretPolicy is a list", B("    secretPolicy: [warn]"), DefinitionProblemId.WrongType, 7, 19);
        Row("a key that is a list", Y("version: 1", "integrations: []", "? [a]", ": b"), DefinitionProblemId.WrongType, 3, 3);

        // ---- duplicate keys and names
        Row("version twice", Y("version: 1", "integrations: []", "version: 1"), DefinitionProblemId.DuplicateKey, 3, 1, "first on line 1");
        Row("branch twice", B("    branch: main", "    branch: dev"), DefinitionProblemId.DuplicateKey, 8, 5, "first on line 7");
        Row("collection twice in a flow mapping", BTake(4, "    source: { workspace: w, collection: c, collection: d }", "    repository: o/r"), DefinitionProblemId.DuplicateKey, 5, 44);
        Row("github twice in defaults", Y("version: 1", "defaults:", "  github: {}", "  github: {}", "integrations: []"), DefinitionProblemId.DuplicateKey, 4, 3);
        Row("same name, other case", B("  - name: A", "    type: collection-backup", "    source: { file: x.json }", "    repository: o/r"), DefinitionProblemId.DuplicateName, 7, 5, "line 3");

        // ---- names
        Row("name with a space", Y("version: 1", "integrations:", "  - name: payments api", "    type: collection-backup", "    source: { file: x.json }", "    repository: o/r"), DefinitionProblemId.InvalidName, 3, 11, "'payments-api'");
        Row("name with a slash", Y("version: 1", "integrations:", "  - name: \"a/b\"", "    type: collection-backup", "    source: { file: x.json }", "    repository: o/r"), DefinitionProblemId.InvalidName, 3, 11);
        Row("name of 101 characters", Y("version: 1", "integrations:", "  - name: " + new string('n', 101), "    type: collection-backup", "    source: { file: x.json }", "    repository: o/r"), DefinitionProblemId.InvalidName, 3, 11);
        Row("name with a non-ASCII letter", Y("version: 1", "integrations:", "  - name: zahlungsübersicht", "    type: collection-backup", "    source: { file: x.json }", "    repository: o/r"), DefinitionProblemId.InvalidName, 3, 11);

        // ---- missing keys, empty values, bad type
        Row("missing name", Y("version: 1", "integrations:", "  - type: collection-backup", "    source: { file: x.json }", "    repository: o/r"), DefinitionProblemId.MissingKey, 3, 5, "name:");
        Row("missing type", Y("version: 1", "integrations:", P, "    source: { file: x.json }", "    repository: o/r"), DefinitionProblemId.MissingKey, 3, 5, "type: collection-backup");
        Row("missing repository", BTake(5), DefinitionProblemId.MissingKey, 3, 5, "repository: owner/name");
        Row("missing source", BTake(4, "    repository: o/r"), DefinitionProblemId.MissingKey, 3, 5, "source:");
        Row("missing path on schema-sync", STake(6), DefinitionProblemId.MissingKey, 3, 5, "path:");
        Row("empty repository", BTake(5, "    repository:"), DefinitionProblemId.InvalidValue, 6, 5, "empty");
        Row("empty quoted name", Y("version: 1", "integrations:", "  - name: \"  \"", "    type: collection-backup", "    source: { file: x.json }", "    repository: o/r"), DefinitionProblemId.InvalidValue, 3, 5, "empty");
        Row("type with a typo", Y("version: 1", "integrations:", P, "    type: collection-backups", "    source: { file: x.json }", "    repository: o/r"), DefinitionProblemId.InvalidValue, 4, 11, "Did you mean 'collection-backup'?");
        Row("type unknown", Y("version: 1", "integrations:", P, "    type: mirror", "    source: { file: x.json }", "    repository: o/r"), DefinitionProblemId.InvalidValue, 4, 11, "'collection-backup' or 'schema-sync'");

        // ---- repository
        Row("repository without owner", BTake(5, "    repository: contoso"), DefinitionProblemId.InvalidValue, 6, 17, "owner/name");
        Row("repository with three parts", BTake(5, "    repository: contoso/api/x"), DefinitionProblemId.InvalidValue, 6, 17);
        Row("repository owner with a leading dash", BTake(5, "    repository: -contoso/x"), DefinitionProblemId.InvalidValue, 6, 17);

        // ---- branches
        Row("branch with '..'", B("    branch: feature..x"), DefinitionProblemId.InvalidValue, 7, 13, "not a valid branch name");
        Row("branch with a leading dash", B("    branch: -x"), DefinitionProblemId.InvalidValue, 7, 13);
        Row("branch with a space", B("    branch: my branch"), DefinitionProblemId.InvalidValue, 7, 13);
        Row("branch ending in .lock", B("    branch: main.lock"), DefinitionProblemId.InvalidValue, 7, 13);
        Row("branch with a colon", B("    branch: 'a:b'"), DefinitionProblemId.InvalidValue, 7, 13);
        Row("branch ending in a slash", B("    branch: feature/"), DefinitionProblemId.InvalidValue, 7, 13);
        Row("branch with @{", B("    branch: 'main@{1}'"), DefinitionProblemId.InvalidValue, 7, 13);

        // ---- literal tokens
        Row("ghp_ token", B("    github:", "      token: " + ClassicToken), DefinitionProblemId.LiteralTokenNotAllowed, 8, 14, "env:GITHUB_TOKEN");
        Row("gho_ token", B("    github:", "      token: " + OAuthToken), DefinitionProblemId.LiteralTokenNotAllowed, 8, 14, "env:GITHUB_TOKEN");
        Row("ghs_ token", B("    github:", "      token: " + AppToken), DefinitionProblemId.LiteralTokenNotAllowed, 8, 14);
        Row("github_pat_ token", B("    github:", "      token: " + FineGrainedToken), DefinitionProblemId.LiteralTokenNotAllowed, 8, 14);
        Row("PMAK- key", B("    postman:", "      apiKey: " + PostmanKey), DefinitionProblemId.LiteralTokenNotAllowed, 8, 15, "env:POSTMAN_API_KEY");
        Row("40-hex legacy token in defaults", Y("version: 1", "defaults:", "  github:", "    token: " + LegacyToken, "integrations: []"), DefinitionProblemId.LiteralTokenNotAllowed, 4, 12);
        Row("token as 'Bearer ...'", B("    github:", "      token: \"Bearer " + ClassicToken + "\""), DefinitionProblemId.LiteralTokenNotAllowed, 8, 14);
        Row("token in server", B("    github:", "      server: " + ClassicToken), DefinitionProblemId.LiteralTokenNotAllowed, 8, 15);
        Row("token in name", Y("version: 1", "integrations:", "  - name: " + ClassicToken, "    type: collection-backup", "    source: { file: x.json }", "    repository: o/r"), DefinitionProblemId.LiteralTokenNotAllowed, 3, 11);
        Row("token in repository", BTake(5, "    repository: " + ClassicToken), DefinitionProblemId.LiteralTokenNotAllowed, 6, 17);
        Row("token as a key", Y("version: 1", "integrations: []", ClassicToken + ": x"), DefinitionProblemId.LiteralTokenNotAllowed, 3, 1);
        Row("token in a comment", Y("version: 1", "# token: " + ClassicToken, "integrations: []"), DefinitionProblemId.LiteralTokenNotAllowed, 2, 10);

        // ---- secret references
        Row("token: GITHUB_TOKEN", B("    github:", "      token: GITHUB_TOKEN"), DefinitionProblemId.InvalidSecretReference, 8, 14, "'env:GITHUB_TOKEN'");
        Row("token: vault:x", B("    github:", "      token: vault:x"), DefinitionProblemId.InvalidSecretReference, 8, 14, "'secret:VAULT/NAME'");
        Row("token: env: with a digit first", B("    github:", "      token: env:1TOKEN"), DefinitionProblemId.InvalidSecretReference, 8, 14);
        Row("token: env: with a dash", B("    github:", "      token: env:MY-TOKEN"), DefinitionProblemId.InvalidSecretReference, 8, 14);
        Row("token: secret:/x", B("    github:", "      token: secret:/x"), DefinitionProblemId.InvalidSecretReference, 8, 14);
        Row("token: file: without a path", Y("version: 1", "defaults:", "  github:", "    token: 'file:'", "integrations: []"), DefinitionProblemId.InvalidSecretReference, 4, 12, "file:PATH");
        Row("apiKey: POSTMAN_API_KEY", B("    postman:", "      apiKey: POSTMAN_API_KEY"), DefinitionProblemId.InvalidSecretReference, 8, 15, "'env:POSTMAN_API_KEY'");

        // ---- paths that leave the repository
        Row("directory ..", B("    directory: ../x"), DefinitionProblemId.PathEscapesRepository, 7, 16, "'..'");
        Row("directory /x", B("    directory: /x"), DefinitionProblemId.PathEscapesRepository, 7, 16, "relative to the repository root");
        Row("directory C:\\x", B("    directory: 'C:\\x'"), DefinitionProblemId.PathEscapesRepository, 7, 16, "absolute");
        Row("directory .git", B("    directory: .git"), DefinitionProblemId.PathEscapesRepository, 7, 16, "'.git'");
        Row("directory inside .git", B("    directory: backups/.git/hooks"), DefinitionProblemId.PathEscapesRepository, 7, 16);
        Row("directory .. with backslashes", B("    directory: 'backups\\..\\..\\x'"), DefinitionProblemId.PathEscapesRepository, 7, 16);
        Row("fileName ..", B("    fileName: .."), DefinitionProblemId.PathEscapesRepository, 7, 15);
        Row("fileName .git", B("    fileName: .git"), DefinitionProblemId.PathEscapesRepository, 7, 15);
        Row("fileName with a slash", B("    fileName: a/b.json"), DefinitionProblemId.InvalidValue, 7, 15, "Put folders in 'directory'");
        Row("fileName absolute", B("    fileName: /x.json"), DefinitionProblemId.InvalidValue, 7, 15, "Put folders in 'directory'");
        Row("fileName C:\\x", B("    fileName: 'C:\\x.json'"), DefinitionProblemId.InvalidValue, 7, 15);
        Row("path ..", S("    path: ../x.yaml"), DefinitionProblemId.PathEscapesRepository, 7, 11, "'..'");
        Row("path /x", S("    path: /api.yaml"), DefinitionProblemId.PathEscapesRepository, 7, 11);
        Row("path C:\\x", S("    path: 'C:\\api.yaml'"), DefinitionProblemId.PathEscapesRepository, 7, 11);
        Row("path .git", S("    path: .git/config"), DefinitionProblemId.PathEscapesRepository, 7, 11, "'.git'");
        Row("path climbing out in the middle", S("    path: api/../../x.yaml"), DefinitionProblemId.PathEscapesRepository, 7, 11);
        Row("path /", S("    path: /"), DefinitionProblemId.InvalidValue, 7, 11, "repository root");
        Row("path .", S("    path: ."), DefinitionProblemId.InvalidValue, 7, 11, "repository root");
        Row("path ./", S("    path: ./"), DefinitionProblemId.InvalidValue, 7, 11, "repository root");

        // ---- two integrations writing the same thing
        string[] Second(string name, params string[] lines) => new[] { "  - name: " + name }.Concat(lines).ToArray();
        Row("same directory and fileName",
            B(new[] { "    fileName: x.json" }.Concat(Second("b", "    type: collection-backup", "    source: { workspace: w, collection: d }", "    repository: o/r", "    fileName: x.json")).ToArray()),
            DefinitionProblemId.DuplicateTarget, 8, 5, "'a' (line 3)");
        Row("default directory written out",
            B(new[] { "    fileName: x.json" }.Concat(Second("b", "    type: collection-backup", "    source: { workspace: w, collection: d }", "    repository: o/r", "    directory: Postman Collections", "    fileName: x.json")).ToArray()),
            DefinitionProblemId.DuplicateTarget, 8, 5);
        Row("default fileName written out",
            B(Second("b", "    type: collection-backup", "    source: { workspace: w, collection: d }", "    repository: o/r", "    fileName: c.postman_collection.json")),
            DefinitionProblemId.DuplicateTarget, 7, 5);
        Row("same collection twice",
            B(Second("b", "    type: collection-backup", "    source: { workspace: other, collection: c }", "    repository: o/r")),
            DefinitionProblemId.DuplicateTarget, 7, 5);
        Row("directory with a trailing slash",
            B(new[] { "    directory: backups" }.Concat(Second("b", "    type: collection-backup", "    source: { workspace: w, collection: c }", "    repository: o/r", "    directory: backups/")).ToArray()),
            DefinitionProblemId.DuplicateTarget, 8, 5);
        Row("directory with a leading ./",
            B(new[] { "    directory: backups" }.Concat(Second("b", "    type: collection-backup", "    source: { workspace: w, collection: c }", "    repository: o/r", "    directory: ./backups")).ToArray()),
            DefinitionProblemId.DuplicateTarget, 8, 5);
        Row("same server written differently",
            B(Second("b", "    type: collection-backup", "    source: { workspace: w2, collection: c }", "    repository: o/r", "    github: { server: github.com }")),
            DefinitionProblemId.DuplicateTarget, 7, 5);
        Row("same repository written differently",
            B(Second("b", "    type: collection-backup", "    source: { workspace: w2, collection: c }", "    repository: https://github.com/O/R.git")),
            DefinitionProblemId.DuplicateTarget, 7, 5);
        Row("same branch",
            B(new[] { "    branch: main" }.Concat(Second("b", "    type: collection-backup", "    source: { workspace: w2, collection: c }", "    repository: o/r", "    branch: main")).ToArray()),
            DefinitionProblemId.DuplicateTarget, 8, 5);
        Row("schema folder containing another schema's file",
            S(new[] { "    path: api" }.Concat(Second("t", "    type: schema-sync", "    source: { file: other.yaml }", "    repository: o/r", "    path: api/openapi.yaml")).ToArray()),
            DefinitionProblemId.DuplicateTarget, 8, 5, "'s' (line 3)");
        Row("schema file inside a later schema folder",
            S(new[] { "    path: api/openapi.yaml" }.Concat(Second("t", "    type: schema-sync", "    source: { file: other }", "    repository: o/r", "    path: api")).ToArray()),
            DefinitionProblemId.DuplicateTarget, 8, 5);
        Row("schema folder over the backup directory",
            B(Second("s", "    type: schema-sync", "    source: { file: api }", "    repository: o/r", "    path: Postman Collections")),
            DefinitionProblemId.DuplicateTarget, 7, 5);

        // ---- sources
        Row("backup source with file and workspace", BTake(4, "    source:", "      workspace: w", "      file: x.json", "    repository: o/r"), DefinitionProblemId.ConflictingSource, 7, 13, "Keep one");
        Row("backup source with neither", BTake(4, "    source: { environments: true }", "    repository: o/r"), DefinitionProblemId.MissingKey, 5, 13, "'workspace' and 'collection'");
        Row("empty backup source", BTake(4, "    source: {}", "    repository: o/r"), DefinitionProblemId.MissingKey, 5, 13);
        Row("collection without workspace", BTake(4, "    source: { collection: c }", "    repository: o/r"), DefinitionProblemId.MissingKey, 5, 13, "workspace:");
        Row("workspace without collection", BTake(4, "    source: { workspace: w }", "    repository: o/r"), DefinitionProblemId.MissingKey, 5, 13, "collection: \"*\"");
        Row("fileName with a wildcard collection", BTake(4, "    source: { workspace: w, collection: '*' }", "    repository: o/r", "    fileName: all.json"), DefinitionProblemId.InvalidValue, 5, 41, "Remove 'fileName'");
        Row("environments with a file source", BTake(4, "    source: { file: x.json, environments: true }", "    repository: o/r"), DefinitionProblemId.InvalidValue, 5, 29);
        Row("backup source with postman", BTake(4, "    source:", "      postman: { workspace: w, api: a }", "      file: x.json", "    repository: o/r"), DefinitionProblemId.UnknownKey, 6, 7, "schema-sync");
        Row("schema source with file and postman", STake(4, "    source:", "      file: api.yaml", "      postman: { workspace: w, api: a }", "    repository: o/r", "    path: api.yaml"), DefinitionProblemId.ConflictingSource, 6, 13, "keep one");
        Row("schema source with neither", STake(4, "    source: {}", "    repository: o/r", "    path: api.yaml"), DefinitionProblemId.MissingKey, 5, 13, "'file'");
        Row("schema source with a bare workspace", STake(4, "    source:", "      workspace: w", "      file: api.yaml", "    repository: o/r", "    path: api.yaml"), DefinitionProblemId.UnknownKey, 6, 7, "under 'postman'");
        Row("schema source.postman without api", STake(4, "    source:", "      postman: { workspace: w }", "    repository: o/r", "    path: api.yaml"), DefinitionProblemId.MissingKey, 6, 16, "'api'");

        // ---- keys of the other integration type
        Row("directory on schema-sync", S("    path: api.yaml", "    directory: x"), DefinitionProblemId.UnknownKey, 8, 5, "'path'");
        Row("fileName on schema-sync", S("    path: api.yaml", "    fileName: x.yaml"), DefinitionProblemId.UnknownKey, 8, 5);
        Row("secretPolicy on schema-sync", S("    path: api.yaml", "    secretPolicy: warn"), DefinitionProblemId.UnknownKey, 8, 5);
        Row("path on collection-backup", B("    path: x.json"), DefinitionProblemId.UnknownKey, 7, 5, "'directory' and 'fileName'");
        Row("format on collection-backup", B("    format: openapi"), DefinitionProblemId.UnknownKey, 7, 5);

        // ---- anchors, aliases, nesting
        Row("anchor on defaults", Y("version: 1", "defaults: &d", "  secretPolicy: warn", "integrations: []"), DefinitionProblemId.AliasNotAllowed, 2, 11, "'defaults'");
        Row("merge key alias", Y("version: 1", "defaults: &d {}", "integrations:", "  - <<: *d", "    name: a"), DefinitionProblemId.AliasNotAllowed, 4, 9, "*d");
        Row("anchor on a scalar", Y("version: &v 1", "integrations: []"), DefinitionProblemId.AliasNotAllowed, 1, 10);
        Row("billion laughs", BillionLaughs(), DefinitionProblemId.AliasNotAllowed, 3, 5);
        Row("deep flow nesting", DeepFlow(100), DefinitionProblemId.WrongType, 3, 36, "nests deeper");
        Row("deep block nesting", DeepBlock(40), DefinitionProblemId.WrongType, 35, 65, "nests deeper");

        // ---- values
        Row("secretPolicy typo", B("    secretPolicy: redcat"), DefinitionProblemId.InvalidValue, 7, 19, "Did you mean 'redact'?");
        Row("defaults secretPolicy unknown", Y("version: 1", "defaults:", "  secretPolicy: ignore", "integrations: []"), DefinitionProblemId.InvalidValue, 3, 17, "redact, keep, block");
        Row("format unknown", S("    path: api.yaml", "    format: swagger"), DefinitionProblemId.InvalidValue, 8, 13, "openapi, raml, graphql");
        Row("root outside the schema's folder", S("    path: api", "    root: ../openapi.yaml"), DefinitionProblemId.PathEscapesRepository, 8, 11);
        Row("root on collection-backup", B("    root: openapi.yaml"), DefinitionProblemId.UnknownKey, 7, 5);
        Row("format typo", S("    path: api.yaml", "    format: openap"), DefinitionProblemId.InvalidValue, 8, 13, "Did you mean 'openapi'?");
        Row("github server over http", B("    github:", "      server: http://github.contoso.com"), DefinitionProblemId.InvalidValue, 8, 15, "https://");
        Row("defaults server over http", Y("version: 1", "defaults:", "  github:", "    server: http://10.0.0.5", "integrations: []"), DefinitionProblemId.InvalidValue, 4, 13, "https://");
        Row("github server ftp", B("    github:", "      server: ftp://github.contoso.com"), DefinitionProblemId.InvalidValue, 8, 15);
        Row("github server with credentials", B("    github:", "      server: https://user:pw@github.contoso.com"), DefinitionProblemId.InvalidValue, 8, 15);
        Row("postman server over http", B("    postman:", "      server: http://api.getpostman.com"), DefinitionProblemId.InvalidValue, 8, 15, "https");
        Row("committer email without @", B("    committer:", "      email: nobody"), DefinitionProblemId.InvalidValue, 8, 14, "e-mail address");
        Row("defaults committer email without @", Y("version: 1", "defaults:", "  committer: { name: x, email: nobody.example.com }", "integrations: []"), DefinitionProblemId.InvalidValue, 3, 32);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_malformed_file_is_refused_with_the_problem_where_it_is(string label, string yaml, string problemId, int line, int column, string? messagePart)
    {
        var (_, problems) = DefinitionLoader.TryParse(yaml, FakeFile, BackupFileNaming.Instance);
        var described = label + ":\n" + string.Join("\n", problems.Select(p => $"  {p.ProblemId} {p.Line}:{p.Column} {p.Message}"));
        var match = problems.FirstOrDefault(p => p.ProblemId == problemId && p.Line == line && p.Column == column);
        Assert.True(match is not null, $"expected {problemId} at {line}:{column} in {described}");
        if (messagePart is not null) Assert.Contains(messagePart, match!.Message, StringComparison.Ordinal);

        Assert.All(problems, p =>
        {
            Assert.Equal(FakeFile, p.File);
            Assert.True(p.Line >= 1 && p.Column >= 1, described);
            Assert.False(string.IsNullOrWhiteSpace(p.Message));
            Assert.EndsWith($"[{p.ProblemId}]", p.ToString(), StringComparison.Ordinal);
        });
        Assert.Equal(problems.OrderBy(p => p.Line).ThenBy(p => p.Column).Select(p => (p.Line, p.Column)), problems.Select(p => (p.Line, p.Column)));

        IReadOnlyList<PSGitHubSync.Integration>? returned = null;
        var ex = Assert.Throws<DefinitionFileException>(() => returned = DefinitionLoader.Parse(yaml, FakeFile, BackupFileNaming.Instance));
        Assert.Null(returned);
        Assert.Equal(SyncErrorId.DefinitionFileInvalid, ex.ErrorId);
        Assert.Equal("DefinitionFileInvalid", ex.ErrorId);
        Assert.Equal(FakeFile, ex.File);
        Assert.Equal(problems.Select(p => p.ToString()), ex.Problems.Select(p => p.ToString()));
        Assert.Contains($"{FakeFile}:{line}:{column}:", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Load_reports_the_same_problems_for_the_file_on_disk(string label, string yaml, string problemId, int line, int column, string? messagePart)
    {
        _ = messagePart;
        using var folder = new TempFolder();
        var path = folder.Write("psgithubsync.yml", yaml);
        var ex = Assert.Throws<DefinitionFileException>(() => DefinitionLoader.Load(path, BackupFileNaming.Instance));
        Assert.Equal(SyncErrorId.DefinitionFileInvalid, ex.ErrorId);
        Assert.True(ex.Problems.Any(p => p.ProblemId == problemId && p.Line == line && p.Column == column && p.File == path), label + ": " + ex.Message);
    }

    public static TheoryData<string> TokenRows()
    {
        var rows = new TheoryData<string>();
        // Every place a token could be pasted by mistake, with a classic token...
        const string token = ClassicToken;
        rows.Add(B("    github:", "      token: " + token));
        rows.Add(BTake(5, "    repository: " + token));
        rows.Add(B("    branch: " + token));
        rows.Add(B("    secretPolicy: " + token));
        rows.Add(B("    fileName: " + token + "/x.json"));
        rows.Add(Y("version: 1", "integrations:", "  - name: " + token, "    type: " + token, "    source: { file: x.json }", "    repository: o/r"));
        rows.Add(Y("version: " + token, "integrations: []"));
        rows.Add(Y("version: 1", "integrations: []", token + ": x"));
        rows.Add(B("    github:", "      server: " + token));
        rows.Add(B("    github:", "      server: http://" + token));
        rows.Add(B("    postman:", "      server: " + token));
        rows.Add(B("    committer:", "      email: " + token));
        // ... and every kind of token in two of them (the 40-hex form is recognized only as a whole value).
        foreach (var other in AllTokens.Where(t => t != token))
        {
            rows.Add(BTake(5, "    repository: " + other));
            rows.Add(Y("version: 1", "integrations: []", other + ": x"));
        }
        return rows;
    }

    [Theory]
    [MemberData(nameof(TokenRows))]
    public void A_literal_token_is_refused_and_never_repeated_in_any_message(string yaml)
    {
        var (_, problems) = DefinitionLoader.TryParse(yaml, FakeFile, BackupFileNaming.Instance);
        Assert.Contains(problems, p => p.ProblemId == DefinitionProblemId.LiteralTokenNotAllowed);
        var ex = Assert.Throws<DefinitionFileException>(() => DefinitionLoader.Parse(yaml, FakeFile, BackupFileNaming.Instance));
        foreach (var token in AllTokens)
        {
            Assert.DoesNotContain(token, ex.Message, StringComparison.Ordinal);
            Assert.All(ex.Problems, p => Assert.DoesNotContain(token, p.ToString(), StringComparison.Ordinal));
        }
    }

    [Fact]
    public void An_alias_bomb_is_refused_without_being_expanded()
    {
        var text = BillionLaughs();
        var ex = Assert.Throws<DefinitionFileException>(() => DefinitionLoader.Parse(text, FakeFile, BackupFileNaming.Instance));
        Assert.NotEmpty(ex.Problems);
        Assert.All(ex.Problems, p => Assert.Equal(DefinitionProblemId.AliasNotAllowed, p.ProblemId));
    }

    [Fact]
    public void Very_deep_nesting_is_refused_without_exhausting_the_stack()
    {
        foreach (var text in new[] { DeepFlow(100_000), DeepBlock(300), "version: 1\nintegrations: " + new string('[', 50_000) })
        {
            var (integrations, problems) = DefinitionLoader.TryParse(text, FakeFile, BackupFileNaming.Instance);
            Assert.Empty(integrations);
            Assert.NotEmpty(problems);
        }
    }

    [Fact]
    public void A_file_larger_than_the_limit_is_refused_unread()
    {
        using var folder = new TempFolder();
        var path = folder.Write("big.yml", "version: 1\nintegrations: []\n# " + new string('x', DefinitionLoader.MaxFileBytes) + "\n");
        var ex = Assert.Throws<DefinitionFileException>(() => DefinitionLoader.Load(path, BackupFileNaming.Instance));
        var problem = Assert.Single(ex.Problems);
        Assert.Equal((1, 1), (problem.Line, problem.Column));
        Assert.Contains("KB", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_DefinitionFileNotFound()
    {
        using var folder = new TempFolder();
        var ex = Assert.Throws<SyncException>(() => DefinitionLoader.Load(folder.File("absent.yml"), BackupFileNaming.Instance));
        Assert.Equal(SyncErrorId.DefinitionFileNotFound, ex.ErrorId);
        Assert.Contains("New-BackupIntegration", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_say_what_to_write_instead()
    {
        string Message(string yaml, string id) => DefinitionLoader.TryParse(yaml, FakeFile, BackupFileNaming.Instance).Problems.First(p => p.ProblemId == id).Message;

        Assert.Contains("'token: env:GITHUB_TOKEN'", Message(B("    github:", "      token: " + ClassicToken), DefinitionProblemId.LiteralTokenNotAllowed), StringComparison.Ordinal);
        Assert.Contains("Revoke it", Message(B("    github:", "      token: " + ClassicToken), DefinitionProblemId.LiteralTokenNotAllowed), StringComparison.Ordinal);
        Assert.Contains("write 'env:GITHUB_TOKEN'", Message(B("    github:", "      token: GITHUB_TOKEN"), DefinitionProblemId.InvalidSecretReference), StringComparison.Ordinal);
        Assert.Contains("Add 'version: 1' as its first line", Message(Y("integrations: []"), DefinitionProblemId.UnsupportedVersion), StringComparison.Ordinal);
        Assert.Contains("for example 'contoso/api-backups'", Message(BTake(5), DefinitionProblemId.MissingKey), StringComparison.Ordinal);
        Assert.Contains("Use its https:// address", Message(B("    github:", "      server: http://github.contoso.com"), DefinitionProblemId.InvalidValue), StringComparison.Ordinal);
        Assert.Contains("Give one of them another directory, fileName, path or branch",
            Message(B("  - name: b", "    type: collection-backup", "    source: { workspace: w2, collection: c }", "    repository: o/r"), DefinitionProblemId.DuplicateTarget), StringComparison.Ordinal);
        Assert.Contains("for example 'main'", Message(B("    branch: a b"), DefinitionProblemId.InvalidValue), StringComparison.Ordinal);
        Assert.Contains("rename one of them", Message(B("  - name: a", "    type: collection-backup", "    source: { file: x.json }", "    repository: o/r"), DefinitionProblemId.DuplicateName), StringComparison.Ordinal);
    }
}
