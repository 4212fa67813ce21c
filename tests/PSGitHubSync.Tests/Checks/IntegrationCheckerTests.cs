using System.Text.Json;
using PSGitHubSync.Emulator;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Checks;
using PSGitHubSync.Engine.Definitions;
using PSGitHubSync.Engine.Errors;
using Xunit;
using Xunit.Abstractions;
using Name = PSGitHubSync.IntegrationCheckName;

namespace PSGitHubSync.Tests.Checks;

/// <summary>Test-BackupIntegration's engine against the loopback GitHub + Postman emulator.</summary>
public sealed class IntegrationCheckerTests
{
    private readonly ITestOutputHelper _output;

    public IntegrationCheckerTests(ITestOutputHelper output) => _output = output;

    private Checked Show(Checked result)
    {
        _output.WriteLine(result.ToString());
        return result;
    }

    [Fact]
    public async Task A_working_setup_passes_every_check_in_order_and_changes_no_repository()
    {
        await using var world = await CheckWorld.StartAsync();
        var refs = world.AllRefs();
        var bytes = world.ExportedBytes();

        var result = Show(await world.CheckAsync(world.Backup()));

        Assert.Equal(Name.InOrder, result.Outcomes.Select(o => o.Check.Check));
        Assert.All(result.Outcomes, o => Assert.Equal(CheckStatus.Passed, o.Check.Status));
        Assert.All(result.Outcomes, o => Assert.Null(o.Error));
        Assert.All(result.Outcomes, o => Assert.Equal("check", o.Check.Integration));
        Assert.Contains("GitHub Enterprise Server", result[Name.Server].Detail, StringComparison.Ordinal);
        Assert.Contains("classic personal access token of octocat", result[Name.Token].Detail, StringComparison.Ordinal);
        Assert.Contains("'main', the repository's default branch", result[Name.Branch].Detail, StringComparison.Ordinal);
        Assert.Contains("permissions.push = true", result[Name.Permission].Detail, StringComparison.Ordinal);
        Assert.Contains("'Payments API'", result[Name.Source].Detail, StringComparison.Ordinal);
        Assert.Equal(refs, world.AllRefs());
        Assert.Equal(bytes, world.ExportedBytes());
        Assert.Equal(0, world.Server.Statistics.CommitsCreated);
        Assert.Equal(0, world.Server.Statistics.BlobsCreated);
    }

    [Fact]
    public async Task The_byte_for_byte_comparison_notices_an_unreferenced_blob_with_new_content()
    {
        // The guard the other tests rely on: a stored blob that nothing references still changes the export.
        await using var world = await CheckWorld.StartAsync();
        var bytes = world.ExportedBytes();
        using var connection = new PSGitHubSync.Engine.GitHub.GitHubConnection(PSGitHubSync.Engine.GitHub.GitHubEndpoint.Parse(world.GitHubServer),
            PSGitHubSync.Engine.Security.SecretValue.FromChars(CheckWorld.Classic.AsSpan()));
        var response = await connection.SendAsync(HttpMethod.Post, "repos/contoso/api-backups/git/blobs", "{\"content\":\"bmV3\",\"encoding\":\"base64\"}", CancellationToken.None);
        Assert.True(response.IsSuccess);
        Assert.NotEqual(bytes, world.ExportedBytes());
    }

    [Fact]
    public async Task A_fine_grained_token_proves_write_access_with_a_blob_the_repository_already_holds_and_skips_scopes_saying_why()
    {
        await using var world = await CheckWorld.StartAsync();
        var refs = world.AllRefs();
        var bytes = world.ExportedBytes();

        var result = Show(await world.CheckAsync(world.Backup(), world.Session(CheckWorld.FineGrained)));

        Assert.Equal(CheckStatus.Skipped, result.Status(Name.Scopes));
        Assert.Contains("Permission check below tests this token's own repository permissions instead", result[Name.Scopes].Detail, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, result.Status(Name.Permission));
        Assert.Contains("stored a test blob", result[Name.Permission].Detail, StringComparison.Ordinal);
        Assert.Contains("'README.md', which the repository already holds", result[Name.Permission].Detail, StringComparison.Ordinal);
        Assert.Equal(1, world.Server.Statistics.BlobsCreated);
        Assert.Equal(0, world.Server.Statistics.CommitsCreated);
        Assert.Equal(refs, world.AllRefs());
        Assert.Equal(bytes, world.ExportedBytes());    // the blob existed already: not one byte of any repository changed
        Assert.Equal(CheckStatus.Passed, IntegrationChecker.Summarize(result.Outcomes.Select(o => o.Check).ToList()).Status);
    }

    [Fact]
    public async Task A_fine_grained_token_with_read_only_contents_fails_permission_although_GitHub_reports_push_true()
    {
        await using var world = await CheckWorld.StartAsync();
        var result = Show(await world.CheckAsync(world.Backup(), world.Session(CheckWorld.FineGrainedRead)));

        var permission = result.Outcome(Name.Permission);
        Assert.Equal(CheckStatus.Failed, permission.Check.Status);
        Assert.Equal(SyncErrorId.PushDenied, permission.Error!.ErrorId);
        Assert.Equal(SyncErrorCategory.PermissionDenied, permission.Error.Category);
        Assert.Contains("403", permission.Check.Detail, StringComparison.Ordinal);
        Assert.Contains("'Contents' to 'Read and write'", permission.Check.Fix, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, result.Status(Name.Repository));
    }

    [Fact]
    public async Task A_GitHub_App_token_is_checked_by_its_installation_permissions()
    {
        await using var world = await CheckWorld.StartAsync();
        var result = Show(await world.CheckAsync(world.Backup(), world.Session(CheckWorld.App)));

        Assert.Contains("GitHub App token of a GitHub App installation", result[Name.Token].Detail, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Skipped, result.Status(Name.Scopes));
        Assert.Contains("GitHub App tokens have no OAuth scopes", result[Name.Scopes].Detail, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, result.Status(Name.Permission));

        var readonlyRepository = Show(await world.CheckAsync(world.Backup("contoso/readonly"), world.Session(CheckWorld.App)));
        Assert.Equal(CheckStatus.Failed, readonlyRepository.Status(Name.Repository));
        Assert.Contains("install the GitHub App on contoso/readonly", readonlyRepository[Name.Repository].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_who_may_only_read_fails_permission_with_the_role_to_ask_for()
    {
        await using var world = await CheckWorld.StartAsync();
        var result = Show(await world.CheckAsync(world.Backup("contoso/readonly")));

        Assert.Equal(CheckStatus.Passed, result.Status(Name.Repository));
        Assert.Equal(CheckStatus.Failed, result.Status(Name.Permission));
        Assert.Equal(SyncErrorId.PushDenied, result[Name.Permission].ErrorId);
        Assert.Contains("permissions.push = false", result[Name.Permission].Detail, StringComparison.Ordinal);
        Assert.Contains("Write role", result[Name.Permission].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_protected_branch_that_refuses_direct_pushes_is_reported()
    {
        await using var world = await CheckWorld.StartAsync();
        var result = Show(await world.CheckAsync(world.Backup(branch: "release")));

        Assert.Equal(CheckStatus.Passed, result.Status(Name.Branch));
        Assert.Equal(CheckStatus.Failed, result.Status(Name.Permission));
        Assert.Equal(SyncErrorId.PushDenied, result[Name.Permission].ErrorId);
        Assert.Contains("'release' is a protected branch", result[Name.Permission].Detail, StringComparison.Ordinal);
        Assert.Contains("'branch:'", result[Name.Permission].Fix, StringComparison.Ordinal);
        Assert.Contains("bypass", result[Name.Permission].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_branch_fails_with_the_exact_commands_that_create_it_and_skips_permission()
    {
        await using var world = await CheckWorld.StartAsync();
        var main = world.Server.GetRepository("contoso", "api-backups").BranchSha("main")!;
        var result = Show(await world.CheckAsync(world.Backup(branch: "backups")));

        var branch = result.Outcome(Name.Branch);
        Assert.Equal(CheckStatus.Failed, branch.Check.Status);
        Assert.Equal(SyncErrorId.BranchNotFound, branch.Error!.ErrorId);
        Assert.Equal(SyncErrorCategory.ObjectNotFound, branch.Error.Category);
        Assert.Contains("(it has: develop, main, release)", branch.Check.Detail, StringComparison.Ordinal);
        Assert.Contains($"git push origin {main}:refs/heads/backups", branch.Check.Fix, StringComparison.Ordinal);
        Assert.Contains($"repos/contoso/api-backups/git/refs -f ref=refs/heads/backups -f sha={main}", branch.Check.Fix, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Skipped, result.Status(Name.Permission));
        Assert.Contains("branch does not exist", result[Name.Permission].Detail, StringComparison.Ordinal);
        Assert.Null(world.Server.GetRepository("contoso", "api-backups").BranchSha("backups"));
    }

    [Fact]
    public async Task A_configured_branch_that_exists_passes()
    {
        await using var world = await CheckWorld.StartAsync();
        var result = Show(await world.CheckAsync(world.Backup(branch: "develop")));
        Assert.Equal(CheckStatus.Passed, result.Status(Name.Branch));
        Assert.StartsWith("'develop' exists", result[Name.Branch].Detail, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, result.Status(Name.Permission));
    }

    [Fact]
    public async Task A_repository_the_token_cannot_see_is_explained_and_the_checks_that_need_it_are_skipped()
    {
        await using var world = await CheckWorld.StartAsync();
        var result = Show(await world.CheckAsync(world.Backup("contoso/no-such-repo")));

        var repository = result.Outcome(Name.Repository);
        Assert.Equal(SyncErrorId.RepositoryNotFound, repository.Error!.ErrorId);
        Assert.Contains("does not exist, it is private and this token has no access to it, or the owner is wrong", repository.Check.Detail, StringComparison.Ordinal);
        Assert.Contains("Check the owner and name", repository.Check.Fix, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Skipped, result.Status(Name.Branch));
        Assert.Equal(CheckStatus.Skipped, result.Status(Name.Permission));
        Assert.Equal(CheckStatus.Passed, result.Status(Name.Source));

        var fineGrained = Show(await world.CheckAsync(world.Backup("contoso/readonly"), world.Session(CheckWorld.FineGrainedRead)));
        Assert.Contains("add contoso/readonly under Repository access", fineGrained[Name.Repository].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_archived_repository_fails_and_permission_is_skipped()
    {
        await using var world = await CheckWorld.StartAsync();
        var result = Show(await world.CheckAsync(world.Backup("contoso/archived")));

        Assert.Equal(CheckStatus.Failed, result.Status(Name.Repository));
        Assert.Contains("archived", result[Name.Repository].Detail, StringComparison.Ordinal);
        Assert.Contains("Unarchive", result[Name.Repository].Fix, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, result.Status(Name.Branch));
        Assert.Equal(CheckStatus.Skipped, result.Status(Name.Permission));
    }

    [Fact]
    public async Task An_empty_repository_is_a_warning_for_a_backup_which_creates_the_first_commit_and_writes_nothing_now()
    {
        await using var world = await CheckWorld.StartAsync();
        var result = Show(await world.CheckAsync(world.Backup("contoso/empty")));

        Assert.Equal(CheckStatus.Warning, result.Status(Name.Repository));
        Assert.Contains("The first backup creates its first commit", result[Name.Repository].Detail, StringComparison.Ordinal);
        Assert.Contains("Invoke-CollectionBackup initializes the repository", result[Name.Repository].Fix, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Skipped, result.Status(Name.Branch));
        Assert.Equal(CheckStatus.Passed, result.Status(Name.Permission));
        Assert.True(world.Server.GetRepository("contoso", "empty").IsEmpty);

        var fineGrained = Show(await world.CheckAsync(world.Backup("contoso/empty"), world.Session(CheckWorld.FineGrained)));
        Assert.Equal(CheckStatus.Warning, fineGrained.Status(Name.Permission));
        Assert.Contains("cannot be tested without writing", fineGrained[Name.Permission].Detail, StringComparison.Ordinal);
        Assert.True(world.Server.GetRepository("contoso", "empty").IsEmpty);
        Assert.Equal(0, world.Server.Statistics.BlobsCreated);

        var otherBranch = Show(await world.CheckAsync(world.Backup("contoso/empty", branch: "backups")));
        Assert.Equal(CheckStatus.Failed, otherBranch.Status(Name.Branch));
        Assert.Contains("set it to 'main'", otherBranch[Name.Branch].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_repository_is_a_warning_for_a_schema_sync_whose_first_push_initializes_it()
    {
        await using var world = await CheckWorld.StartAsync();
        world.WriteFile("api/openapi.yaml", "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\n");
        var integration = world.Integrations("  - name: schema\n    type: schema-sync\n    source: { file: ./api/openapi.yaml }\n    repository: contoso/empty\n    path: api/openapi.yaml\n").Single();
        var result = Show(await world.CheckAsync(integration));

        Assert.Equal(CheckStatus.Warning, result.Status(Name.Repository));
        Assert.Contains("The first sync creates its first commit", result[Name.Repository].Detail, StringComparison.Ordinal);
        Assert.Contains("Sync-ApiSchema initializes the repository", result[Name.Repository].Fix, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Skipped, result.Status(Name.Branch));
        Assert.NotEqual(CheckStatus.Failed, result.Status(Name.Permission));
    }

    [Fact]
    public async Task A_schema_file_not_on_disk_yet_is_a_warning_because_the_sync_pulls_it()
    {
        await using var world = await CheckWorld.StartAsync();
        var integration = world.Integrations("  - name: schema\n    type: schema-sync\n    source: { file: ./api/openapi.yaml }\n    repository: contoso/api-backups\n    path: api/openapi.yaml\n").Single();
        var result = Show(await world.CheckAsync(integration));

        Assert.Equal(CheckStatus.Warning, result.Status(Name.Source));
        Assert.Contains("the next sync writes it from the repository", result[Name.Source].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_token_fails_the_token_check_skips_what_needs_it_and_still_checks_the_source()
    {
        await using var world = await CheckWorld.StartAsync();
        var result = Show(await world.CheckAsync(world.Backup(), world.Session(CheckWorld.Invalid)));

        var token = result.Outcome(Name.Token);
        Assert.Equal(SyncErrorId.TokenInvalid, token.Error!.ErrorId);
        Assert.Equal(SyncErrorCategory.AuthenticationError, token.Error.Category);
        Assert.Contains("401 Bad credentials", token.Check.Detail, StringComparison.Ordinal);
        Assert.Contains("Create a new token", token.Check.Fix, StringComparison.Ordinal);
        foreach (var check in new[] { Name.Scopes, Name.Repository, Name.Branch, Name.Permission }) Assert.Equal(CheckStatus.Skipped, result.Status(check));
        Assert.Equal(CheckStatus.Passed, result.Status(Name.Source));
        Assert.DoesNotContain(result.AllText, t => t.Contains(CheckWorld.Invalid, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_reference_that_resolves_to_nothing_names_the_variable_to_set()
    {
        await using var world = await CheckWorld.StartAsync();
        var integration = world.Integrations("  - name: unset\n    type: collection-backup\n    source: { workspace: Payments, collection: Payments API }\n    repository: contoso/api-backups\n    github: { token: env:PSGITHUBSYNC_CHECKS_UNSET_TOKEN }\n").Single();
        var result = Show(await world.CheckAsync(integration, world.Session(token: null)));

        Assert.Equal(CheckStatus.Failed, result.Status(Name.Token));
        Assert.Equal(SyncErrorId.TokenMissing, result[Name.Token].ErrorId);
        Assert.Contains("env:PSGITHUBSYNC_CHECKS_UNSET_TOKEN", result[Name.Token].Detail, StringComparison.Ordinal);
        Assert.Contains("Set the environment variable PSGITHUBSYNC_CHECKS_UNSET_TOKEN", result[Name.Token].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_read_from_its_reference_is_used_and_its_expiry_within_14_days_is_a_warning()
    {
        await using var world = await CheckWorld.StartAsync();
        var tokenFile = world.WriteFile("secrets/github-token", CheckWorld.FineGrainedSoon + "\n");
        var integration = world.Integrations("  - name: soon\n    type: collection-backup\n    source: { workspace: Payments, collection: Payments API }\n    repository: contoso/api-backups\n    github: { token: 'file:secrets/github-token' }\n").Single();
        var result = Show(await world.CheckAsync(integration, world.Session(token: null)));

        Assert.Equal(CheckStatus.Warning, result.Status(Name.Token));
        Assert.Contains("from file:secrets/github-token", result[Name.Token].Detail, StringComparison.Ordinal);
        Assert.Matches("expires on .*, in [45] days", result[Name.Token].Detail);
        Assert.Contains("Renew it before then", result[Name.Token].Fix, StringComparison.Ordinal);
        Assert.Contains("file:secrets/github-token points", result[Name.Token].Fix, StringComparison.Ordinal);
        Assert.Null(result.Outcome(Name.Token).Error);
        Assert.Equal(CheckStatus.Passed, result.Status(Name.Permission));
        var summary = IntegrationChecker.Summarize(result.Outcomes.Select(o => o.Check).ToList());
        Assert.Equal((Name.Token, CheckStatus.Warning), (summary.Check, summary.Status));
        Assert.True(File.Exists(tokenFile));
    }

    [Fact]
    public async Task A_classic_token_without_the_user_scope_fails_scopes_for_a_backup_but_not_for_a_schema_sync()
    {
        await using var world = await CheckWorld.StartAsync();
        var backup = Show(await world.CheckAsync(world.Backup(), world.Session(CheckWorld.ClassicRepoOnly)));
        Assert.Equal(CheckStatus.Failed, backup.Status(Name.Scopes));
        Assert.Equal(SyncErrorId.MissingTokenScope, backup[Name.Scopes].ErrorId);
        Assert.Contains("so 'user' is missing", backup[Name.Scopes].Detail, StringComparison.Ordinal);
        Assert.Contains("tick 'user'", backup[Name.Scopes].Fix, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, backup.Status(Name.Repository));      // a missing scope does not make the rest meaningless

        world.WriteFile("api/openapi.yaml", "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\n");
        var schema = world.Integrations("  - name: schema\n    type: schema-sync\n    source: { file: ./api/openapi.yaml }\n    repository: contoso/schemas\n    path: api/openapi.yaml\n").Single();
        var sync = Show(await world.CheckAsync(schema, world.Session(CheckWorld.ClassicRepoOnly)));
        Assert.Equal(CheckStatus.Passed, sync.Status(Name.Scopes));
        Assert.Contains("a schema sync needs repo", sync[Name.Scopes].Detail, StringComparison.Ordinal);
        Assert.All(sync.Outcomes, o => Assert.Equal(CheckStatus.Passed, o.Check.Status));
        Assert.Contains("valid OpenAPI 3.0.3 schema", sync[Name.Source].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_names_the_proxy_variables_and_the_firewall_allow_list()
    {
        await using var world = await CheckWorld.StartAsync();
        var port = CheckWorld.ClosedPort();
        var integration = world.Integrations("  - name: offline\n    type: collection-backup\n    source: { workspace: Payments, collection: Payments API }\n    repository: contoso/api-backups\n", $"http://127.0.0.1:{port}").Single();
        var result = Show(await world.CheckAsync(integration));

        var server = result.Outcome(Name.Server);
        Assert.Equal(SyncErrorId.ServerUnreachable, server.Error!.ErrorId);
        Assert.Equal(SyncErrorCategory.ConnectionError, server.Error.Category);
        Assert.Contains($"Could not connect to 127.0.0.1:{port}", server.Check.Detail, StringComparison.Ordinal);
        Assert.Contains("HTTPS_PROXY and HTTP_PROXY", server.Check.Fix, StringComparison.Ordinal);
        Assert.Contains("NO_PROXY", server.Check.Fix, StringComparison.Ordinal);
        Assert.Contains($"allow-list entry for HTTPS (TCP {port}) to 127.0.0.1:{port}", server.Check.Fix, StringComparison.Ordinal);
        foreach (var check in new[] { Name.Token, Name.Scopes, Name.Repository, Name.Branch, Name.Permission }) Assert.Equal(CheckStatus.Skipped, result.Status(check));
        Assert.Equal(CheckStatus.Passed, result.Status(Name.Source));
    }

    [Fact]
    public async Task A_server_that_is_not_GitHub_is_told_apart_and_is_never_sent_the_token()
    {
        await using var world = await CheckWorld.StartAsync();
        var (port, _) = world.NotGitHub();
        var integration = world.Integrations("  - name: nginx\n    type: collection-backup\n    source: { workspace: Payments, collection: Payments API }\n    repository: contoso/api-backups\n", $"http://127.0.0.1:{port}").Single();
        var result = Show(await world.CheckAsync(integration));

        Assert.Equal(CheckStatus.Failed, result.Status(Name.Server));
        Assert.Contains("it is not a GitHub API (HTTP 200, text/html, server 'nginx'", result[Name.Server].Detail, StringComparison.Ordinal);
        Assert.Contains("the address users browse to", result[Name.Server].Fix, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Skipped, result.Status(Name.Token));
    }

    [Fact]
    public async Task A_TLS_failure_says_how_to_trust_the_certificate_authority()
    {
        await using var world = await CheckWorld.StartAsync();
        var integration = world.Integrations("  - name: tls\n    type: collection-backup\n    source: { workspace: Payments, collection: Payments API }\n    repository: contoso/api-backups\n", $"https://127.0.0.1:{world.Server.GitHubUrl.Port}").Single();
        var result = Show(await world.CheckAsync(integration));

        var server = result.Outcome(Name.Server);
        Assert.Equal(SyncErrorId.ServerUnreachable, server.Error!.ErrorId);
        Assert.Equal(SyncErrorCategory.SecurityError, server.Error.Category);
        Assert.StartsWith("No trusted TLS connection", server.Check.Detail, StringComparison.Ordinal);
        Assert.Contains("trusted root store", server.Check.Fix, StringComparison.Ordinal);
        Assert.Contains("never switched off", server.Check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_domain_given_with_http_is_refused_before_anything_is_sent()
    {
        await using var world = await CheckWorld.StartAsync();
        var integration = world.Backup();
        integration.Server = "http://github.contoso.com";     // an object edited in a script: the file itself would not load
        world.Server.ClearRequests();
        var result = Show(await world.CheckAsync(integration));

        Assert.Equal(CheckStatus.Passed, result.Status(Name.Definition));
        var server = result.Outcome(Name.Server);
        Assert.Equal(SyncErrorId.InsecureServer, server.Error!.ErrorId);
        Assert.Equal(SyncErrorCategory.SecurityError, server.Error.Category);
        Assert.Contains("'github: server: https://github.contoso.com'", server.Check.Fix, StringComparison.Ordinal);
        Assert.Equal(0, world.Server.CountRequests("GET", "*meta"));
    }

    [Fact]
    public async Task A_proxy_that_wants_credentials_gets_its_own_fix()
    {
        await using var world = await CheckWorld.StartAsync();
        using var proxy = LoopbackProxy.Start("proxyuser:proxy-pass-1");
        var session = world.Session(environment: name => name == "HTTP_PROXY" ? proxy.Url.AbsoluteUri : null);
        var result = Show(await world.CheckAsync(world.Backup(), session));

        var server = result.Outcome(Name.Server);
        Assert.Equal(SyncErrorId.ProxyAuthenticationRequired, server.Error!.ErrorId);
        Assert.Contains("407", server.Check.Detail, StringComparison.Ordinal);
        Assert.Contains("http://user:password@proxy:port", server.Check.Fix, StringComparison.Ordinal);
        Assert.Contains("HTTPS_PROXY and HTTP_PROXY", server.Check.Fix, StringComparison.Ordinal);
        Assert.True(proxy.AuthenticationFailures > 0);
        Assert.Equal(SyncErrorId.ProxyAuthenticationRequired, result[Name.Source].ErrorId);     // Postman goes through the same proxy
        Assert.StartsWith("Postman: ", result[Name.Source].Detail, StringComparison.Ordinal);

        var withCredentials = world.Session(environment: name => name == "HTTP_PROXY" ? proxy.Url.AbsoluteUri.Replace("http://", "http://proxyuser:proxy-pass-1@", StringComparison.Ordinal) : null);
        var through = Show(await world.CheckAsync(world.Backup(), withCredentials));
        Assert.Equal(CheckStatus.Passed, through.Status(Name.Server));
        Assert.Contains("through proxy from environment", through[Name.Server].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(through.AllText, t => t.Contains("proxy-pass-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_proxy_that_refuses_the_destination_is_told_apart_from_an_unreachable_server()
    {
        await using var world = await CheckWorld.StartAsync();
        using var proxy = LoopbackProxy.Start();
        var session = world.Session(environment: name => name == "HTTPS_PROXY" ? proxy.Url.AbsoluteUri : null);
        var integration = world.Integrations("  - name: behind-proxy\n    type: collection-backup\n    source: { workspace: Payments, collection: Payments API }\n    repository: contoso/api-backups\n", "https://github.contoso.test").Single();
        var result = Show(await world.CheckAsync(integration, session));

        var server = result.Outcome(Name.Server);
        Assert.Equal(SyncErrorId.ServerUnreachable, server.Error!.ErrorId);
        Assert.Contains("refused to connect to github.contoso.test", server.Check.Detail, StringComparison.Ordinal);
        Assert.Contains("allow HTTPS to github.contoso.test", server.Check.Fix, StringComparison.Ordinal);
        Assert.Contains("NO_PROXY", server.Check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_Postman_API_key_fails_the_source()
    {
        await using var world = await CheckWorld.StartAsync();
        var result = Show(await world.CheckAsync(world.Backup(), world.Session(apiKey: "PMAK-00000000000000000000beef-0000000000000000000000000000000000")));
        Assert.Equal(CheckStatus.Failed, result.Status(Name.Source));
        Assert.Equal(SyncErrorId.ApiKeyInvalid, result[Name.Source].ErrorId);
        Assert.Contains("Settings > API keys", result[Name.Source].Fix, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, result.Status(Name.Permission));
    }

    [Fact]
    public async Task A_missing_workspace_fails_and_names_what_the_key_sees()
    {
        await using var world = await CheckWorld.StartAsync();
        var result = Show(await world.CheckAsync(world.Backup(source: "{ workspace: Payment, collection: Payments API }")));
        Assert.Equal(SyncErrorId.WorkspaceNotFound, result[Name.Source].ErrorId);
        Assert.Contains("'Payments', 'Sandbox'", result[Name.Source].Detail, StringComparison.Ordinal);
        Assert.Contains("Correct 'workspace:'", result[Name.Source].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_collection_in_another_workspace_fails_and_says_where_it_is()
    {
        await using var world = await CheckWorld.StartAsync();
        var result = Show(await world.CheckAsync(world.Backup(source: "{ workspace: Payments, collection: Legacy API }")));
        Assert.Equal(SyncErrorId.CollectionNotFound, result[Name.Source].ErrorId);
        Assert.Contains("is not in the workspace 'Payments'", result[Name.Source].Detail, StringComparison.Ordinal);
        Assert.Contains("but it is in 'Sandbox'", result[Name.Source].Detail, StringComparison.Ordinal);
        Assert.Contains("Set 'workspace:' to 'Sandbox'", result[Name.Source].Fix, StringComparison.Ordinal);

        var nowhere = Show(await world.CheckAsync(world.Backup(source: "{ workspace: Payments, collection: Nothing Like It }")));
        Assert.Contains("nor in any other workspace", nowhere[Name.Source].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wildcard_that_matches_nothing_is_a_warning_and_one_that_matches_lists_the_collections()
    {
        await using var world = await CheckWorld.StartAsync();
        var none = Show(await world.CheckAsync(world.Backup(source: "{ workspace: Payments, collection: 'Billing*' }")));
        Assert.Equal(CheckStatus.Warning, none.Status(Name.Source));
        Assert.Contains("a backup would write nothing", none[Name.Source].Detail, StringComparison.Ordinal);

        var all = Show(await world.CheckAsync(world.Backup(source: "{ workspace: Payments, collection: '*', environments: true }")));
        Assert.Equal(CheckStatus.Passed, all.Status(Name.Source));
        Assert.Contains("matches 2 collection(s) in the workspace 'Payments': 'Orders API', 'Payments API', and 1 environment", all[Name.Source].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wildcard_workspace_lists_the_workspaces_it_matches_and_one_matching_none_is_a_warning()
    {
        await using var world = await CheckWorld.StartAsync();
        var all = Show(await world.CheckAsync(world.Backup(source: "{ workspace: '*', collection: '*' }")));
        Assert.Equal(CheckStatus.Passed, all.Status(Name.Source));
        Assert.Contains("each backed up into its own folder: ", all[Name.Source].Detail, StringComparison.Ordinal);
        Assert.Contains("'Payments'", all[Name.Source].Detail, StringComparison.Ordinal);

        var none = Show(await world.CheckAsync(world.Backup(source: "{ workspace: 'Nothing*', collection: '*' }")));
        Assert.Equal(CheckStatus.Warning, none.Status(Name.Source));
        Assert.Contains("sees no workspace that matches 'Nothing*'", none[Name.Source].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_collection_file_must_exist_and_be_a_Postman_collection()
    {
        await using var world = await CheckWorld.StartAsync();
        var missing = Show(await world.CheckAsync(world.Backup(source: "{ file: ./exports/missing.json }")));
        Assert.Equal(SyncErrorId.SourceFileNotFound, missing[Name.Source].ErrorId);
        Assert.Contains("Export > Collection v2.1", missing[Name.Source].Fix, StringComparison.Ordinal);

        world.WriteFile("exports/broken.json", "{ \"info\": { \"name\": \"x\" }, \"item\": 5 }");
        var broken = Show(await world.CheckAsync(world.Backup(source: "{ file: ./exports/broken.json }")));
        Assert.Equal(CheckStatus.Failed, broken.Status(Name.Source));
        Assert.Equal("InvalidCollection", broken[Name.Source].ErrorId);

        File.Copy(Path.Combine(Emulator.ReferenceFiles.RepositoryRoot, "tests", "demo", "collections", "orders-api.postman_collection.json"), Path.Combine(world.Folder, "exports", "orders.json"));
        var good = Show(await world.CheckAsync(world.Backup(source: "{ file: ./exports/orders.json }")));
        Assert.Equal(CheckStatus.Passed, good.Status(Name.Source));
        Assert.Contains("named 'Orders API'", good[Name.Source].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_file_that_does_not_parse_fails_with_file_line_and_column()
    {
        await using var world = await CheckWorld.StartAsync();
        world.WriteFile("api/openapi.yaml", "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          $ref: '#/components/responses/Missing'\n");
        var integration = world.Integrations("  - name: schema\n    type: schema-sync\n    source: { file: ./api/openapi.yaml }\n    repository: contoso/schemas\n    path: api/openapi.yaml\n").Single();
        var result = Show(await world.CheckAsync(integration));

        Assert.Equal(CheckStatus.Failed, result.Status(Name.Source));
        Assert.Equal("InvalidSchema", result[Name.Source].ErrorId);
        Assert.Matches(@"openapi\.yaml:\d+:\d+: ", result[Name.Source].Detail);
        Assert.Contains("Fix each problem", result[Name.Source].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_sync_from_a_Postman_API_checks_the_API_is_in_the_workspace()
    {
        await using var world = await CheckWorld.StartAsync();
        var yaml = "  - name: schema\n    type: schema-sync\n    source: { postman: { workspace: Payments, api: API_NAME } }\n    repository: contoso/schemas\n    path: api/openapi.yaml\n";
        var good = Show(await world.CheckAsync(world.Integrations(yaml.Replace("API_NAME", "Payments API", StringComparison.Ordinal)).Single()));
        Assert.Equal(CheckStatus.Passed, good.Status(Name.Source));
        Assert.Contains("the API 'Payments API'", good[Name.Source].Detail, StringComparison.Ordinal);

        var missing = Show(await world.CheckAsync(world.Integrations(yaml.Replace("API_NAME", "Orders API", StringComparison.Ordinal)).Single()));
        Assert.Equal(SyncErrorId.ApiNotFound, missing[Name.Source].ErrorId);
        Assert.Contains("Correct 'postman: api:'", missing[Name.Source].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_object_with_invalid_values_fails_the_definition_and_nothing_else_runs()
    {
        await using var world = await CheckWorld.StartAsync();
        var integration = world.Backup();
        integration.Repository = "not a repository";
        integration.Token = CheckWorld.Classic;               // a literal token pasted into the object
        world.Server.ClearRequests();
        var result = Show(await world.CheckAsync(integration));

        var definition = result.Outcome(Name.Definition);
        Assert.Equal(SyncErrorId.DefinitionFileInvalid, definition.Error!.ErrorId);
        Assert.Contains("not in owner/name form", definition.Check.Detail, StringComparison.Ordinal);
        Assert.Contains("looks like a literal secret", definition.Check.Detail, StringComparison.Ordinal);
        Assert.All(result.Outcomes.Skip(1), o => Assert.Equal(CheckStatus.Skipped, o.Check.Status));
        Assert.Empty(world.Server.Requests);
        Assert.DoesNotContain(result.AllText, t => t.Contains(CheckWorld.Classic, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_definitions_file_with_problems_fails_the_definition_with_file_line_and_column()
    {
        await using var world = await CheckWorld.StartAsync();
        var path = world.WriteFile("broken.yml", "version: 1\nintegrations:\n  - name: payments\n    type: collection-backup\n    source: { workspace: Payments, collection: Payments API }\n    repository: contoso/api-backups\n    brnach: main\n");
        var error = Assert.ThrowsAny<SyncException>(() => DefinitionLoader.Load(path, BackupFileNaming.Instance));

        var outcomes = IntegrationChecker.ForUnloadableFile(error, path, new[] { "payments" });

        Assert.Equal(Name.InOrder, outcomes.Select(o => o.Check.Check));
        var definition = outcomes[0];
        Assert.Equal(CheckStatus.Failed, definition.Check.Status);
        Assert.Equal(SyncErrorId.DefinitionFileInvalid, definition.Error!.ErrorId);
        _output.WriteLine(definition.Check.Detail);
        Assert.Contains($"{path}:7:5:", definition.Check.Detail, StringComparison.Ordinal);
        Assert.Contains("brnach", definition.Check.Detail, StringComparison.Ordinal);
        Assert.All(outcomes.Skip(1), o => Assert.Equal(CheckStatus.Skipped, o.Check.Status));
        Assert.All(outcomes, o => Assert.Equal(path, o.Check.DefinitionFile));
    }

    [Fact]
    public async Task Servers_and_tokens_shared_by_integrations_are_checked_once()
    {
        await using var world = await CheckWorld.StartAsync();
        var integrations = world.Integrations(
            "  - name: one\n    type: collection-backup\n    source: { workspace: Payments, collection: Payments API }\n    repository: contoso/api-backups\n"
            + "  - name: two\n    type: collection-backup\n    source: { workspace: Payments, collection: Orders API }\n    repository: contoso/api-backups\n    branch: develop\n");
        world.Server.ClearRequests();
        using var checker = new IntegrationChecker(world.Session());
        var progress = new List<CheckProgress>();
        checker.Progress = progress.Add;
        var written = new List<string>();
        var outcomes = await checker.CheckAsync(integrations, batch =>
        {
            written.Add(batch.Select(o => o.Check.Integration).Distinct().Single());
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal(16, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(CheckStatus.Passed, o.Check.Status));
        Assert.Equal(new[] { "one", "two" }, written);
        Assert.Equal(1, world.Server.CountRequests("GET", "*/meta"));
        Assert.Equal(1, world.Server.CountRequests("GET", "*/user"));
        Assert.Equal(16, progress.Count);
        Assert.Equal(("two", Name.Source, 15, 16), (progress[^1].Integration, progress[^1].Check, progress[^1].Done, progress[^1].Total));
    }

    [Fact]
    public void The_summary_is_the_first_failure_else_the_first_warning_else_all_passed()
    {
        IntegrationCheck Make(string check, CheckStatus status) => new() { Integration = "x", Check = check, Status = status, Detail = check + " detail", Fix = status == CheckStatus.Passed ? null : check + " fix" };
        var mixed = new[] { Make(Name.Definition, CheckStatus.Passed), Make(Name.Token, CheckStatus.Warning), Make(Name.Branch, CheckStatus.Failed), Make(Name.Permission, CheckStatus.Failed) };

        var failed = IntegrationChecker.Summarize(mixed);
        Assert.Equal((Name.Branch, CheckStatus.Failed, "Branch fix"), (failed.Check, failed.Status, failed.Fix));
        Assert.Equal(4, failed.Checks.Count);
        Assert.Empty(mixed[2].Checks);                                      // the check itself is not changed

        var warned = IntegrationChecker.Summarize(mixed.Take(2).ToList());
        Assert.Equal((Name.Token, CheckStatus.Warning), (warned.Check, warned.Status));

        var passed = IntegrationChecker.Summarize(new[] { Make(Name.Definition, CheckStatus.Passed), Make(Name.Scopes, CheckStatus.Skipped) });
        Assert.Equal((Name.All, CheckStatus.Passed), (passed.Check, passed.Status));
        Assert.Contains("Scopes: not applicable", passed.Detail, StringComparison.Ordinal);
    }
}
