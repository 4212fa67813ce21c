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

    /// <summary>A body sent as it is instead of JSON (raw media type of contents), with its content type.</summary>
    public byte[]? RawBody { get; private init; }

    public string? RawContentType { get; private init; }

    /// <summary>The value of X-GitHub-Media-Type when it is not the default.</summary>
    public string? MediaType { get; private init; }

    /// <summary>Sent as Last-Modified on a 200 (GitHub does for repositories).</summary>
    public DateTimeOffset? LastModified { get; }

    /// <summary>More headers (Location, Link, Retry-After, ...).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static GitHubResult Ok(JsonNode body, DateTimeOffset? lastModified = null) => new(200, body, lastModified);

    /// <summary>201 with a Location header.</summary>
    public static GitHubResult Created(JsonNode body, string location)
    {
        var result = new GitHubResult(201, body, null);
        result.Headers["Location"] = location;
        return result;
    }

    public static GitHubResult NoContent() => new(204, null, null);

    public static GitHubResult Raw(byte[] body, string contentType, string mediaType, DateTimeOffset? lastModified = null) =>
        new(200, null, lastModified) { RawBody = body, RawContentType = contentType, MediaType = mediaType };

    /// <summary>GitHub's error body: <c>{"message":..,"documentation_url":..,"status":"404"}</c>.</summary>
    public static GitHubResult Error(int status, string message, string documentationUrl) =>
        new(status, GitHubBodies.Error(status, message, documentationUrl), null);

    /// <summary>
    /// 422 "Validation Failed" with GitHub's <c>errors</c> list, e.g.
    /// <c>{"resource":"Release","code":"already_exists","field":"tag_name"}</c>.
    /// </summary>
    public static GitHubResult ValidationFailed(string documentationUrl, params JsonObject[] errors)
    {
        var body = new JsonObject
        {
            ["message"] = "Validation Failed",
            ["errors"] = new JsonArray(errors.Select(e => (JsonNode)e).ToArray()),
            ["documentation_url"] = documentationUrl,
            ["status"] = "422",
        };
        return new GitHubResult(422, body, null);
    }

    /// <summary>Any status with a JSON body (used by injected faults).</summary>
    public static GitHubResult WithBody(int status, JsonNode? body) => new(status, body, null);

    public GitHubResult WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }
}
