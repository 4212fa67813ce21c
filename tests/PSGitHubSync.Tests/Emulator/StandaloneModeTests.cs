using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using PSGitHubSync.Emulator;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>
/// Standalone mode as out-of-process tests use it: <c>dotnet PSGitHubSync.Emulator.dll --port 0 --config FILE</c>,
/// the announced lines on stdout, the control endpoints, and the end when stdin closes.
/// </summary>
public sealed class StandaloneModeTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("psgithubsync-emulator-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Announces_its_urls_serves_the_config_and_stops_when_stdin_closes()
    {
        using var emulator = Start("--port", "0", "--config", WriteConfig());
        try
        {
            var lines = await ReadAnnouncementAsync(emulator, expectedLines: 3);

            var gitHub = Regex.Match(lines[0], "^GitHub: (http://127\\.0\\.0\\.1:([0-9]+)/)$");
            Assert.True(gitHub.Success, lines[0]);
            Assert.Equal($"Enterprise: {gitHub.Groups[1].Value}api/v3/", lines[1]);
            Assert.Equal("Ready", lines[2]);
            var root = new Uri(gitHub.Groups[1].Value);

            var user = await EmulatorHttp.GetAsync(root, "/user", TestWorld.Classic);
            var enterprise = await EmulatorHttp.GetAsync(new Uri(root, "api/v3/"), "/repos/contoso/api-backups", TestWorld.FineGrained);
            var log = await EmulatorHttp.GetAsync(root, "/_emulator/requests");

            Assert.Equal(HttpStatusCode.OK, user.Status);
            Assert.Equal("octocat", user.Json.GetProperty("login").GetString());
            Assert.Equal(HttpStatusCode.OK, enterprise.Status);
            Assert.Equal(new[] { "/user", "/repos/contoso/api-backups" }, log.Json.EnumerateArray().Select(e => e.GetProperty("path").GetString()));

            await EmulatorHttp.SendAsync(HttpMethod.Delete, root, "/_emulator/requests");
            Assert.Equal(0, (await EmulatorHttp.GetAsync(root, "/_emulator/requests")).Json.GetArrayLength());

            emulator.StandardInput.Close();
            Assert.True(emulator.WaitForExit(TimeSpan.FromSeconds(20)), "the emulator did not stop when its stdin closed");
            Assert.Equal(0, emulator.ExitCode);
            // Nothing but the announced lines: no ASP.NET log noise on stdout.
            Assert.Equal("", await emulator.StandardOutput.ReadToEndAsync());
        }
        finally
        {
            Stop(emulator);
        }
    }

    [Fact]
    public async Task Proxy_is_announced_before_ready_and_counts_through_the_control_endpoint()
    {
        using var emulator = Start("--port", "0", "--config", WriteConfig(), "--proxy-port", "0", "--proxy-credential", "user:pa55");
        try
        {
            var lines = await ReadAnnouncementAsync(emulator, expectedLines: 4);

            Assert.StartsWith("GitHub: http://127.0.0.1:", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("Enterprise: http://127.0.0.1:", lines[1], StringComparison.Ordinal);
            var proxyLine = Regex.Match(lines[2], "^Proxy: (http://127\\.0\\.0\\.1:[0-9]+/)$");
            Assert.True(proxyLine.Success, lines[2]);
            Assert.Equal("Ready", lines[3]);
            var root = new Uri(lines[0]["GitHub: ".Length..]);

            using var anonymousProxyClient = new HttpClient(new SocketsHttpHandler { Proxy = new WebProxy(proxyLine.Groups[1].Value), UseProxy = true });
            using var refused = await anonymousProxyClient.GetAsync(new Uri(root, "meta"));
            using var proxyClient = new HttpClient(new SocketsHttpHandler
            {
                Proxy = new WebProxy(proxyLine.Groups[1].Value) { Credentials = new NetworkCredential("user", "pa55") },
                UseProxy = true,
            });
            using var passed = await proxyClient.GetAsync(new Uri(root, "meta"));
            var counters = (await EmulatorHttp.GetAsync(root, "/_emulator/proxy")).Json;

            Assert.Equal(HttpStatusCode.ProxyAuthenticationRequired, refused.StatusCode);
            Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
            Assert.Equal(1, counters.GetProperty("requestCount").GetInt32());
            Assert.InRange(counters.GetProperty("authenticationFailures").GetInt32(), 1, 2);
        }
        finally
        {
            Stop(emulator);
        }
    }

    [Theory]
    [InlineData("--port", "not-a-port")]
    [InlineData("--bogus")]
    [InlineData("--proxy-credential", "user:pw")]
    [InlineData("--config", "/nonexistent/config.json")]
    public async Task Bad_arguments_exit_with_2_and_a_usage_line(params string[] arguments)
    {
        using var emulator = Start(arguments);
        try
        {
            string error = await emulator.StandardError.ReadToEndAsync();
            Assert.True(emulator.WaitForExit(TimeSpan.FromSeconds(30)));

            Assert.Equal(2, emulator.ExitCode);
            Assert.Contains("usage: PSGitHubSync.Emulator", error, StringComparison.Ordinal);
            Assert.Equal("", await emulator.StandardOutput.ReadToEndAsync());
        }
        finally
        {
            Stop(emulator);
        }
    }

    private string WriteConfig()
    {
        string path = Path.Combine(_directory, "config.json");
        File.WriteAllText(path, TestWorld.Config().ToJson());
        return path;
    }

    /// <summary>Runs the emulator's own build output (copied next to the tests) with the dotnet host running the tests.</summary>
    private static Process Start(params string[] arguments)
    {
        string assembly = Path.Combine(AppContext.BaseDirectory, "PSGitHubSync.Emulator.dll");
        Assert.True(File.Exists(assembly), assembly + " is missing");
        Assert.True(File.Exists(Path.ChangeExtension(assembly, ".runtimeconfig.json")), "the emulator's runtimeconfig.json is missing");

        var start = new ProcessStartInfo(DotNetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    private static string DotNetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        string? current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private static async Task<string[]> ReadAnnouncementAsync(Process emulator, int expectedLines)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var lines = new List<string>();
        while (lines.Count < expectedLines)
        {
            string? line = await emulator.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                string error = await emulator.StandardError.ReadToEndAsync();
                Assert.Fail($"The emulator ended after {lines.Count} lines: {string.Join(" | ", lines)} {error}");
            }

            lines.Add(line);
        }

        return lines.ToArray();
    }

    private static void Stop(Process emulator)
    {
        if (!emulator.HasExited)
        {
            emulator.Kill(entireProcessTree: true);
            emulator.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }
}
