namespace PSGitHubSync.Emulator.Control;

/// <summary>
/// Endpoints for out-of-process tests (not part of GitHub, not under /api/v3, not logged):
/// <c>GET /_emulator/requests</c>, <c>DELETE /_emulator/requests</c>, <c>GET /_emulator/proxy</c>,
/// <c>GET|DELETE /_emulator/other-host</c> (the hostile mode's other host: its URL and what reached it / reset).
/// </summary>
internal static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, RequestLog log, Func<LoopbackProxy?> proxy, Hostile.OtherHostListener otherHost)
    {
        var control = routes.MapGroup("/_emulator");
        control.MapGet("/other-host", (HttpContext http) =>
            ControlJson.WriteAsync(http, StatusCodes.Status200OK, new { url = otherHost.Url.AbsoluteUri, requestCount = otherHost.RequestCount, credentialCount = otherHost.CredentialCount }));
        control.MapDelete("/other-host", (HttpContext http) =>
        {
            otherHost.Reset();
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        control.MapGet("/requests", (HttpContext http) => ControlJson.WriteAsync(http, StatusCodes.Status200OK, log.Snapshot()));
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
                return ControlJson.WriteAsync(http, StatusCodes.Status404NotFound, new { message = "No proxy was started (--proxy-port)." });
            }

            return ControlJson.WriteAsync(http, StatusCodes.Status200OK, new { requestCount = started.RequestCount, authenticationFailures = started.AuthenticationFailures });
        });
    }
}
