using System.Text;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Definitions;
using PSGitHubSync.Engine.Errors;
using Xunit;
using static PSGitHubSync.Tests.Definitions.DefinitionTestSupport;

namespace PSGitHubSync.Tests.Definitions;

/// <summary>
/// New-BackupIntegration's text edit: the new file is the old file's bytes with one block inserted (or, with -Force, one
/// item's lines replaced); refused edits leave the file as it was.
/// </summary>
public class DefinitionFileEditorTests
{
    private static readonly byte[] Bom = { 0xEF, 0xBB, 0xBF };

    private static IntegrationEntry NewEntry(string name = "orders-api") => new()
    {
        Name = name,
        Type = Integration.CollectionBackup,
        Workspace = "Sales Team",
        Collection = "Orders API",
        Repository = "contoso/new-backups",
        FileName = name + ".json",
        Branch = "main",
    };

    private static void AssertNewEntry(Integration integration, IntegrationEntry entry)
    {
        Assert.Equal(entry.Name, integration.Name);
        Assert.Equal(Integration.CollectionBackup, integration.Type);
        Assert.Equal(entry.Workspace, integration.Source.Workspace);
        Assert.Equal(entry.Collection, integration.Source.Collection);
        Assert.Equal(entry.Repository, integration.Repository);
        Assert.Equal(entry.FileName, integration.FileName);
        Assert.Equal(entry.Branch, integration.Branch);
        Assert.Equal(Integration.DefaultDirectory, integration.Directory);
        Assert.False(integration.Source.Environments);
    }

    public static TheoryData<string, string, bool, string?> Layouts()
    {
        var data = new TheoryData<string, string, bool, string?>();
        const string simple = "version: 1\nintegrations:\n  - name: payments-api\n    type: collection-backup\n    source: { workspace: Payments, collection: Payments API }\n    repository: contoso/api-backups\n";

        data.Add("comments everywhere", """
            # Definitions for the payments team
            version: 1   # the format version

            # shared settings
            defaults:
              github:
                token: env:GITHUB_TOKEN   # from the CI secret store

            integrations:   # every backup we run
              # the main collection
              - name: payments-api   # nickname
                type: collection-backup
                source:
                  workspace: Payments   # the team workspace
                  collection: Payments API
                repository: contoso/api-backups
                # trailing comment in the item
            # end of file

            """, false, null);
        data.Add("CRLF line endings", simple.Replace("\n", "\r\n"), false, null);
        data.Add("UTF-8 BOM", simple, true, null);
        data.Add("blank lines between items", """
            version: 1

            integrations:

              - name: payments-api
                type: collection-backup
                source: { workspace: Payments, collection: Payments API }
                repository: contoso/api-backups

              - name: payments-schema
                type: schema-sync
                source: { file: ./api/openapi.yaml }
                repository: contoso/payments
                path: api/openapi.yaml

            """, false, null);
        data.Add("integrations: []", "version: 1\n\nintegrations: []\n", false, "integrations:\n");
        data.Add("integrations: [] with a comment and more after it", "version: 1\nintegrations: []   # none yet\ndefaults:\n  secretPolicy: redact\n", false, "integrations: # none yet\n");
        data.Add("integrations: with no items, then another key", "version: 1\nintegrations:\n\ndefaults:\n  github: { token: env:GITHUB_TOKEN }\n", false, null);
        data.Add("integrations followed by a comment block and another key", """
            version: 1
            integrations:
              - name: payments-api
                type: collection-backup
                source: { workspace: Payments, collection: Payments API }
                repository: contoso/api-backups

            # ------------------------------------------------------------
            # Shared settings below. Keep tokens out of this file.
            # ------------------------------------------------------------
            defaults:
              committer: { name: Backup Bot, email: bot@contoso.com }

            """, false, null);
        data.Add("items at column 0", "version: 1\nintegrations:\n- name: payments-api\n  type: collection-backup\n  source:\n    workspace: Payments\n    collection: Payments API\n  repository: contoso/api-backups\n- name: second\n  type: collection-backup\n  source: { file: ./second.json }\n  repository: contoso/api-backups\n", false, null);
        data.Add("items indented by four", "version: 1\nintegrations:\n    -   name: payments-api\n        type: collection-backup\n        source: { workspace: Payments, collection: Payments API }\n        repository: contoso/api-backups\n", false, null);
        data.Add("quoted values", """
            version: "1"
            integrations:
              - name: 'payments-api'
                type: "collection-backup"
                source: { workspace: 'Payments', collection: "Payments: API #1" }
                repository: 'contoso/api-backups'
                directory: "Postman Collections"
                branch: 'main'

            """, false, null);
        data.Add("no final newline", simple.TrimEnd('\n'), false, null);
        data.Add("CRLF, BOM and no final newline", simple.Replace("\n", "\r\n").TrimEnd('\r', '\n'), true, null);
        data.Add("the spec example", DefinitionLoaderTests.SpecExample, false, null);
        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Adding_an_integration_inserts_one_block_and_keeps_every_other_byte(string label, string original, bool bom, string? keyLineAfter)
    {
        using var folder = new TempFolder();
        if (!original.Contains('\r')) original = Lf(original);
        var newline = original.Contains("\r\n") ? "\r\n" : "\n";
        var path = folder.Write("psgithubsync.yml", original, bom);
        var before = DefinitionLoader.Load(path, BackupFileNaming.Instance);
        var entry = NewEntry();

        var result = DefinitionFileEditor.Plan(path, entry, force: false, BackupFileNaming.Instance);
        Assert.False(result.FileCreated, label);
        Assert.False(result.Replaced, label);
        Assert.Equal(original, DecodeFile(path, bom)); // planning writes nothing
        DefinitionFileEditor.WriteAtomically(path, result.Text);

        var written = DecodeFile(path, bom);
        Assert.Equal(result.Text, written);
        var expectedBase = original;
        if (keyLineAfter is not null)
        {
            // 'integrations: []' has to become 'integrations:' for the block to follow it; only that line may change.
            var keyLine = LinesWithEndings(original).Single(l => l.StartsWith("integrations:", StringComparison.Ordinal));
            expectedBase = original.Replace(keyLine, keyLineAfter.Replace("\n", newline));
        }
        var block = AssertSingleInsertedBlock(expectedBase, written, newline);
        Assert.Contains("name: orders-api", block, StringComparison.Ordinal);

        var after = DefinitionLoader.Load(path, BackupFileNaming.Instance);
        Assert.Equal(before.Select(i => i.Name).Append(entry.Name), after.Select(i => i.Name));
        AssertNewEntry(after.Single(i => i.Name == entry.Name), entry);
        foreach (var old in before)
        {
            var same = after.Single(i => i.Name == old.Name);
            Assert.Equal((old.Type, old.Repository, old.Source.ToString(), old.Directory, old.FileName, old.SchemaPath, old.Branch, old.Token, old.Committer.ToString()),
                (same.Type, same.Repository, same.Source.ToString(), same.Directory, same.FileName, same.SchemaPath, same.Branch, same.Token, same.Committer.ToString()));
        }
        Assert.Equal(new[] { "psgithubsync.yml" }, Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_flow_style_integrations_list_is_kept_or_the_edit_is_refused()
    {
        using var folder = new TempFolder();
        var original = "version: 1\nintegrations: [ { name: existing, type: collection-backup, source: { workspace: w, collection: c }, repository: o/r } ]\n";
        var path = folder.Write("psgithubsync.yml", original);
        DefinitionFileEditor.EditResult result;
        try
        {
            result = DefinitionFileEditor.Plan(path, NewEntry(), force: false, BackupFileNaming.Instance);
        }
        catch (SyncException)
        {
            Assert.Equal(original, File.ReadAllText(path));
            return; // refusing a layout it cannot edit is fine
        }
        var names = DefinitionLoader.Parse(result.Text, path, BackupFileNaming.Instance).Select(i => i.Name).ToList();
        Assert.Contains("existing", names);
        Assert.Contains("orders-api", names);
    }

    [Fact]
    public void A_file_with_only_comments_gets_the_integration_and_keeps_its_comments()
    {
        using var folder = new TempFolder();
        var original = "# Backups of the payments team's collections.\n# Run with Invoke-CollectionBackup.\n";
        var path = folder.Write("psgithubsync.yml", original);
        var result = DefinitionFileEditor.Plan(path, NewEntry(), force: false, BackupFileNaming.Instance);
        Assert.StartsWith(original, result.Text, StringComparison.Ordinal);
        AssertNewEntry(Assert.Single(DefinitionLoader.Parse(result.Text, path, BackupFileNaming.Instance)), NewEntry());
    }

    [Fact]
    public void Force_replaces_only_the_lines_of_that_item()
    {
        using var folder = new TempFolder();
        var lines = new[]
        {
            "version: 1\n",
            "integrations:\n",
            "  # first\n",
            "  - name: a\n",
            "    type: collection-backup\n",
            "    source: { workspace: w, collection: a }\n",
            "    repository: o/r\n",
            "\n",
            "  # second, to be replaced\n",
            "  - name: b\n",                                                  // index 9
            "    type: collection-backup\n",
            "    source: { workspace: w, collection: b }   # old source\n",
            "    repository: o/r\n",
            "    # a note inside b\n",                                        // index 13
            "\n",
            "  - name: c\n",
            "    type: collection-backup\n",
            "    source: { workspace: w, collection: c }\n",
            "    repository: o/r\n",
            "# trailer\n",
        };
        var original = string.Concat(lines);
        var path = folder.Write("psgithubsync.yml", original);
        var entry = NewEntry("B");

        var result = DefinitionFileEditor.Plan(path, entry, force: true, BackupFileNaming.Instance);
        Assert.True(result.Replaced);
        Assert.False(result.FileCreated);
        var expected = string.Concat(lines.Take(9)) + DefinitionFileEditor.Render(entry, "  ", "\n") + string.Concat(lines.Skip(14));
        Assert.Equal(expected, result.Text);

        DefinitionFileEditor.WriteAtomically(path, result.Text);
        var after = DefinitionLoader.Load(path, BackupFileNaming.Instance);
        Assert.Equal(new[] { "a", "B", "c" }, after.Select(i => i.Name));
        AssertNewEntry(after[1], entry);
        Assert.Equal("a", after[0].Source.Collection);
        Assert.Equal("c", after[2].Source.Collection);
    }

    [Fact]
    public void Force_replaces_a_last_item_without_a_final_newline_in_a_crlf_file()
    {
        using var folder = new TempFolder();
        var head = "version: 1\r\nintegrations:\r\n";
        var original = head + "  - name: a\r\n    type: collection-backup\r\n    source: { workspace: w, collection: a }\r\n    repository: o/r";
        var path = folder.Write("psgithubsync.yml", original);
        var entry = NewEntry("a");
        var result = DefinitionFileEditor.Plan(path, entry, force: true, BackupFileNaming.Instance);
        var block = DefinitionFileEditor.Render(entry, "  ", "\r\n");
        Assert.Equal(head + block.Substring(0, block.Length - 2), result.Text);
        AssertNewEntry(Assert.Single(DefinitionLoader.Parse(result.Text, path, BackupFileNaming.Instance)), entry);
    }

    [Fact]
    public void A_duplicate_name_without_force_is_IntegrationExists_and_the_file_is_unchanged()
    {
        using var folder = new TempFolder();
        var path = folder.Write("psgithubsync.yml", Lf(DefinitionLoaderTests.SpecExample));
        var bytes = File.ReadAllBytes(path);
        var ex = Assert.Throws<SyncException>(() => Apply(path, NewEntry("PAYMENTS-API"), force: false));
        Assert.IsNotType<DefinitionFileException>(ex);
        Assert.Equal(SyncErrorId.IntegrationExists, ex.ErrorId);
        Assert.Contains("-Force", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 12", ex.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    public static TheoryData<string, string> BadEdits() => new()
    {
        { "duplicate target", DefinitionProblemId.DuplicateTarget },
        { "literal token", DefinitionProblemId.LiteralTokenNotAllowed },
        { "invalid name", DefinitionProblemId.InvalidName },
        { "path escapes", DefinitionProblemId.PathEscapesRepository },
        { "bad branch", DefinitionProblemId.InvalidValue },
        { "bad token reference", DefinitionProblemId.InvalidSecretReference },
    };

    [Theory]
    [MemberData(nameof(BadEdits))]
    public void An_edit_that_would_create_a_problem_is_refused_and_the_file_is_unchanged(string kind, string problemId)
    {
        using var folder = new TempFolder();
        var path = folder.Write("psgithubsync.yml", Lf(DefinitionLoaderTests.SpecExample).Replace("\n", "\r\n"), bom: true);
        var bytes = File.ReadAllBytes(path);
        var entry = NewEntry();
        switch (kind)
        {
            case "duplicate target":
                entry.Repository = "contoso/api-backups";
                entry.FileName = "payments-api.json";
                entry.Branch = "main";
                break;
            case "literal token": entry.TokenReference = ClassicToken; break;
            case "invalid name": entry.Name = "orders api"; break;
            case "path escapes": entry.Directory = "../outside"; break;
            case "bad branch": entry.Branch = "a..b"; break;
            case "bad token reference": entry.TokenReference = "GITHUB_TOKEN"; break;
        }
        // The file itself is fine, so this is about the integration: IntegrationInvalid, naming the problem.
        var ex = Assert.Throws<IntegrationInvalidException>(() => Apply(path, entry, force: false));
        Assert.Equal(SyncErrorId.IntegrationInvalid, ex.ErrorId);
        Assert.Contains(ex.Problems, p => p.ProblemId == problemId);
        Assert.Contains("unchanged", ex.Message, StringComparison.Ordinal);
        Assert.Contains(ProblemMessageStart(problemId), ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ClassicToken, ex.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    private static string ProblemMessageStart(string problemId) => problemId switch
    {
        DefinitionProblemId.DuplicateTarget => "which 'payments-api' (line 12) writes too",
        DefinitionProblemId.LiteralTokenNotAllowed => "This is a token or API key written into the file",
        DefinitionProblemId.InvalidName => "The name 'orders api' may contain only",
        DefinitionProblemId.PathEscapesRepository => "may not leave the repository with '..'",
        DefinitionProblemId.InvalidValue => "'a..b' is not a valid branch name",
        DefinitionProblemId.InvalidSecretReference => "'token' holds a literal value, but it must be a reference",
        _ => throw new ArgumentOutOfRangeException(nameof(problemId)),
    };

    [Fact]
    public void A_file_that_already_has_problems_is_refused_unchanged()
    {
        using var folder = new TempFolder();
        var original = "version: 1\nintegrations:\n  - name: a\n    type: collection-backup\n    source: { workspace: w, collection: c }\n    repository: o/r\n    colour: red\n";
        var path = folder.Write("psgithubsync.yml", original);
        var ex = Assert.Throws<DefinitionFileException>(() => Apply(path, NewEntry(), force: false));
        var problem = Assert.Single(ex.Problems);
        Assert.Equal((DefinitionProblemId.UnknownKey, 7, 5), (problem.ProblemId, problem.Line, problem.Column));
        Assert.Equal(original, File.ReadAllText(path));

        // -Force does not get around it either.
        Assert.Throws<DefinitionFileException>(() => Apply(path, NewEntry("a"), force: true));
        Assert.Equal(original, File.ReadAllText(path));
    }

    [Fact]
    public void A_missing_file_is_created_with_version_1()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "sub", "dir", "psgithubsync.yml");
        var entry = NewEntry();
        var result = DefinitionFileEditor.Plan(path, entry, force: false, BackupFileNaming.Instance);
        Assert.True(result.FileCreated);
        Assert.False(result.Replaced);
        Assert.False(File.Exists(path));
        Assert.StartsWith("version: 1\n", result.Text, StringComparison.Ordinal);
        DefinitionFileEditor.WriteAtomically(path, result.Text);

        var bytes = File.ReadAllBytes(path);
        Assert.False(bytes.Take(3).SequenceEqual(Bom));
        Assert.Equal(result.Text, Encoding.UTF8.GetString(bytes));
        Assert.DoesNotContain("\r", result.Text);
        AssertNewEntry(Assert.Single(DefinitionLoader.Load(path, BackupFileNaming.Instance)), entry);
        Assert.Equal(new[] { "orders-api" }, DefinitionLoader.ReadNames(path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("   \r\n")]
    public void An_empty_file_gets_a_whole_new_definition(string original)
    {
        using var folder = new TempFolder();
        var path = folder.Write("psgithubsync.yml", original);
        var result = DefinitionFileEditor.Plan(path, NewEntry(), force: false, BackupFileNaming.Instance);
        Assert.False(result.FileCreated);
        Assert.StartsWith("version: 1\n", result.Text, StringComparison.Ordinal);
        AssertNewEntry(Assert.Single(DefinitionLoader.Parse(result.Text, path, BackupFileNaming.Instance)), NewEntry());
    }

    [Fact]
    public void A_schema_sync_entry_with_every_key_round_trips()
    {
        using var folder = new TempFolder();
        var path = folder.Write("psgithubsync.yml", "version: 1\nintegrations: []\n");
        var entry = new IntegrationEntry
        {
            Name = "orders-schema",
            Type = Integration.SchemaSync,
            PostmanWorkspace = "Sales Team",
            PostmanApi = "Orders: API",
            Repository = "contoso/orders",
            Path = "api/orders.yaml",
            Format = "openapi",
            Branch = "develop",
            Server = "https://github.contoso.com",
            TokenReference = "secret:Vault/GitHubToken",
        };
        Apply(path, entry, force: false);
        var integration = Assert.Single(DefinitionLoader.Load(path, BackupFileNaming.Instance));
        Assert.Equal(Integration.SchemaSync, integration.Type);
        Assert.Equal("Sales Team", integration.Source.PostmanWorkspace);
        Assert.Equal("Orders: API", integration.Source.PostmanApi);
        Assert.Equal("api/orders.yaml", integration.SchemaPath);
        Assert.Equal("openapi", integration.Format);
        Assert.Equal("develop", integration.Branch);
        Assert.Equal("https://github.contoso.com", integration.Server);
        Assert.Equal("secret:Vault/GitHubToken", integration.Token);
    }

    [Fact]
    public void A_file_source_entry_with_environments_off_and_a_directory_round_trips()
    {
        using var folder = new TempFolder();
        var path = folder.Write("psgithubsync.yml", "version: 1\nintegrations:\n");
        var entry = new IntegrationEntry { Name = "exported", File = "./exports/x.postman_collection.json", Repository = "o/r", Directory = "backups/exported" };
        Apply(path, entry, force: false);
        var integration = Assert.Single(DefinitionLoader.Load(path, BackupFileNaming.Instance));
        Assert.Equal(Path.Combine(folder.Path, "exports", "x.postman_collection.json"), integration.Source.File);
        Assert.Equal("backups/exported", integration.Directory);
        Assert.Null(integration.Source.Workspace);

        var wildcard = new IntegrationEntry { Name = "all", Workspace = "w", Collection = "*", Environments = true, Prune = true, Repository = "o/r" };
        Apply(path, wildcard, force: false);
        var all = DefinitionLoader.Load(path, BackupFileNaming.Instance).Single(i => i.Name == "all");
        Assert.True(all.Source.Environments);
        Assert.True(all.Source.IsWildcard);
        Assert.True(all.Prune);
        Assert.False(DefinitionLoader.Load(path, BackupFileNaming.Instance).Single(i => i.Name != "all").Prune);
    }

    public static TheoryData<string> AwkwardValues() => new()
    {
        "*", "yes", "No", "ON", "true", "null", "Null", "~", "123", "-1", "1.5e3", "0x1F", "0o17", ".inf", ".NaN",
        "a: b", "a:b", "ends with colon:", "#x", "a #x", "a#x", " leading space", "trailing space ", "  both  ",
        "say \"hi\"", "\"", "'", "it's", "back\\slash", "\\", "C:\\Users\\me", "tab\there", "line1\nline2", "cr\rlf",
        "Zürich – 東京 🚀", "Ωμέγα", "emoji 👩‍💻", "-", "- x", "--- x", "...", "[a]", "{a}", "a, b", "a,b", "&anchor", "*alias", "!tag", "%x",
        "@scope/pkg", "`tick", "|", ">", "?", "? x", "= x", "Payments API", "v1.2 (beta)", "a=b+c", "$HOME", "end\\", "x\u0001y", "ends with a newline\n", "line\u2028separator", "next\u0085line",
    };

    [Theory]
    [MemberData(nameof(AwkwardValues))]
    public void A_value_that_needs_quoting_round_trips_through_Render_and_Parse(string value)
    {
        var entry = new IntegrationEntry { Name = "q", Workspace = value, Collection = value, Repository = "o/r" };
        var text = "version: 1\nintegrations:\n" + DefinitionFileEditor.Render(entry, "  ", "\n");
        var (integrations, problems) = DefinitionLoader.TryParse(text, FakeFile, BackupFileNaming.Instance);
        Assert.True(problems.Count == 0, text + "\n" + string.Join("\n", problems));
        var integration = Assert.Single(integrations);
        Assert.Equal(value, integration.Source.Workspace);
        Assert.Equal(value, integration.Source.Collection);

        // The same through a CRLF file and the editor.
        using var folder = new TempFolder();
        var path = folder.Write("psgithubsync.yml", "version: 1\r\nintegrations:\r\n");
        Apply(path, entry, force: false);
        Assert.Equal(value, Assert.Single(DefinitionLoader.Load(path, BackupFileNaming.Instance)).Source.Collection);
    }

    [Theory]
    [InlineData("Payments API", "Payments API")]
    [InlineData("contoso/api-backups", "contoso/api-backups")]
    [InlineData("env:GITHUB_TOKEN", "\"env:GITHUB_TOKEN\"")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("123", "\"123\"")]
    [InlineData("*", "\"*\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("#x", "\"#x\"")]
    [InlineData(" x", "\" x\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("a\nb", "\"a\\nb\"")]
    [InlineData("ab\n", "\"ab\\n\"")]
    [InlineData("", "\"\"")]
    public void Quote_is_plain_only_when_plain_reads_back_the_same(string value, string expected) =>
        Assert.Equal(expected, DefinitionFileEditor.Quote(value));

    [Fact]
    public void WriteAtomically_replaces_the_whole_file_and_keeps_a_bom()
    {
        using var folder = new TempFolder();
        var path = folder.Write("d.yml", "a much longer original text than what replaces it\n", bom: true);
        DefinitionFileEditor.WriteAtomically(path, "short\n");
        Assert.Equal(Bom.Concat(Encoding.UTF8.GetBytes("short\n")), File.ReadAllBytes(path));

        var plain = folder.Write("e.yml", "original\n");
        DefinitionFileEditor.WriteAtomically(plain, "ünïcode\n");
        Assert.Equal(new UTF8Encoding(false).GetBytes("ünïcode\n"), File.ReadAllBytes(plain));
        Assert.Equal(new[] { "d.yml", "e.yml" }, Directory.GetFiles(folder.Path).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
    }

    private static void Apply(string path, IntegrationEntry entry, bool force)
    {
        var result = DefinitionFileEditor.Plan(path, entry, force, BackupFileNaming.Instance);
        DefinitionFileEditor.WriteAtomically(path, result.Text);
    }

    private static string DecodeFile(string path, bool bom)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(bom, bytes.Length >= 3 && bytes.Take(3).SequenceEqual(Bom));
        var offset = bom ? 3 : 0;
        Assert.False(bytes.Skip(offset).Take(3).SequenceEqual(Bom), "a second BOM was written");
        return new UTF8Encoding(false, true).GetString(bytes, offset, bytes.Length - offset);
    }
}
