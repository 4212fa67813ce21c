using System.Text;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Collections;
using PSGitHubSync.Engine.Definitions;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.IO;
using PSGitHubSync.Engine.Restore;
using PSGitHubSync.Tests.Backup;
using Xunit;

namespace PSGitHubSync.Tests.Security;

/// <summary>
/// Input that cannot be read as text gets the error that names it (InvalidCollection, DefinitionFileInvalid) with a
/// position, never a crash reported as a missing file or a silent U+FFFD; deep collections and escaped lone
/// surrogates (which JavaScript, and so Postman, can write) are accepted.
/// </summary>
public sealed class UnreadableInputTests : IDisposable
{
    private const string Schema = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "psgithubsync-unreadable-" + Guid.NewGuid().ToString("N"));

    public UnreadableInputTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Collection(string items) => "{\"info\":{\"name\":\"Deep\",\"schema\":\"" + Schema + "\"},\"item\":" + items + "}";

    private static string Nested(int folders)
    {
        var items = "[{\"name\":\"leaf\",\"request\":{\"method\":\"GET\",\"url\":\"https://example.com\"}}]";
        for (var i = 0; i < folders; i++) items = "[{\"name\":\"folder " + i + "\",\"item\":" + items + "}]";
        return Collection(items);
    }

    [Fact]
    public async Task A_collection_nested_100_folders_deep_is_backed_up_and_one_nested_beyond_the_limit_is_InvalidCollection()
    {
        await using var world = await BackupWorld.StartAsync();
        File.WriteAllText(Path.Combine(world.Folder, "deep.json"), Nested(100));
        File.WriteAllText(Path.Combine(world.Folder, "deeper.json"), Nested(200));
        var integrations = world.Integrations(
            "  - name: deep\n    type: collection-backup\n    source: { file: ./deep.json }\n    repository: contoso/api-backups\n"
            + "  - name: deeper\n    type: collection-backup\n    source: { file: ./deeper.json }\n    repository: contoso/api-backups\n    fileName: deeper.json\n");

        var outcomes = await world.RunAsync(integrations);

        Assert.Null(outcomes[0].Error);
        Assert.Contains("folder 0", Encoding.UTF8.GetString(world.Repository.ReadFile("main", "Postman Collections/Deep.postman_collection.json")!), StringComparison.Ordinal);
        var error = Assert.IsType<SyncException>(outcomes[1].Error);
        Assert.Equal(CollectionErrorIds.InvalidCollection, error.ErrorId);
        Assert.Contains("nested deeper than 256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_UTF8_is_InvalidCollection_naming_the_byte_offset()
    {
        var bytes = Encoding.UTF8.GetBytes(Collection("[{\"name\":\"caf#\",\"request\":{\"method\":\"GET\",\"url\":\"https://example.com\"}}]"));
        var offset = Array.IndexOf(bytes, (byte)'#');
        bytes[offset] = 0xE9;   // é in Latin-1

        var error = Assert.Throws<SyncException>(() => CollectionDocument.Parse(bytes, "latin1.json"));

        Assert.Equal(CollectionErrorIds.InvalidCollection, error.ErrorId);
        Assert.Equal(SyncErrorCategory.InvalidData, error.Category);
        Assert.Contains($"byte offset {offset}", error.Message, StringComparison.Ordinal);
        Assert.Contains("0xE9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_collection_with_escaped_lone_surrogates_is_Postman_data_and_is_backed_up_with_the_escapes_kept()
    {
        // JavaScript strings (and so Postman's) may hold half a surrogate pair; JSON.stringify writes it as an escape.
        await using var world = await BackupWorld.StartAsync();
        var json = Collection("[{\"name\":\"half \\ud83d\",\"request\":{\"method\":\"GET\",\"url\":\"https://example.com/\\udc00\"}},"
            + "{\"name\":\"pair \\ud83d\\ude00\",\"request\":{\"method\":\"GET\",\"url\":\"https://example.com\"}}]");
        File.WriteAllText(Path.Combine(world.Folder, "lone.json"), json);
        var integrations = world.Integrations("  - name: lone\n    type: collection-backup\n    source: { file: ./lone.json }\n    repository: contoso/api-backups\n");

        var outcome = Assert.Single(await world.RunAsync(integrations));

        Assert.Null(outcome.Error);
        var committed = Encoding.UTF8.GetString(world.Repository.ReadFile("main", "Postman Collections/Deep.postman_collection.json")!);
        Assert.Contains("half \\ud83d", committed, StringComparison.Ordinal);
        Assert.Contains("https://example.com/\\udc00", committed, StringComparison.Ordinal);
        Assert.DoesNotContain("\uFFFD", committed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backup_of_an_export_that_is_not_UTF8_is_InvalidCollection_not_SourceFileNotFound()
    {
        await using var world = await BackupWorld.StartAsync();
        File.WriteAllBytes(Path.Combine(world.Folder, "bad.json"), Encoding.Latin1.GetBytes(Collection("[{\"name\":\"café\",\"request\":{\"method\":\"GET\",\"url\":\"https://example.com\"}}]")));
        var integrations = world.Integrations("  - name: bad\n    type: collection-backup\n    source: { file: ./bad.json }\n    repository: contoso/api-backups\n");

        var outcome = Assert.Single(await world.RunAsync(integrations));

        Assert.Equal(CollectionErrorIds.InvalidCollection, Assert.IsType<SyncException>(outcome.Error).ErrorId);
        Assert.Contains("byte offset", outcome.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backup_whose_export_is_a_link_is_refused_and_nothing_is_committed()
    {
        await using var world = await BackupWorld.StartAsync();
        var privateFile = Path.Combine(_folder, "private.json");
        File.WriteAllText(privateFile, Nested(1).Replace("https://example.com", "https://example.com/?key=ghp_L1nkedS3cr3tM7stN3v3rB3C0mm1tt3d00", StringComparison.Ordinal));
        File.CreateSymbolicLink(Path.Combine(world.Folder, "export.json"), privateFile);
        var integrations = world.Integrations("  - name: linked\n    type: collection-backup\n    source: { file: ./export.json }\n    repository: contoso/api-backups\n    secretPolicy: warn\n");
        var before = world.Repository.BranchSha("main");

        var outcome = Assert.Single(await world.RunAsync(integrations));

        var error = Assert.IsType<SyncException>(outcome.Error);
        Assert.Equal(SyncErrorId.LocalPathIsLink, error.ErrorId);
        Assert.Equal("linked", error.Target);
        Assert.Equal(before, world.Repository.BranchSha("main"));
    }

    [Fact]
    public async Task Restore_never_writes_through_a_link_even_with_Force_and_keeps_the_mode_of_a_file_it_replaces()
    {
        await using var world = await BackupWorld.StartAsync();
        var integrations = world.Integrations("  - name: payments\n    type: collection-backup\n    source: { workspace: Payments, collection: '*' }\n    repository: contoso/api-backups\n");
        var backup = Assert.Single(await world.RunAsync(integrations));
        Assert.Null(backup.Error);
        var restorer = new CollectionRestorer(world.Session());
        var profile = Path.Combine(_folder, "profile.ps1");
        File.WriteAllText(profile, "# mine\n");
        var link = Path.Combine(world.Folder, "orders.json");
        File.CreateSymbolicLink(link, profile);

        var error = await Assert.ThrowsAsync<SyncException>(() => restorer.RestoreAsync(
            new RestoreRequest(integrations[0], backup.Result.CommitSha!) { Collection = "Orders API", OutFile = link, Force = true }, CancellationToken.None));

        Assert.Equal(SyncErrorId.LocalPathIsLink, error.ErrorId);
        Assert.Equal("# mine\n", File.ReadAllText(profile));
        Assert.True(LocalFileGate.IsLink(link));

        if (OperatingSystem.IsWindows()) return;
        var outFile = Path.Combine(world.Folder, "private.json");
        File.WriteAllText(outFile, "old");
        File.SetUnixFileMode(outFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var result = await restorer.RestoreAsync(new RestoreRequest(integrations[0], backup.Result.CommitSha!) { Collection = "Orders API", OutFile = outFile, Force = true }, CancellationToken.None);
        Assert.Equal(RestoreStatus.Restored, result.Status);
        Assert.NotEqual("old", File.ReadAllText(outFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(outFile));
    }

    [Theory]
    [InlineData("latin1")]
    [InlineData("utf16-without-bom")]
    public void A_definitions_file_that_is_not_UTF8_is_DefinitionFileInvalid_with_file_and_line(string encoding)
    {
        var text = "version: 1\n# café\nintegrations: []\n";
        var bytes = encoding == "latin1" ? Encoding.Latin1.GetBytes(text) : new UnicodeEncoding(false, false).GetBytes(text);
        var path = Path.Combine(_folder, "psgithubsync.yml");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<DefinitionFileException>(() => DefinitionLoader.Load(path, BackupFileNaming.Instance));

        Assert.Equal(SyncErrorId.DefinitionFileInvalid, error.ErrorId);
        var problem = Assert.Single(error.Problems);
        Assert.Equal(DefinitionProblemId.InvalidEncoding, problem.ProblemId);
        Assert.Equal(path, problem.File);
        Assert.Equal(encoding == "latin1" ? 2 : 1, problem.Line);
        Assert.DoesNotContain("\uFFFD", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_definitions_file_in_UTF16_with_a_byte_order_mark_is_read(bool bigEndian)
    {
        var text = "version: 1\n# café\nintegrations:\n  - name: café-backup\n    type: collection-backup\n    source: { file: ./x.json }\n    repository: contoso/api-backups\n";
        var path = Path.Combine(_folder, "psgithubsync.yml");
        File.WriteAllBytes(path, new UnicodeEncoding(bigEndian, true).GetPreamble().Concat(new UnicodeEncoding(bigEndian, false).GetBytes(text)).ToArray());

        var error = Record.Exception(() => DefinitionLoader.Load(path, BackupFileNaming.Instance));

        // The name is refused for its letters (not letters, digits, . _ -), which proves the text was read as text.
        var problems = Assert.IsType<DefinitionFileException>(error).Problems;
        Assert.DoesNotContain(problems, p => p.ProblemId == DefinitionProblemId.InvalidEncoding);
        Assert.Contains(problems, p => p.Message.Contains("café-backup", StringComparison.Ordinal));
    }
}
