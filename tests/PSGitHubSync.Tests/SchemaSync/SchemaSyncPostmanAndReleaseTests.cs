using System.Text;
using System.Text.Json;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Schemas;
using PSGitHubSync.Engine.SchemaSync;
using Xunit;
using static PSGitHubSync.Tests.SchemaSync.SchemaSyncWorld;

namespace PSGitHubSync.Tests.SchemaSync;

/// <summary>The Postman API side (single and multi-file schemas) and -Release (annotated tag, GitHub release, Postman version).</summary>
public sealed class SchemaSyncPostmanAndReleaseTests
{
    private const string PaymentsYaml = "  - name: payments-postman\n    type: schema-sync\n    source: { postman: { workspace: Payments, api: Payments API } }\n    repository: contoso/payments\n    path: api/payments.yaml\n";

    private const string OrdersYaml = "  - name: orders-postman\n    type: schema-sync\n    source: { postman: { workspace: Payments, api: Orders API } }\n    repository: contoso/payments\n    path: orders\n";

    private static Dictionary<string, string> Postman(SchemaSyncWorld world, string apiId) => world.Server.Postman.GetSchemaFiles(apiId).ToDictionary(f => f.Key, f => f.Value);

    // ---- The Postman side ----

    [Fact]
    public async Task A_single_file_Postman_schema_is_pushed_then_pulled_back_under_its_own_Postman_name()
    {
        await using var world = await StartAsync();
        var integration = world.Integration(PaymentsYaml);

        var first = await world.SyncAsync(integration, SchemaSyncDirection.Pushed);
        Assert.Equal(Utf8(OpenApi("1.0")), world.Repository.ReadFile("main", "api/payments.yaml"));
        Assert.Equal(new[] { "payments.yaml" }, first.Files);
        Assert.StartsWith("Sync the payments-postman schema from Postman API 'Payments API'", world.Repository.Log("main")[0].Message, StringComparison.Ordinal);

        // Edited in Postman: pushed.
        world.Server.Postman.PutSchemaFile(PaymentsApiId, "openapi.yaml", OpenApi("1.1"));
        await world.SyncAsync(integration, SchemaSyncDirection.Pushed);
        Assert.Equal(Utf8(OpenApi("1.1")), world.Repository.ReadFile("main", "api/payments.yaml"));

        // Edited in the repository (with CRLF): PUT to Postman, keeping the file's Postman name.
        var crlf = OpenApi("2.0").Replace("\n", "\r\n", StringComparison.Ordinal);
        var head = await world.CommitRemoteAsync("api/payments.yaml", crlf);
        var pulled = await world.SyncAsync(integration, SchemaSyncDirection.Pulled);
        var files = Postman(world, PaymentsApiId);
        Assert.Equal(new[] { "openapi.yaml" }, files.Keys);
        Assert.Equal(crlf, files["openapi.yaml"]);
        Assert.Equal(head, pulled.CommitSha);
        Assert.Equal(head, world.State("payments-postman"));
        await world.SyncAsync(integration, SchemaSyncDirection.InSync);
    }

    [Fact]
    public async Task A_multi_file_Postman_schema_syncs_as_one_unit_with_deletions_both_ways()
    {
        await using var world = await StartAsync();
        var integration = world.Integration(OrdersYaml);

        var first = await world.SyncAsync(integration, SchemaSyncDirection.Pushed);
        Assert.Equal(new[] { "openapi.yaml", "schemas/order.yaml", "schemas/status.yaml" }, first.Files);
        Assert.Equal(1, world.Server.Statistics.CommitsCreated);
        Assert.Equal(Utf8(OrdersStatus), world.Repository.ReadFile("main", "orders/schemas/status.yaml"));

        // The repository drops status.yaml (order.yaml no longer refers to it) and adds money.yaml.
        var order = "Order:\n  type: object\n  properties:\n    total:\n      $ref: './money.yaml#/Money'\n";
        await world.CommitRemoteAsync("main", ("orders/schemas/status.yaml", null), ("orders/schemas/order.yaml", Utf8(order)), ("orders/schemas/money.yaml", Utf8("Money:\n  type: number\n")));
        await world.SyncAsync(integration, SchemaSyncDirection.Pulled);
        var files = Postman(world, OrdersApiId);
        Assert.Equal(new[] { "openapi.yaml", "schemas/money.yaml", "schemas/order.yaml" }, files.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(order, files["schemas/order.yaml"]);

        // Postman drops money.yaml and inlines the type: one commit deletes and changes.
        world.Server.Postman.DeleteSchemaFile(OrdersApiId, "schemas/money.yaml");
        world.Server.Postman.PutSchemaFile(OrdersApiId, "schemas/order.yaml", "Order:\n  type: object\n  properties:\n    total:\n      type: number\n");
        world.Server.ResetStatistics();
        var pushed = await world.SyncAsync(integration, SchemaSyncDirection.Pushed);
        Assert.Equal(1, world.Server.Statistics.CommitsCreated);
        Assert.Equal(new[] { "schemas/money.yaml", "schemas/order.yaml" }, pushed.Files);
        Assert.False(world.Repository.ReadTree("main").ContainsKey("orders/schemas/money.yaml"));
    }

    [Fact]
    public async Task A_conflict_with_Postman_writes_nothing_to_Postman_or_the_repository_and_Prefer_Remote_resolves_it()
    {
        await using var world = await StartAsync();
        var integration = world.Integration(PaymentsYaml);
        await world.SyncAsync(integration, SchemaSyncDirection.Pushed);
        var @base = world.State("payments-postman");
        world.Server.Postman.PutSchemaFile(PaymentsApiId, "openapi.yaml", OpenApi("1.5"));
        var head = await world.CommitRemoteAsync("api/payments.yaml", OpenApi("2.0"));
        var refsBefore = world.Repository.Refs;
        world.Server.Postman.ResetRequestCounts();

        var outcome = await world.RunAsync(integration);

        Assert.Equal(SyncErrorId.SchemaSyncConflict, outcome.Error!.ErrorId);
        Assert.Contains("the Postman API 'Payments API' in the workspace 'Payments'", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Equal(refsBefore, world.Repository.Refs);
        Assert.Equal(@base, world.State("payments-postman"));
        Assert.Equal(OpenApi("1.5"), Postman(world, PaymentsApiId)["openapi.yaml"]);
        Assert.DoesNotContain(world.Server.Postman.RequestCounts.Keys, k => !k.StartsWith("GET ", StringComparison.Ordinal));   // nothing written to Postman

        await world.SyncAsync(integration, SchemaSyncDirection.Pulled, new SchemaSyncOptions { Prefer = SyncPreference.Remote });
        Assert.Equal(OpenApi("2.0"), Postman(world, PaymentsApiId)["openapi.yaml"]);
        Assert.Equal(head, world.State("payments-postman"));
    }

    [Fact]
    public async Task An_invalid_Postman_schema_is_not_pushed()
    {
        await using var world = await StartAsync();
        world.Server.Postman.PutSchemaFile(OrdersApiId, "schemas/order.yaml", "Order:\n  type: object\n  properties:\n    status:\n      $ref: './missing.yaml#/Status'\n");

        var outcome = await world.RunAsync(world.Integration(OrdersYaml));

        var error = Assert.IsType<InvalidSchemaException>(outcome.Error);
        Assert.Contains(error.Problems, p => p.ProblemId == SchemaProblemId.MissingFile && p.File == "schemas/order.yaml");
        Assert.Contains("The local side (the Postman API 'Orders API'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Repository.ReadTree("main").Keys, k => k.StartsWith("orders/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_Postman_API_is_found_by_name_beyond_the_first_page_of_the_API_list()
    {
        await using var world = await StartAsync(config =>
        {
            var workspace = (Dictionary<string, object?>)((object[])((Dictionary<string, object?>)config["postman"]!)["workspaces"]!)[0];
            var fillers = Enumerable.Range(1, 12).Select(i => (object)new { name = $"Filler API {i:00}", schemaType = "openapi:3", files = new[] { new { path = "openapi.yaml", content = OpenApi("0." + i) } } });
            workspace["apis"] = fillers.Concat((object[])workspace["apis"]!).ToArray();   // Payments API is the 13th: page 2 at Postman's default of 10
        });

        await world.SyncAsync(world.Integration(PaymentsYaml), SchemaSyncDirection.Pushed);

        Assert.Equal(Utf8(OpenApi("1.0")), world.Repository.ReadFile("main", "api/payments.yaml"));
    }

    // ---- -Release ----

    private async Task<(string Sha, JsonElement Tag)> AnnotatedTagAsync(SchemaSyncWorld world, string tag)
    {
        var tagObject = world.Repository.Refs["refs/tags/" + tag];
        var json = await world.GetJsonAsync("repos/contoso/payments/git/tags/" + tagObject);
        Assert.True(json.HasValue, "refs/tags/" + tag + " points at an annotated tag object");
        return (json!.Value.GetProperty("object").GetProperty("sha").GetString()!, json.Value);
    }

    [Fact]
    public async Task Release_after_a_push_tags_the_synced_commit_and_publishes_a_release_with_the_notes()
    {
        await using var world = await StartAsync();
        world.WriteLocal("openapi.yaml", OpenApi("1.2"));

        var result = await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.Pushed, new SchemaSyncOptions { Release = "v1.2.0", ReleaseNotes = "Adds refunds." });

        Assert.Equal("v1.2.0", result.Release);
        Assert.Contains("v1.2.0", result.ReleaseUrl!, StringComparison.Ordinal);
        var (commit, tag) = await AnnotatedTagAsync(world, "v1.2.0");
        Assert.Equal(result.CommitSha, commit);
        Assert.NotEqual(result.CommitSha, world.Repository.Refs["refs/tags/v1.2.0"]);   // the ref names the tag object, not the commit
        Assert.Equal("commit", tag.GetProperty("object").GetProperty("type").GetString());
        Assert.StartsWith("Adds refunds.", tag.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("PSGitHubSync", tag.GetProperty("tagger").GetProperty("name").GetString());   // the integration's committer tags it
        Assert.False(string.IsNullOrEmpty(tag.GetProperty("tagger").GetProperty("email").GetString()));
        var release = (await world.GetJsonAsync("repos/contoso/payments/releases/tags/v1.2.0"))!.Value;
        Assert.Equal("Adds refunds.", release.GetProperty("body").GetString());
        Assert.Equal("payments-schema v1.2.0", release.GetProperty("name").GetString());
        Assert.False(release.GetProperty("draft").GetBoolean());
    }

    [Fact]
    public async Task Release_on_a_run_that_is_already_in_sync_tags_the_head_and_running_it_again_changes_nothing()
    {
        await using var world = await StartAsync();
        world.WriteLocal("openapi.yaml", OpenApi("1.0"));
        var synced = (await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.Pushed)).CommitSha;

        var result = await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.InSync, new SchemaSyncOptions { Release = "v1.0.0" });

        Assert.Equal("v1.0.0", result.Release);
        Assert.Equal(synced, (await AnnotatedTagAsync(world, "v1.0.0")).Sha);
        var tagRef = world.Repository.Refs["refs/tags/v1.0.0"];

        var again = await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.InSync, new SchemaSyncOptions { Release = "v1.0.0" });
        Assert.Equal("v1.0.0", again.Release);
        Assert.Equal(tagRef, world.Repository.Refs["refs/tags/v1.0.0"]);
        var releases = (await world.GetJsonAsync("repos/contoso/payments/releases"))!.Value;
        Assert.Equal(1, releases.GetArrayLength());
    }

    [Fact]
    public async Task An_existing_tag_on_another_commit_is_ReleaseTagExists_and_nothing_is_pushed()
    {
        await using var world = await StartAsync();
        world.WriteLocal("openapi.yaml", OpenApi("1.0"));
        await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.Pushed, new SchemaSyncOptions { Release = "v1.0.0" });
        var @base = world.State("payments-schema");
        world.WriteLocal("openapi.yaml", OpenApi("1.1"));
        var refsBefore = world.Repository.Refs;

        var outcome = await world.RunAsync(world.FileIntegration(), new SchemaSyncOptions { Release = "v1.0.0", ReleaseNotes = "again" });

        Assert.Equal(SyncErrorId.ReleaseTagExists, outcome.Error!.ErrorId);
        Assert.Equal(SyncErrorCategory.ResourceExists, outcome.Error.Category);
        Assert.Contains("v1.0.0 already exists", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Contains(@base!.Substring(0, 7), outcome.Error.Message, StringComparison.Ordinal);
        Assert.Equal(refsBefore, world.Repository.Refs);                   // nothing pushed, no state moved, tag untouched
        Assert.Equal(SchemaSyncDirection.Failed, outcome.Result.Direction);

        // Also when the sides are in sync but the tag names an older commit.
        await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.Pushed);
        var inSync = await world.RunAsync(world.FileIntegration(), new SchemaSyncOptions { Release = "v1.0.0" });
        Assert.Equal(SyncErrorId.ReleaseTagExists, inSync.Error!.ErrorId);
    }

    [Fact]
    public async Task Release_with_a_Postman_source_also_creates_a_Postman_API_version_once()
    {
        await using var world = await StartAsync();
        var integration = world.Integration(PaymentsYaml);

        var result = await world.SyncAsync(integration, SchemaSyncDirection.Pushed, new SchemaSyncOptions { Release = "2024.06", ReleaseNotes = "June release" });

        Assert.Equal("2024.06", result.Release);
        var version = Assert.Single(world.Server.Postman.Versions(PaymentsApiId));
        Assert.Equal("2024.06", version.Name);
        Assert.Equal("June release", version.ReleaseNotes);
        Assert.Equal(result.CommitSha, (await AnnotatedTagAsync(world, "2024.06")).Sha);

        await world.SyncAsync(integration, SchemaSyncDirection.InSync, new SchemaSyncOptions { Release = "2024.06", ReleaseNotes = "June release" });
        Assert.Single(world.Server.Postman.Versions(PaymentsApiId));
    }

    [Fact]
    public async Task No_release_is_made_on_a_conflict()
    {
        await using var world = await StartAsync();
        world.WriteLocal("openapi.yaml", OpenApi("1.0"));
        await world.CommitRemoteAsync("api/openapi.yaml", OpenApi("2.0"));

        var outcome = await world.RunAsync(world.FileIntegration(), new SchemaSyncOptions { Release = "v9.0.0" });

        Assert.Equal(SyncErrorId.SchemaSyncConflict, outcome.Error!.ErrorId);
        Assert.Empty(world.Repository.Tags);
        Assert.Null(outcome.Result.Release);
        Assert.Equal(0, (await world.GetJsonAsync("repos/contoso/payments/releases"))!.Value.GetArrayLength());
    }
}
