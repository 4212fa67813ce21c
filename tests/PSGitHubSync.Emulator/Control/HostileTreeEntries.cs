using System.Text;
using System.Text.Json;
using PSGitHubSync.Emulator.Faults;
using PSGitHubSync.Emulator.Git;

namespace PSGitHubSync.Emulator.Control;

/// <summary>
/// The hostile-repository side of the emulator: a commit that adds a tree entry a client must never turn into a
/// local link or file pointing elsewhere, a symbolic link (mode <c>120000</c>, the blob is the link's target) or a
/// submodule (mode <c>160000</c>, a gitlink to a commit that is not in the repository), as anyone who can push can
/// make with <c>git</c>. <c>POST /_emulator/repos/{owner}/{repo}/tree-entries</c> with
/// <c>{"branch":"main","path":"api/environ.yaml","mode":"120000","target":"/proc/self/environ"}</c> or
/// <c>{"branch":"main","path":"api/vendor","mode":"160000","sha":"..."}</c> answers <c>{"commit":"sha"}</c>.
/// </summary>
internal static class HostileTreeEntries
{
    /// <summary>The author of the commits this adds.</summary>
    public static readonly GitSignature Author = new("Mallory", "mallory@example.com", new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero));

    public static void Map(IEndpointRouteBuilder routes, GitHubRuntime runtime)
    {
        routes.MapPost("/_emulator/repos/{owner}/{repo}/tree-entries", async (HttpContext http, string owner, string repo) =>
        {
            EntryCommand? command;
            try
            {
                command = await JsonSerializer.DeserializeAsync<EntryCommand>(http.Request.Body, EmulatorConfig.JsonOptions, http.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                command = null;
            }

            int status;
            object body;
            try
            {
                if (command is null) throw new ArgumentException("Expected {\"branch\",\"path\",\"mode\":\"120000\"|\"160000\",\"target\"|\"sha\"}.");
                body = new { commit = Commit(runtime, owner, repo, command.Branch, command.Path, command.Mode, command.Target, command.Sha) };
                status = 201;
            }
            catch (ArgumentException e)
            {
                (status, body) = (400, new { message = e.Message });
            }

            byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(body, new JsonSerializerOptions(JsonSerializerDefaults.Web));
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
        });
    }

    /// <summary>Commits the entry on the branch (on top of its head) and returns the new commit.</summary>
    public static string Commit(GitHubRuntime runtime, string owner, string repo, string? branch, string? path, string? mode, string? target, string? sha)
    {
        var repository = runtime.State.FindRepository(owner, repo) ?? throw new ArgumentException($"Repository '{owner}/{repo}' is not configured.");
        if (string.IsNullOrEmpty(branch)) throw new ArgumentException("'branch' is required.");
        path = path?.Trim('/');
        if (string.IsNullOrEmpty(path) || !GitRepository.IsValidPath(path)) throw new ArgumentException($"'{path}' is not a valid path.");
        lock (runtime.State.SyncRoot)
        {
            var git = repository.Git;
            if (git.BranchSha(branch) is not { } head || git.Objects.Commit(head) is not { } parent) throw new ArgumentException($"Branch {branch} not found.");
            string objectSha = mode switch
            {
                GitTreeEntry.SymlinkMode => git.Objects.PutBlob(Encoding.UTF8.GetBytes(target ?? throw new ArgumentException("A symbolic link needs 'target'."))),
                GitTreeEntry.SubmoduleMode => GitObjectTypes.IsSha(sha ?? string.Empty) ? sha!.ToLowerInvariant() : throw new ArgumentException("A submodule needs 'sha' (40 hex digits)."),
                _ => throw new ArgumentException("'mode' must be 120000 (symbolic link) or 160000 (submodule)."),
            };
            string tree = git.ApplyTreeEdits(parent.Tree, new[] { new TreeEdit(path, mode, objectSha) });
            string commit = git.Objects.PutCommit(new GitCommit(tree, new[] { head }, Author, Author, $"Add {path} ({(mode == GitTreeEntry.SymlinkMode ? "symbolic link" : "submodule")})\n"));
            git.SetRef("refs/heads/" + branch, commit);
            repository.PushedAt = runtime.Time.GetUtcNow();
            return commit;
        }
    }

    private sealed record EntryCommand(string? Branch, string? Path, string? Mode, string? Target, string? Sha);
}
