using System.Text.Json.Nodes;
using Json.Schema;
using PSGitHubSync.Emulator;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>
/// The schema walk of the git data, contents, branch, history and release operations: each case calls an endpoint
/// on one root (<c>/</c> or <c>/api/v3/</c>), with whatever setup it needs, and validates the body against the
/// response schema of that operation and status in GitHub's description (objects closed). Operations the
/// description lacks are checked against the schema GitHub uses for the same body (the plural
/// <c>git/refs/{ref}</c> against get-a-reference or list-matching-references, get-a-tag against create-a-tag).
/// </summary>
public sealed class GitSchemaWalkTests : IClassFixture<GitSchemaWalkTests.WalkServer>
{
    private const string Repo = GitWorld.RepoPath;
    private const string R = "/repos/{owner}/{repo}";

    private static readonly Dictionary<string, WalkCase> Cases = BuildCases();

    private readonly WalkServer _fixture;

    public GitSchemaWalkTests(WalkServer fixture)
    {
        _fixture = fixture;
    }

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Body_validates_against_the_official_response_schema(string caseName)
    {
        var walk = Cases[caseName];
        var server = _fixture.Server;
        var api = new GitHubApi(walk.Enterprise ? server.EnterpriseApiUrl : server.GitHubUrl, walk.Token);
        string tag = (walk.Enterprise ? "ghes-" : "dotcom-") + Guid.NewGuid().ToString("N")[..8];

        var response = await walk.Call(new WalkContext(api, server, tag, walk.Enterprise));

        Assert.True(walk.Status == (int)response.Status, $"{caseName}: expected {walk.Status}, got {(int)response.Status}: {response.Body}");
        Assert.NotNull(response.Header("X-GitHub-Request-Id"));
        Assert.NotNull(response.Header("X-RateLimit-Remaining"));
        if (walk.Status == 204)
        {
            Assert.Equal("", response.Body);
            return;
        }

        Assert.Equal("application/json; charset=utf-8", response.Header("Content-Type"));
        var description = OpenApiDescription.For(walk.Enterprise);
        JsonSchema schema;
        if (description.RawResponseSchema(walk.SchemaMethod, walk.SchemaTemplate, walk.SchemaStatus) is not null)
        {
            schema = description.ResponseSchema(walk.SchemaMethod, walk.SchemaTemplate, walk.SchemaStatus);
        }
        else
        {
            // GitHub answers these on any operation without each one documenting them (and delete-a-reference
            // documents its 422 without a body, though GitHub sends one).
            Assert.Contains(walk.Status, new[] { 400, 401, 403, 404, 422, 502 });
            schema = description.BasicError();
        }

        var errors = OpenApiDescription.Validate(schema, response.Json);
        Assert.True(errors.Count == 0, $"{caseName}: {string.Join(Environment.NewLine, errors)}{Environment.NewLine}{response.Body}");
    }

    [Fact]
    public void The_walk_covers_every_documented_operation_on_both_roots_with_success_and_error_statuses()
    {
        var covered = new[] { "/user", "/meta", "/rate_limit", R };
        foreach (bool enterprise in new[] { false, true })
        {
            var document = JsonNode.Parse(File.ReadAllText(enterprise ? ReferenceFiles.EnterpriseOpenApi : ReferenceFiles.GitHubComOpenApi))!;
            var onRoot = Cases.Values.Where(c => c.Enterprise == enterprise).ToArray();
            foreach (var (template, operations) in document["paths"]!.AsObject())
            {
                if (covered.Contains(template))
                {
                    continue;
                }

                foreach (var (method, _) in operations!.AsObject())
                {
                    string upper = method.ToUpperInvariant();
                    if (upper is not ("GET" or "POST" or "PUT" or "PATCH" or "DELETE"))
                    {
                        continue;
                    }

                    string name = $"{(enterprise ? "ghes" : "dotcom")} {upper} {template}";
                    Assert.True(onRoot.Any(c => c.Method == upper && c.Template == template && c.Status < 300), name + ": no success case");
                    if (template != R + "/tags")
                    {
                        Assert.True(onRoot.Any(c => c.Method == upper && c.Template == template && c.Status >= 400), name + ": no error case");
                    }
                }
            }
        }
    }

    private static Dictionary<string, WalkCase> BuildCases()
    {
        var cases = new Dictionary<string, WalkCase>(StringComparer.Ordinal);
        foreach (bool enterprise in new[] { false, true })
        {
            string root = enterprise ? "ghes" : "dotcom";
            void Add(string name, string method, string template, int status, Func<WalkContext, Task<EmulatorResponse>> call, string? token = TestWorld.Classic, string? schemaTemplate = null, string? schemaMethod = null, int? schemaStatus = null) =>
                cases.Add($"{root}: {method} {name} {status}", new WalkCase(enterprise, method, template, status, call, token, schemaTemplate ?? template, schemaMethod ?? method, schemaStatus ?? status));
            string Fresh() => enterprise ? "/repos/contoso/fresh-ghes" : "/repos/contoso/fresh-dotcom";

            // Branches
            Add("branch", "GET", R + "/branches/{branch}", 200, w => w.Api.Get(Repo + "/branches/main"));
            Add("protected branch", "GET", R + "/branches/{branch}", 200, w => w.Api.Get("/repos/contoso/guarded/branches/main"));
            Add("branch with slash", "GET", R + "/branches/{branch}", 200, async w =>
            {
                await w.CreateBranchAsync("feature/" + w.Tag);
                return await w.Api.Get(Repo + "/branches/feature/" + w.Tag);
            });
            Add("missing branch", "GET", R + "/branches/{branch}", 404, w => w.Api.Get(Repo + "/branches/nope"));
            Add("branch of an invisible repository", "GET", R + "/branches/{branch}", 404, w => w.Api.Get("/repos/contoso/secret/branches/main"));

            // git/ref, git/refs, matching-refs
            Add("ref", "GET", R + "/git/ref/{ref}", 200, w => w.Api.Get(Repo + "/git/ref/heads/main"));
            Add("tag ref", "GET", R + "/git/ref/{ref}", 200, async w =>
            {
                await w.Api.Post(Repo + "/git/refs", new { @ref = "refs/tags/" + w.Tag, sha = await w.Api.BranchShaAsync(Repo, "main") });
                return await w.Api.Get(Repo + "/git/ref/tags/" + w.Tag);
            });
            Add("missing ref", "GET", R + "/git/ref/{ref}", 404, w => w.Api.Get(Repo + "/git/ref/heads/nope"));
            Add("ref of an empty repository", "GET", R + "/git/ref/{ref}", 409, w => w.Api.Get("/repos/contoso/empty/git/ref/heads/main"));
            Add("plural refs, exact", "GET", R + "/git/refs/{ref}", 200, w => w.Api.Get(Repo + "/git/refs/heads/main"), schemaTemplate: R + "/git/ref/{ref}");
            Add("plural refs, prefix (array)", "GET", R + "/git/refs/{ref}", 200, w => w.Api.Get(Repo + "/git/refs/heads/ma"), schemaTemplate: R + "/git/matching-refs/{ref}");
            Add("plural refs, all", "GET", R + "/git/refs", 200, w => w.Api.Get(Repo + "/git/refs"), schemaTemplate: R + "/git/matching-refs/{ref}");
            Add("plural refs, none", "GET", R + "/git/refs/{ref}", 404, w => w.Api.Get(Repo + "/git/refs/heads/zzz"), schemaTemplate: R + "/git/ref/{ref}");
            Add("plural refs of an empty repository", "GET", R + "/git/refs/{ref}", 409, w => w.Api.Get("/repos/contoso/empty/git/refs/heads"), schemaTemplate: R + "/git/ref/{ref}");
            Add("matching refs", "GET", R + "/git/matching-refs/{ref}", 200, w => w.Api.Get(Repo + "/git/matching-refs/heads/"));
            Add("matching refs, none", "GET", R + "/git/matching-refs/{ref}", 200, w => w.Api.Get(Repo + "/git/matching-refs/heads/zzz"));
            Add("matching refs of an empty repository", "GET", R + "/git/matching-refs/{ref}", 409, w => w.Api.Get("/repos/contoso/empty/git/matching-refs/heads"));

            Add("create ref", "POST", R + "/git/refs", 201, async w =>
                await w.Api.Post(Repo + "/git/refs", new { @ref = "refs/heads/" + w.Tag, sha = await w.Api.BranchShaAsync(Repo, "main") }));
            Add("create existing ref", "POST", R + "/git/refs", 422, async w =>
                await w.Api.Post(Repo + "/git/refs", new { @ref = "refs/heads/main", sha = await w.Api.BranchShaAsync(Repo, "main") }));
            Add("create ref, body not matching the schema", "POST", R + "/git/refs", 422, w => w.Api.Post(Repo + "/git/refs", new { @ref = 1 }));
            Add("create ref in an empty repository", "POST", R + "/git/refs", 409, w => w.Api.Post("/repos/contoso/empty/git/refs", new { @ref = "refs/heads/x", sha = new string('a', 40) }));
            Add("create ref, read collaborator", "POST", R + "/git/refs", 404, w => w.Api.Post(Repo + "/git/refs", new { @ref = "refs/heads/x", sha = new string('a', 40) }), TestWorld.HubotClassic);
            Add("create ref, read-only fine-grained token", "POST", R + "/git/refs", 403, w => w.Api.Post(Repo + "/git/refs", new { @ref = "refs/heads/x", sha = new string('a', 40) }), TestWorld.FineGrained);
            Add("create ref, anonymous", "POST", R + "/git/refs", 401, w => w.Api.Post("/repos/octocat/hello-world/git/refs", new { @ref = "refs/heads/x", sha = new string('a', 40) }), null);
            Add("create ref, bad JSON", "POST", R + "/git/refs", 400, w => w.Api.Send(HttpMethod.Post, Repo + "/git/refs", "{"));

            Add("update ref, fast forward", "PATCH", R + "/git/refs/{ref}", 200, async w =>
            {
                string head = await w.CreateBranchAsync(w.Tag);
                return await w.Api.Patch(Repo + "/git/refs/heads/" + w.Tag, new { sha = await w.CommitAsync(head) });
            });
            Add("update ref, not a fast forward", "PATCH", R + "/git/refs/{ref}", 422, async w =>
            {
                string head = await w.CreateBranchAsync(w.Tag);
                await w.Api.Patch(Repo + "/git/refs/heads/" + w.Tag, new { sha = await w.CommitAsync(head) });
                return await w.Api.Patch(Repo + "/git/refs/heads/" + w.Tag, new { sha = head });
            });
            Add("update missing ref", "PATCH", R + "/git/refs/{ref}", 422, w => w.Api.Patch(Repo + "/git/refs/heads/nope", new { sha = new string('a', 40) }));
            Add("update protected branch", "PATCH", R + "/git/refs/{ref}", 422, w => w.Api.Patch("/repos/contoso/guarded/git/refs/heads/main", new { sha = w.Server.GetRepository("contoso", "guarded").BranchSha("main") }));
            Add("update ref of an empty repository", "PATCH", R + "/git/refs/{ref}", 409, w => w.Api.Patch("/repos/contoso/empty/git/refs/heads/main", new { sha = new string('a', 40) }));
            Add("update ref of an archived repository", "PATCH", R + "/git/refs/{ref}", 403, w => w.Api.Patch("/repos/contoso/docs/git/refs/heads/trunk", new { sha = new string('a', 40) }));

            Add("delete ref", "DELETE", R + "/git/refs/{ref}", 204, async w =>
            {
                await w.CreateBranchAsync(w.Tag);
                return await w.Api.Delete(Repo + "/git/refs/heads/" + w.Tag);
            });
            Add("delete missing ref", "DELETE", R + "/git/refs/{ref}", 422, w => w.Api.Delete(Repo + "/git/refs/heads/nope"), schemaTemplate: R + "/git/refs/{ref}");
            Add("delete ref of an empty repository", "DELETE", R + "/git/refs/{ref}", 409, w => w.Api.Delete("/repos/contoso/empty/git/refs/heads/main"));

            // Trees
            Add("tree", "GET", R + "/git/trees/{tree_sha}", 200, w => w.Api.Get(Repo + "/git/trees/main"));
            Add("recursive tree", "GET", R + "/git/trees/{tree_sha}", 200, w => w.Api.Get(Repo + "/git/trees/main?recursive=1"));
            Add("tree with a submodule", "GET", R + "/git/trees/{tree_sha}", 200, async w =>
            {
                var created = await w.Api.Post(Repo + "/git/trees", new { tree = new[] { new { path = "lib", mode = "160000", type = "commit", sha = new string('1', 40) } } });
                return await w.Api.Get(Repo + "/git/trees/" + GitHubApi.Sha(created, 201));
            });
            Add("missing tree", "GET", R + "/git/trees/{tree_sha}", 404, w => w.Api.Get(Repo + "/git/trees/" + new string('b', 40)));
            Add("tree of an empty repository", "GET", R + "/git/trees/{tree_sha}", 409, w => w.Api.Get("/repos/contoso/empty/git/trees/main"));
            Add("create tree", "POST", R + "/git/trees", 201, w => w.Api.Post(Repo + "/git/trees", new
            {
                base_tree = w.Server.GetRepository("contoso", "api-backups").Commit(w.Server.GetRepository("contoso", "api-backups").BranchSha("main")!)!.TreeSha,
                tree = new object[]
                {
                    new { path = "x/" + w.Tag + ".json", mode = "100644", type = "blob", content = "{}" },
                    new Dictionary<string, object?> { ["path"] = "docs/guide.md", ["mode"] = "100644", ["type"] = "blob", ["sha"] = null },
                },
            }));
            Add("create tree, entry without sha or content", "POST", R + "/git/trees", 422, w => w.Api.Post(Repo + "/git/trees", new { tree = new[] { new { path = "a", mode = "100644", type = "blob" } } }));
            Add("create tree, body not matching the schema", "POST", R + "/git/trees", 422, w => w.Api.Post(Repo + "/git/trees", new { base_tree = "x" }));
            Add("create tree in an empty repository", "POST", R + "/git/trees", 409, w => w.Api.Post("/repos/contoso/empty/git/trees", new { tree = Array.Empty<object>() }));
            Add("create tree, read-only fine-grained token", "POST", R + "/git/trees", 403, w => w.Api.Post(Repo + "/git/trees", new { tree = Array.Empty<object>() }), TestWorld.FineGrained);
            Add("create tree, invisible repository", "POST", R + "/git/trees", 404, w => w.Api.Post("/repos/contoso/secret/git/trees", new { tree = Array.Empty<object>() }));
            Add("create tree, body over the gateway's limit", "POST", R + "/git/trees", 502, w => w.Api.Post(Repo + "/git/trees", new
            {
                tree = new[] { new { path = "big", mode = "100644", type = "blob", content = new string('x', WalkServer.TreeBodyLimit + 1) } },
            }));

            // Blobs
            Add("blob", "GET", R + "/git/blobs/{file_sha}", 200, async w => await w.Api.Get(Repo + "/git/blobs/" + await w.Api.CreateBlobAsync(Repo, w.Tag)));
            Add("missing blob", "GET", R + "/git/blobs/{file_sha}", 404, w => w.Api.Get(Repo + "/git/blobs/" + new string('c', 40)));
            Add("blob with a bad sha", "GET", R + "/git/blobs/{file_sha}", 422, w => w.Api.Get(Repo + "/git/blobs/xyz"));
            Add("blob of an empty repository", "GET", R + "/git/blobs/{file_sha}", 409, w => w.Api.Get("/repos/contoso/empty/git/blobs/" + new string('c', 40)));
            Add("create blob", "POST", R + "/git/blobs", 201, w => w.Api.Post(Repo + "/git/blobs", new { content = w.Tag, encoding = "utf-8" }));
            Add("create blob, bad base64", "POST", R + "/git/blobs", 422, w => w.Api.Post(Repo + "/git/blobs", new { content = "***", encoding = "base64" }));
            Add("create blob, body not matching the schema", "POST", R + "/git/blobs", 422, w => w.Api.Post(Repo + "/git/blobs", new { encoding = "utf-8" }));
            Add("create blob in an empty repository", "POST", R + "/git/blobs", 409, w => w.Api.Post("/repos/contoso/empty/git/blobs", new { content = "x" }));
            Add("create blob, read-only fine-grained token", "POST", R + "/git/blobs", 403, w => w.Api.Post(Repo + "/git/blobs", new { content = "x" }), TestWorld.FineGrained);
            Add("create blob, read collaborator", "POST", R + "/git/blobs", 404, w => w.Api.Post(Repo + "/git/blobs", new { content = "x" }), TestWorld.HubotClassic);

            // Commits
            Add("commit", "GET", R + "/git/commits/{commit_sha}", 200, async w => await w.Api.Get(Repo + "/git/commits/" + await w.Api.BranchShaAsync(Repo, "main")));
            Add("missing commit", "GET", R + "/git/commits/{commit_sha}", 404, w => w.Api.Get(Repo + "/git/commits/" + new string('d', 40)));
            Add("commit of an empty repository", "GET", R + "/git/commits/{commit_sha}", 409, w => w.Api.Get("/repos/contoso/empty/git/commits/" + new string('d', 40)));
            Add("create commit", "POST", R + "/git/commits", 201, async w =>
            {
                string head = await w.Api.BranchShaAsync(Repo, "main");
                return await w.Api.Post(Repo + "/git/commits", new
                {
                    message = "walk " + w.Tag,
                    tree = w.Server.GetRepository("contoso", "api-backups").Commit(head)!.TreeSha,
                    parents = new[] { head },
                    author = new { name = "Ada", email = "ada@example.com", date = "2024-01-01T00:00:00+01:00" },
                });
            });
            Add("create commit, unknown tree", "POST", R + "/git/commits", 422, w => w.Api.Post(Repo + "/git/commits", new { message = "m", tree = new string('e', 40) }));
            Add("create commit, empty author name", "POST", R + "/git/commits", 422, async w =>
            {
                string head = await w.Api.BranchShaAsync(Repo, "main");
                return await w.Api.Post(Repo + "/git/commits", new { message = "m", tree = w.Server.GetRepository("contoso", "api-backups").Commit(head)!.TreeSha, author = new { name = "", email = "a@b" } });
            });
            Add("create commit, invisible repository", "POST", R + "/git/commits", 404, w => w.Api.Post("/repos/contoso/secret/git/commits", new { message = "m", tree = new string('e', 40) }));
            Add("create commit in an empty repository", "POST", R + "/git/commits", 409, w => w.Api.Post("/repos/contoso/empty/git/commits", new { message = "m", tree = new string('e', 40) }));

            // Tags
            Add("create tag", "POST", R + "/git/tags", 201, async w =>
                await w.Api.Post(Repo + "/git/tags", new { tag = w.Tag, message = "m", @object = await w.Api.BranchShaAsync(Repo, "main"), type = "commit" }));
            Add("create tag of a missing object", "POST", R + "/git/tags", 422, w => w.Api.Post(Repo + "/git/tags", new { tag = w.Tag, message = "m", @object = new string('f', 40), type = "commit" }));
            Add("create tag in an empty repository", "POST", R + "/git/tags", 409, w => w.Api.Post("/repos/contoso/empty/git/tags", new { tag = "t", message = "m", @object = new string('f', 40), type = "commit" }));
            Add("tag", "GET", R + "/git/tags/{tag_sha}", 200, async w =>
            {
                var created = await w.Api.Post(Repo + "/git/tags", new { tag = w.Tag, message = "m", @object = await w.Api.BranchShaAsync(Repo, "main"), type = "commit" });
                return await w.Api.Get(Repo + "/git/tags/" + GitHubApi.Sha(created, 201));
            }, schemaTemplate: R + "/git/tags", schemaMethod: "POST", schemaStatus: 201);
            Add("missing tag", "GET", R + "/git/tags/{tag_sha}", 404, w => w.Api.Get(Repo + "/git/tags/" + new string('f', 40)), schemaTemplate: R + "/git/tags", schemaMethod: "POST");

            // Contents
            Add("file", "GET", R + "/contents/{path}", 200, w => w.Api.Get(Repo + "/contents/Postman%20Collections/payments.postman_collection.json"));
            Add("directory", "GET", R + "/contents/{path}", 200, w => w.Api.Get(Repo + "/contents/"));
            Add("symlink", "GET", R + "/contents/{path}", 200, async w =>
            {
                string head = await w.CreateBranchAsync(w.Tag);
                string tree = GitHubApi.Sha(await w.Api.Post(Repo + "/git/trees", new
                {
                    base_tree = w.Server.GetRepository("contoso", "api-backups").Commit(head)!.TreeSha,
                    tree = new[] { new { path = "link", mode = "120000", type = "blob", content = "README.md" } },
                }), 201);
                string commit = GitHubApi.Sha(await w.Api.Post(Repo + "/git/commits", new { message = "link", tree, parents = new[] { head } }), 201);
                await w.Api.Patch(Repo + "/git/refs/heads/" + w.Tag, new { sha = commit });
                return await w.Api.Get(Repo + "/contents/link?ref=" + w.Tag);
            });
            Add("missing file", "GET", R + "/contents/{path}", 404, w => w.Api.Get(Repo + "/contents/nope.txt"));
            Add("file at a missing ref", "GET", R + "/contents/{path}", 404, w => w.Api.Get(Repo + "/contents/README.md?ref=nope"));
            Add("file of an empty repository", "GET", R + "/contents/{path}", 404, w => w.Api.Get("/repos/contoso/empty/contents/README.md"));
            Add("create file", "PUT", R + "/contents/{path}", 201, w => w.Api.Put(Repo + "/contents/walk/" + w.Tag + ".txt", new { message = "m", content = "eA==", branch = "develop" }));
            Add("first commit of an empty repository", "PUT", R + "/contents/{path}", 201, w => w.Api.Put(Fresh() + "/contents/README.md", new { message = "init", content = "eA==" }));
            Add("update file", "PUT", R + "/contents/{path}", 200, async w =>
            {
                var created = await w.Api.Put(Repo + "/contents/walk/" + w.Tag + ".txt", new { message = "m", content = "eA==", branch = "develop" });
                string sha = created.Json.GetProperty("content").GetProperty("sha").GetString()!;
                return await w.Api.Put(Repo + "/contents/walk/" + w.Tag + ".txt", new { message = "m2", content = "eQ==", sha, branch = "develop" });
            });
            Add("update file without sha", "PUT", R + "/contents/{path}", 422, w => w.Api.Put(Repo + "/contents/README.md", new { message = "m", content = "eA==" }));
            Add("update file with a stale sha", "PUT", R + "/contents/{path}", 409, w => w.Api.Put(Repo + "/contents/README.md", new { message = "m", content = "eA==", sha = new string('a', 40) }));
            Add("file on a protected branch", "PUT", R + "/contents/{path}", 409, w => w.Api.Put("/repos/contoso/guarded/contents/a.txt", new { message = "m", content = "eA==" }));
            Add("file on a missing branch", "PUT", R + "/contents/{path}", 404, w => w.Api.Put(Repo + "/contents/a.txt", new { message = "m", content = "eA==", branch = "nope" }));
            Add("file, read-only fine-grained token", "PUT", R + "/contents/{path}", 403, w => w.Api.Put(Repo + "/contents/a.txt", new { message = "m", content = "eA==" }), TestWorld.FineGrained);

            // Commits list, compare, tags, releases
            Add("commits", "GET", R + "/commits", 200, w => w.Api.Get(Repo + "/commits?per_page=1"));
            Add("commits of a path", "GET", R + "/commits", 200, w => w.Api.Get(Repo + "/commits?path=docs/guide.md&sha=develop"));
            Add("commits from a missing sha", "GET", R + "/commits", 404, w => w.Api.Get(Repo + "/commits?sha=nope"));
            Add("commits of an empty repository", "GET", R + "/commits", 409, w => w.Api.Get("/repos/contoso/empty/commits"));
            Add("compare", "GET", R + "/compare/{basehead}", 200, async w =>
            {
                string head = await w.CreateBranchAsync(w.Tag);
                await w.Api.Put(Repo + "/contents/compare.txt", new { message = "c", content = "eA==", branch = w.Tag });
                return await w.Api.Get(Repo + "/compare/main..." + w.Tag);
            });
            Add("compare with a missing ref", "GET", R + "/compare/{basehead}", 404, w => w.Api.Get(Repo + "/compare/main...nope"));
            Add("tags", "GET", R + "/tags", 200, async w =>
            {
                await w.Api.Post(Repo + "/git/refs", new { @ref = "refs/tags/t-" + w.Tag, sha = await w.Api.BranchShaAsync(Repo, "main") });
                return await w.Api.Get(Repo + "/tags");
            });
            Add("releases", "GET", R + "/releases", 200, async w =>
            {
                await w.Api.Post(Repo + "/releases", new { tag_name = "r-" + w.Tag, body = "notes" });
                await w.Api.Post(Repo + "/releases", new { tag_name = "d-" + w.Tag, draft = true });
                return await w.Api.Get(Repo + "/releases");
            });
            Add("releases of an invisible repository", "GET", R + "/releases", 404, w => w.Api.Get("/repos/contoso/secret/releases"));
            Add("create release", "POST", R + "/releases", 201, w => w.Api.Post(Repo + "/releases", new { tag_name = "r-" + w.Tag, name = "Walk", prerelease = true }));
            Add("create release, app installation", "POST", R + "/releases", 201, w => w.Api.Post(Repo + "/releases", new { tag_name = "a-" + w.Tag }), TestWorld.App);
            Add("create release with a used tag name", "POST", R + "/releases", 422, async w =>
            {
                await w.Api.Post(Repo + "/releases", new { tag_name = "r-" + w.Tag });
                return await w.Api.Post(Repo + "/releases", new { tag_name = "r-" + w.Tag });
            });
            Add("create release, read collaborator", "POST", R + "/releases", 404, w => w.Api.Post(Repo + "/releases", new { tag_name = "x" }), TestWorld.HubotClassic);
            Add("release by tag", "GET", R + "/releases/tags/{tag}", 200, async w =>
            {
                await w.Api.Post(Repo + "/releases", new { tag_name = "r-" + w.Tag });
                return await w.Api.Get(Repo + "/releases/tags/r-" + w.Tag);
            });
            Add("release by missing tag", "GET", R + "/releases/tags/{tag}", 404, w => w.Api.Get(Repo + "/releases/tags/nope"));

            // Rate limits and injected faults on git endpoints
            Add("ref, secondary rate limit", "GET", R + "/git/ref/{ref}", 403, w =>
            {
                w.Server.InjectSecondaryRateLimit(1);
                return w.Api.Get(Repo + "/git/ref/heads/main");
            });
            Add("blob, primary rate limit", "POST", R + "/git/blobs", 403, w =>
            {
                w.Server.InjectPrimaryRateLimit(TimeSpan.FromSeconds(5));
                return w.Api.Post(Repo + "/git/blobs", new { content = "x" });
            });
        }

        return cases;
    }

    /// <summary>One emulator for the whole walk: <see cref="GitWorld"/> plus two empty repositories for first commits.</summary>
    public sealed class WalkServer : IAsyncLifetime
    {
        public const int TreeBodyLimit = 256 * 1024;

        private EmulatorServer? _server;

        public EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator has not started.");

        public async Task InitializeAsync() => _server = await GitWorld.StartAsync(config =>
        {
            config.GitHubLimits.CreateTreeMaxBodyBytes = TreeBodyLimit;
            foreach (var name in new[] { "fresh-dotcom", "fresh-ghes" })
            {
                config.Repositories.Add(new EmulatorRepository { Owner = "contoso", Name = name, Empty = true, Collaborators = { ["octocat"] = "write" } });
            }
        });

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }

    /// <summary>What a case's call gets: the API on its root (with its token), the server, a unique name.</summary>
    internal sealed record WalkContext(GitHubApi Api, EmulatorServer Server, string Tag, bool Enterprise)
    {
        private GitHubApi Writer => new(Api.Root, TestWorld.Classic);

        /// <summary>Creates branch <paramref name="name"/> at main (as octocat) and returns its commit.</summary>
        public async Task<string> CreateBranchAsync(string name)
        {
            string head = await Writer.BranchShaAsync(Repo, "main");
            GitHubApi.EnsureStatus(await Writer.Post(Repo + "/git/refs", new { @ref = "refs/heads/" + name, sha = head }), 201);
            return head;
        }

        /// <summary>A new commit (same tree) on top of <paramref name="parent"/>.</summary>
        public async Task<string> CommitAsync(string parent) => GitHubApi.Sha(await Writer.Post(Repo + "/git/commits", new
        {
            message = "walk",
            tree = Server.GetRepository("contoso", "api-backups").Commit(parent)!.TreeSha,
            parents = new[] { parent },
        }), 201);
    }

    private sealed record WalkCase(
        bool Enterprise,
        string Method,
        string Template,
        int Status,
        Func<WalkContext, Task<EmulatorResponse>> Call,
        string? Token,
        string SchemaTemplate,
        string SchemaMethod,
        int SchemaStatus);
}
