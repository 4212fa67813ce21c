using System.Text.Json;

namespace PSGitHubSync.Emulator.Control;

/// <summary>How every <c>/_emulator</c> control endpoint writes JSON: camelCase (web defaults), UTF-8, with a length.</summary>
internal static class ControlJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static async Task WriteAsync<T>(HttpContext http, int status, T value)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(value, Options);
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
    }
}
