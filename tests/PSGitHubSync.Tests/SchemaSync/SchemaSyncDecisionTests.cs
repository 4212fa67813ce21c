using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Schemas;
using PSGitHubSync.Engine.SchemaSync;
using Xunit;
using static PSGitHubSync.Tests.SchemaSync.SchemaSyncWorld;

namespace PSGitHubSync.Tests.SchemaSync;

/// <summary>
/// Every cell of the three-way decision table (local vs repository vs the base recorded at the last sync), the
/// first sync without a base, conflicts that write nothing on either side, and -Prefer both ways. The local side
/// is ./openapi.yaml, the repository side api/openapi.yaml on contoso/payments main.
/// </summary>
public sealed class SchemaSyncDecisionTests
{
    private const string Name = "payments-schema";
    private const string RemotePath = "api/openapi.yaml";

    // ---- First sync: no base recorded ----

    [Fact]
    public async Task First_sync_with_only_the_local_side_pushes_one_commit_and_records_it_as_the_base()
    {
        await using var world = await StartAsync();
        var integration = world.FileIntegration();
        world.WriteLocal("openapi.yaml", OpenApi("1.0"));
        var before = world.Repository.BranchSha("main")!;

        var result = await world.SyncAsync(integration, SchemaSyncDirection.Pushed);

        var log = world.Repository.Log("main");
        Assert.Equal(result.CommitSha, log[0].Sha);
        Assert.Equal(before, Assert.Single(log[0].Parents));             // exactly one commit, on top of the old head
        Assert.Equal(1, world.Server.Statistics.CommitsCreated);
        Assert.StartsWith("Sync the payments-schema schema from openapi.yaml", log[0].Message, StringComparison.Ordinal);
        Assert.Contains("+ api/openapi.yaml", log[0].Message, StringComparison.Ordinal);
        Assert.Equal("PSGitHubSync", log[0].CommitterName);
        Assert.Equal(Utf8(OpenApi("1.0")), world.Repository.ReadFile("main", RemotePath));
        Assert.Equal(result.CommitSha, world.State(Name));                 // the base is the pushed commit
        Assert.Equal(new[] { "openapi.yaml" }, result.Files);
        Assert.Equal(before, result.RemoteCommit);
        Assert.Equal("main", result.Branch);
        Assert.Equal("contoso/payments", result.Repository);
        Assert.Matches("^[0-9a-f]{12}$", result.LocalVersion!);
        Assert.Null(result.Release);
    }

    [Fact]
    public async Task First_sync_with_only_the_repository_side_pulls_the_file_and_records_the_head()
    {
        await using var world = await StartAsync();
        var integration = world.FileIntegration();
        var head = await world.CommitRemoteAsync(RemotePath, OpenApi("2.0"));
        world.Server.ResetStatistics();

        var result = await world.SyncAsync(integration, SchemaSyncDirection.Pulled);

        Assert.Equal(Utf8(OpenApi("2.0")), world.ReadLocal("openapi.yaml"));
        Assert.Equal(head, world.Repository.BranchSha("main"));              // a pull adds nothing to the branch
        Assert.Equal(0, world.Server.Statistics.CommitsCreated);
        Assert.Equal(head, world.State(Name));
        Assert.Equal(head, result.CommitSha);
        Assert.Equal(head, result.RemoteCommit);
        Assert.Equal(new[] { "openapi.yaml" }, result.Files);
    }

    [Fact]
    public async Task A_repository_too_large_to_list_in_one_request_is_read_down_to_the_schema_path()
    {
        // GitHub truncates a recursive tree listing of a large repository; the emulator does so after one entry here.
        await using var world = await StartAsync(c => c["gitHubLimits"] = new Dictionary<string, object?> { ["maxTreeEntries"] = 1 });
        var integration = world.FileIntegration();
        await world.CommitRemoteAsync("docs/guide.md", "# Guide\n");
        var head = await world.CommitRemoteAsync(RemotePath, OpenApi("2.0"));

        var result = await world.SyncAsync(integration, SchemaSyncDirection.Pulled);

        Assert.Equal(Utf8(OpenApi("2.0")), world.ReadLocal("openapi.yaml"));
        Assert.Equal(head, result.CommitSha);
        Assert.Equal(new[] { "openapi.yaml" }, result.Files);
    }

    [Fact]
    public async Task First_sync_with_identical_sides_is_in_sync_and_records_the_base_without_a_commit()
    {
        await using var world = await StartAsync();
        var integration = world.FileIntegration();
        var head = await world.CommitRemoteAsync(RemotePath, OpenApi("1.0"));
        world.WriteLocal("openapi.yaml", OpenApi("1.0"));

        var result = await world.SyncAsync(integration, SchemaSyncDirection.InSync);

        Assert.Equal(head, world.Repository.BranchSha("main"));
        Assert.Equal(head, world.State(Name));
        Assert.Equal(head, result.CommitSha);
        Assert.Empty(result.Files);
    }

    [Fact]
    public async Task First_sync_with_different_sides_is_a_conflict_that_writes_nothing_on_either_side()
    {
        await using var world = await StartAsync();
        var integration = world.FileIntegration();
        var head = await world.CommitRemoteAsync(RemotePath, OpenApi("2.0"));
        world.WriteLocal("openapi.yaml", OpenApi("1.0"));
        var refsBefore = world.Repository.Refs;
        world.Server.ResetStatistics();

        var outcome = await world.RunAsync(integration);

        Assert.Equal(SchemaSyncDirection.Conflict, outcome.Result.Direction);
        Assert.Equal(SyncErrorId.SchemaSyncConflict, outcome.Error!.ErrorId);
        Assert.Equal(SyncErrorCategory.WriteError, outcome.Error.Category);
        Assert.Equal(Name, outcome.Error.Target);
        Assert.Contains("never synced before", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Contains("api/openapi.yaml", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Contains(head.Substring(0, 7), outcome.Error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was written on either side", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Equal(refsBefore, world.Repository.Refs);                  // branch, tags, no state ref: all as they were
        Assert.Null(world.State(Name));
        Assert.Equal(Utf8(OpenApi("1.0")), world.ReadLocal("openapi.yaml"));
        Assert.Equal(0, world.Server.Statistics.CommitsCreated);
        Assert.Null(outcome.Result.CommitSha);
        Assert.Equal(new[] { "openapi.yaml" }, outcome.Result.Files);
        Assert.Equal(head, outcome.Result.RemoteCommit);
    }

    [Fact]
    public async Task First_sync_with_different_sides_and_Prefer_Local_commits_the_local_side()
    {
        await using var world = await StartAsync();
        var integration = world.FileIntegration();
        var head = await world.CommitRemoteAsync(RemotePath, OpenApi("2.0"));
        world.WriteLocal("openapi.yaml", OpenApi("1.0"));

        var result = await world.SyncAsync(integration, SchemaSyncDirection.Pushed, new SchemaSyncOptions { Prefer = SyncPreference.Local });

        Assert.Equal(head, world.Repository.Log("main")[1].Sha);
        Assert.Equal(Utf8(OpenApi("1.0")), world.Repository.ReadFile("main", RemotePath));
        Assert.Equal(result.CommitSha, world.State(Name));
        Assert.Contains("~ api/openapi.yaml", world.Repository.Log("main")[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task First_sync_with_different_sides_and_Prefer_Remote_writes_the_repository_side()
    {
        await using var world = await StartAsync();
        var integration = world.FileIntegration();
        var head = await world.CommitRemoteAsync(RemotePath, OpenApi("2.0"));
        world.WriteLocal("openapi.yaml", OpenApi("1.0"));

        await world.SyncAsync(integration, SchemaSyncDirection.Pulled, new SchemaSyncOptions { Prefer = SyncPreference.Remote });

        Assert.Equal(Utf8(OpenApi("2.0")), world.ReadLocal("openapi.yaml"));
        Assert.Equal(head, world.Repository.BranchSha("main"));
        Assert.Equal(head, world.State(Name));
    }

    [Fact]
    public async Task Neither_side_having_the_schema_is_an_error_that_writes_nothing()
    {
        await using var world = await StartAsync();
        var refsBefore = world.Repository.Refs;

        var outcome = await world.RunAsync(world.FileIntegration());

        Assert.Equal(SyncErrorId.SourceFileNotFound, outcome.Error!.ErrorId);
        Assert.Equal(SchemaSyncDirection.Failed, outcome.Result.Direction);
        Assert.Equal(refsBefore, world.Repository.Refs);
        Assert.False(File.Exists(world.LocalPath("openapi.yaml")));
    }

    // ---- With a base: the last sync recorded in refs/psgithubsync/schema-sync/NAME ----

    /// <summary>A first sync of OpenApi("1.0") from the local side; returns the base commit.</summary>
    private static async Task<string> SyncedAsync(SchemaSyncWorld world)
    {
        world.WriteLocal("openapi.yaml", OpenApi("1.0"));
        var result = await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.Pushed);
        Assert.Equal(result.CommitSha, world.State(Name));
        world.Server.ResetStatistics();
        return result.CommitSha!;
    }

    [Fact]
    public async Task Nothing_changed_on_either_side_is_in_sync_and_writes_nothing()
    {
        await using var world = await StartAsync();
        var @base = await SyncedAsync(world);
        var localBefore = File.GetLastWriteTimeUtc(world.LocalPath("openapi.yaml"));

        var result = await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.InSync);

        Assert.Equal(@base, world.Repository.BranchSha("main"));
        Assert.Equal(@base, world.State(Name));
        Assert.Equal(@base, result.CommitSha);
        Assert.Equal(0, world.Server.Statistics.CommitsCreated);
        Assert.DoesNotContain(world.Server.Statistics.RequestsByEndpoint.Keys, k => !k.StartsWith("GET ", StringComparison.Ordinal));   // only reads
        Assert.Equal(localBefore, File.GetLastWriteTimeUtc(world.LocalPath("openapi.yaml")));
    }

    [Fact]
    public async Task Unrelated_commits_on_the_branch_leave_the_schema_in_sync_with_one_tree_read()
    {
        await using var world = await StartAsync();
        await SyncedAsync(world);
        await world.CommitRemoteAsync("docs/guide.md", "# Guide\n");          // the branch moves, the schema does not
        world.Server.ResetStatistics();

        await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.InSync);

        // Both sides are the same, so the last synced state is not needed: no second tree listing.
        Assert.Equal(1, world.Server.Statistics.Requests("GET /repos/{owner}/{repo}/git/trees/{tree_sha}"));
        Assert.Equal(0, world.Server.Statistics.CommitsCreated);
    }

    [Fact]
    public async Task Only_the_local_side_changed_pushes_one_commit_on_top_of_the_base()
    {
        await using var world = await StartAsync();
        var @base = await SyncedAsync(world);
        world.WriteLocal("openapi.yaml", OpenApi("1.1"));

        var result = await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.Pushed);

        var log = world.Repository.Log("main");
        Assert.Equal(result.CommitSha, log[0].Sha);
        Assert.Equal(@base, Assert.Single(log[0].Parents));
        Assert.Equal(1, world.Server.Statistics.CommitsCreated);
        Assert.Equal(Utf8(OpenApi("1.1")), world.Repository.ReadFile("main", RemotePath));
        Assert.Equal(result.CommitSha, world.State(Name));
        Assert.Equal(@base, result.RemoteCommit);
    }

    [Fact]
    public async Task Only_the_repository_side_changed_pulls_it()
    {
        await using var world = await StartAsync();
        await SyncedAsync(world);
        var head = await world.CommitRemoteAsync(RemotePath, OpenApi("2.0"));

        var result = await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.Pulled);

        Assert.Equal(Utf8(OpenApi("2.0")), world.ReadLocal("openapi.yaml"));
        Assert.Equal(head, world.Repository.BranchSha("main"));
        Assert.Equal(head, world.State(Name));
        Assert.Equal(head, result.CommitSha);
    }

    [Fact]
    public async Task A_repository_change_elsewhere_on_the_branch_is_not_a_schema_change()
    {
        await using var world = await StartAsync();
        await SyncedAsync(world);
        var head = await world.CommitRemoteAsync("README.md", "# changed\n");
        world.WriteLocal("openapi.yaml", OpenApi("1.1"));

        var result = await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.Pushed);

        Assert.Equal(head, Assert.Single(world.Repository.Log("main")[0].Parents));
        Assert.Equal(Utf8("# changed\n"), world.Repository.ReadFile("main", "README.md"));
        Assert.Equal(result.CommitSha, world.State(Name));
    }

    [Fact]
    public async Task Both_sides_changed_to_the_same_content_is_in_sync_and_moves_the_base()
    {
        await using var world = await StartAsync();
        var @base = await SyncedAsync(world);
        var head = await world.CommitRemoteAsync(RemotePath, OpenApi("3.0"));
        world.WriteLocal("openapi.yaml", OpenApi("3.0"));

        var result = await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.InSync);

        Assert.NotEqual(@base, head);
        Assert.Equal(head, world.State(Name));
        Assert.Equal(head, world.Repository.BranchSha("main"));
        Assert.Equal(head, result.CommitSha);
    }

    [Fact]
    public async Task Both_sides_changed_differently_is_a_conflict_that_names_files_and_commits_and_writes_nothing()
    {
        await using var world = await StartAsync();
        var @base = await SyncedAsync(world);
        var head = await world.CommitRemoteAsync(RemotePath, OpenApi("2.0"));
        world.WriteLocal("openapi.yaml", OpenApi("1.1"));
        var localBytes = world.ReadLocal("openapi.yaml");
        var localTime = File.GetLastWriteTimeUtc(world.LocalPath("openapi.yaml"));
        var refsBefore = world.Repository.Refs;
        world.Server.ResetStatistics();

        var outcome = await world.RunAsync(world.FileIntegration());

        Assert.Equal(SchemaSyncDirection.Conflict, outcome.Result.Direction);
        var error = outcome.Error!;
        Assert.Equal(SyncErrorId.SchemaSyncConflict, error.ErrorId);
        Assert.Contains("changed on both sides since the last sync (commit " + @base.Substring(0, 7) + ")", error.Message, StringComparison.Ordinal);
        Assert.Contains("api/openapi.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains("commit " + head.Substring(0, 7) + " (Someone Else, ", error.Message, StringComparison.Ordinal);   // the repository's change: commit, author and time
        Assert.Contains(world.LocalPath("openapi.yaml"), error.Message, StringComparison.Ordinal);                     // the local side and its time
        Assert.Contains("last written " + localTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("-Prefer Local", error.Message, StringComparison.Ordinal);

        // Nothing written on either side: the repository (branch, state ref, every other ref) and the local bytes.
        Assert.Equal(refsBefore, world.Repository.Refs);
        Assert.Equal(head, world.Repository.BranchSha("main"));
        Assert.Equal(@base, world.State(Name));
        Assert.Equal(0, world.Server.Statistics.CommitsCreated);
        Assert.DoesNotContain(world.Server.Statistics.RequestsByEndpoint.Keys, k => !k.StartsWith("GET ", StringComparison.Ordinal));
        Assert.Equal(localBytes, world.ReadLocal("openapi.yaml"));
        Assert.Equal(localTime, File.GetLastWriteTimeUtc(world.LocalPath("openapi.yaml")));

        // And it stays a conflict until someone decides: a second run says the same.
        var again = await world.RunAsync(world.FileIntegration());
        Assert.Equal(SchemaSyncDirection.Conflict, again.Result.Direction);
    }

    [Fact]
    public async Task Both_sides_changed_and_Prefer_Local_pushes_the_local_side_over_the_repository_change()
    {
        await using var world = await StartAsync();
        await SyncedAsync(world);
        var head = await world.CommitRemoteAsync(RemotePath, OpenApi("2.0"));
        world.WriteLocal("openapi.yaml", OpenApi("1.1"));

        var result = await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.Pushed, new SchemaSyncOptions { Prefer = SyncPreference.Local });

        var log = world.Repository.Log("main");
        Assert.Equal(head, Assert.Single(log[0].Parents));               // the other change stays in history
        Assert.Equal(Utf8(OpenApi("1.1")), world.Repository.ReadFile("main", RemotePath));
        Assert.Equal(result.CommitSha, world.State(Name));
        Assert.Equal(Utf8(OpenApi("1.1")), world.ReadLocal("openapi.yaml"));

        // The next run is in sync.
        await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.InSync);
    }

    [Fact]
    public async Task Both_sides_changed_and_Prefer_Remote_writes_the_repository_side_over_the_local_change()
    {
        await using var world = await StartAsync();
        await SyncedAsync(world);
        var head = await world.CommitRemoteAsync(RemotePath, OpenApi("2.0"));
        world.WriteLocal("openapi.yaml", OpenApi("1.1"));
        world.Server.ResetStatistics();

        var result = await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.Pulled, new SchemaSyncOptions { Prefer = SyncPreference.Remote });

        Assert.Equal(Utf8(OpenApi("2.0")), world.ReadLocal("openapi.yaml"));
        Assert.Equal(head, world.Repository.BranchSha("main"));
        Assert.Equal(0, world.Server.Statistics.CommitsCreated);
        Assert.Equal(head, world.State(Name));
        Assert.Equal(head, result.CommitSha);
        await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.InSync);
    }

    [Fact]
    public async Task Prefer_does_not_matter_when_only_one_side_changed()
    {
        await using var world = await StartAsync();
        await SyncedAsync(world);
        await world.CommitRemoteAsync(RemotePath, OpenApi("2.0"));

        await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.Pulled, new SchemaSyncOptions { Prefer = SyncPreference.Local });

        Assert.Equal(Utf8(OpenApi("2.0")), world.ReadLocal("openapi.yaml"));
    }

    [Fact]
    public async Task A_local_file_that_disappeared_is_refused_and_not_pushed_as_a_deletion()
    {
        await using var world = await StartAsync();
        var @base = await SyncedAsync(world);
        File.Delete(world.LocalPath("openapi.yaml"));

        var outcome = await world.RunAsync(world.FileIntegration());

        Assert.Equal(SchemaErrorIds.InvalidSchema, outcome.Error!.ErrorId);
        Assert.Equal(@base, world.Repository.BranchSha("main"));
        Assert.NotNull(world.Repository.ReadFile("main", RemotePath));
        Assert.Equal(@base, world.State(Name));
    }

    [Fact]
    public async Task The_state_ref_of_each_integration_is_its_own()
    {
        await using var world = await StartAsync();
        world.WriteLocal("openapi.yaml", OpenApi("1.0"));
        world.WriteLocal("other.yaml", OpenApi("9.0"));
        var first = await world.SyncAsync(world.FileIntegration(), SchemaSyncDirection.Pushed);
        var second = await world.SyncAsync(world.FileIntegration("other-schema", local: "./other.yaml", path: "other/openapi.yaml"), SchemaSyncDirection.Pushed);

        Assert.Equal(first.CommitSha, world.State(Name));
        Assert.Equal(second.CommitSha, world.State("other-schema"));
        Assert.Equal("refs/psgithubsync/schema-sync/payments-schema", SchemaSyncRunner.StateRef(Name));
        Assert.Equal("refs/psgithubsync/schema-sync/_hidden_", SchemaSyncRunner.StateRef(".hidden."));
        Assert.Equal("refs/psgithubsync/schema-sync/api.lock_", SchemaSyncRunner.StateRef("api.lock"));
    }
}
