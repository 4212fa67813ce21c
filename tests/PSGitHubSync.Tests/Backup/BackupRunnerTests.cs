using System.Text;
using System.Text.Json.Nodes;
using PSGitHubSync.Emulator;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Collections;
using PSGitHubSync.Engine.Errors;
using Xunit;

namespace PSGitHubSync.Tests.Backup;

/// <summary>The backup engine against the loopback GitHub + Postman emulator.</summary>
public sealed class BackupRunnerTests
{
    private const string Workspace = @"
  - name: payments
    type: collection-backup
    source: { workspace: Payments, collection: '*', environments: true }
    repository: contoso/api-backups
";

    [Fact]
    public async Task A_first_run_commits_the_whole_workspace_in_one_commit_with_a_changelog()
    {
        await using var world = await BackupWorld.StartAsync();
        var before = world.Repository.BranchSha("main");

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Workspace)));

        Assert.Null(outcome.Error);
        Assert.Equal(BackupStatus.Created, outcome.Result.Status);
        var log = world.Repository.Log("main");
        Assert.Equal(before, log[1].Sha);                      // exactly one new commit on top of the old head
        Assert.Equal(outcome.Result.CommitSha, log[0].Sha);
        Assert.Equal("PSGitHubSync", log[0].CommitterName);
        Assert.StartsWith("Back up Orders API, Payments API, Production", log[0].Message, StringComparison.Ordinal);
        Assert.Contains("+ POST Payments/Create payment", log[0].Message, StringComparison.Ordinal);
        Assert.Contains("+ DELETE Cancel order", log[0].Message, StringComparison.Ordinal);
        var files = world.Repository.ReadTree("main");
        Assert.True(files.ContainsKey("Postman Collections/Payments API.postman_collection.json"));
        Assert.True(files.ContainsKey("Postman Collections/Orders API.postman_collection.json"));
        Assert.True(files.ContainsKey(BackupManifest.RepositoryPath));
        Assert.Equal(1, world.Server.Statistics.CommitsCreated);
        Assert.Contains(outcome.Result.CommitSha!, outcome.Result.CommitUrl!, StringComparison.Ordinal);
        Assert.StartsWith(world.Server.GitHubUrl.AbsoluteUri + "contoso/api-backups/commit/", outcome.Result.CommitUrl!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_committed_file_is_the_normalized_collection_and_restores_to_the_same_collection()
    {
        await using var world = await BackupWorld.StartAsync();
        await world.RunAsync(world.Integrations(Workspace));

        var committed = world.Repository.ReadFile("main", "Postman Collections/Payments API.postman_collection.json")!;
        var summary = world.Server.Postman.Collections("Payments").Single(c => c.Name == "Payments API");
        var served = CollectionDocument.Parse(Encoding.UTF8.GetBytes(world.Server.Postman.GetCollectionJson(summary.Id)), "served");
        Assert.Equal(Collections.DomNormalizer.Normalize(served), committed);
        Assert.NotEqual(0xEF, committed[0]);                     // no BOM
        Assert.Equal((byte)'\n', committed[^1]);                 // final newline
        Assert.DoesNotContain((byte)'\r', committed);

        // Restore fidelity: the file parses back to the same items, events and variables as the collection served.
        var restored = CollectionDocument.Parse(committed, "committed");
        var original = JsonNode.Parse(File.ReadAllText(Path.Combine(Emulator.ReferenceFiles.RepositoryRoot, "tests", "demo", "collections", "payments-api.postman_collection.json")))!;
        var back = JsonNode.Parse(restored.Root.GetRawText())!;
        Assert.Equal(summary.Id, back["info"]!["_postman_id"]!.ToString());   // the id Postman knows it by, for restore
        Assert.Null(back["info"]!["updatedAt"]);
        Assert.Null(back["info"]!["uid"]);
        Assert.Equal(StripIds(original["item"]!), StripIds(back["item"]!));
        Assert.True(JsonNode.DeepEquals(original["variable"], back["variable"]));
    }

    [Fact]
    public async Task A_second_run_with_nothing_changed_makes_no_commit_no_collection_download_and_at_most_two_GitHub_requests()
    {
        await using var world = await BackupWorld.StartAsync();
        var integrations = world.Integrations(Workspace);
        await world.RunAsync(integrations);
        var head = world.Repository.BranchSha("main");
        world.Server.ResetStatistics();
        world.Server.Postman.ResetRequestCounts();

        var session = world.Session();
        var outcome = Assert.Single(await world.RunAsync(integrations, session));

        Assert.Equal(BackupStatus.Unchanged, outcome.Result.Status);
        Assert.Null(outcome.Result.CommitSha);
        Assert.Equal(head, world.Repository.BranchSha("main"));
        Assert.Equal(0, world.Server.Statistics.CommitsCreated);
        Assert.InRange(world.Server.Statistics.TotalRequests, 1, 2);
        Assert.Equal(session.GitHubRequestCount, world.Server.Statistics.TotalRequests);
        Assert.Equal(0, world.Server.Postman.RequestCount("GET /collections/{collectionId}"));
        Assert.Equal(0, world.Server.Postman.RequestCount("GET /environments/{environmentId}"));
    }

    [Fact]
    public async Task A_state_file_over_the_contents_APIs_inline_limit_is_still_read_in_one_request()
    {
        // GitHub's Contents API leaves out the content of files over 1 MB unless the raw media type is asked
        // for; the emulator's limit is lowered so this workspace's state file is over it.
        await using var world = await BackupWorld.StartAsync(c => c["gitHubLimits"] = new Dictionary<string, object?> { ["contentsMaxInlineBytes"] = 1024 });
        var integrations = world.Integrations(Workspace);
        await world.RunAsync(integrations);
        Assert.True(world.Repository.ReadFile("main", BackupManifest.RepositoryPath)!.Length > 1024);
        world.Server.ResetStatistics();
        world.Server.Postman.ResetRequestCounts();

        var outcome = Assert.Single(await world.RunAsync(integrations));

        Assert.Equal(BackupStatus.Unchanged, outcome.Result.Status);
        Assert.Equal(1, world.Server.Statistics.TotalRequests);
        Assert.Equal(1, world.Server.Statistics.Requests("GET /repos/{owner}/{repo}/contents/{path}"));
        Assert.Equal(0, world.Server.Postman.RequestCount("GET /collections/{collectionId}"));
    }

    [Fact]
    public async Task A_changed_collection_is_the_only_download_and_costs_at_most_five_GitHub_requests_and_one_commit()
    {
        await using var world = await BackupWorld.StartAsync();
        var integrations = world.Integrations(Workspace);
        await world.RunAsync(integrations);
        var orders = world.Server.Postman.Collections("Payments").Single(c => c.Name == "Orders API");
        var json = JsonNode.Parse(world.Server.Postman.GetCollectionJson(orders.Id))!.AsObject();
        json["item"]!.AsArray().Add(JsonNode.Parse("""{ "name": "Ship order", "request": { "method": "POST", "url": "{{baseUrl}}/orders/:id/shipments" } }"""));
        world.Server.Postman.ReplaceCollection(orders.Id, json.ToJsonString());
        world.Server.ResetStatistics();
        world.Server.Postman.ResetRequestCounts();

        var outcome = Assert.Single(await world.RunAsync(integrations));

        Assert.Equal(BackupStatus.Updated, outcome.Result.Status);
        Assert.Equal(1, world.Server.Statistics.CommitsCreated);
        Assert.InRange(world.Server.Statistics.TotalRequests, 1, 5);
        Assert.Equal(1, world.Server.Postman.RequestCount("GET /collections/{collectionId}"));
        Assert.Contains("Orders API: + POST Ship order", outcome.Result.Changes);
        var updated = outcome.Result.Files.Single(f => f.Status == BackupStatus.Updated);
        Assert.Equal("Postman Collections/Orders API.postman_collection.json", updated.Path);
        Assert.Contains("+ POST Ship order", world.Repository.Log("main")[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Integrations_on_the_same_repository_and_branch_share_one_commit()
    {
        await using var world = await BackupWorld.StartAsync();
        var integrations = world.Integrations(@"
  - name: payments-only
    type: collection-backup
    source: { workspace: Payments, collection: Payments API }
    repository: contoso/api-backups
    fileName: payments.json
  - name: orders-only
    type: collection-backup
    source: { workspace: Payments, collection: orders api }
    repository: contoso/api-backups
    directory: orders
");
        var outcomes = await world.RunAsync(integrations);

        Assert.All(outcomes, o => Assert.Equal(BackupStatus.Created, o.Result.Status));
        Assert.Equal(outcomes[0].Result.CommitSha, outcomes[1].Result.CommitSha);
        Assert.Equal(1, world.Server.Statistics.CommitsCreated);
        var files = world.Repository.ReadTree("main");
        Assert.True(files.ContainsKey("Postman Collections/payments.json"));
        Assert.True(files.ContainsKey("orders/Orders API.postman_collection.json"));   // the directory is created by the commit
    }

    [Fact]
    public async Task Environments_are_backed_up_without_secret_values()
    {
        await using var world = await BackupWorld.StartAsync();
        await world.RunAsync(world.Integrations(Workspace));
        var environment = Encoding.UTF8.GetString(world.Repository.ReadFile("main", "Postman Collections/Production.postman_environment.json")!);
        Assert.Contains("https://api.example.com", environment, StringComparison.Ordinal);
        Assert.Contains("accessToken", environment, StringComparison.Ordinal);
        Assert.DoesNotContain("prod-secret-value-never-written", environment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_matching_two_collections_is_an_error_listing_both_ids_and_the_others_still_run()
    {
        await using var world = await BackupWorld.StartAsync();
        var twin = world.Server.Postman.AddCollection("Payments", """{ "info": { "name": "Orders API", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" }, "item": [] }""");
        var first = world.Server.Postman.Collections("Payments").First(c => c.Name == "Orders API" && c.Id != twin.Id);
        var outcomes = await world.RunAsync(world.Integrations(@"
  - name: ambiguous
    type: collection-backup
    source: { workspace: Payments, collection: Orders API }
    repository: contoso/api-backups
  - name: fine
    type: collection-backup
    source: { workspace: Payments, collection: Payments API }
    repository: contoso/api-backups
"));
        Assert.Equal(SyncErrorId.CollectionAmbiguous, outcomes[0].Error!.ErrorId);
        Assert.Contains(twin.Uid, outcomes[0].Error!.Message, StringComparison.Ordinal);
        Assert.Contains(first.Uid, outcomes[0].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(BackupStatus.Failed, outcomes[0].Result.Status);
        Assert.Equal(BackupStatus.Created, outcomes[1].Result.Status);
        Assert.DoesNotContain(world.Repository.ReadTree("main").Keys, k => k.Contains("Orders API", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_that_is_not_a_collection_is_InvalidCollection_with_its_json_path_and_nothing_of_it_is_committed()
    {
        await using var world = await BackupWorld.StartAsync();
        var bad = Path.Combine(world.Folder, "bad.json");
        File.WriteAllText(bad, """{ "info": { "name": "Broken", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" }, "item": { "name": "x" } }""");
        var head = world.Repository.BranchSha("main");

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(@"
  - name: broken
    type: collection-backup
    source: { file: ./bad.json }
    repository: contoso/api-backups
")));
        Assert.Equal(CollectionErrorIds.InvalidCollection, outcome.Error!.ErrorId);
        Assert.Contains("at $:", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Contains("'item'", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Equal(head, world.Repository.BranchSha("main"));
    }

    [Fact]
    public async Task A_file_that_deviates_from_the_schema_is_backed_up_with_a_warning_naming_the_json_path()
    {
        await using var world = await BackupWorld.StartAsync();
        const string deviating = """{ "info": { "name": "Deviating", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" }, "item": [ { "name": "x", "request": { "method": 42, "url": "https://example.com" } } ] }""";
        File.WriteAllText(Path.Combine(world.Folder, "deviating.json"), deviating);
        var warnings = new List<string>();

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(@"
  - name: deviating
    type: collection-backup
    source: { file: ./deviating.json }
    repository: contoso/api-backups
"), world.Session(warnings: warnings)));

        Assert.Null(outcome.Error);
        Assert.Equal(BackupStatus.Created, outcome.Result.Status);
        Assert.Equal(1, outcome.Result.Warnings);
        Assert.Contains(outcome.Result.Findings, f => f.ToString().StartsWith("Deviating: $.item[0].request.method: ", StringComparison.Ordinal) && f.Kind.StartsWith("item[].request.method: ", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("'Deviating'", StringComparison.Ordinal) && w.Contains("$.item[0].request.method", StringComparison.Ordinal));
        var committed = world.Repository.ReadFile("main", "Postman Collections/Deviating.postman_collection.json")!;
        Assert.Equal(Collections.DomNormalizer.Normalize(CollectionDocument.Parse(Encoding.UTF8.GetBytes(deviating), "x")), committed);
        Assert.Equal(42, JsonNode.Parse(committed)!["item"]![0]!["request"]!["method"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("block")]
    [InlineData("redact")]
    [InlineData("keep")]
    [InlineData("warn")]
    [InlineData("")]
    public async Task Secrets_in_a_collection_follow_the_policy(string policy)
    {
        await using var world = await BackupWorld.StartAsync();
        var secret = "sk_live_51HcVYzKx0123456789abcdefSECRET";
        var file = Path.Combine(world.Folder, "leaky.json");
        File.WriteAllText(file, """{ "info": { "name": "Leaky", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" }, "item": [ { "name": "call", "request": { "method": "GET", "url": "https://x", "auth": { "type": "bearer", "bearer": [ { "key": "token", "value": "SECRET", "type": "string" } ] } } } ] }""".Replace("SECRET", secret, StringComparison.Ordinal));
        var warnings = new List<string>();
        var head = world.Repository.BranchSha("main");

        var outcome = Assert.Single(await world.RunAsync(world.Integrations($@"
  - name: leaky
    type: collection-backup
    source: {{ file: ./leaky.json }}
    repository: contoso/api-backups
{(policy.Length == 0 ? string.Empty : "    secretPolicy: " + policy)}
"), world.Session(warnings: warnings)));

        var committed = world.Repository.ReadFile("main", "Postman Collections/Leaky.postman_collection.json");
        Assert.All(warnings, w => Assert.DoesNotContain(secret, w, StringComparison.Ordinal));
        switch (policy)
        {
            case "block":
                Assert.Equal(CollectionErrorIds.SecretsInCollection, outcome.Error!.ErrorId);
                Assert.DoesNotContain(secret, outcome.Error.Message, StringComparison.Ordinal);
                Assert.Equal(head, world.Repository.BranchSha("main"));
                Assert.Null(committed);
                break;
            case "redact" or "":
                // Redact is the default: no secretPolicy at all keeps the value out of git history.
                Assert.Null(outcome.Error);
                Assert.Equal(1, outcome.Result.SecretsFound);
                Assert.Contains(warnings, w => w.Contains("leaky", StringComparison.Ordinal) && w.Contains("$.item[0].request.auth", StringComparison.Ordinal));
                Assert.DoesNotContain(secret, Encoding.UTF8.GetString(committed!), StringComparison.Ordinal);
                Assert.Contains(SecretScanner.PlaceholderPrefix, Encoding.UTF8.GetString(committed!), StringComparison.Ordinal);
                break;
            default:
                Assert.Null(outcome.Error);
                Assert.Contains(warnings, w => w.Contains("leaky", StringComparison.Ordinal) && w.Contains("$.item[0].request.auth", StringComparison.Ordinal));
                Assert.Contains(secret, Encoding.UTF8.GetString(committed!), StringComparison.Ordinal);
                break;
        }
    }

    [Theory]
    [InlineData("block")]
    [InlineData("redact")]
    [InlineData("keep")]
    [InlineData("warn")]
    public async Task Secrets_in_an_environment_follow_the_policy(string policy)
    {
        const string key = "live_key_7f3a9c2e5b8d1f4a6c0e9b2d";
        await using var world = await BackupWorld.StartAsync(c =>
        {
            var workspace = (Dictionary<string, object?>)((object[])((Dictionary<string, object?>)c["postman"]!)["workspaces"]!)[0];
            workspace["environments"] = new object[]
            {
                new { name = "Production", values = new object[] { new { key = "baseUrl", value = "https://api.example.com", enabled = true, type = "default" }, new { key = "apiKey", value = key, enabled = true, type = "default" } } },
            };
        });
        var warnings = new List<string>();
        var head = world.Repository.BranchSha("main");

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Workspace.Replace("repository:", $"secretPolicy: {policy}\n    repository:", StringComparison.Ordinal)), world.Session(warnings: warnings)));

        var committed = world.Repository.ReadFile("main", "Postman Collections/Production.postman_environment.json");
        Assert.All(warnings, w => Assert.DoesNotContain(key, w, StringComparison.Ordinal));
        switch (policy)
        {
            case "block":
                // The environment fails on its own; the workspace's collections are still committed.
                Assert.Null(outcome.Error);
                var blocked = Assert.Single(outcome.ItemErrors);
                Assert.Equal(CollectionErrorIds.SecretsInCollection, blocked.ErrorId);
                Assert.Contains("environment 'Production'", blocked.Message, StringComparison.Ordinal);
                Assert.Null(committed);
                Assert.NotEqual(head, world.Repository.BranchSha("main"));
                Assert.Equal(1, outcome.Result.FailedCount);
                break;
            case "redact":
                Assert.Null(outcome.Error);
                Assert.Equal(1, outcome.Result.SecretsFound);
                Assert.DoesNotContain(key, Encoding.UTF8.GetString(committed!), StringComparison.Ordinal);
                Assert.Contains(SecretScanner.PlaceholderPrefix, Encoding.UTF8.GetString(committed!), StringComparison.Ordinal);
                Assert.Contains("https://api.example.com", Encoding.UTF8.GetString(committed!), StringComparison.Ordinal);
                break;
            default:
                Assert.Null(outcome.Error);
                Assert.Contains(warnings, w => w.Contains("environment 'Production'", StringComparison.Ordinal) && w.Contains("$.values[1].value", StringComparison.Ordinal));
                Assert.Contains(key, Encoding.UTF8.GetString(committed!), StringComparison.Ordinal);
                break;
        }
    }

    [Fact]
    public async Task A_stricter_secret_policy_applies_to_collections_Postman_did_not_change()
    {
        await using var world = await BackupWorld.StartAsync();
        const string secret = "sk_live_51HcVYzKx0123456789abcdefSECRET";
        world.Server.Postman.AddCollection("Payments", """{ "info": { "name": "Leaky", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" }, "item": [ { "name": "call", "request": { "method": "GET", "url": "https://x", "auth": { "type": "bearer", "bearer": [ { "key": "token", "value": "SECRET", "type": "string" } ] } } } ] }""".Replace("SECRET", secret, StringComparison.Ordinal));
        string Definitions(string policy) => $@"
  - name: payments
    type: collection-backup
    source: {{ workspace: Payments, collection: '*' }}
    repository: contoso/api-backups
    secretPolicy: {policy}
";
        const string leaky = "Postman Collections/Leaky.postman_collection.json";
        await world.RunAsync(world.Integrations(Definitions("warn")));
        Assert.Contains(secret, Encoding.UTF8.GetString(world.Repository.ReadFile("main", leaky)!), StringComparison.Ordinal);
        world.Server.Postman.ResetRequestCounts();

        var redacted = Assert.Single(await world.RunAsync(world.Integrations(Definitions("redact"))));

        // Only the collection that had secrets is downloaded again; the file now has the placeholder.
        Assert.Equal(1, world.Server.Postman.RequestCount("GET /collections/{collectionId}"));
        Assert.Equal(BackupStatus.Updated, redacted.Result.Status);
        Assert.DoesNotContain(secret, Encoding.UTF8.GetString(world.Repository.ReadFile("main", leaky)!), StringComparison.Ordinal);
        world.Server.Postman.ResetRequestCounts();

        var again = Assert.Single(await world.RunAsync(world.Integrations(Definitions("redact"))));

        Assert.Equal(BackupStatus.Unchanged, again.Result.Status);
        Assert.Equal(0, world.Server.Postman.RequestCount("GET /collections/{collectionId}"));
    }

    [Fact]
    public async Task A_race_on_the_branch_is_rebuilt_on_the_new_head_and_both_commits_stay()
    {
        await using var world = await BackupWorld.StartAsync();
        world.Server.InjectRefRace("contoso", "api-backups", "main", "someone-else.txt");

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Workspace)));

        Assert.Null(outcome.Error);
        var log = world.Repository.Log("main");
        Assert.Equal(outcome.Result.CommitSha, log[0].Sha);
        Assert.Equal("Someone Else", log[1].AuthorName);               // their commit is the parent of ours
        var files = world.Repository.ReadTree("main");
        Assert.True(files.ContainsKey("someone-else.txt"));
        Assert.True(files.ContainsKey("Postman Collections/Payments API.postman_collection.json"));
    }

    [Fact]
    public async Task A_race_with_another_backup_keeps_the_state_that_backup_recorded()
    {
        await using var world = await BackupWorld.StartAsync();
        var integrations = world.Integrations(Workspace);
        await world.RunAsync(integrations);
        // Another backup of this repository (another machine, another definitions file) pushes its state while this
        // run commits: its entry for a file of its own must survive our commit.
        var state = BackupManifest.Parse(world.Repository.ReadFile("main", BackupManifest.RepositoryPath));
        state.Files["Other Team/Billing.postman_collection.json"] = new BackupManifestEntry { Integration = "billing", Name = "Billing", Sha = "0123456789abcdef0123456789abcdef01234567", UpdatedAt = "2026-11-01T00:00:00.000Z" };
        world.Server.InjectRefRace("contoso", "api-backups", "main", BackupManifest.RepositoryPath, System.Text.Encoding.UTF8.GetString(state.ToJson()));
        var orders = world.Server.Postman.Collections("Payments").Single(c => c.Name == "Orders API");
        var json = JsonNode.Parse(world.Server.Postman.GetCollectionJson(orders.Id))!.AsObject();
        json["item"]!.AsArray().Add(JsonNode.Parse("""{ "name": "Ship order", "request": { "method": "POST", "url": "{{baseUrl}}/orders/:id/shipments" } }"""));
        world.Server.Postman.ReplaceCollection(orders.Id, json.ToJsonString());

        var outcome = Assert.Single(await world.RunAsync(integrations));

        Assert.Equal(BackupStatus.Updated, outcome.Result.Status);
        Assert.Equal("Someone Else", world.Repository.Log("main")[1].AuthorName);
        var merged = BackupManifest.Parse(world.Repository.ReadFile("main", BackupManifest.RepositoryPath));
        Assert.Equal("billing", merged.Files["Other Team/Billing.postman_collection.json"].Integration);       // theirs kept
        var ours = merged.Files["Postman Collections/Orders API.postman_collection.json"];
        Assert.Equal(GitBlob.ComputeSha1(world.Repository.ReadFile("main", "Postman Collections/Orders API.postman_collection.json")!), ours.Sha);   // ours updated
    }

    [Fact]
    public async Task A_storm_of_502_and_a_secondary_rate_limit_end_in_success()
    {
        await using var world = await BackupWorld.StartAsync();
        world.Server.InjectFault(new FaultRule { Method = "POST", PathPattern = "/repos/*/git/trees", Count = 3, Status = 502 });
        world.Server.InjectSecondaryRateLimit(retryAfterSeconds: 1, count: 1);

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Workspace)));

        Assert.Null(outcome.Error);
        Assert.Equal(BackupStatus.Created, outcome.Result.Status);
        Assert.Equal(1, world.Server.Statistics.CommitsCreated);
    }

    [Fact]
    public async Task A_primary_rate_limit_that_resets_too_late_is_RateLimited_and_nothing_is_half_written()
    {
        await using var world = await BackupWorld.StartAsync();
        var head = world.Repository.BranchSha("main");
        world.Server.InjectPrimaryRateLimit(TimeSpan.FromHours(1), count: 100);

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Workspace)));

        Assert.Equal(SyncErrorId.RateLimited, outcome.Error!.ErrorId);
        Assert.Contains("Run again after", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Equal(head, world.Repository.BranchSha("main"));
    }

    [Fact]
    public async Task A_missing_branch_is_BranchNotFound_and_is_never_created()
    {
        await using var world = await BackupWorld.StartAsync();
        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Workspace + "    branch: backups\n")));
        Assert.Equal(SyncErrorId.BranchNotFound, outcome.Error!.ErrorId);
        Assert.Contains("git push origin HEAD:refs/heads/backups", outcome.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("backups", world.Repository.Branches);
    }

    [Fact]
    public async Task An_existing_other_branch_is_written_and_the_default_branch_is_left_alone()
    {
        await using var world = await BackupWorld.StartAsync();
        var main = world.Repository.BranchSha("main");
        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Workspace + "    branch: develop\n")));
        Assert.Equal("develop", outcome.Result.Branch);
        Assert.Equal(outcome.Result.CommitSha, world.Repository.BranchSha("develop"));
        Assert.Equal(main, world.Repository.BranchSha("main"));
    }

    [Fact]
    public async Task An_empty_repository_gets_its_first_commit()
    {
        await using var world = await BackupWorld.StartAsync();
        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Workspace.Replace("contoso/api-backups", "contoso/empty", StringComparison.Ordinal))));
        Assert.Null(outcome.Error);
        var files = world.Server.GetRepository("contoso", "empty").ReadTree("main");
        Assert.True(files.ContainsKey("Postman Collections/Payments API.postman_collection.json"));
        Assert.True(files.ContainsKey(BackupManifest.RepositoryPath));
    }

    [Theory]
    [InlineData("contoso/api-backups", "read-only token", "Contents: Read and write")]
    [InlineData("contoso/archived", "archived", "archived")]
    [InlineData("contoso/api-backups@release", "protected branch", "protected")]
    public async Task Refused_pushes_are_PushDenied_with_the_remedy(string target, string label, string remedy)
    {
        await using var world = await BackupWorld.StartAsync();
        var parts = target.Split('@');
        var yaml = Workspace.Replace("contoso/api-backups", parts[0], StringComparison.Ordinal) + (parts.Length > 1 ? $"    branch: {parts[1]}\n" : string.Empty);
        var session = label == "read-only token" ? world.Session(BackupWorld.ReadOnlyToken) : world.Session();
        var outcome = Assert.Single(await world.RunAsync(world.Integrations(yaml), session));
        Assert.Equal(SyncErrorId.PushDenied, outcome.Error!.ErrorId);
        Assert.Contains(remedy, outcome.Error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WhatIf_fetches_and_compares_but_writes_nothing()
    {
        await using var world = await BackupWorld.StartAsync();
        var head = world.Repository.BranchSha("main");
        var asked = new List<string>();
        var session = world.Session(shouldProcess: (target, action) =>
        {
            asked.Add(target + ": " + action);
            return Task.FromResult(false);
        });

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(Workspace), session));

        Assert.Equal(BackupStatus.WouldCreate, outcome.Result.Status);
        Assert.Contains(asked, a => a.StartsWith("contoso/api-backups: Commit 3 changed file(s)", StringComparison.Ordinal));
        Assert.Equal(head, world.Repository.BranchSha("main"));
        Assert.Equal(0, world.Server.Statistics.CommitsCreated);
        Assert.Equal(0, world.Server.Statistics.ContentCreatingRequests);
    }

    [Fact]
    public async Task An_unchanged_file_source_is_byte_identical_and_not_committed_again()
    {
        await using var world = await BackupWorld.StartAsync();
        File.Copy(Path.Combine(Emulator.ReferenceFiles.RepositoryRoot, "tests", "demo", "collections", "orders-api.postman_collection.json"), Path.Combine(world.Folder, "orders.json"));
        var integrations = world.Integrations(@"
  - name: exported
    type: collection-backup
    source: { file: ./orders.json }
    repository: contoso/api-backups
");
        var first = Assert.Single(await world.RunAsync(integrations));
        var bytes = world.Repository.ReadFile("main", "Postman Collections/Orders API.postman_collection.json");
        var second = Assert.Single(await world.RunAsync(integrations));

        Assert.Equal(BackupStatus.Created, first.Result.Status);
        Assert.Equal(BackupStatus.Unchanged, second.Result.Status);
        Assert.Equal(bytes, world.Repository.ReadFile("main", "Postman Collections/Orders API.postman_collection.json"));
        Assert.Equal(1, world.Server.Statistics.CommitsCreated);
    }

    [Fact]
    public async Task A_collection_file_that_cannot_be_read_fails_only_its_integration()
    {
        await using var world = await BackupWorld.StartAsync();
        var locked = Path.Combine(world.Folder, "orders.json");
        File.Copy(Path.Combine(Emulator.ReferenceFiles.RepositoryRoot, "tests", "demo", "collections", "orders-api.postman_collection.json"), locked);
        var integrations = world.Integrations(@"
  - name: exported
    type: collection-backup
    source: { file: ./orders.json }
    repository: contoso/api-backups
    directory: exported
  - name: payments
    type: collection-backup
    source: { workspace: Payments, collection: Payments API }
    repository: contoso/api-backups
");
        IReadOnlyList<PSGitHubSync.Engine.IntegrationOutcome<BackupResult>> outcomes;
        using (new FileStream(locked, FileMode.Open, FileAccess.ReadWrite, FileShare.None))   // being written by an export, say
        {
            outcomes = await world.RunAsync(integrations);
        }

        var failed = outcomes.Single(o => o.Integration.Name == "exported");
        Assert.Equal(SyncErrorId.SourceFileNotFound, failed.Error!.ErrorId);
        Assert.Contains("could not be read", failed.Error.Message, StringComparison.Ordinal);
        Assert.Equal(BackupStatus.Created, outcomes.Single(o => o.Integration.Name == "payments").Result.Status);
        Assert.Equal(1, world.Server.Statistics.CommitsCreated);
    }

    private static string StripIds(JsonNode items)
    {
        // The API adds ids to every item; compare the rest.
        var copy = JsonNode.Parse(items.ToJsonString())!;
        void Walk(JsonNode? node)
        {
            if (node is JsonObject obj)
            {
                obj.Remove("id");
                obj.Remove("uid");
                foreach (var child in obj.Select(p => p.Value).ToList()) Walk(child);
            }
            else if (node is JsonArray array)
            {
                foreach (var child in array) Walk(child);
            }
        }
        Walk(copy);
        return copy.ToJsonString();
    }
}

/// <summary>The backup state file: small, and the request index survives a round trip.</summary>
public sealed class BackupManifestTests
{
    [Fact]
    public void The_request_index_round_trips_through_the_compact_encoding()
    {
        var collection = Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(Emulator.ReferenceFiles.RepositoryRoot, "tests", "demo", "collections", "payments-api.postman_collection.json")));
        var index = Collections.DomRequestIndex.FromJson(collection);
        var manifest = new BackupManifest { Branch = "main" };
        manifest.Files["Postman Collections/Payments API.postman_collection.json"] = new BackupManifestEntry { Integration = "payments", Name = "Payments API", Sha = "abc", UpdatedAt = "2026-01-01T00:00:00.000Z", Requests = index };

        var back = BackupManifest.Parse(manifest.ToJson());

        var entry = back.Files["Postman Collections/Payments API.postman_collection.json"];
        Assert.Equal("main", back.Branch);
        Assert.Equal("2026-01-01T00:00:00.000Z", entry.UpdatedAt);
        Assert.Equal(index.Select(r => (r.Identity, r.Name, r.Folder, r.Method, r.Hash)), entry.Requests.Select(r => (r.Identity, r.Name, r.Folder, r.Method, r.Hash)));
        Assert.Empty(RequestIndex.Compare(entry.Requests, index));
    }

    [Fact]
    public void A_thousand_requests_take_a_few_bytes_each()
    {
        var requests = Enumerable.Range(0, 1000).Select(i => new RequestEntry(Guid.NewGuid().ToString("N").Substring(0, 12), $"Request {i}", $"Folder {i % 10}/Sub", "GET", Guid.NewGuid().ToString("N").Substring(0, 12))).ToArray();
        var manifest = new BackupManifest();
        manifest.Files["a.json"] = new BackupManifestEntry { Requests = requests };
        Assert.InRange(manifest.ToJson().Length, 1, 40 * 1000);
        Assert.Equal(1000, BackupManifest.Parse(manifest.ToJson()).Files["a.json"].Requests.Count);
    }
}
