using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PSGitHubSync.Emulator.Postman;

/// <summary>
/// Standalone-mode counterparts of <see cref="PostmanState"/>'s in-process methods, under <c>/_emulator/postman</c>
/// (not counted, no API key, no rate limit):
/// <list type="bullet">
/// <item><c>GET|DELETE /requests</c> — request counters <c>{"total":N,"routes":{"GET /collections/{collectionId}":n}}</c> / reset them.</item>
/// <item><c>DELETE /ratelimits</c> — start every key's window afresh.</item>
/// <item><c>GET /collections/{id}</c> — the collection as served (bare); <c>PUT</c> — replace its content (bare or envelope, updatedAt moves on);
/// <c>DELETE</c> — remove it; <c>POST /collections/{id}/touch</c> — move updatedAt on only.</item>
/// <item><c>GET /workspaces/{workspace}/collections</c> — the summaries; <c>POST</c> — add one (body: collection; <c>?id=</c> optional).</item>
/// <item><c>POST /workspaces/{workspace}/collections/raw?name=</c> — add one whose body is served byte for byte (not parsed: may be anything).</item>
/// <item><c>PUT /workspaces/{workspace}/name</c> — rename the workspace (body: the new name as plain text).</item>
/// <item><c>GET /apis/{apiId}/files</c> — <c>{"path":"content",...}</c> of the first schema (<c>?schemaId=</c>); <c>PUT</c> — replace all with such an object;
/// <c>PUT|DELETE /apis/{apiId}/files/{**path}</c> — one file (PUT body: the raw content).</item>
/// <item><c>PUT /latency</c> — <c>{"milliseconds":N,"jitterMilliseconds":M}</c>.</item>
/// <item><c>PUT /hostile</c> — <c>{"echoApiKey":true}</c>: error answers echo the request's API key (hostile mode).</item>
/// </list>
/// Unknown ids answer 404 <c>{"message":...}</c>, bad bodies 400.
/// </summary>
internal static class PostmanControlEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, PostmanState state)
    {
        var control = routes.MapGroup("/_emulator/postman");
        control.MapGet("/requests", () => Results.Json(new { total = state.TotalRequests, routes = state.RequestCounts }));
        control.MapDelete("/requests", () =>
        {
            state.ResetRequestCounts();
            return Results.NoContent();
        });
        control.MapDelete("/ratelimits", () =>
        {
            state.ResetRateLimits();
            return Results.NoContent();
        });
        control.MapPut("/hostile", async (HttpContext http) =>
        {
            var command = await JsonSerializer.DeserializeAsync<PostmanHostileCommand>(http.Request.Body, EmulatorConfig.JsonOptions).ConfigureAwait(false);
            state.EchoApiKey = command?.EchoApiKey ?? false;
            return Results.NoContent();
        });
        control.MapPut("/latency", async (HttpContext http) =>
        {
            state.Latency = await JsonSerializer.DeserializeAsync<PostmanLatency>(http.Request.Body, EmulatorConfig.JsonOptions).ConfigureAwait(false);
            return Results.NoContent();
        });

        control.MapGet("/collections/{id}", (string id) => Guard(() => Results.Text(state.GetCollectionJson(id), "application/json; charset=utf-8", Encoding.UTF8)));
        control.MapPut("/collections/{id}", async (string id, HttpContext http) =>
        {
            string body = await ReadAsync(http).ConfigureAwait(false);
            return Guard(() => Results.Json(state.ReplaceCollection(id, body)));
        });
        control.MapDelete("/collections/{id}", (string id) => state.RemoveCollection(id) ? Results.NoContent() : Missing($"No Postman collection '{id}'."));
        control.MapPost("/collections/{id}/touch", (string id) => Guard(() => Results.Json(new { updatedAt = PostmanIds.Timestamp(state.TouchCollection(id)) })));
        control.MapGet("/workspaces/{workspace}/collections", (string workspace) => Guard(() => Results.Json(state.Collections(workspace))));
        control.MapPost("/workspaces/{workspace}/collections", async (string workspace, HttpContext http) =>
        {
            string body = await ReadAsync(http).ConfigureAwait(false);
            string? id = http.Request.Query["id"];
            return Guard(() => Results.Json(state.AddCollection(workspace, body, string.IsNullOrEmpty(id) ? null : id)));
        });

        control.MapPost("/workspaces/{workspace}/collections/raw", async (string workspace, string name, HttpContext http) =>
        {
            string body = await ReadAsync(http).ConfigureAwait(false);
            string? id = http.Request.Query["id"];
            return Guard(() => Results.Json(state.AddRawCollection(workspace, name, body, string.IsNullOrEmpty(id) ? null : id)));
        });
        control.MapPut("/workspaces/{workspace}/name", async (string workspace, HttpContext http) =>
        {
            string body = await ReadAsync(http).ConfigureAwait(false);
            return Guard(() => Results.Json(state.RenameWorkspace(workspace, body)));
        });

        control.MapGet("/apis/{apiId}/files", (string apiId, string? schemaId) => Guard(() => Results.Json(state.GetSchemaFiles(apiId, schemaId))));
        control.MapPut("/apis/{apiId}/files", async (string apiId, string? schemaId, HttpContext http) =>
        {
            string body = await ReadAsync(http).ConfigureAwait(false);
            return Guard(() =>
            {
                var files = JsonSerializer.Deserialize<Dictionary<string, string>>(body) ?? throw new InvalidDataException("Expected {\"path\":\"content\"}.");
                state.ReplaceSchemaFiles(apiId, files, schemaId);
                return Results.NoContent();
            });
        });
        control.MapPut("/apis/{apiId}/files/{**path}", async (string apiId, string path, string? schemaId, HttpContext http) =>
        {
            string body = await ReadAsync(http).ConfigureAwait(false);
            return Guard(() =>
            {
                state.PutSchemaFile(apiId, Uri.UnescapeDataString(path), body, schemaId);
                return Results.NoContent();
            });
        });
        control.MapDelete("/apis/{apiId}/files/{**path}", (string apiId, string path, string? schemaId) =>
            Guard(() => state.DeleteSchemaFile(apiId, Uri.UnescapeDataString(path), schemaId) ? Results.NoContent() : Missing($"No file '{path}'.")));
    }

    private static IResult Guard(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (KeyNotFoundException e)
        {
            return Missing(e.Message);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or JsonException)
        {
            return Results.Json(new { message = e.Message }, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static IResult Missing(string message) => Results.Json(new { message }, statusCode: StatusCodes.Status404NotFound);

    private static async Task<string> ReadAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>The body of <c>PUT /_emulator/postman/hostile</c>.</summary>
internal sealed record PostmanHostileCommand(bool EchoApiKey);
