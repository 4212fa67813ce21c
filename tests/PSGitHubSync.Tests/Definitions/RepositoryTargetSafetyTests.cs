using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Definitions;
using PSGitHubSync.Engine.Errors;
using Xunit;
using static PSGitHubSync.Tests.Definitions.DefinitionTestSupport;

namespace PSGitHubSync.Tests.Definitions;

/// <summary>
/// What a definitions file may make the module write: never under <c>.git</c>, under <c>.github</c> only with
/// <c>allowGitHubFolder: true</c>, and only names a checkout on Windows, macOS and Linux can hold.
/// </summary>
public class RepositoryTargetSafetyTests
{
    private static string Backup(string target, string? extra = null) => string.Join("\n", new[]
    {
        "version: 1",
        "integrations:",
        "  - name: planted",
        "    type: collection-backup",
        "    source: { workspace: Payments, collection: Payments API }",
        "    repository: contoso/api-backups",
        "    " + target,
        extra is null ? string.Empty : "    " + extra,
    }) + "\n";

    private static string Schema(string path, string? extra = null) => string.Join("\n", new[]
    {
        "version: 1",
        "integrations:",
        "  - name: schema",
        "    type: schema-sync",
        "    source: { file: ./api/openapi.yaml }",
        "    repository: contoso/api-backups",
        "    path: " + path,
        extra is null ? string.Empty : "    " + extra,
    }) + "\n";

    [Theory]
    [InlineData("directory: .github/workflows", 7, 16)]
    [InlineData("directory: .GITHUB/workflows", 7, 16)]
    [InlineData("directory: docs/.GitHub", 7, 16)]
    [InlineData("directory: \".github/workflows\"", 7, 16)]
    public void A_backup_into_github_is_refused_naming_the_key_and_the_fix(string target, int line, int column)
    {
        var ex = Assert.Throws<DefinitionFileException>(() => DefinitionLoader.Parse(Backup(target, "fileName: x.yml"), FakeFile, BackupFileNaming.Instance));
        Assert.Equal(SyncErrorId.DefinitionFileInvalid, ex.ErrorId);
        var problem = Assert.Single(ex.Problems);
        Assert.Equal(DefinitionProblemId.GitHubFolderNotAllowed, problem.ProblemId);
        Assert.Equal((line, column), (problem.Line, problem.Column));
        Assert.Equal(FakeFile, problem.File);
        Assert.Contains("'directory'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("allowGitHubFolder: true", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"{FakeFile}:{line}:{column}:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fileName_into_github_at_the_root_is_refused_too()
    {
        // directory '.' puts fileName at the root; a fileName of '.github' would be the folder itself.
        var ex = Assert.Throws<DefinitionFileException>(() => DefinitionLoader.Parse(Backup("directory: .", "fileName: .github"), FakeFile, BackupFileNaming.Instance));
        var problem = Assert.Single(ex.Problems);
        Assert.Equal(DefinitionProblemId.GitHubFolderNotAllowed, problem.ProblemId);
        Assert.Contains("'fileName'", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".github/openapi.yaml")]
    [InlineData(".Github/schemas")]
    [InlineData("GITHUB~1/x.yaml")]
    public void A_schema_path_into_github_is_refused(string path)
    {
        var ex = Assert.Throws<DefinitionFileException>(() => DefinitionLoader.Parse(Schema(path), FakeFile, BackupFileNaming.Instance));
        var problem = Assert.Single(ex.Problems);
        Assert.Equal(DefinitionProblemId.GitHubFolderNotAllowed, problem.ProblemId);
        Assert.Equal(7, problem.Line);
        Assert.Contains("'path'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowGitHubFolder_true_lets_an_integration_write_there()
    {
        var backup = Assert.Single(DefinitionLoader.Parse(Backup("directory: .github/postman", "allowGitHubFolder: true"), FakeFile, BackupFileNaming.Instance));
        Assert.True(backup.AllowGitHubFolder);
        Assert.Equal(".github/postman", backup.Directory);
        var schema = Assert.Single(DefinitionLoader.Parse(Schema(".github/openapi.yaml", "allowGitHubFolder: true"), FakeFile, BackupFileNaming.Instance));
        Assert.True(schema.AllowGitHubFolder);
        Assert.False(Assert.Single(DefinitionLoader.Parse(Backup("directory: backups"), FakeFile, BackupFileNaming.Instance)).AllowGitHubFolder);
    }

    [Theory]
    [InlineData("allowGitHubFolder: yes")]
    [InlineData("allowGitHubFolder: 1")]
    [InlineData("allowGitHubFolder: \"true\"")]
    public void AllowGitHubFolder_must_be_true_or_false(string line)
    {
        var ex = Assert.Throws<DefinitionFileException>(() => DefinitionLoader.Parse(Backup("directory: backups", line), FakeFile, BackupFileNaming.Instance));
        Assert.Contains(ex.Problems, p => p.ProblemId == DefinitionProblemId.WrongType && p.Message.Contains("allowGitHubFolder", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("directory: .git/hooks")]
    [InlineData("directory: .GIT")]
    [InlineData("directory: \".git \"")]
    [InlineData("directory: .git.")]
    [InlineData("directory: \".git::$INDEX_ALLOCATION\"")]
    [InlineData("directory: git~1")]
    [InlineData("directory: a/.Git/b")]
    public void Nothing_goes_into_git_not_even_with_allowGitHubFolder(string target)
    {
        var ex = Assert.Throws<DefinitionFileException>(() => DefinitionLoader.Parse(Backup(target, "allowGitHubFolder: true"), FakeFile, BackupFileNaming.Instance));
        var problem = Assert.Single(ex.Problems);
        Assert.Equal(DefinitionProblemId.PathEscapesRepository, problem.ProblemId);
        Assert.Contains("'.git'", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("directory: CON", "device")]
    [InlineData("directory: backups/nul.d", "device")]
    [InlineData("fileName: COM1.json", "device")]
    [InlineData("fileName: \"ab:c.json\"", "character")]
    [InlineData("fileName: \"what?.json\"", "character")]
    [InlineData("directory: \"trailing \"", "dot or a space")]
    [InlineData("directory: trailing.", "dot or a space")]
    public void Names_a_checkout_cannot_hold_are_refused_with_a_suggestion(string target, string reason)
    {
        var ex = Assert.Throws<DefinitionFileException>(() => DefinitionLoader.Parse(Backup(target), FakeFile, BackupFileNaming.Instance));
        var problem = Assert.Single(ex.Problems);
        Assert.Equal(DefinitionProblemId.PathNotPortable, problem.ProblemId);
        Assert.Contains(reason, problem.Message, StringComparison.Ordinal);
        Assert.Contains("for example", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_in_a_path_is_refused_not_a_crash()
    {
        // Found by DefinitionFuzzTests: a mutated file with U+D800 inside 'fileName'.
        var ex = Assert.Throws<DefinitionFileException>(() => DefinitionLoader.Parse(Backup("fileName: payments.j\uD800son"), FakeFile, BackupFileNaming.Instance));
        Assert.Equal(DefinitionProblemId.PathNotPortable, Assert.Single(ex.Problems).ProblemId);
        Assert.False(PSGitHubSync.Engine.IO.PortableFileName.Fits(new string('\uDC00', 300)));
        Assert.True(PSGitHubSync.Engine.IO.PortableFileName.Fits("a\uD800b"));
    }

    [Theory]
    [InlineData("fileName: pay\uFFFEments.json")]
    [InlineData("fileName: pay\uFDD0ments.json")]
    [InlineData("directory: ap\uFFFFi")]
    public void A_noncharacter_in_a_path_is_not_a_crash(string target)
    {
        // Found by DefinitionFuzzTests: U+FFFE inside 'path' made .NET's normalization throw.
        Assert.Single(DefinitionLoader.Parse(Backup(target), FakeFile, BackupFileNaming.Instance));
        Assert.True(PSGitHubSync.Engine.IO.PortableFileName.Fits("a\uFFFEb"));
    }

    [Fact]
    public void A_name_over_255_bytes_is_refused()
    {
        var ex = Assert.Throws<DefinitionFileException>(() => DefinitionLoader.Parse(Backup("fileName: " + new string('é', 130) + ".json"), FakeFile, BackupFileNaming.Instance));
        Assert.Equal(DefinitionProblemId.PathNotPortable, Assert.Single(ex.Problems).ProblemId);
    }

    [Fact]
    public void Two_targets_that_are_one_file_on_macOS_or_Windows_are_a_duplicate_target()
    {
        var text = string.Join("\n",
            "version: 1",
            "integrations:",
            "  - name: one",
            "    type: collection-backup",
            "    source: { workspace: W, collection: A }",
            "    repository: o/r",
            "    fileName: Caf\u00E9.json",
            "  - name: two",
            "    type: collection-backup",
            "    source: { workspace: W, collection: B }",
            "    repository: o/r",
            "    fileName: CAFE\u0301.json") + "\n";
        var ex = Assert.Throws<DefinitionFileException>(() => DefinitionLoader.Parse(text, FakeFile, BackupFileNaming.Instance));
        Assert.Equal(DefinitionProblemId.DuplicateTarget, Assert.Single(ex.Problems).ProblemId);
    }

    [Fact]
    public void New_BackupIntegration_writes_allowGitHubFolder_and_it_reads_back()
    {
        var entry = new IntegrationEntry
        {
            Name = "wf",
            Type = Integration.CollectionBackup,
            Workspace = "Payments",
            Collection = "Payments API",
            Repository = "contoso/api-backups",
            Directory = ".github/postman",
            AllowGitHubFolder = true,
        };
        var text = "version: 1\nintegrations:\n" + DefinitionFileEditor.Render(entry, "  ", "\n");
        Assert.Contains("allowGitHubFolder: true", text, StringComparison.Ordinal);
        Assert.True(Assert.Single(DefinitionLoader.Parse(text, FakeFile, BackupFileNaming.Instance)).AllowGitHubFolder);
    }
}
