using PSGitHubSync.Emulator.Authentication;
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

    public string RouteValue(string name) => Http.Request.RouteValues[name]?.ToString() ?? "";
}
