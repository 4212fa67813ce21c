using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging.Console;
using PSGitHubSync.Emulator.Control;
using PSGitHubSync.Emulator.GitHub;
using PSGitHubSync.Emulator.Postman;
using PSGitHubSync.Emulator.State;

namespace PSGitHubSync.Emulator;

/// <summary>
/// A loopback GitHub REST API (Kestrel on 127.0.0.1), served github.com style at <c>/</c> and GitHub
/// Enterprise Server style at <c>/api/v3/</c>, for tests in process or, through Program, out of process.
/// </summary>
public sealed partial class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RequestLog _log;
    private int _disposed;

    private EmulatorServer(WebApplication app, RequestLog log, Uri gitHubUrl, Hostile.OtherHostListener otherHost)
    {
        _app = app;
        _log = log;
        OtherHost = otherHost;
        GitHubUrl = gitHubUrl;
        EnterpriseApiUrl = new Uri(gitHubUrl, ApiSurface.EnterprisePrefix.TrimStart('/') + "/");
    }

    /// <summary>http://127.0.0.1:PORT/ — the github.com style API root.</summary>
    public Uri GitHubUrl { get; }

    /// <summary>http://127.0.0.1:PORT/api/v3/ — the GitHub Enterprise Server API root.</summary>
    public Uri EnterpriseApiUrl { get; }

    /// <summary>http://127.0.0.1:PORT/postman/ — the Postman API root (see Postman/README.md).</summary>
    public Uri PostmanUrl => new(GitHubUrl, "postman/");

    /// <summary>
    /// A second loopback listener that stands for "another host" in hostile-mode tests: faults may point to it
    /// (<c>{otherHost}</c>), and it counts the requests (and credentials) that reach it.
    /// </summary>
    public Hostile.OtherHostListener OtherHost { get; }

    /// <summary>The emulated Postman world: in-process mutations and request counters.</summary>
    public PostmanState Postman { get; private set; } = null!;

    /// <summary>A snapshot of the requests answered so far, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _log.Snapshot();

    /// <summary>The proxy whose counters <c>GET /_emulator/proxy</c> reports (standalone mode).</summary>
    internal LoopbackProxy? Proxy { get; set; }

    /// <summary>Starts the emulator on 127.0.0.1:<paramref name="port"/> (0: a free port). Throws ArgumentException for an invalid configuration.</summary>
    public static async Task<EmulatorServer> StartAsync(EmulatorConfig config, int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);

        var state = new EmulatorState(config);
        var postman = new PostmanState(config.Postman, TimeProvider.System);
        var log = new RequestLog();

        // The empty builder reads no appsettings and no ASPNETCORE_* variables: nothing from the
        // environment changes where or how the emulator listens.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Listen(IPAddress.Loopback, port);
        });
        builder.Services.AddRoutingCore();

        // No console lifetime: an emulator inside a test host must not react to the host's Ctrl+C or SIGTERM.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();

        var app = builder.Build();
        var otherHost = Hostile.OtherHostListener.Start();
        var clock = new Faults.EmulatorClock();
        var gitHub = new Faults.GitHubRuntime(state, clock) { OtherHost = otherHost.Url };
        var pipeline = new GitHubPipeline(state, log, clock, gitHub);
        EmulatorServer? server = null;

        ControlEndpoints.Map(app, log, () => server?.Proxy, otherHost);
        GitHubControlEndpoints.Map(app, gitHub);
        HostileTreeEntries.Map(app, gitHub);
        PostmanControlEndpoints.Map(app, postman);
        PostmanEndpoints.Map(app, new PostmanPipeline(postman));
        GitHubEndpoints.Map(app, pipeline, ApiSurface.GitHubCom);
        var enterprise = state.EnterpriseVersion is { } version ? ApiSurface.Enterprise(version) : null;
        if (enterprise is not null)
        {
            GitHubEndpoints.Map(app, pipeline, enterprise);
        }

        app.MapFallback("{**path}", (HttpContext http) =>
        {
            string path = http.Request.Path.Value ?? "/";
            bool underEnterprise = enterprise is not null
                && (path.Equals(ApiSurface.EnterprisePrefix, StringComparison.OrdinalIgnoreCase)
                    || path.StartsWith(ApiSurface.EnterprisePrefix + "/", StringComparison.OrdinalIgnoreCase));
            return pipeline.ExecuteAsync(http, underEnterprise ? enterprise! : ApiSurface.GitHubCom, GitHubOperation.Unknown, GitHubEndpoints.NotFound);
        });

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            otherHost.Dispose();
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        int boundPort = new Uri(addresses.First()).Port;
        server = new EmulatorServer(app, log, new Uri($"http://127.0.0.1:{boundPort}/"), otherHost);
        server.Postman = postman;
        server.GitHub = gitHub;
        return server;
    }

    /// <summary>How many logged requests have this method and a path matching <paramref name="pathPattern"/> ('*' matches anything, '/' included).</summary>
    public int CountRequests(string method, string pathPattern) => _log.Count(method, pathPattern);

    public void ClearRequests() => _log.Clear();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            OtherHost.Dispose();
        }
    }

    /// <summary>A host lifetime that waits for nobody and listens to no signal; the owner disposes the server.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
