using System.Net;
using System.Text.Json;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>Who sees which repository, and what <c>permissions</c> say.</summary>
public sealed class RepositoryAccessTests : IClassFixture<EmulatorServerFixture>
{
    private const string NotFoundBody =
        """{"message":"Not Found","documentation_url":"https://docs.github.com/rest/repos/repos#get-a-repository","status":"404"}""";

    private readonly EmulatorServerFixture _fixture;

    public RepositoryAccessTests(EmulatorServerFixture fixture)
    {
        _fixture = fixture;
    }

    private Uri GitHub => _fixture.Server.GitHubUrl;

    [Theory]
    [InlineData("/repos/contoso/secret", TestWorld.Classic)]
    [InlineData("/repos/contoso/api-backups", TestWorld.ClassicPublicRepo)]
    [InlineData("/repos/contoso/api-backups", TestWorld.ClassicNoScopes)]
    [InlineData("/repos/octocat/notes", TestWorld.FineGrained)]
    [InlineData("/repos/contoso/api-backups", null)]
    [InlineData("/repos/contoso/does-not-exist", TestWorld.Classic)]
    [InlineData("/repos/nobody/nothing", null)]
    public async Task Invisible_or_missing_repository_is_404_never_403(string path, string? token)
    {
        var response = await EmulatorHttp.GetAsync(GitHub, path, token);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal(NotFoundBody, response.Body);
    }

    [Fact]
    public async Task Fine_grained_token_with_read_only_contents_still_reports_push_true()
    {
        // The GitHub trap: permissions are the USER's role (octocat may write), not what the token may do.
        var response = await EmulatorHttp.GetAsync(GitHub, "/repos/contoso/api-backups", TestWorld.FineGrained);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var permissions = response.Json.GetProperty("permissions");
        Assert.True(permissions.GetProperty("push").GetBoolean());
        Assert.True(permissions.GetProperty("pull").GetBoolean());
        Assert.False(permissions.GetProperty("admin").GetBoolean());
    }

    [Fact]
    public async Task Read_collaborator_has_pull_but_not_push()
    {
        var response = await EmulatorHttp.GetAsync(GitHub, "/repos/contoso/api-backups", TestWorld.HubotClassic);

        var permissions = response.Json.GetProperty("permissions");
        Assert.False(permissions.GetProperty("push").GetBoolean());
        Assert.False(permissions.GetProperty("triage").GetBoolean());
        Assert.True(permissions.GetProperty("pull").GetBoolean());
        // Merge settings are shown only to people who can push.
        Assert.False(response.Json.TryGetProperty("allow_squash_merge", out _));
    }

    [Fact]
    public async Task Owner_is_admin_of_a_user_owned_repository_and_owner_is_a_user()
    {
        var response = await EmulatorHttp.GetAsync(GitHub, "/repos/octocat/hello-world", TestWorld.Classic);

        var body = response.Json;
        Assert.True(body.GetProperty("permissions").GetProperty("admin").GetBoolean());
        Assert.Equal("User", body.GetProperty("owner").GetProperty("type").GetString());
        Assert.Equal(1, body.GetProperty("owner").GetProperty("id").GetInt64());
        Assert.False(body.TryGetProperty("organization", out _));
        Assert.Equal("public", body.GetProperty("visibility").GetString());
    }

    [Fact]
    public async Task Organization_owned_repository_carries_owner_and_organization()
    {
        var body = (await EmulatorHttp.GetAsync(GitHub, "/repos/contoso/api-backups", TestWorld.Classic)).Json;

        Assert.Equal("Organization", body.GetProperty("owner").GetProperty("type").GetString());
        Assert.Equal("contoso", body.GetProperty("organization").GetProperty("login").GetString());
        Assert.True(body.GetProperty("private").GetBoolean());
        Assert.Equal("private", body.GetProperty("visibility").GetString());
        Assert.Equal(GitHub + "repos/contoso/api-backups", body.GetProperty("url").GetString());
        Assert.Equal(GitHub + "contoso/api-backups.git", body.GetProperty("clone_url").GetString());
    }

    [Fact]
    public async Task Public_repository_is_readable_anonymously_without_permissions()
    {
        var response = await EmulatorHttp.GetAsync(GitHub, "/repos/contoso/docs");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.False(response.Json.TryGetProperty("permissions", out _));
        Assert.Equal("public, max-age=60, s-maxage=60", response.Header("Cache-Control"));
        Assert.True(response.Json.GetProperty("archived").GetBoolean());
        Assert.Equal("trunk", response.Json.GetProperty("default_branch").GetString());
    }

    [Fact]
    public async Task Public_repository_without_a_role_reports_pull_only()
    {
        var body = (await EmulatorHttp.GetAsync(GitHub, "/repos/contoso/docs", TestWorld.Classic)).Json;

        var permissions = body.GetProperty("permissions");
        Assert.Equal(new[] { false, false, false, false, true }, new[] { "admin", "maintain", "push", "triage", "pull" }.Select(p => permissions.GetProperty(p).GetBoolean()));
    }

    [Fact]
    public async Task Owner_wide_grant_of_a_fine_grained_token_covers_every_repository_of_the_owner()
    {
        var granted = await EmulatorHttp.GetAsync(GitHub, "/repos/contoso/api-backups", TestWorld.FineGrainedAllContoso);
        // octocat has no role on contoso/secret: the grant alone does not open it.
        var noRole = await EmulatorHttp.GetAsync(GitHub, "/repos/contoso/secret", TestWorld.FineGrainedAllContoso);
        var otherOwner = await EmulatorHttp.GetAsync(GitHub, "/repos/octocat/notes", TestWorld.FineGrainedAllContoso);

        Assert.Equal(HttpStatusCode.OK, granted.Status);
        Assert.Equal(HttpStatusCode.NotFound, noRole.Status);
        Assert.Equal(HttpStatusCode.NotFound, otherOwner.Status);
    }

    [Fact]
    public async Task Repository_names_are_case_insensitive_and_answered_in_their_own_case()
    {
        var response = await EmulatorHttp.GetAsync(GitHub, "/repos/CONTOSO/Api-Backups", TestWorld.Classic);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("contoso/api-backups", response.Json.GetProperty("full_name").GetString());
    }

    [Fact]
    public async Task Repository_ids_and_node_ids_are_stable_and_distinct()
    {
        var first = (await EmulatorHttp.GetAsync(GitHub, "/repos/contoso/api-backups", TestWorld.Classic)).Json;
        var again = (await EmulatorHttp.GetAsync(GitHub, "/repos/contoso/api-backups", TestWorld.OAuth)).Json;
        var other = (await EmulatorHttp.GetAsync(GitHub, "/repos/octocat/hello-world", TestWorld.Classic)).Json;

        Assert.Equal(first.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());
        Assert.NotEqual(first.GetProperty("id").GetInt64(), other.GetProperty("id").GetInt64());
        Assert.NotEqual(first.GetProperty("node_id").GetString(), other.GetProperty("node_id").GetString());
        Assert.Equal(JsonValueKind.String, first.GetProperty("created_at").ValueKind);
    }

    [Fact]
    public async Task Repository_answer_names_the_accepted_scope_and_last_modified()
    {
        var response = await EmulatorHttp.GetAsync(GitHub, "/repos/contoso/api-backups", TestWorld.Classic);

        Assert.Equal("repo", response.Header("X-Accepted-OAuth-Scopes"));
        Assert.NotNull(response.ContentHeaders.LastModified);
    }
}
