using System.Text.Json;
using PSGitHubSync.Emulator.Faults;
using PSGitHubSync.Emulator.State;

namespace PSGitHubSync.Emulator.Control;

/// <summary>
/// Control endpoints of the GitHub side for out-of-process tests and the benchmark (camelCase JSON, not logged,
/// not counted): faults, latency, rate limits, ref races, statistics, export and reading repositories.
/// </summary>
internal static class GitHubControlEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, GitHubRuntime runtime)
    {
        var control = routes.MapGroup("/_emulator");
        control.MapPost("/faults", (HttpContext http) => Command<FaultRule>(http, runtime.AddFault));
        control.MapDelete("/faults", (HttpContext http) => Command<object>(http, _ => runtime.ClearFaults(), bodyless: true));
        control.MapPost("/latency", (HttpContext http) => Command<LatencyCommand>(http, c => runtime.Latency = TimeSpan.FromMilliseconds(c.Milliseconds)));
        control.MapPost("/rate-limit/primary", (HttpContext http) => Command<PrimaryCommand>(http, c => runtime.InjectPrimaryRateLimit(TimeSpan.FromSeconds(c.ResetInSeconds), c.Count)));
        control.MapPost("/rate-limit/secondary", (HttpContext http) => Command<SecondaryCommand>(http, c => runtime.InjectSecondaryRateLimit(c.RetryAfterSeconds, c.Count)));
        control.MapPost("/rate-limit/content-creation", (HttpContext http) => Command<ContentCreationCommand>(http, c =>
        {
            if (c.PerMinute < 0) throw new ArgumentException("perMinute must be 0 (off) or more.");
            runtime.State.Limits.ContentCreationPerMinute = c.PerMinute;
        }));
        control.MapGet("/app-tokens", (HttpContext http) => ControlJson.WriteAsync(http, 200, runtime.State.IssuedTokens));
        control.MapPost("/clock", (HttpContext http) => Command<ClockCommand>(http, c =>
        {
            if (runtime.Time is not EmulatorClock clock) throw new ArgumentException("This emulator's clock cannot be moved.");
            if (c.AdvanceSeconds < 0) throw new ArgumentException("advanceSeconds must be 0 or more: the clock only moves forward.");
            clock.Advance(TimeSpan.FromSeconds(c.AdvanceSeconds));
        }));
        control.MapPost("/race", (HttpContext http) => Command<RaceCommand>(http, c => runtime.InjectRefRace(c.Owner, c.Repo, c.Branch, c.Path, c.Content)));
        control.MapGet("/statistics", (HttpContext http) => ControlJson.WriteAsync(http, 200, runtime.Statistics.Snapshot()));
        control.MapDelete("/statistics", (HttpContext http) =>
        {
            runtime.Statistics.Reset();
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        control.MapPost("/export", (HttpContext http) => ExportAsync(http, runtime));
        control.MapGet("/repos/{owner}/{repo}/branches/{**rest}", (HttpContext http, string owner, string repo, string rest) =>
        {
            const string Suffix = "/files";
            if (!rest.EndsWith(Suffix, StringComparison.Ordinal) || rest.Length == Suffix.Length)
            {
                return ControlJson.WriteAsync(http, 404, new { message = "Expected /_emulator/repos/{owner}/{repo}/branches/{branch}/files." });
            }

            string branch = rest[..^Suffix.Length];
            return View(http, runtime, owner, repo, view =>
            {
                if (view.BranchSha(branch) is null)
                {
                    return (404, new { message = $"Branch {branch} not found" });
                }

                return (200, (object)view.ReadTree(branch).ToDictionary(f => f.Key, f => Convert.ToBase64String(f.Value), StringComparer.Ordinal));
            });
        });
        control.MapGet("/repos/{owner}/{repo}/log/{**branch}", (HttpContext http, string owner, string repo, string branch) =>
            View(http, runtime, owner, repo, view => view.BranchSha(branch) is null
                ? (404, new { message = $"Branch {branch} not found" })
                : (200, (object)view.Log(branch))));
        control.MapGet("/repos/{owner}/{repo}/commits/{sha}/changes", (HttpContext http, string owner, string repo, string sha) =>
            View(http, runtime, owner, repo, view =>
            {
                try
                {
                    return (200, (object)view.Changes(sha));
                }
                catch (ArgumentException e)
                {
                    return (404, new { message = e.Message });
                }
            }));
    }

    /// <summary><c>POST /_emulator/export</c> <c>{owner, repo, directory}</c>: the repository as a bare git repository there.</summary>
    private static async Task ExportAsync(HttpContext http, GitHubRuntime runtime)
    {
        var command = await ReadAsync<ExportCommand>(http).ConfigureAwait(false);
        if (command is null || string.IsNullOrWhiteSpace(command.Directory))
        {
            await ControlJson.WriteAsync(http, 400, new { message = "Expected {\"owner\",\"repo\",\"directory\"}." }).ConfigureAwait(false);
            return;
        }

        string? directory;
        try
        {
            directory = RepositoryExport.WriteBare(runtime.State, command.Owner, command.Repo, command.Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await ControlJson.WriteAsync(http, 400, new { message = e.Message }).ConfigureAwait(false);
            return;
        }

        if (directory is null)
        {
            await ControlJson.WriteAsync(http, 404, new { message = RepositoryExport.NotConfigured(command.Owner, command.Repo) }).ConfigureAwait(false);
            return;
        }

        await ControlJson.WriteAsync(http, 200, new { directory }).ConfigureAwait(false);
    }

    private static Task View(HttpContext http, GitHubRuntime runtime, string owner, string repo, Func<GitRepositoryView, (int Status, object Body)> read)
    {
        if (RepositoryExport.View(runtime.State, owner, repo) is not { } view)
        {
            return ControlJson.WriteAsync(http, 404, new { message = RepositoryExport.NotConfigured(owner, repo) });
        }

        var (status, body) = read(view);
        return ControlJson.WriteAsync(http, status, body);
    }

    private static async Task Command<T>(HttpContext http, Action<T> apply, bool bodyless = false)
        where T : class
    {
        T? command = bodyless ? null : await ReadAsync<T>(http).ConfigureAwait(false);
        if (command is null && !bodyless)
        {
            await ControlJson.WriteAsync(http, 400, new { message = "The body must be a JSON object." }).ConfigureAwait(false);
            return;
        }

        try
        {
            apply(command!);
        }
        catch (ArgumentException e)
        {
            await ControlJson.WriteAsync(http, 400, new { message = e.Message }).ConfigureAwait(false);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task<T?> ReadAsync<T>(HttpContext http)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, EmulatorConfig.JsonOptions, http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record LatencyCommand(int Milliseconds);

    private sealed record ClockCommand(double AdvanceSeconds);

    private sealed record ContentCreationCommand(int PerMinute);

    private sealed record PrimaryCommand(double ResetInSeconds, int Count = 1);

    private sealed record SecondaryCommand(int RetryAfterSeconds, int Count = 1);

    private sealed record RaceCommand(string Owner, string Repo, string Branch, string? Path, string? Content = null);

    private sealed record ExportCommand(string Owner, string Repo, string Directory);
}
