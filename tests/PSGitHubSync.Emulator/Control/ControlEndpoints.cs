using System.Text.Json;

namespace PSGitHubSync.Emulator.Control;

/// <summary>
/// Endpoints for out-of-process tests (not part of GitHub, not under /api/v3, not logged):
/// <c>GET /_emulator/requests</c>, <c>DELETE /_emulator/requests</c>, <c>GET /_emulator/proxy</c>,
/// <c>GET|DELETE /_emulator/other-host</c> (the hostile mode's other host: its URL and what reached it / reset).
/// </summary>
internal static class ControlEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(IEndpointRouteBuilder routes, RequestLog log, Func<LoopbackProxy?> proxy, Hostile.OtherHostListener otherHost)
    {
        var control = routes.MapGroup("/_emulator");
        control.MapGet("/other-host", (HttpContext http) =>
            WriteJsonAsync(http, new { url = otherHost.Url.AbsoluteUri, requestCount = otherHost.RequestCount, credentialCount = otherHost.CredentialCount }));
        control.MapDelete("/other-host", (HttpContext http) =>
        {
            otherHost.Reset();
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        control.MapGet("/requests", (HttpContext http) => WriteJsonAsync(http, log.Snapshot()));
        control.MapDelete("/requests", (HttpContext http) =>
        {
            log.Clear();
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        control.MapGet("/proxy", (HttpContext http) =>
        {
            if (proxy() is not { } started)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return WriteJsonAsync(http, new { message = "No proxy was started (--proxy-port)." });
            }

            return WriteJsonAsync(http, new { requestCount = started.RequestCount, authenticationFailures = started.AuthenticationFailures });
        });
    }

    private static async Task WriteJsonAsync<T>(HttpContext http, T value)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(value, Json);
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
    }
}
