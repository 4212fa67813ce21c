using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>A response of the emulator, read whole.</summary>
internal sealed class EmulatorResponse
{
    public EmulatorResponse(HttpResponseMessage response, string body)
    {
        Status = response.StatusCode;
        Headers = response.Headers;
        ContentHeaders = response.Content.Headers;
        Body = body;
    }

    public HttpStatusCode Status { get; }

    public HttpResponseHeaders Headers { get; }

    public HttpContentHeaders ContentHeaders { get; }

    public string Body { get; }

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>A header's value as sent (several lines joined with ", "), or null when absent.</summary>
    public string? Header(string name)
    {
        if (Headers.NonValidated.TryGetValues(name, out var values) || ContentHeaders.NonValidated.TryGetValues(name, out values))
        {
            return string.Join(", ", values);
        }

        return null;
    }

    public bool HasHeader(string name) => Header(name) is not null;

    public IEnumerable<string> HeaderNames =>
        Headers.NonValidated.Select(h => h.Key).Concat(ContentHeaders.NonValidated.Select(h => h.Key)).Select(n => n.ToLowerInvariant());
}

/// <summary>Calls the emulator like a GitHub client does (Accept: application/vnd.github+json).</summary>
internal static class EmulatorHttp
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static Task<EmulatorResponse> GetAsync(Uri root, string path, string? token = null, string scheme = "token") =>
        SendAsync(HttpMethod.Get, root, path, token, scheme);

    public static async Task<EmulatorResponse> SendAsync(
        HttpMethod method, Uri root, string path, string? token = null, string scheme = "token", Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(root, path.TrimStart('/')));
        request.Headers.Accept.ParseAdd("application/vnd.github+json");
        request.Headers.UserAgent.ParseAdd("PSGitHubSync-Tests/1.0");
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {token}");
        }

        configure?.Invoke(request);
        using var response = await Client.SendAsync(request).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return new EmulatorResponse(response, body);
    }
}
