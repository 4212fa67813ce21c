namespace PSGitHubSync.Emulator.Hostile;

/// <summary>
/// The placeholders of a hostile answer (an injected fault's body and header values), replaced per request:
/// <list type="bullet">
/// <item><c>{authorization}</c> — the request's Authorization header as sent (<c>Bearer ghp_...</c>);</item>
/// <item><c>{token}</c> — the credential alone (Authorization without its scheme, else X-Api-Key);</item>
/// <item><c>{apiRoot}</c> — the API root the request came to (<c>http://127.0.0.1:PORT/api/v3/</c>);</item>
/// <item><c>{otherHost}</c> — the other-host listener (<c>http://127.0.0.1:OTHER/</c>), which counts what reaches it;</item>
/// <item><c>{otherAuthority}</c> — its <c>127.0.0.1:OTHER</c>.</item>
/// </list>
/// </summary>
public static class HostileText
{
    public static string Expand(string text, HttpRequest request, string apiRoot, Uri? otherHost)
    {
        if (text.IndexOf('{', StringComparison.Ordinal) < 0)
        {
            return text;
        }

        string authorization = request.Headers.Authorization.ToString();
        string apiKey = request.Headers["X-Api-Key"].ToString();
        int space = authorization.IndexOf(' ', StringComparison.Ordinal);
        string token = authorization.Length > 0 ? (space < 0 ? authorization : authorization[(space + 1)..]) : apiKey;
        string other = otherHost?.AbsoluteUri ?? "http://127.0.0.1:9/";
        return text
            .Replace("{authorization}", authorization, StringComparison.Ordinal)
            .Replace("{token}", token, StringComparison.Ordinal)
            .Replace("{apiRoot}", apiRoot, StringComparison.Ordinal)
            .Replace("{otherHost}", other, StringComparison.Ordinal)
            .Replace("{otherAuthority}", new Uri(other).Authority, StringComparison.Ordinal);
    }
}
