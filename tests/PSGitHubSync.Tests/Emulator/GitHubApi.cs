using System.Text;
using System.Text.Json;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>A tiny GitHub REST client for the emulator tests: JSON in, <see cref="EmulatorResponse"/> out.</summary>
internal sealed class GitHubApi
{
    public GitHubApi(Uri root, string? token = TestWorld.Classic)
    {
        Root = root;
        Token = token;
    }

    public Uri Root { get; }

    public string? Token { get; }

    public GitHubApi As(string? token) => new(Root, token);

    public Task<EmulatorResponse> Get(string path, Action<HttpRequestMessage>? configure = null) =>
        EmulatorHttp.SendAsync(HttpMethod.Get, Root, path, Token, configure: configure);

    public Task<EmulatorResponse> Post(string path, object body) => Send(HttpMethod.Post, path, body);

    public Task<EmulatorResponse> Patch(string path, object body) => Send(HttpMethod.Patch, path, body);

    public Task<EmulatorResponse> Put(string path, object body) => Send(HttpMethod.Put, path, body);

    public Task<EmulatorResponse> Delete(string path) => EmulatorHttp.SendAsync(HttpMethod.Delete, Root, path, Token);

    /// <summary>Sends a body: a string is sent as it is, anything else serialized as JSON (property names as written).</summary>
    public Task<EmulatorResponse> Send(HttpMethod method, string path, object body) =>
        EmulatorHttp.SendAsync(method, Root, path, Token, configure: request =>
            request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    /// <summary>POST git/blobs (utf-8) and return the SHA.</summary>
    public async Task<string> CreateBlobAsync(string repoPath, string content)
    {
        var response = await Post(repoPath + "/git/blobs", new { content, encoding = "utf-8" });
        return Sha(response, 201);
    }

    /// <summary>The head of a branch through git/ref.</summary>
    public async Task<string> BranchShaAsync(string repoPath, string branch)
    {
        var response = await Get(repoPath + "/git/ref/heads/" + branch);
        EnsureStatus(response, 200);
        return response.Json.GetProperty("object").GetProperty("sha").GetString()!;
    }

    /// <summary>The SHA of a created or read object; asserts the status first.</summary>
    public static string Sha(EmulatorResponse response, int status)
    {
        EnsureStatus(response, status);
        return response.Json.GetProperty("sha").GetString()!;
    }

    public static void EnsureStatus(EmulatorResponse response, int status)
    {
        if ((int)response.Status != status)
        {
            throw new Xunit.Sdk.XunitException($"Expected {status}, got {(int)response.Status}: {response.Body}");
        }
    }
}
