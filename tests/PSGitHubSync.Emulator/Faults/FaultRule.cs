using System.Text.Json.Serialization;

namespace PSGitHubSync.Emulator;

/// <summary>How an injected fault answers.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FaultKind>))]
public enum FaultKind
{
    /// <summary>An answer with <see cref="FaultRule.Status"/>, <see cref="FaultRule.Body"/> and <see cref="FaultRule.Headers"/>.</summary>
    Status,

    /// <summary>The connection is reset without an answer.</summary>
    ConnectionReset,

    /// <summary>No answer at all until the client gives up (or two minutes pass, then the connection is reset).</summary>
    Timeout,
}

/// <summary>
/// The next <see cref="Count"/> requests whose method and path match fail (JSON: camelCase, <c>kind</c> as
/// "status", "connectionReset" or "timeout"). Injected faults come before authentication and rate limits, like
/// errors of GitHub's front end; they do not count against the rate limit.
/// </summary>
public sealed class FaultRule
{
    /// <summary>HTTP method, or "*" for any.</summary>
    public string Method { get; set; } = "*";

    /// <summary>Path without the <c>/api/v3</c> prefix and without the query; '*' matches any characters ('/' included).</summary>
    public string PathPattern { get; set; } = "*";

    /// <summary>How many matching requests fail.</summary>
    public int Count { get; set; } = 1;

    /// <summary>Status of a <see cref="FaultKind.Status"/> fault (e.g. 502, 500, 401).</summary>
    public int Status { get; set; } = 502;

    /// <summary>
    /// The body as sent; null: GitHub's error shape with the status' reason phrase. Hostile mode: the body and the
    /// header values may hold placeholders (see <see cref="Hostile.HostileText"/>) — <c>{authorization}</c> (the request's
    /// Authorization header, echoed like a careless server does), <c>{token}</c> (its credential alone),
    /// <c>{apiRoot}</c> (this API root) and <c>{otherHost}</c> (the other-host listener) — for example
    /// <c>Link: &lt;{apiRoot}http://other/...&gt;; rel="next"</c>.
    /// </summary>
    public string? Body { get; set; }

    /// <summary>Headers added to (or replacing those of) the answer.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public FaultKind Kind { get; set; } = FaultKind.Status;
}
