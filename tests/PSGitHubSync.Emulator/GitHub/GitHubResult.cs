using System.Text.Json.Nodes;

namespace PSGitHubSync.Emulator.GitHub;

/// <summary>What a handler answers; the pipeline adds GitHub's headers and writes it.</summary>
internal sealed class GitHubResult
{
    private GitHubResult(int status, JsonNode? body, DateTimeOffset? lastModified)
    {
        Status = status;
        Body = body;
        LastModified = lastModified;
    }

    public int Status { get; }

    public JsonNode? Body { get; }

    /// <summary>Sent as Last-Modified on a 200 (GitHub does for repositories).</summary>
    public DateTimeOffset? LastModified { get; }

    public static GitHubResult Ok(JsonNode body, DateTimeOffset? lastModified = null) => new(200, body, lastModified);

    /// <summary>GitHub's error body: <c>{"message":..,"documentation_url":..,"status":"404"}</c>.</summary>
    public static GitHubResult Error(int status, string message, string documentationUrl) =>
        new(status, GitHubBodies.Error(status, message, documentationUrl), null);
}
