using System.Text;
using System.Text.Json.Nodes;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Collections;
using Xunit;

namespace PSGitHubSync.Tests.Backup;

/// <summary>
/// A backup follows collections, not names: one bad collection fails alone, renames move files, deleted
/// collections are orphaned (or pruned), every workspace gets a folder, and names are data.
/// </summary>
public sealed class BackupIdentityTests
{
    private const string Schema = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

    private const string Workspace = @"
  - name: payments
    type: collection-backup
    source: { workspace: Payments, collection: '*' }
    repository: contoso/api-backups
";

    private static string Collection(string name, string method = "GET") =>
        "{ \"info\": { \"name\": " + System.Text.Json.JsonSerializer.Serialize(name) + ", \"schema\": \"" + Schema + "\" }, \"item\": [ { \"name\": \"call\", \"request\": { \"method\": \"" + method + "\", \"url\": \"https://example.com\" } } ] }";

    [Fact]
    public async Task One_collection_that_is_not_json_fails_alone_and_the_others_are_committed_in_one_commit()
    {
        await using var world = await BackupWorld.StartAsync();
        var broken = world.Server.Postman.AddRawCollection("Payments", "Broken", "<html>Bad gateway</html>");
        world.Server.Postman.AddCollection("Payments", Collection("Deviating").Replace("\"call\", \"request\"", "\"call\", \"response\": [ { \"name\": \"ok\", \"cookie\": [ { \"name\": \"session\", \"value\": \"1\" } ] } ], \"request\"", StringComparison.Ordinal));
        var before = world.Repository.BranchSha("main");
        var warnings = new List<string>();

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Workspace), world.Session(warnings: warnings)));

        Assert.Null(outcome.Error);
        var error = Assert.Single(outcome.ItemErrors);
        Assert.Equal(CollectionErrorIds.InvalidCollection, error.ErrorId);
        Assert.Contains("'Broken'", error.Message, StringComparison.Ordinal);
        Assert.Contains(broken.Id, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, outcome.Result.FailedCount);
        Assert.Equal(outcome.Result.Files.Count, outcome.Result.BackedUp);
        Assert.Equal(1, outcome.Result.Warnings);
        Assert.True(warnings.Any(w => w.Contains(".item[0].response[0].cookie[0]: Required properties", StringComparison.Ordinal)), string.Join("\n", warnings));
        var log = world.Repository.Log("main");
        Assert.Equal(before, log[1].Sha);
        var files = world.Repository.ReadTree("main");
        Assert.True(files.ContainsKey("Postman Collections/Deviating.postman_collection.json"));
        Assert.DoesNotContain(files.Keys, k => k.Contains("Broken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_renamed_collection_is_moved_in_one_commit_and_a_rerun_makes_no_request_per_collection()
    {
        await using var world = await BackupWorld.StartAsync();
        var added = world.Server.Postman.AddCollection("Payments", Collection("Old name"));
        await world.RunAsync(world.Integrations(Workspace));
        world.Server.Postman.ReplaceCollection(added.Id, Collection("New name"));

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Workspace)));

        var moved = Assert.Single(outcome.Result.Files, f => f.Status == BackupStatus.Renamed);
        Assert.Equal("Postman Collections/New name.postman_collection.json", moved.Path);
        Assert.Equal("Postman Collections/Old name.postman_collection.json", moved.PreviousPath);
        Assert.Equal(added.Id, moved.Id);
        var files = world.Repository.ReadTree("main");
        Assert.True(files.ContainsKey(moved.Path));
        Assert.False(files.ContainsKey(moved.PreviousPath!));
        Assert.Contains("renamed from Postman Collections/Old name.postman_collection.json", world.Repository.Log("main")[0].Message, StringComparison.Ordinal);
        var state = BackupManifest.Parse(files[BackupManifest.RepositoryPath]);
        Assert.DoesNotContain(moved.PreviousPath!, state.Files.Keys);
        Assert.Equal(moved.PreviousPath, Assert.Single(state.Files[moved.Path].RenamedFrom).Path);

        world.Server.Postman.ResetRequestCounts();
        world.Server.ResetStatistics();
        var again = Assert.Single(await world.RunAsync(world.Integrations(Workspace)));
        Assert.Equal(BackupStatus.Unchanged, again.Result.Status);
        Assert.Equal(0, world.Server.Postman.RequestCount("GET /collections/{collectionId}"));
        Assert.True(world.Server.Statistics.TotalRequests <= 2, $"{world.Server.Statistics.TotalRequests} GitHub requests");
    }

    [Fact]
    public async Task The_history_of_a_renamed_collection_lists_both_names_and_restores_the_version_under_the_old_name()
    {
        await using var world = await BackupWorld.StartAsync();
        var added = world.Server.Postman.AddCollection("Payments", Collection("Old name"));
        var integrations = world.Integrations(Workspace);
        await world.RunAsync(integrations);
        world.Server.Postman.ReplaceCollection(added.Id, Collection("New name", "POST"));
        await world.RunAsync(integrations);
        var restorer = new PSGitHubSync.Engine.Restore.CollectionRestorer(world.Session());

        var history = await restorer.HistoryAsync(integrations[0], new[] { "Old name" }, null, CancellationToken.None);

        Assert.Equal(2, history.Count);
        Assert.All(history, v => Assert.Equal(new[] { "New name", "Old name" }, v.Names));
        Assert.All(history, v => Assert.Equal("New name", v.Collection));
        Assert.All(history, v => Assert.Equal(added.Id, v.CollectionId));
        Assert.Equal("New name", history[0].NameAtCommit);
        Assert.Equal("Postman Collections/New name.postman_collection.json", history[0].Path);
        Assert.Equal("Old name", history[1].NameAtCommit);
        Assert.Equal("Postman Collections/Old name.postman_collection.json", history[1].Path);

        var outFile = Path.Combine(world.Folder, "old.json");
        await restorer.RestoreAsync(new PSGitHubSync.Engine.Restore.RestoreRequest(integrations[0], history[1].CommitSha) { Path = history[1].Path, OutFile = outFile }, CancellationToken.None);
        Assert.Equal("Old name", JsonNode.Parse(File.ReadAllText(outFile))!["info"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_deleted_collection_is_orphaned_and_kept_and_prune_removes_it_in_one_commit()
    {
        await using var world = await BackupWorld.StartAsync();
        var added = world.Server.Postman.AddCollection("Payments", Collection("Short lived"));
        await world.RunAsync(world.Integrations(Workspace));
        world.Server.Postman.RemoveCollection(added.Id);
        const string path = "Postman Collections/Short lived.postman_collection.json";
        var head = world.Repository.BranchSha("main");
        var warnings = new List<string>();

        var kept = Assert.Single(await world.RunAsync(world.Integrations(Workspace), world.Session(warnings: warnings)));

        Assert.Equal(head, world.Repository.BranchSha("main"));
        Assert.Equal(1, kept.Result.Orphaned);
        Assert.Equal(BackupStatus.Orphaned, Assert.Single(kept.Result.Files, f => f.Path == path).Status);
        Assert.Contains(warnings, w => w.Contains("Orphaned", StringComparison.Ordinal) && w.Contains("-Prune", StringComparison.Ordinal));

        var pruned = Assert.Single(await world.RunAsync(world.Integrations(Workspace), options: new BackupOptions { Prune = true }));

        Assert.Equal(BackupStatus.Removed, Assert.Single(pruned.Result.Files, f => f.Path == path).Status);
        Assert.Equal(head, world.Repository.Log("main")[1].Sha);
        Assert.False(world.Repository.ReadTree("main").ContainsKey(path));
        Assert.Contains("Short lived", world.Repository.Log("main")[0].Message, StringComparison.Ordinal);
        var after = Assert.Single(await world.RunAsync(world.Integrations(Workspace)));
        Assert.Equal(0, after.Result.Orphaned);
    }

    private const string Named = @"
  - name: payments
    type: collection-backup
    source: { workspace: Payments, collection: Short lived }
    repository: contoso/api-backups
";

    [Fact]
    public async Task A_deleted_collection_named_by_the_integration_is_orphaned_not_an_error_and_prune_removes_it()
    {
        await using var world = await BackupWorld.StartAsync();
        var added = world.Server.Postman.AddCollection("Payments", Collection("Short lived"));
        await world.RunAsync(world.Integrations(Named));
        world.Server.Postman.RemoveCollection(added.Id);
        const string path = "Postman Collections/Short lived.postman_collection.json";
        var head = world.Repository.BranchSha("main");
        var warnings = new List<string>();

        var kept = Assert.Single(await world.RunAsync(world.Integrations(Named), world.Session(warnings: warnings)));

        Assert.Null(kept.Error);
        Assert.Equal(head, world.Repository.BranchSha("main"));
        Assert.Equal(1, kept.Result.Orphaned);
        Assert.Equal(BackupStatus.Orphaned, Assert.Single(kept.Result.Files, f => f.Path == path).Status);
        Assert.Contains(warnings, w => w.Contains("Orphaned", StringComparison.Ordinal));

        var pruned = Assert.Single(await world.RunAsync(world.Integrations(Named), options: new BackupOptions { Prune = true }));
        Assert.Null(pruned.Error);
        Assert.Equal(BackupStatus.Removed, Assert.Single(pruned.Result.Files, f => f.Path == path).Status);
        Assert.False(world.Repository.ReadTree("main").ContainsKey(path));
    }

    [Fact]
    public async Task A_collection_named_by_the_integration_and_renamed_in_Postman_is_followed_by_its_id()
    {
        await using var world = await BackupWorld.StartAsync();
        var added = world.Server.Postman.AddCollection("Payments", Collection("Short lived"));
        await world.RunAsync(world.Integrations(Named));
        world.Server.Postman.ReplaceCollection(added.Id, Collection("Long lived", "POST"));
        var warnings = new List<string>();

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Named), world.Session(warnings: warnings)));

        Assert.Null(outcome.Error);
        var moved = Assert.Single(outcome.Result.Files, f => f.Status == BackupStatus.Renamed);
        Assert.Equal("Postman Collections/Long lived.postman_collection.json", moved.Path);
        Assert.Contains(warnings, w => w.Contains("now named 'Long lived'", StringComparison.Ordinal) && w.Contains(added.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_name_that_never_matched_is_still_collection_not_found()
    {
        await using var world = await BackupWorld.StartAsync();
        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Named)));
        Assert.Equal("CollectionNotFound", outcome.Error?.ErrorId);
    }

    [Fact]
    public async Task Prune_in_the_definitions_file_removes_what_no_longer_matches()
    {
        await using var world = await BackupWorld.StartAsync();
        await world.RunAsync(world.Integrations(Workspace));
        var narrowed = world.Integrations(Workspace.Replace("collection: '*'", "collection: 'Orders*'", StringComparison.Ordinal).Replace("repository:", "prune: true\n    repository:", StringComparison.Ordinal));
        Assert.True(narrowed[0].Prune);

        var outcome = Assert.Single(await world.RunAsync(narrowed));

        Assert.Contains(outcome.Result.Files, f => f.Status == BackupStatus.Removed && f.Name == "Payments API");
        var files = world.Repository.ReadTree("main");
        Assert.False(files.ContainsKey("Postman Collections/Payments API.postman_collection.json"));
        Assert.True(files.ContainsKey("Postman Collections/Orders API.postman_collection.json"));
    }

    [Fact]
    public async Task Every_workspace_goes_into_its_own_folder_in_one_commit_and_keeps_it_when_renamed()
    {
        await using var world = await BackupWorld.StartAsync(config =>
        {
            var postman = (Dictionary<string, object?>)config["postman"]!;
            var workspaces = ((object[])postman["workspaces"]!).ToList();
            workspaces.Add(new Dictionary<string, object?> { ["name"] = "Team: Billing/Ops", ["collections"] = new object[] { JsonNode.Parse(Collection("Invoices"))! } });
            postman["workspaces"] = workspaces.ToArray();
        });
        var integrations = world.Integrations(Workspace.Replace("workspace: Payments", "workspace: '*'", StringComparison.Ordinal));
        var before = world.Repository.BranchSha("main");

        var outcome = Assert.Single(await world.RunAsync(integrations));

        Assert.Null(outcome.Error);
        Assert.Equal(before, world.Repository.Log("main")[1].Sha);
        var files = world.Repository.ReadTree("main");
        Assert.True(files.ContainsKey("Postman Collections/Payments/Orders API.postman_collection.json"));
        Assert.True(files.ContainsKey("Postman Collections/Team- Billing-Ops/Invoices.postman_collection.json"));

        world.Server.Postman.RenameWorkspace("Team: Billing/Ops", "Finance");
        var billing = world.Server.Postman.Collections("Finance").Single();
        world.Server.Postman.ReplaceCollection(billing.Id, Collection("Invoices", "POST"));
        await world.RunAsync(integrations);
        files = world.Repository.ReadTree("main");
        Assert.True(files.ContainsKey("Postman Collections/Team- Billing-Ops/Invoices.postman_collection.json"));
        Assert.DoesNotContain(files.Keys, k => k.Contains("Finance", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wildcard_matches_a_name_with_a_line_break()
    {
        await using var world = await BackupWorld.StartAsync();
        world.Server.Postman.AddCollection("Payments", Collection("Two\nlines"));

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Workspace)));

        var file = Assert.Single(outcome.Result.Files, f => f.Name == "Two\nlines");
        Assert.Equal("Postman Collections/Two-lines.postman_collection.json", file.Path);
        Assert.True(world.Repository.ReadTree("main").ContainsKey(file.Path));
        Assert.Equal("Two\nlines", JsonNode.Parse(world.Repository.ReadFile("main", file.Path)!)!["info"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_collection_a_wildcard_does_not_match_is_reported_not_silently_dropped()
    {
        await using var world = await BackupWorld.StartAsync();
        var verbose = new List<string>();
        var log = new RecordingLog(verbose);
        using var recording = new PSGitHubSync.Engine.Backup.BackupSession(log)
        {
            GitHubToken = PSGitHubSync.Engine.Security.SecretValue.FromChars(BackupWorld.Token.AsSpan()),
            PostmanApiKey = PSGitHubSync.Engine.Security.SecretValue.FromChars(BackupWorld.ApiKey.AsSpan()),
        };

        await world.RunAsync(world.Integrations(Workspace.Replace("collection: '*'", "collection: 'Orders*'", StringComparison.Ordinal)), recording);

        Assert.Contains(verbose, v => v.Contains("skipping the collection 'Payments API'", StringComparison.Ordinal));
    }

    private sealed class RecordingLog : PSGitHubSync.Engine.Diagnostics.IEngineLog
    {
        private readonly List<string> _lines;

        public RecordingLog(List<string> lines) => _lines = lines;

        public void Verbose(string message)
        {
            lock (_lines) _lines.Add(message);
        }

        public void Warning(string message)
        {
            lock (_lines) _lines.Add(message);
        }

        public void Debug(string message)
        {
        }
    }
}
