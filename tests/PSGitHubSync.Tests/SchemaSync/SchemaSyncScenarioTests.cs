using System.Text;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Schemas;
using PSGitHubSync.Engine.SchemaSync;
using PSGitHubSync.Tests.Schemas;
using Xunit;
using static PSGitHubSync.Tests.SchemaSync.SchemaSyncWorld;

namespace PSGitHubSync.Tests.SchemaSync;

/// <summary>
/// Schema sync beyond the decision table: races on the branch, invalid schemas of each format, multi-file
/// OpenAPI folders with $refs and deletions, byte fidelity (CRLF, BOM), ephemeral runners, -WhatIf, and
/// the shape of both sides.
/// </summary>
public sealed class SchemaSyncScenarioTests
{
    private static readonly byte[] Bom = { 0xEF, 0xBB, 0xBF };

    private static string Folder(string name = "orders-schema", string local = "./api", string path = "orders") =>
        "  - name: " + name + "\n    type: schema-sync\n    source: { file: " + local + " }\n    repository: contoso/payments\n    path: " + path + "\n    branch: main\n";

    private static void WriteOrders(SchemaSyncWorld world, string folder = "api")
    {
        world.WriteLocal(folder + "/openapi.yaml", OrdersRoot);
        world.WriteLocal(folder + "/schemas/order.yaml", OrdersOrder);
        world.WriteLocal(folder + "/schemas/status.yaml", OrdersStatus);
    }

    // ---- Races on the branch during a push ----

    [Fact]
    public async Task A_push_racing_with_a_commit_elsewhere_on_the_branch_decides_again_and_keeps_the_other_commit()
    {
        await using var world = await StartAsync();
        world.WriteLocal("openapi.yaml", OpenApi("1.0"));
        var @base = (await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.Pushed)).CommitSha!;
        world.WriteLocal("openapi.yaml", OpenApi("1.1"));
        world.Server.InjectRefRace("contoso", "payments", "main", "race.txt");
        var verbose = new List<string>();

        var result = await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.Pushed, session: world.Session(verbose: verbose));

        var log = world.Repository.Log("main");
        Assert.Equal(result.CommitSha, log[0].Sha);
        Assert.Equal("Someone Else", log[1].AuthorName);                  // the racing commit stays, under ours
        Assert.Equal(log[1].Sha, Assert.Single(log[0].Parents));
        Assert.Equal(@base, Assert.Single(log[1].Parents));
        Assert.NotNull(world.Repository.ReadFile("main", "race.txt"));
        Assert.Equal(Utf8(OpenApi("1.1")), world.Repository.ReadFile("main", "api/openapi.yaml"));
        Assert.Equal(result.CommitSha, world.State("payments-schema"));
        Assert.Equal(log[1].Sha, result.RemoteCommit);                     // decided on the new head
        Assert.Contains(verbose, v => v.Contains("moved while pushing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_push_racing_with_a_change_to_the_schema_itself_becomes_a_conflict_and_overwrites_nothing()
    {
        await using var world = await StartAsync();
        world.WriteLocal("openapi.yaml", OpenApi("1.0"));
        var @base = (await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.Pushed)).CommitSha!;
        world.WriteLocal("openapi.yaml", OpenApi("1.1"));
        world.Server.InjectRefRace("contoso", "payments", "main", "api/openapi.yaml");

        var outcome = await world.RunAsync(world.FileIntegration());

        Assert.Equal(SchemaSyncDirection.Conflict, outcome.Result.Direction);
        Assert.Equal(SyncErrorId.SchemaSyncConflict, outcome.Error!.ErrorId);
        var head = world.Repository.Log("main")[0];
        Assert.Equal("Someone Else", head.AuthorName);                    // their change is the head, ours was not pushed over it
        Assert.StartsWith("Changed by someone else", Encoding.UTF8.GetString(world.Repository.ReadFile("main", "api/openapi.yaml")!), StringComparison.Ordinal);
        Assert.Equal(@base, world.State("payments-schema"));
        Assert.Equal(Utf8(OpenApi("1.1")), world.ReadLocal("openapi.yaml"));
    }

    // ---- Invalid schemas are never copied ----

    public static TheoryData<string, string, string, string> InvalidSchemas => new()
    {
        // file name, format, invalid content, problem id
        { "openapi.yaml", "openapi", "openapi: 3.0.3\ninfo:\n  title: Payments\n  version: '1.0'\npaths:\n  /payments:\n    get: [unclosed\n", SchemaProblemId.SyntaxError },
        { "api.raml", "raml", "#%RAML 2.0\ntitle: Payments API\n/payments:\n  get:\n", SchemaProblemId.InvalidHeader },
        { "schema.graphql", "graphql", "type Query {\n  payment(id: ID!): Payment\n  broken(: Int\n}\n", SchemaProblemId.SyntaxError },
    };

    [Theory]
    [MemberData(nameof(InvalidSchemas))]
    public async Task An_invalid_local_schema_of_each_format_is_refused_with_its_location_and_nothing_is_pushed(string fileName, string format, string invalid, string problemId)
    {
        await using var world = await StartAsync();
        var integration = world.FileIntegration(local: "./" + fileName, path: "api/" + fileName);
        world.WriteLocal(fileName, invalid);
        var refsBefore = world.Repository.Refs;

        var outcome = await world.RunAsync(integration);

        var error = Assert.IsType<InvalidSchemaException>(outcome.Error);
        Assert.Equal(SchemaErrorIds.InvalidSchema, error.ErrorId);
        Assert.Equal(SyncErrorCategory.InvalidData, error.Category);
        Assert.Equal("payments-schema", error.Target);
        var problem = Assert.Single(error.Problems, p => p.ProblemId == problemId);
        Assert.Equal(fileName, problem.File);
        Assert.True(problem.Line > 0, "the problem has a location");
        Assert.Contains($"{fileName}:{problem.Line}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was copied to the other side", error.Message, StringComparison.Ordinal);
        Assert.Contains("the local side", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(SchemaSyncDirection.Failed, outcome.Result.Direction);
        Assert.Equal(refsBefore, world.Repository.Refs);                  // no commit, no state ref
        Assert.Null(world.Repository.ReadFile("main", "api/" + fileName));
        _ = format;
    }

    public static TheoryData<string, string, string> ValidSchemas => new()
    {
        { "openapi.yaml", SchemaTestSupport.OpenApi30Yaml, "openapi" },
        { "swagger.json", SchemaTestSupport.Swagger20Json, "openapi" },
        { "openapi31.yaml", SchemaTestSupport.OpenApi31Yaml, "openapi" },
        { "api.raml", SchemaTestSupport.Raml10, "raml" },
        { "api08.raml", SchemaTestSupport.Raml08, "raml" },
        { "schema.graphql", SchemaTestSupport.GraphQLSdl, "graphql" },
    };

    [Theory]
    [MemberData(nameof(ValidSchemas))]
    public async Task A_valid_schema_of_each_format_and_version_syncs_detected_or_named(string fileName, string content, string format)
    {
        await using var world = await StartAsync();
        world.WriteLocal(fileName, content);
        await world.SyncAsync(world.FileIntegration(local: "./" + fileName, path: "api/" + fileName), SchemaSyncDirection.Pushed);
        Assert.Equal(Utf8(content), world.Repository.ReadFile("main", "api/" + fileName));

        // The same with 'format:' given, the other way round.
        await world.CommitRemoteAsync("main", ("named/" + fileName, Utf8(content)));
        File.Delete(world.LocalPath(fileName));
        await world.SyncAsync(world.FileIntegration("named", format, local: "./" + fileName, path: "named/" + fileName), SchemaSyncDirection.Pulled);
        Assert.Equal(Utf8(content), world.ReadLocal(fileName));
    }

    [Fact]
    public async Task An_invalid_repository_schema_is_not_pulled_and_the_local_side_is_untouched()
    {
        await using var world = await StartAsync();
        world.WriteLocal("schema.graphql", SchemaTestSupport.GraphQLSdl);
        var integration = world.FileIntegration(local: "./schema.graphql", path: "api/schema.graphql");
        await world.SyncAsync(integration, SchemaSyncDirection.Pushed);
        var head = await world.CommitRemoteAsync("api/schema.graphql", "type Query {\n  a: String\n\n");

        var outcome = await world.RunAsync(integration);

        var error = Assert.IsType<InvalidSchemaException>(outcome.Error);
        Assert.Contains("The repository side (contoso/payments api/schema.graphql on main)", error.Message, StringComparison.Ordinal);
        Assert.Equal(Utf8(SchemaTestSupport.GraphQLSdl), world.ReadLocal("schema.graphql"));
        Assert.NotEqual(head, world.State("payments-schema"));
    }

    [Fact]
    public async Task The_format_given_in_the_definition_wins_over_detection_and_a_mismatch_is_refused()
    {
        await using var world = await StartAsync();
        world.WriteLocal("openapi.yaml", OpenApi("1.0"));

        var outcome = await world.RunAsync(world.FileIntegration(format: "raml"));

        var error = Assert.IsType<InvalidSchemaException>(outcome.Error);
        Assert.Contains(error.Problems, p => p.ProblemId == SchemaProblemId.FormatMismatch);
        Assert.Null(world.Repository.ReadFile("main", "api/openapi.yaml"));
    }

    // ---- Multi-file schemas ----

    [Fact]
    public async Task A_multi_file_OpenAPI_folder_with_refs_syncs_as_one_unit_including_a_deleted_file()
    {
        await using var world = await StartAsync();
        var integration = world.Integration(Folder());
        WriteOrders(world);
        world.WriteLocal("api/schemas/legacy.yaml", "Legacy:\n  type: string\n");

        var first = await world.SyncAsync(integration, SchemaSyncDirection.Pushed);
        Assert.Equal(new[] { "openapi.yaml", "schemas/legacy.yaml", "schemas/order.yaml", "schemas/status.yaml" }, first.Files);
        Assert.Equal(1, world.Server.Statistics.CommitsCreated);
        Assert.Equal(Utf8(OrdersOrder), world.Repository.ReadFile("main", "orders/schemas/order.yaml"));

        // Delete one file and change another locally: ONE commit carries both.
        File.Delete(world.LocalPath("api/schemas/legacy.yaml"));
        world.WriteLocal("api/schemas/status.yaml", OrdersStatus.Replace("shipped", "shipped, cancelled", StringComparison.Ordinal));
        world.Server.ResetStatistics();

        var second = await world.SyncAsync(integration, SchemaSyncDirection.Pushed);

        Assert.Equal(1, world.Server.Statistics.CommitsCreated);
        Assert.Equal(new[] { "schemas/legacy.yaml", "schemas/status.yaml" }, second.Files);
        var tree = world.Repository.ReadTree("main");
        Assert.False(tree.ContainsKey("orders/schemas/legacy.yaml"));
        Assert.Contains("cancelled", Encoding.UTF8.GetString(tree["orders/schemas/status.yaml"]), StringComparison.Ordinal);
        var message = world.Repository.Log("main")[0].Message;
        Assert.Contains("- orders/schemas/legacy.yaml", message, StringComparison.Ordinal);
        Assert.Contains("~ orders/schemas/status.yaml", message, StringComparison.Ordinal);
        Assert.Equal(first.CommitSha, Assert.Single(world.Repository.Log("main")[0].Parents));

        // The repository adds, changes and deletes files: the local folder becomes exactly the repository's.
        var money = "Money:\n  type: number\n";
        var order = "Order:\n  type: object\n  properties:\n    total:\n      $ref: './money.yaml#/Money'\n";
        var head = await world.CommitRemoteAsync("main", ("orders/schemas/status.yaml", null), ("orders/schemas/money.yaml", Utf8(money)), ("orders/schemas/order.yaml", Utf8(order)));

        var third = await world.SyncAsync(integration, SchemaSyncDirection.Pulled);

        Assert.Equal(new[] { "schemas/money.yaml", "schemas/order.yaml", "schemas/status.yaml" }, third.Files);
        var local = world.ReadLocalFolder("api");
        Assert.Equal(new[] { "openapi.yaml", "schemas/money.yaml", "schemas/order.yaml" }, local.Keys);
        Assert.Equal(Utf8(order), local["schemas/order.yaml"]);
        Assert.Equal(head, world.State("orders-schema"));
        Assert.Empty(Directory.GetDirectories(world.Folder, "api.psgithubsync-*"));    // no staging folder left behind
    }

    [Fact]
    public async Task A_pull_into_a_folder_keeps_what_the_sync_never_reads_a_git_folder()
    {
        await using var world = await StartAsync();
        var integration = world.Integration(Folder());
        WriteOrders(world);
        await world.SyncAsync(integration, SchemaSyncDirection.Pushed);
        world.WriteLocal("api/.git/HEAD", "ref: refs/heads/main\n");                        // a nested repository
        var money = "Money:\n  type: number\n";
        await world.CommitRemoteAsync("main", ("orders/schemas/money.yaml", Utf8(money)));

        await world.SyncAsync(integration, SchemaSyncDirection.Pulled);

        Assert.Equal(money, File.ReadAllText(world.LocalPath("api/schemas/money.yaml")));
        Assert.Equal("ref: refs/heads/main\n", File.ReadAllText(world.LocalPath("api/.git/HEAD")));
        Assert.Empty(Directory.GetDirectories(world.Folder, "api.psgithubsync-*"));
        // (A linked folder is never followed: the folder is refused, see SchemaSyncLocalFileTests.)
    }

    [Fact]
    public async Task A_ref_to_a_file_that_is_not_in_the_folder_is_refused()
    {
        await using var world = await StartAsync();
        WriteOrders(world);
        File.Delete(world.LocalPath("api/schemas/status.yaml"));

        var outcome = await world.RunAsync(world.Integration(Folder()));

        var error = Assert.IsType<InvalidSchemaException>(outcome.Error);
        var problem = Assert.Single(error.Problems, p => p.ProblemId == SchemaProblemId.MissingFile);
        Assert.Equal("schemas/order.yaml", problem.File);
        Assert.DoesNotContain(world.Repository.ReadTree("main").Keys, k => k.StartsWith("orders/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_repository_change_that_breaks_a_ref_is_not_pulled()
    {
        await using var world = await StartAsync();
        var integration = world.Integration(Folder());
        WriteOrders(world);
        await world.SyncAsync(integration, SchemaSyncDirection.Pushed);
        await world.CommitRemoteAsync("main", ("orders/schemas/status.yaml", null));
        var before = world.ReadLocalFolder("api");

        var outcome = await world.RunAsync(integration);

        Assert.Equal(SchemaErrorIds.InvalidSchema, outcome.Error!.ErrorId);
        Assert.Equal(before, world.ReadLocalFolder("api"));
    }

    [Fact]
    public async Task Pulled_files_keep_their_bytes_CRLF_and_byte_order_mark_included()
    {
        await using var world = await StartAsync();
        var root = Bom.Concat(Utf8(OrdersRoot.Replace("\n", "\r\n", StringComparison.Ordinal))).ToArray();
        var order = Utf8(OrdersOrder.Replace("\n", "\r\n", StringComparison.Ordinal));
        var status = Utf8(OrdersStatus);     // LF: mixed endings across files stay as they are
        await world.CommitRemoteAsync("main", ("orders/openapi.yaml", root), ("orders/schemas/order.yaml", order), ("orders/schemas/status.yaml", status));

        await world.SyncAsync(world.Integration(Folder()), SchemaSyncDirection.Pulled);

        var local = world.ReadLocalFolder("api");
        Assert.Equal(root, local["openapi.yaml"]);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, local["openapi.yaml"].Take(3));
        Assert.Equal(order, local["schemas/order.yaml"]);
        Assert.Equal(status, local["schemas/status.yaml"]);

        // Single file too.
        var single = Bom.Concat(Utf8(OpenApi("7.0").Replace("\n", "\r\n", StringComparison.Ordinal))).ToArray();
        await world.CommitRemoteAsync("main", ("api/openapi.yaml", single));
        await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.Pulled);
        Assert.Equal(single, world.ReadLocal("openapi.yaml"));
    }

    [Fact]
    public async Task Pushed_files_keep_their_bytes_CRLF_and_byte_order_mark_included()
    {
        await using var world = await StartAsync();
        var content = Bom.Concat(Utf8(OpenApi("1.0").Replace("\n", "\r\n", StringComparison.Ordinal))).ToArray();
        world.WriteLocal("openapi.yaml", content);

        await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.Pushed);

        Assert.Equal(content, world.Repository.ReadFile("main", "api/openapi.yaml"));
        await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.InSync);   // and compare equal afterwards
    }

    [Fact]
    public async Task A_file_on_one_side_and_a_folder_on_the_other_is_refused()
    {
        await using var world = await StartAsync();
        await world.CommitRemoteAsync("orders", OrdersRoot);                       // 'orders' is a FILE in the repository
        WriteOrders(world);
        var refsBefore = world.Repository.Refs;

        var outcome = await world.RunAsync(world.Integration(Folder()));

        Assert.Equal(SyncErrorId.IntegrationInvalid, outcome.Error!.ErrorId);
        Assert.Contains("is a folder, but orders is a file", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Equal(refsBefore, world.Repository.Refs);
    }

    // ---- The base survives ephemeral runners ----

    [Fact]
    public async Task A_runner_that_starts_from_an_empty_disk_still_knows_the_last_synced_state()
    {
        await using var world = await StartAsync();
        WriteOrders(world);
        var first = await world.SyncAsync(world.Integration(Folder()), SchemaSyncDirection.Pushed);

        // Run 2 on a new runner: the whole disk is gone (definitions file, schema folder, any temp state); a fresh
        // checkout has the synced schema plus a local edit, and the repository did not change.
        world.ReplaceFolder();
        WriteOrders(world);
        world.WriteLocal("api/schemas/status.yaml", OrdersStatus.Replace("shipped", "shipped, lost", StringComparison.Ordinal));
        var second = await world.SyncAsync(world.Integration(Folder()), SchemaSyncDirection.Pushed);   // without the base this would be a conflict
        Assert.Equal(new[] { "schemas/status.yaml" }, second.Files);
        Assert.Equal(first.CommitSha, Assert.Single(world.Repository.Log("main")[0].Parents));

        // Run 3 on yet another runner: the checkout is the last synced state, the repository changed meanwhile.
        world.ReplaceFolder();
        WriteOrders(world);
        world.WriteLocal("api/schemas/status.yaml", OrdersStatus.Replace("shipped", "shipped, lost", StringComparison.Ordinal));
        var head = await world.CommitRemoteAsync("orders/schemas/order.yaml", OrdersOrder + "  description: An order.\n");
        await world.SyncAsync(world.Integration(Folder()), SchemaSyncDirection.Pulled);               // a pull, not a conflict
        Assert.Equal(head, world.State("orders-schema"));

        // Nothing but the schema and the definitions file was written on the runner's disk.
        var files = Directory.EnumerateFiles(world.Folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(world.Folder, f).Replace('\\', '/')).OrderBy(f => f, StringComparer.Ordinal);
        Assert.Equal(new[] { "api/openapi.yaml", "api/schemas/order.yaml", "api/schemas/status.yaml", "psgithubsync.yml" }, files);

        // And the base is not on the branch: no state file was committed.
        Assert.DoesNotContain(world.Repository.ReadTree("main").Keys, k => k.Contains("psgithubsync", StringComparison.OrdinalIgnoreCase));
    }

    // ---- -WhatIf (ShouldProcess says no) ----

    [Fact]
    public async Task WhatIf_reports_WouldPush_and_WouldPull_and_writes_nothing_on_either_side()
    {
        await using var world = await StartAsync();
        var actions = new List<string>();
        Task<bool> No(string target, string action)
        {
            lock (actions) actions.Add(target + ": " + action);
            return Task.FromResult(false);
        }

        // First sync, local only: WouldPush.
        world.WriteLocal("openapi.yaml", OpenApi("1.0"));
        var refsBefore = world.Repository.Refs;
        var push = await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.WouldPush, new SchemaSyncOptions { Release = "v1.0.0" }, world.Session(No));
        Assert.Equal(refsBefore, world.Repository.Refs);
        Assert.Null(push.CommitSha);
        Assert.Null(push.Release);
        Assert.Contains("payments-schema: Commit 1 schema file(s) to contoso/payments api/openapi.yaml on main: + api/openapi.yaml", actions);

        // Identical sides on a first sync: InSync, but the state ref is not written either.
        await world.CommitRemoteAsync("api/openapi.yaml", OpenApi("1.0"));
        refsBefore = world.Repository.Refs;
        await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.InSync, session: world.Session(No));
        Assert.Equal(refsBefore, world.Repository.Refs);
        Assert.Null(world.State("payments-schema"));

        // Synced for real, then the repository changes: WouldPull leaves the local bytes alone.
        await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.InSync);
        var head = await world.CommitRemoteAsync("api/openapi.yaml", OpenApi("2.0"));
        var state = world.State("payments-schema");
        var pull = await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.WouldPull, session: world.Session(No));
        Assert.Equal(Utf8(OpenApi("1.0")), world.ReadLocal("openapi.yaml"));
        Assert.Equal(state, world.State("payments-schema"));
        Assert.Equal(head, pull.RemoteCommit);
        Assert.Equal(new[] { "openapi.yaml" }, pull.Files);
        Assert.Contains(actions, a => a.StartsWith("payments-schema: Write 1 schema file(s) from contoso/payments api/openapi.yaml on main to ", StringComparison.Ordinal));
    }

    // ---- Repositories and branches ----

    [Fact]
    public async Task The_first_push_to_an_empty_repository_creates_its_first_commit_and_the_state_ref()
    {
        await using var world = await StartAsync();
        world.WriteLocal("openapi.yaml", OpenApi("1.0"));
        var integration = world.Integration("  - name: fresh-schema\n    type: schema-sync\n    source: { file: ./openapi.yaml }\n    repository: contoso/fresh\n    path: api/openapi.yaml\n");

        var result = await world.SyncAsync(integration, SchemaSyncDirection.Pushed);

        var fresh = world.Server.GetRepository("contoso", "fresh");
        Assert.Equal(result.CommitSha, fresh.BranchSha("main"));
        Assert.Equal(Utf8(OpenApi("1.0")), fresh.ReadFile("main", "api/openapi.yaml"));
        Assert.Equal(result.CommitSha, world.State("fresh-schema", "fresh"));
        await world.SyncAsync(integration, SchemaSyncDirection.InSync);
    }

    [Fact]
    public async Task A_branch_that_does_not_exist_is_BranchNotFound_and_never_created()
    {
        await using var world = await StartAsync();
        world.WriteLocal("openapi.yaml", OpenApi("1.0"));
        var integration = world.Integration("  - name: payments-schema\n    type: schema-sync\n    source: { file: ./openapi.yaml }\n    repository: contoso/payments\n    path: api/openapi.yaml\n    branch: feature/none\n");

        var outcome = await world.RunAsync(integration);

        Assert.Equal(SyncErrorId.BranchNotFound, outcome.Error!.ErrorId);
        Assert.DoesNotContain("feature/none", world.Repository.Branches);
        Assert.Equal("feature/none", outcome.Result.Branch);
    }

    [Fact]
    public async Task Integrations_run_on_their_own_one_failure_does_not_stop_the_others()
    {
        await using var world = await StartAsync();
        world.WriteLocal("openapi.yaml", OpenApi("1.0"));
        world.WriteLocal("bad.yaml", "openapi: 3.0.3\ninfo: [\n");
        var bad = world.FileIntegration("bad-schema", local: "./bad.yaml", path: "bad/openapi.yaml");
        var good = world.FileIntegration();

        var outcomes = await new SchemaSyncRunner(world.Session()).RunAsync(new[] { bad, good }, new SchemaSyncOptions(), CancellationToken.None);

        Assert.Equal(2, outcomes.Count);
        Assert.Equal(SchemaErrorIds.InvalidSchema, outcomes[0].Error!.ErrorId);
        Assert.Null(outcomes[1].Error);
        Assert.Equal(SchemaSyncDirection.Pushed, outcomes[1].Result.Direction);
    }
}
