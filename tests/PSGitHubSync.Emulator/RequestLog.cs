using System.Text.RegularExpressions;

namespace PSGitHubSync.Emulator;

/// <summary>One request the emulator answered (control endpoints under <c>/_emulator</c> are not logged).</summary>
/// <param name="Method">HTTP method, upper case.</param>
/// <param name="Path">The path, without the <c>/api/v3</c> prefix of Enterprise requests (e.g. <c>/repos/o/r</c>).</param>
/// <param name="Query">The query string without its leading '?', or "" when there is none.</param>
/// <param name="StatusCode">The status code sent.</param>
/// <param name="HasAuthorization">Whether the request carried an Authorization header.</param>
/// <param name="Enterprise">Whether the request came in under <c>/api/v3</c>.</param>
public sealed record RecordedRequest(string Method, string Path, string Query, int StatusCode, bool HasAuthorization, bool Enterprise);

/// <summary>Thread-safe log of the requests the emulator answered.</summary>
internal sealed class RequestLog
{
    private readonly List<RecordedRequest> _requests = new();
    private readonly object _lock = new();

    public void Add(RecordedRequest request)
    {
        lock (_lock)
        {
            _requests.Add(request);
        }
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_lock)
        {
            return _requests.ToArray();
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _requests.Clear();
        }
    }

    /// <summary>Requests with this method whose path matches <paramref name="pathPattern"/>, where '*' matches any characters (also '/').</summary>
    public int Count(string method, string pathPattern)
    {
        var regex = new Regex(
            "^" + string.Join(".*", pathPattern.Split('*').Select(Regex.Escape)) + "$",
            RegexOptions.CultureInvariant);
        lock (_lock)
        {
            return _requests.Count(r =>
                string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && regex.IsMatch(r.Path));
        }
    }
}
