using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Definitions;
using Xunit;
using static PSGitHubSync.Tests.Definitions.DefinitionTestSupport;

namespace PSGitHubSync.Tests.Definitions;

/// <summary>Valid definitions files: what the loader returns, defaults, positions, names for completion.</summary>
public class DefinitionLoaderTests
{
    // Copied from SPEC.md, "The definitions file".
    internal const string SpecExample = """
        version: 1
        defaults:                              # optional; every integration may override
          github:
            server: https://github.com         # or a custom domain: https://github.contoso.com
            token: env:GITHUB_TOKEN            # a reference, never the token itself
          postman:
            apiKey: env:POSTMAN_API_KEY
            server: https://api.getpostman.com # default
          committer: { name: PSGitHubSync, email: psgithubsync@users.noreply.github.com }

        integrations:
          - name: payments-api                 # the nickname; unique; letters, digits, . _ -
            type: collection-backup
            source:
              workspace: Payments              # Postman workspace: name or id
              collection: Payments API         # Postman collection: name, id, uid, or a wildcard such as '*'
              environments: false              # true: also back up the workspace's environments
              # file: ./exports/payments.postman_collection.json   (instead of workspace/collection)
            repository: contoso/api-backups
            directory: Postman Collections     # default
            fileName: payments-api.json        # default: <collection name>.postman_collection.json
                                               # (with a wildcard collection, each collection gets the default name)
            branch: main                       # default: the repository's default branch

          - name: payments-schema
            type: schema-sync
            source:
              file: ./api/openapi.yaml         # a file or a folder (multi-file schema)
              # postman: { workspace: Payments, api: Payments API }
            repository: contoso/payments
            path: api/openapi.yaml             # file or folder in the repository
            branch: develop

        """;

    private static string Y(params string[] lines) => string.Join("\n", lines) + "\n";

    [Fact]
    public void The_spec_example_parses_with_every_value()
    {
        using var folder = new TempFolder();
        var file = folder.File("psgithubsync.yml");
        var integrations = DefinitionLoader.Parse(Lf(SpecExample), file, BackupFileNaming.Instance);

        Assert.Equal(new[] { "payments-api", "payments-schema" }, integrations.Select(i => i.Name));
        var backup = integrations[0];
        Assert.Equal(Integration.CollectionBackup, backup.Type);
        Assert.Equal("Payments", backup.Source.Workspace);
        Assert.Equal("Payments API", backup.Source.Collection);
        Assert.False(backup.Source.Environments);
        Assert.Null(backup.Source.File);
        Assert.Equal("contoso/api-backups", backup.Repository);
        Assert.Equal("Postman Collections", backup.Directory);
        Assert.Equal("payments-api.json", backup.FileName);
        Assert.Equal("main", backup.Branch);
        Assert.Equal("https://github.com", backup.Server);
        Assert.Equal("env:GITHUB_TOKEN", backup.Token);
        Assert.Equal("env:POSTMAN_API_KEY", backup.PostmanApiKey);
        Assert.Equal("https://api.getpostman.com", backup.PostmanServer);
        Assert.Equal("PSGitHubSync", backup.Committer.Name);
        Assert.Equal("psgithubsync@users.noreply.github.com", backup.Committer.Email);
        Assert.Equal("redact", backup.SecretPolicy);
        Assert.Equal("Postman Collections/payments-api.json", DefinitionLoader.TargetPath(backup, BackupFileNaming.Instance));
        Assert.Equal((12, 5), (backup.Line, backup.Column));
        Assert.Equal(Path.GetFullPath(file), backup.DefinitionFile);
        Assert.Equal($"{Path.GetFullPath(file)}:12:5", backup.Location);

        var schema = integrations[1];
        Assert.Equal(Integration.SchemaSync, schema.Type);
        Assert.Equal(Path.Combine(folder.Path, "api", "openapi.yaml"), schema.Source.File);
        Assert.Null(schema.Source.Workspace);
        Assert.Equal("contoso/payments", schema.Repository);
        Assert.Equal("api/openapi.yaml", schema.SchemaPath);
        Assert.Equal("api/openapi.yaml", DefinitionLoader.TargetPath(schema, BackupFileNaming.Instance));
        Assert.Equal("develop", schema.Branch);
        Assert.Null(schema.Format);
        Assert.Equal((25, 5), (schema.Line, schema.Column));
    }

    [Fact]
    public void The_spec_example_loads_from_disk_with_crlf_and_a_bom()
    {
        using var folder = new TempFolder();
        var path = folder.Write("psgithubsync.yml", Lf(SpecExample).Replace("\n", "\r\n"), bom: true);
        var integrations = DefinitionLoader.Load(path, BackupFileNaming.Instance);
        Assert.Equal(new[] { "payments-api", "payments-schema" }, integrations.Select(i => i.Name));
        Assert.Equal((12, 5), (integrations[0].Line, integrations[0].Column));
        Assert.Equal("Payments API", integrations[0].Source.Collection);
        Assert.Equal("develop", integrations[1].Branch);
    }

    [Fact]
    public void Integration_values_win_over_defaults_key_by_key()
    {
        var text = Y(
            "version: 1",
            "defaults:",
            "  github: { server: https://github.contoso.com, token: env:DEFAULT_TOKEN }",
            "  postman: { apiKey: env:DEFAULT_KEY, server: https://postman.contoso.com }",
            "  committer: { name: Default Bot, email: bot@contoso.com }",
            "  secretPolicy: redact",
            "integrations:",
            "  - name: custom",
            "    type: collection-backup",
            "    source: { workspace: w, collection: c }",
            "    repository: o/r",
            "    secretPolicy: block",
            "    github: { token: 'secret:Vault/GitHub' }",
            "    postman: { server: https://api.getpostman.com }",
            "    committer: { email: other@contoso.com }",
            "  - name: plain",
            "    type: collection-backup",
            "    source: { workspace: w, collection: d }",
            "    repository: o/r");
        var integrations = DefinitionLoader.Parse(text, FakeFile, BackupFileNaming.Instance);
        var custom = integrations.Single(i => i.Name == "custom");
        Assert.Equal("https://github.contoso.com", custom.Server);
        Assert.Equal("secret:Vault/GitHub", custom.Token);
        Assert.Equal("env:DEFAULT_KEY", custom.PostmanApiKey);
        Assert.Equal("https://api.getpostman.com", custom.PostmanServer);
        Assert.Equal("Default Bot", custom.Committer.Name);
        Assert.Equal("other@contoso.com", custom.Committer.Email);
        Assert.Equal("block", custom.SecretPolicy);

        // The next integration still sees the defaults, untouched by the overrides above.
        var plain = integrations.Single(i => i.Name == "plain");
        Assert.Equal("https://github.contoso.com", plain.Server);
        Assert.Equal("env:DEFAULT_TOKEN", plain.Token);
        Assert.Equal("env:DEFAULT_KEY", plain.PostmanApiKey);
        Assert.Equal("https://postman.contoso.com", plain.PostmanServer);
        Assert.Equal("Default Bot", plain.Committer.Name);
        Assert.Equal("bot@contoso.com", plain.Committer.Email);
        Assert.Equal("redact", plain.SecretPolicy);
    }

    [Theory]
    [InlineData("keep", "keep")]
    [InlineData("Keep", "keep")]
    [InlineData("warn", "keep")]
    [InlineData("WARN", "keep")]
    [InlineData("redact", "redact")]
    [InlineData("block", "block")]
    public void SecretPolicy_keep_is_the_opt_in_to_commit_values_and_warn_stays_its_alias(string written, string expected)
    {
        var text = Y(
            "version: 1",
            "defaults:",
            "  secretPolicy: " + written,
            "integrations:",
            "  - name: inherits",
            "    type: collection-backup",
            "    source: { workspace: w, collection: c }",
            "    repository: o/r",
            "  - name: own",
            "    type: collection-backup",
            "    source: { workspace: w, collection: d }",
            "    repository: o/r",
            "    secretPolicy: " + written);
        var integrations = DefinitionLoader.Parse(text, FakeFile, BackupFileNaming.Instance);
        Assert.All(integrations, i => Assert.Equal(expected, i.SecretPolicy));
    }

    [Theory]
    [InlineData("      colection: Payments API", "'colection'", "Did you mean 'collection'?")]
    [InlineData("      workspce: Payments", "'workspce'", "Did you mean 'workspace'?")]
    public void A_misspelt_required_key_is_one_problem_not_also_a_missing_key(string misspelt, string named, string hint)
    {
        var lines = new List<string> { "version: 1", "integrations:", "  - name: payments-api", "    type: collection-backup", "    source:" };
        lines.Add(misspelt.Contains("colection", StringComparison.Ordinal) ? "      workspace: Payments" : "      collection: Payments API");
        lines.Add(misspelt);
        lines.Add("    repository: contoso/api-backups");
        var (_, problems) = DefinitionLoader.TryParse(Y(lines.ToArray()), FakeFile, BackupFileNaming.Instance);
        var problem = Assert.Single(problems);
        Assert.Equal(DefinitionProblemId.UnknownKey, problem.ProblemId);
        Assert.Contains(named, problem.Message, StringComparison.Ordinal);
        Assert.Contains(hint, problem.Message, StringComparison.Ordinal);
        Assert.Equal((7, 7), (problem.Line, problem.Column));
    }

    [Fact]
    public void A_key_that_is_only_missing_is_still_a_missing_key()
    {
        var (_, problems) = DefinitionLoader.TryParse(Y("version: 1", "integrations:", "  - name: payments-api", "    type: collection-backup",
            "    source: { workspace: Payments }", "    repository: contoso/api-backups"), FakeFile, BackupFileNaming.Instance);
        Assert.Equal(DefinitionProblemId.MissingKey, Assert.Single(problems).ProblemId);
    }

    [Fact]
    public void Built_in_defaults_apply_when_nothing_is_given()
    {
        var text = Y(
            "version: 1",
            "integrations:",
            "  - name: minimal",
            "    type: collection-backup",
            "    source: { workspace: w, collection: Orders }",
            "    repository: contoso/backups");
        var integration = Assert.Single(DefinitionLoader.Parse(text, FakeFile, BackupFileNaming.Instance));
        Assert.Equal("Postman Collections", integration.Directory);
        Assert.Equal(Integration.DefaultDirectory, integration.Directory);
        Assert.Null(integration.FileName);
        Assert.Null(integration.Branch);
        Assert.Equal("env:GITHUB_TOKEN", integration.Token);
        Assert.Equal("https://github.com", integration.Server);
        Assert.Equal("env:POSTMAN_API_KEY", integration.PostmanApiKey);
        Assert.Equal("https://api.getpostman.com", integration.PostmanServer);
        Assert.Equal("PSGitHubSync", integration.Committer.Name);
        Assert.Equal("psgithubsync@users.noreply.github.com", integration.Committer.Email);
        Assert.Equal("redact", integration.SecretPolicy);
        Assert.False(integration.Source.Environments);
        Assert.Equal("Postman Collections/Orders.postman_collection.json", DefinitionLoader.TargetPath(integration, BackupFileNaming.Instance));
    }

    [Fact]
    public void A_relative_source_file_is_resolved_against_the_definitions_file_folder_not_the_current_directory()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "config"));
        var path = folder.Write(Path.Combine("config", "psgithubsync.yml"), Y(
            "version: 1",
            "integrations:",
            "  - name: exported",
            "    type: collection-backup",
            "    source: { file: ./exports/payments.postman_collection.json }",
            "    repository: o/r",
            "  - name: schema",
            "    type: schema-sync",
            "    source: { file: ../api }",
            "    repository: o/r",
            "    path: api"));
        var integrations = DefinitionLoader.Load(path, BackupFileNaming.Instance);
        var expectedFile = Path.Combine(folder.Path, "config", "exports", "payments.postman_collection.json");
        Assert.Equal(expectedFile, integrations[0].Source.File);
        Assert.NotEqual(Path.GetFullPath("./exports/payments.postman_collection.json"), integrations[0].Source.File);
        Assert.Equal(Path.Combine(folder.Path, "api"), integrations[1].Source.File);

        // Parse anchors relative paths the same way, from the file name it is given.
        var parsed = DefinitionLoader.Parse(File.ReadAllText(path), path, BackupFileNaming.Instance);
        Assert.Equal(expectedFile, parsed[0].Source.File);
    }

    [Fact]
    public void An_exported_file_is_backed_up_under_its_collections_name_so_two_exports_of_one_file_name_do_not_collide()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "team-a"));
        Directory.CreateDirectory(Path.Combine(folder.Path, "team-b"));
        folder.Write(Path.Combine("team-a", "export.json"), """{ "info": { "_postman_id": "a", "name": "Orders API", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" }, "item": [ { "name": "x", "info": { "name": "not this" } } ] }""");
        folder.Write(Path.Combine("team-b", "export.json"), """{ "collection": { "info": { "name": "Billing: API/v2", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" }, "item": [] } }""");
        var path = folder.Write("psgithubsync.yml", Y(
            "version: 1",
            "integrations:",
            "  - name: a",
            "    type: collection-backup",
            "    source: { file: ./team-a/export.json }",
            "    repository: o/r",
            "  - name: b",
            "    type: collection-backup",
            "    source: { file: ./team-b/export.json }",
            "    repository: o/r"));

        var integrations = DefinitionLoader.Load(path, BackupFileNaming.Instance);   // no DuplicateTarget: the backups write different files

        Assert.Equal("Postman Collections/Orders API.postman_collection.json", DefinitionLoader.TargetPath(integrations[0], BackupFileNaming.Instance));
        Assert.Equal("Postman Collections/Billing- API-v2.postman_collection.json", DefinitionLoader.TargetPath(integrations[1], BackupFileNaming.Instance));   // as the backup sanitizes it
    }

    [Fact]
    public void The_file_a_backup_writes_without_fileName_is_named_by_the_naming_the_caller_passes()
    {
        // Definitions does not know how the backup names files: it asks the IBackupFileNaming it is given.
        var text = Y(
            "version: 1",
            "integrations:",
            "  - name: one",
            "    type: collection-backup",
            "    source: { workspace: w, collection: Orders }",
            "    repository: o/r",
            "  - name: two",
            "    type: collection-backup",
            "    source: { workspace: w, collection: Billing }",
            "    repository: o/r");
        Assert.Equal(2, DefinitionLoader.Parse(text, FakeFile, BackupFileNaming.Instance).Count);

        var (integrations, problems) = DefinitionLoader.TryParse(text, FakeFile, new FixedNaming("same.json"));
        var problem = Assert.Single(problems);
        Assert.Equal(DefinitionProblemId.DuplicateTarget, problem.ProblemId);
        Assert.Contains("'Postman Collections/same.json'", problem.Message, StringComparison.Ordinal);
        Assert.Equal("Postman Collections/same.json", DefinitionLoader.TargetPath(integrations[0], new FixedNaming("same.json")));
    }

    private sealed class FixedNaming(string name) : IBackupFileNaming
    {
        public string DefaultFileName(IntegrationSource source) => name;
    }

    [Theory]
    [InlineData("./exports/payments.postman_collection.json", "Postman Collections/payments.postman_collection.json")]
    [InlineData("./exports/payments.json", "Postman Collections/payments.postman_collection.json")]
    public void The_default_file_name_of_an_exported_collection_has_the_suffix_once(string file, string expected)
    {
        var text = Y("version: 1", "integrations:", "  - name: a", "    type: collection-backup", $"    source: {{ file: {file} }}", "    repository: o/r");
        Assert.Equal(expected, DefinitionLoader.TargetPath(Assert.Single(DefinitionLoader.Parse(text, FakeFile, BackupFileNaming.Instance)), BackupFileNaming.Instance));
    }

    [Fact]
    public void An_absolute_source_file_is_kept()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "elsewhere", "c.json");
        var text = Y("version: 1", "integrations:", "  - name: a", "    type: collection-backup", $"    source: {{ file: '{absolute}' }}", "    repository: o/r");
        Assert.Equal(absolute, Assert.Single(DefinitionLoader.Parse(text, FakeFile, BackupFileNaming.Instance)).Source.File);
    }

    [Fact]
    public void Each_integration_knows_its_line_and_column()
    {
        var text = Y(
            "# header",
            "version: 1",
            "",
            "integrations:",
            "- name: at-column-zero",
            "  type: collection-backup",
            "  source: { workspace: w, collection: a }",
            "  repository: o/r",
            "",
            "# a comment between items",
            "-   name: extra-spaces",
            "    type: collection-backup",
            "    source: { workspace: w, collection: b }",
            "    repository: o/r",
            "- { name: flow, type: collection-backup, source: { workspace: w, collection: c }, repository: o/r }");
        var integrations = DefinitionLoader.Parse(text, FakeFile, BackupFileNaming.Instance);
        Assert.Equal(new[] { ("at-column-zero", 5, 3), ("extra-spaces", 11, 5), ("flow", 15, 3) }, integrations.Select(i => (i.Name, i.Line, i.Column)));
    }

    [Fact]
    public void Valid_variations_are_accepted()
    {
        var text = Y(
            "version: \"1\"",
            "defaults:",
            "  github: { server: 'http://127.0.0.1:8080', token: 'file:../secrets/github-token' }",
            "  secretPolicy: Redact",
            "integrations:",
            "  - name: Everything_v1.2-x",
            "    type: collection-backup",
            "    source: { workspace: 'My Workspace', collection: '*', environments: true }",
            "    repository: https://github.com/contoso/backups.git",
            "    directory: .",
            "    branch: feature/x-1",
            "  - name: same-path-other-branch",
            "    type: collection-backup",
            "    source: { workspace: w, collection: '*' }",
            "    repository: contoso/backups",
            "    directory: .",
            "    branch: release/2.0",
            "  - name: same-path-other-server",
            "    type: collection-backup",
            "    source: { workspace: w, collection: '*' }",
            "    repository: contoso/backups",
            "    directory: .",
            "    branch: feature/x-1",
            "    github: { server: https://github.contoso.com, token: 'secret:GitHubToken' }",
            "  - name: schema-a",
            "    type: schema-sync",
            "    source: { postman: { workspace: Payments, api: Payments API } }",
            "    repository: contoso/backups",
            "    path: api",
            "    format: OpenAPI",
            "    root: v2/main.yaml",
            "  - name: schema-b",
            "    type: schema-sync",
            "    source: { file: api2 }",
            "    repository: contoso/backups",
            "    path: api2/openapi.yaml",
            "    format: graphql");
        var integrations = DefinitionLoader.Parse(text, FakeFile, BackupFileNaming.Instance);
        Assert.Equal(5, integrations.Count);
        var first = integrations[0];
        Assert.Equal("contoso/backups", first.Repository);
        Assert.True(first.Source.IsWildcard);
        Assert.True(first.Source.Environments);
        Assert.Equal("My Workspace", first.Source.Workspace);
        Assert.Equal("*", DefinitionLoader.TargetPath(first, BackupFileNaming.Instance));
        Assert.Equal("http://127.0.0.1:8080", first.Server);
        Assert.Equal("file:../secrets/github-token", first.Token);
        Assert.Equal("redact", first.SecretPolicy);
        Assert.Equal("feature/x-1", first.Branch);
        Assert.Equal("https://github.contoso.com", integrations[2].Server);
        Assert.Equal("secret:GitHubToken", integrations[2].Token);
        Assert.Equal("Payments", integrations[3].Source.PostmanWorkspace);
        Assert.Equal("Payments API", integrations[3].Source.PostmanApi);
        Assert.Equal("postman:Payments/Payments API", integrations[3].Source.ToString());
        Assert.Equal("openapi", integrations[3].Format);
        Assert.Equal("v2/main.yaml", integrations[3].SchemaRoot);
        Assert.Null(integrations[4].SchemaRoot);
        Assert.Equal("graphql", integrations[4].Format);
    }

    [Theory]
    [InlineData("version: 1\nintegrations:\n")]
    [InlineData("version: 1\nintegrations: []\n")]
    [InlineData("version: 1\nintegrations: ~\n")]
    [InlineData("version: 1\ndefaults: {}\nintegrations: []\n")]
    [InlineData("version: 1\ndefaults:\nintegrations: []\n")]
    [InlineData("version: 1\r\nintegrations: []\r\n")]
    [InlineData("---\nversion: 1\nintegrations: []\n...\n")]
    public void A_file_without_integrations_is_valid(string text)
    {
        var (integrations, problems) = DefinitionLoader.TryParse(text, FakeFile, BackupFileNaming.Instance);
        Assert.Empty(problems);
        Assert.Empty(integrations);
        Assert.Empty(DefinitionLoader.Parse(text, FakeFile, BackupFileNaming.Instance));
    }

    [Fact]
    public void A_file_with_several_problems_reports_all_of_them_in_line_order()
    {
        var text = Y(
            "version: 1",
            "defaults:",
            "  github:",
            "    token: GITHUB_TOKEN",
            "integrations:",
            "  - name: first one",
            "    type: collection-backup",
            "    source: { workspace: w, collection: c }",
            "    repository: o/r",
            "    branch: a..b",
            "  - name: second",
            "    type: schema-sync",
            "    source: { file: x.yaml }",
            "    repository: o/r",
            "    path: ../x",
            "    colour: red",
            "  - name: third",
            "    type: collection-backup",
            "    source: { workspace: w, collection: c }",
            "    repository: o/r",
            "    github: { token: " + ClassicToken + " }",
            "extra: 1");
        var ex = Assert.Throws<DefinitionFileException>(() => DefinitionLoader.Parse(text, FakeFile, BackupFileNaming.Instance));
        Assert.Equal(
            new[]
            {
                (DefinitionProblemId.InvalidSecretReference, 4, 12),
                (DefinitionProblemId.InvalidName, 6, 11),
                (DefinitionProblemId.InvalidValue, 10, 13),
                (DefinitionProblemId.PathEscapesRepository, 15, 11),
                (DefinitionProblemId.UnknownKey, 16, 5),
                (DefinitionProblemId.LiteralTokenNotAllowed, 21, 22),
                (DefinitionProblemId.UnknownKey, 22, 1),
            },
            ex.Problems.Select(p => (p.ProblemId, p.Line, p.Column)));
        Assert.Contains("7 problems", ex.Message, StringComparison.Ordinal);
        // The message lists them in the same order, one per line.
        var positions = ex.Problems.Select(p => ex.Message.IndexOf(p.ToString(), StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.OrderBy(p => p), positions);
    }

    [Fact]
    public void ReadNames_returns_the_names_of_a_file_with_problems()
    {
        using var folder = new TempFolder();
        var path = folder.Write("psgithubsync.yml", Y(
            "version: 7",
            "colour: red",
            "integrations:",
            "  - name: alpha",
            "    type: nonsense",
            "  - name: Beta",
            "  - name: beta",
            "  - name: \"quoted name\"",
            "  - type: collection-backup",
            "  - just text",
            "  - name: [not, a, name]",
            "  - name: gamma"));
        Assert.Throws<DefinitionFileException>(() => DefinitionLoader.Load(path, BackupFileNaming.Instance));
        Assert.Equal(new[] { "alpha", "Beta", "beta", "quoted name", "gamma" }, DefinitionLoader.ReadNames(path));
    }

    [Fact]
    public void ReadNames_of_a_valid_file_matches_Load()
    {
        using var folder = new TempFolder();
        var path = folder.Write("psgithubsync.yml", Lf(SpecExample));
        Assert.Equal(DefinitionLoader.Load(path, BackupFileNaming.Instance).Select(i => i.Name), DefinitionLoader.ReadNames(path));
    }

    [Theory]
    [InlineData("version: 1\nintegrations:\n  - name: \"unclosed\n")]
    [InlineData("- just\n- a list\n")]
    [InlineData("version: 1\nintegrations: {}\n")]
    [InlineData("")]
    public void ReadNames_of_an_unreadable_file_is_empty(string text)
    {
        using var folder = new TempFolder();
        Assert.Empty(DefinitionLoader.ReadNames(folder.Write("psgithubsync.yml", text)));
    }

    [Fact]
    public void ReadNames_never_throws()
    {
        using var folder = new TempFolder();
        Assert.Empty(DefinitionLoader.ReadNames(folder.File("missing.yml")));
        Assert.Empty(DefinitionLoader.ReadNames(folder.Path));
        Assert.Empty(DefinitionLoader.ReadNames(string.Empty));
        var hostile = folder.Write("hostile.yml", Y("version: 1", "defaults:", "  committer: { name: x", "integrations:", "  - name: a"));
        var names = DefinitionLoader.ReadNames(hostile);
        Assert.Empty(names);
    }

    [Theory]
    [InlineData("Postman Collections")]
    [InlineData("a/b/c")]
    [InlineData("a\\b")]
    [InlineData(".")]
    [InlineData("..x/y..")]
    [InlineData(".github/workflows")]
    [InlineData("x.git")]
    public void CheckRepositoryPath_accepts_paths_inside_the_repository(string path) =>
        Assert.Null(DefinitionLoader.CheckRepositoryPath(path, "directory"));

    [Theory]
    [InlineData("..", "'..'")]
    [InlineData("a/../../b", "'..'")]
    [InlineData("a\\..\\..\\b", "'..'")]
    [InlineData("/etc", "absolute")]
    [InlineData("\\\\server\\share", "absolute")]
    [InlineData("C:\\x", "absolute")]
    [InlineData("c:x", "absolute")]
    [InlineData(".git", "'.git'")]
    [InlineData("a/.GIT/b", "'.git'")]
    [InlineData("a\u0001b", "control characters")]
    [InlineData("a\0b", "control characters")]
    public void CheckRepositoryPath_refuses_paths_that_escape(string path, string reason)
    {
        var message = DefinitionLoader.CheckRepositoryPath(path, "path");
        Assert.NotNull(message);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.Contains("'path'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("main")]
    [InlineData("feature/x-1")]
    [InlineData("release/2.0")]
    [InlineData("v1.2.3")]
    [InlineData("user@host")]
    public void CheckBranchName_accepts_git_branch_names(string branch) => Assert.Null(DefinitionLoader.CheckBranchName(branch));

    [Theory]
    [InlineData("")]
    [InlineData("-x")]
    [InlineData("/x")]
    [InlineData("x/")]
    [InlineData("x.")]
    [InlineData("x.lock")]
    [InlineData("a..b")]
    [InlineData("a//b")]
    [InlineData("a@{1}")]
    [InlineData("a b")]
    [InlineData("a~1")]
    [InlineData("a^")]
    [InlineData("a:b")]
    [InlineData("a?")]
    [InlineData("a*")]
    [InlineData("a[1]")]
    [InlineData("a\\b")]
    [InlineData("a\tb")]
    public void CheckBranchName_refuses_what_git_refuses(string branch)
    {
        var message = DefinitionLoader.CheckBranchName(branch);
        Assert.NotNull(message);
        Assert.Contains("for example 'main'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TargetPath_follows_the_defaults()
    {
        var backup = new Integration { Type = Integration.CollectionBackup, Source = new IntegrationSource { Workspace = "w", Collection = "Orders" } };
        Assert.Equal("Postman Collections/Orders.postman_collection.json", DefinitionLoader.TargetPath(backup, BackupFileNaming.Instance));
        backup.Directory = "/backups/";
        backup.FileName = "orders.json";
        Assert.Equal("backups/orders.json", DefinitionLoader.TargetPath(backup, BackupFileNaming.Instance));
        backup.Directory = ".";
        Assert.Equal("orders.json", DefinitionLoader.TargetPath(backup, BackupFileNaming.Instance));
        backup.FileName = null;
        backup.Source.Collection = "*";
        Assert.Equal("*", DefinitionLoader.TargetPath(backup, BackupFileNaming.Instance));

        var schema = new Integration { Type = Integration.SchemaSync, SchemaPath = "\\api\\openapi.yaml" };
        Assert.Equal("api/openapi.yaml", DefinitionLoader.TargetPath(schema, BackupFileNaming.Instance));
    }

    [Fact]
    public void A_problem_prints_as_file_line_column_message_and_id()
    {
        var problem = new DefinitionProblem(DefinitionProblemId.UnknownKey, "'x' is not a key.", "/d/psgithubsync.yml", 3, 7);
        Assert.Equal("/d/psgithubsync.yml:3:7: 'x' is not a key. [UnknownKey]", problem.ToString());
    }
}
