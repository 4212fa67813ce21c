using System.Text;
using System.Text.Json.Nodes;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Collections;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Restore;
using PSGitHubSync.Tests.Backup;
using Xunit;

namespace PSGitHubSync.Tests.Restore;

/// <summary>Backup history and restore against the loopback GitHub + Postman emulator.</summary>
public sealed class CollectionRestorerTests
{
    private const string OrdersPath = "Postman Collections/Orders API.postman_collection.json";
    private const string PaymentsPath = "Postman Collections/Payments API.postman_collection.json";

    private const string Workspace = @"
  - name: payments
    type: collection-backup
    source: { workspace: Payments, collection: '*' }
    repository: contoso/api-backups
";

    /// <summary>Backs up, adds "Ship order" to Orders API in Postman, backs up again; returns the two commits (oldest first).</summary>
    private static async Task<(IReadOnlyList<Integration> Integrations, string First, string Second, string OrdersId)> TwoBackupsAsync(BackupWorld world)
    {
        var integrations = world.Integrations(Workspace);
        var first = Assert.Single(await world.RunAsync(integrations));
        Assert.Null(first.Error);
        var orders = world.Server.Postman.Collections("Payments").Single(c => c.Name == "Orders API");
        var json = JsonNode.Parse(world.Server.Postman.GetCollectionJson(orders.Id))!.AsObject();
        json["item"]!.AsArray().Add(JsonNode.Parse("""{ "name": "Ship order", "request": { "method": "POST", "url": "{{baseUrl}}/orders/:id/shipments" } }"""));
        world.Server.Postman.ReplaceCollection(orders.Id, json.ToJsonString());
        var second = Assert.Single(await world.RunAsync(integrations));
        Assert.Null(second.Error);
        Assert.NotEqual(first.Result.CommitSha, second.Result.CommitSha);
        return (integrations, first.Result.CommitSha!, second.Result.CommitSha!, orders.Id);
    }

    private static IEnumerable<string> ItemNames(string json) =>
        JsonNode.Parse(json)!["item"]!.AsArray().Select(i => i!["name"]!.ToString());

    [Fact]
    public async Task History_lists_the_commits_that_changed_each_collection_newest_first()
    {
        await using var world = await BackupWorld.StartAsync();
        var (integrations, first, second, _) = await TwoBackupsAsync(world);

        var versions = await new CollectionRestorer(world.Session()).HistoryAsync(integrations[0], null, null, CancellationToken.None);

        var orders = versions.Where(v => v.Collection == "Orders API").ToList();
        Assert.Equal(new[] { second, first }, orders.Select(v => v.CommitSha));
        Assert.All(orders, v => Assert.Equal(OrdersPath, v.Path));
        Assert.All(orders, v => Assert.Equal("main", v.Branch));
        Assert.All(orders, v => Assert.Equal("payments", v.Integration));
        Assert.All(orders, v => Assert.Equal("contoso/api-backups", v.Repository));
        Assert.All(orders, v => Assert.Same(integrations[0], v.Definition));
        Assert.Equal("Back up Orders API", orders[0].Message);                                 // the subject only, not the changelog body
        Assert.Equal("PSGitHubSync", orders[0].Author);
        Assert.True(orders[0].Date >= orders[1].Date);
        Assert.True(orders[1].Date > DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal(world.Server.GitHubUrl.AbsoluteUri + "contoso/api-backups/commit/" + second, orders[0].CommitUrl);
        // Payments API changed only in the first backup.
        var payments = Assert.Single(versions, v => v.Collection == "Payments API");
        Assert.Equal(first, payments.CommitSha);
        Assert.Equal(PaymentsPath, payments.Path);
    }

    [Fact]
    public async Task History_filters_by_collection_wildcard_and_limits_to_the_newest_First()
    {
        await using var world = await BackupWorld.StartAsync();
        var (integrations, _, second, _) = await TwoBackupsAsync(world);
        var restorer = new CollectionRestorer(world.Session());

        var newest = await restorer.HistoryAsync(integrations[0], new[] { "ord*" }, 1, CancellationToken.None);
        var byFileName = await restorer.HistoryAsync(integrations[0], new[] { "Payments API.postman_collection.json" }, null, CancellationToken.None);

        Assert.Equal(second, Assert.Single(newest).CommitSha);
        Assert.Equal("Orders API", newest[0].Collection);
        Assert.Equal("Payments API", Assert.Single(byFileName).Collection);
        var error = await Assert.ThrowsAsync<SyncException>(() => restorer.HistoryAsync(integrations[0], new[] { "Nope*" }, null, CancellationToken.None));
        Assert.Equal(RestoreErrorIds.CollectionNotInBackup, error.ErrorId);
        Assert.Equal(SyncErrorCategory.ObjectNotFound, error.Category);
    }

    [Fact]
    public async Task History_of_an_integration_that_never_ran_is_CollectionNotInBackup()
    {
        await using var world = await BackupWorld.StartAsync();
        var integrations = world.Integrations(Workspace);

        var error = await Assert.ThrowsAsync<SyncException>(() => new CollectionRestorer(world.Session()).HistoryAsync(integrations[0], null, null, CancellationToken.None));

        Assert.Equal(RestoreErrorIds.CollectionNotInBackup, error.ErrorId);
    }

    [Fact]
    public async Task Restoring_the_first_version_to_a_file_writes_exactly_the_committed_bytes()
    {
        await using var world = await BackupWorld.StartAsync();
        var (integrations, first, _, _) = await TwoBackupsAsync(world);
        var versions = await new CollectionRestorer(world.Session()).HistoryAsync(integrations[0], new[] { "Orders API" }, null, CancellationToken.None);
        var oldest = versions[^1];
        var outFile = Path.Combine(world.Folder, "orders.json");

        var result = await new CollectionRestorer(world.Session()).RestoreAsync(
            new RestoreRequest(oldest.Definition!, oldest.CommitSha) { Path = oldest.Path, OutFile = outFile }, CancellationToken.None);

        Assert.Equal(RestoreStatus.Restored, result.Status);
        Assert.Equal(first, result.CommitSha);
        Assert.Equal("Orders API", result.Collection);
        Assert.Equal(Path.GetFullPath(outFile), result.Target);
        var committed = world.Repository.ReadFile(first, OrdersPath)!;
        Assert.Equal(committed, File.ReadAllBytes(outFile));
        Assert.NotEqual(world.Repository.ReadFile("main", OrdersPath), File.ReadAllBytes(outFile));   // really the old version
        Assert.DoesNotContain("Ship order", ItemNames(Encoding.UTF8.GetString(committed)));
    }

    [Fact]
    public async Task An_existing_file_is_refused_without_Force_and_replaced_with_it()
    {
        await using var world = await BackupWorld.StartAsync();
        var (integrations, first, _, _) = await TwoBackupsAsync(world);
        var outFile = Path.Combine(world.Folder, "orders.json");
        File.WriteAllText(outFile, "keep me");
        var restorer = new CollectionRestorer(world.Session());

        var error = await Assert.ThrowsAsync<SyncException>(() => restorer.RestoreAsync(
            new RestoreRequest(integrations[0], first) { Collection = "Orders API", OutFile = outFile }, CancellationToken.None));
        Assert.Equal(RestoreErrorIds.FileExists, error.ErrorId);
        Assert.Equal(SyncErrorCategory.ResourceExists, error.Category);
        Assert.Equal("keep me", File.ReadAllText(outFile));

        var result = await restorer.RestoreAsync(new RestoreRequest(integrations[0], first.Substring(0, 8)) { Collection = "Orders API", OutFile = outFile, Force = true }, CancellationToken.None);
        Assert.Equal(RestoreStatus.Restored, result.Status);
        Assert.Equal(first, result.CommitSha);                                  // the short sha resolved to the full one
        Assert.Equal(world.Repository.ReadFile(first, OrdersPath), File.ReadAllBytes(outFile));
    }

    [Fact]
    public async Task Restoring_to_Postman_puts_the_old_items_back_into_the_recorded_collection()
    {
        await using var world = await BackupWorld.StartAsync();
        var (integrations, first, _, ordersId) = await TwoBackupsAsync(world);
        Assert.Contains("Ship order", ItemNames(world.Server.Postman.GetCollectionJson(ordersId)));
        var uid = world.Server.Postman.FindCollection(ordersId)!.Uid;
        world.Server.Postman.ResetRequestCounts();

        var result = await new CollectionRestorer(world.Session()).RestoreAsync(new RestoreRequest(integrations[0], first) { Collection = "Orders API" }, CancellationToken.None);

        Assert.Equal(RestoreStatus.Restored, result.Status);
        Assert.False(result.Created);
        Assert.Equal(uid, result.CollectionUid);
        Assert.Equal("Postman: " + uid, result.Target);
        Assert.Equal(1, world.Server.Postman.RequestCount("PUT /collections/{collectionId}"));
        var restored = world.Server.Postman.GetCollectionJson(ordersId);
        Assert.DoesNotContain("Ship order", ItemNames(restored));
        var original = CollectionDocument.Parse(world.Repository.ReadFile(first, OrdersPath)!, "first");
        Assert.Equal(ItemNames(original.Root.GetRawText()), ItemNames(restored));
        Assert.Single(world.Server.Postman.Collections("Payments"), c => c.Name == "Orders API");   // replaced, not duplicated
    }

    [Fact]
    public async Task Restoring_a_redacted_backup_to_Postman_warns_that_the_secrets_are_placeholders()
    {
        await using var world = await BackupWorld.StartAsync();
        var leaky = world.Server.Postman.AddCollection("Payments", """{ "info": { "name": "Leaky", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" }, "item": [ { "name": "call", "request": { "method": "GET", "url": "https://x", "auth": { "type": "bearer", "bearer": [ { "key": "token", "value": "sk_live_51HcVYzKx0123456789abcdefSECRET", "type": "string" } ] } } } ] }""");
        var integrations = world.Integrations(Workspace.Replace("repository:", "secretPolicy: redact\n    repository:", StringComparison.Ordinal));
        var backup = Assert.Single(await world.RunAsync(integrations));
        var warnings = new List<string>();

        var result = await new CollectionRestorer(world.Session(warnings: warnings)).RestoreAsync(new RestoreRequest(integrations[0], backup.Result.CommitSha!) { Collection = "Leaky" }, CancellationToken.None);

        Assert.Equal(RestoreStatus.Restored, result.Status);
        Assert.Contains(SecretScanner.PlaceholderPrefix, world.Server.Postman.GetCollectionJson(leaky.Id), StringComparison.Ordinal);
        Assert.Contains(warnings, w => w.Contains("backed up with its secrets redacted", StringComparison.Ordinal) && w.Contains("Set those values again in Postman", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restoring_to_Postman_creates_the_collection_again_when_it_was_deleted()
    {
        await using var world = await BackupWorld.StartAsync();
        var (integrations, first, _, ordersId) = await TwoBackupsAsync(world);
        Assert.True(world.Server.Postman.RemoveCollection(ordersId));

        var result = await new CollectionRestorer(world.Session()).RestoreAsync(new RestoreRequest(integrations[0], first) { Collection = "Orders API" }, CancellationToken.None);

        Assert.Equal(RestoreStatus.Restored, result.Status);
        Assert.True(result.Created);
        var created = Assert.Single(world.Server.Postman.Collections("Payments"), c => c.Name == "Orders API");
        Assert.Equal(created.Uid, result.CollectionUid);
        Assert.DoesNotContain("Ship order", ItemNames(world.Server.Postman.GetCollectionJson(created.Id)));
        Assert.Contains("Cancel order", ItemNames(world.Server.Postman.GetCollectionJson(created.Id)));
    }

    [Fact]
    public async Task A_declined_confirmation_writes_nothing_anywhere()
    {
        await using var world = await BackupWorld.StartAsync();
        var (integrations, first, _, ordersId) = await TwoBackupsAsync(world);
        var asked = new List<string>();
        var session = world.Session(shouldProcess: (target, action) =>
        {
            asked.Add(target + " | " + action);
            return Task.FromResult(false);
        });
        var outFile = Path.Combine(world.Folder, "never.json");
        var before = world.Server.Postman.GetCollectionJson(ordersId);
        world.Server.Postman.ResetRequestCounts();
        var restorer = new CollectionRestorer(session);

        var toFile = await restorer.RestoreAsync(new RestoreRequest(integrations[0], first) { Collection = "Orders API", OutFile = outFile }, CancellationToken.None);
        var toPostman = await restorer.RestoreAsync(new RestoreRequest(integrations[0], first) { Collection = "Orders API" }, CancellationToken.None);

        Assert.Equal(RestoreStatus.WouldRestore, toFile.Status);
        Assert.Equal(RestoreStatus.WouldRestore, toPostman.Status);
        Assert.False(File.Exists(outFile));
        Assert.Empty(Directory.GetFiles(world.Folder, "*.tmp"));
        Assert.Equal(0, world.Server.Postman.RequestCount("PUT /collections/{collectionId}"));
        Assert.Equal(before, world.Server.Postman.GetCollectionJson(ordersId));
        Assert.Equal(2, asked.Count);
        Assert.Contains(first.Substring(0, 7), asked[0], StringComparison.Ordinal);
        Assert.StartsWith("Postman collection 'Orders API'", asked[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_commits_and_collections_have_their_own_error_ids()
    {
        await using var world = await BackupWorld.StartAsync();
        var (integrations, _, _, _) = await TwoBackupsAsync(world);
        var restorer = new CollectionRestorer(world.Session());
        var outFile = Path.Combine(world.Folder, "x.json");
        var initial = world.Repository.Log("main")[^1].Sha;   // the repository's first commit: before any backup

        async Task<SyncException> Fails(RestoreRequest request) => await Assert.ThrowsAsync<SyncException>(() => restorer.RestoreAsync(request, CancellationToken.None));

        Assert.Equal(RestoreErrorIds.CommitNotFound, (await Fails(new RestoreRequest(integrations[0], new string('a', 40)) { Collection = "Orders API", OutFile = outFile })).ErrorId);
        Assert.Equal(RestoreErrorIds.CommitNotFound, (await Fails(new RestoreRequest(integrations[0], "abcdef1") { Collection = "Orders API", OutFile = outFile })).ErrorId);
        Assert.Equal(RestoreErrorIds.CommitNotFound, (await Fails(new RestoreRequest(integrations[0], "not-a-sha") { Collection = "Orders API", OutFile = outFile })).ErrorId);
        Assert.Equal(RestoreErrorIds.CollectionNotInBackup, (await Fails(new RestoreRequest(integrations[0], initial) { Collection = "Nope", OutFile = outFile })).ErrorId);
        Assert.Equal(RestoreErrorIds.CollectionNotInBackup, (await Fails(new RestoreRequest(integrations[0], initial) { Collection = "Orders API", OutFile = outFile })).ErrorId);   // not there yet at that commit
        Assert.Equal(SyncErrorId.CollectionAmbiguous, (await Fails(new RestoreRequest(integrations[0], initial) { OutFile = outFile })).ErrorId);
        Assert.False(File.Exists(outFile));
    }

    [Fact]
    public async Task A_committed_file_that_is_not_a_collection_is_InvalidCollection_and_nothing_is_written()
    {
        await using var world = await BackupWorld.StartAsync();
        var (integrations, _, _, ordersId) = await TwoBackupsAsync(world);
        var session = world.Session();
        var client = new GitHubRepositoryClient(await session.GitHubConnectionAsync(integrations[0], CancellationToken.None), RepositoryName.Parse("contoso/api-backups"));
        var existing = await client.GetFileAsync(OrdersPath, "main", CancellationToken.None);
        var (broken, _) = await client.PutFileAsync(OrdersPath, Encoding.UTF8.GetBytes("{\"not\":\"a collection\"}\n"), "Break it", "main", existing!.Sha, new CommitterIdentity(), CancellationToken.None);
        var before = world.Server.Postman.GetCollectionJson(ordersId);
        var outFile = Path.Combine(world.Folder, "broken.json");
        var restorer = new CollectionRestorer(session);

        var toFile = await Assert.ThrowsAsync<SyncException>(() => restorer.RestoreAsync(new RestoreRequest(integrations[0], broken) { Collection = "Orders API", OutFile = outFile }, CancellationToken.None));
        var toPostman = await Assert.ThrowsAsync<SyncException>(() => restorer.RestoreAsync(new RestoreRequest(integrations[0], broken) { Collection = "Orders API" }, CancellationToken.None));

        Assert.Equal(CollectionErrorIds.InvalidCollection, toFile.ErrorId);
        Assert.Equal(SyncErrorCategory.InvalidData, toFile.Category);
        Assert.Equal(CollectionErrorIds.InvalidCollection, toPostman.ErrorId);
        Assert.False(File.Exists(outFile));
        Assert.Equal(before, world.Server.Postman.GetCollectionJson(ordersId));
    }

    [Fact]
    public async Task The_commit_list_follows_Link_pagination()
    {
        await using var world = await BackupWorld.StartAsync();
        var integrations = world.Integrations(Workspace);
        var session = world.Session();
        var client = new GitHubRepositoryClient(await session.GitHubConnectionAsync(integrations[0], CancellationToken.None), RepositoryName.Parse("contoso/api-backups"));
        string? sha = null;
        for (var i = 0; i < 7; i++)
        {
            await client.PutFileAsync("notes.txt", Encoding.UTF8.GetBytes($"note {i}\n"), $"Note {i}", "main", sha, new CommitterIdentity(), CancellationToken.None);
            sha = (await client.GetFileAsync("notes.txt", "main", CancellationToken.None))!.Sha;
        }
        world.Server.ResetStatistics();

        var all = await client.ListCommitsAsync("main", "notes.txt", null, CancellationToken.None, pageSize: 2);
        var listRequests = world.Server.Statistics.TotalRequests;
        var some = await client.ListCommitsAsync("main", "notes.txt", 5, CancellationToken.None, pageSize: 2);
        var single = await client.ListCommitsAsync("main", "notes.txt", null, CancellationToken.None);

        Assert.Equal(7, all.Count);                                                   // four pages of 2, 2, 2, 1
        Assert.Equal(4, listRequests);
        Assert.Equal(7, all.Select(c => c.Sha).Distinct().Count());
        Assert.Equal("Note 6", all[0].Subject);
        Assert.Equal("Note 0", all[^1].Subject);
        Assert.Equal(all.Take(5).Select(c => c.Sha), some.Select(c => c.Sha));          // stops after the page that reaches max
        Assert.Equal(all.Select(c => c.Sha), single.Select(c => c.Sha));                // one page of 100 gives the same list
    }
}
