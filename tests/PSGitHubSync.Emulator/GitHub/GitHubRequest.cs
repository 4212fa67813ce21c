using System.Text.Json;
using System.Text.Json.Nodes;
using PSGitHubSync.Emulator.Authentication;
using PSGitHubSync.Emulator.Faults;
using PSGitHubSync.Emulator.RateLimiting;
using PSGitHubSync.Emulator.State;

namespace PSGitHubSync.Emulator.GitHub;

/// <summary>What a handler gets: the HTTP request, which GitHub it talks to, who calls, and the state.</summary>
internal sealed class GitHubRequest
{
    public GitHubRequest(HttpContext http, ApiSurface surface, Caller caller, EmulatorState state, TimeProvider time, RateLimitStatus rateLimit)
    {
        Http = http;
        Surface = surface;
        Caller = caller;
        State = state;
        Time = time;
        RateLimit = rateLimit;
        Urls = surface.UrlsFor(http.Request);
    }

    public HttpContext Http { get; }

    public ApiSurface Surface { get; }

    public Caller Caller { get; }

    public EmulatorState State { get; }

    public TimeProvider Time { get; }

    public GitHubUrls Urls { get; }

    /// <summary>The caller's core rate limit after this request was counted.</summary>
    public RateLimitStatus RateLimit { get; }

    public GitHubOperation Operation { get; init; } = GitHubOperation.Unknown;

    /// <summary>The runtime (statistics, ref races); null only in tests of single handlers.</summary>
    public GitHubRuntime? Runtime { get; init; }

    /// <summary>The request body (empty for GET).</summary>
    public byte[] Body { get; init; } = Array.Empty<byte>();

    /// <summary>The operation's documentation link.</summary>
    public string Docs => Surface.Docs(Operation.DocsPage);

    public string RouteValue(string name) => Http.Request.RouteValues[name]?.ToString() ?? "";

    public string? Query(string name) => Http.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    public GitHubResult Error(int status, string message) => GitHubResult.Error(status, message, Docs);

    public GitHubResult NotFound() => Error(404, "Not Found");

    /// <summary>The body as a JSON object, or GitHub's 400 "Problems parsing JSON".</summary>
    public bool TryReadJsonObject(out JsonObject body, out GitHubResult? error)
    {
        body = new JsonObject();
        error = null;
        try
        {
            if (Body.Length > 0 && JsonNode.Parse(Body) is JsonObject parsed)
            {
                body = parsed;
                return true;
            }
        }
        catch (JsonException)
        {
        }

        error = Error(400, "Problems parsing JSON");
        return false;
    }
}
