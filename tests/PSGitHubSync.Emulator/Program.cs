using System.Globalization;
using System.Runtime.InteropServices;

namespace PSGitHubSync.Emulator;

/// <summary>
/// Standalone mode, for out-of-process tests (Pester):
/// <code>PSGitHubSync.Emulator --port 0 --config config.json [--proxy-port 0 [--proxy-credential user:password]] [--no-stdin]</code>
/// prints <c>GitHub: URL</c>, <c>Enterprise: URL</c>, (<c>Proxy: URL</c>,) <c>Ready</c>, then runs until its standard
/// input closes or it is killed (SIGTERM/SIGINT). With <c>--no-stdin</c>, or when standard input is /dev/null,
/// it ignores standard input and runs until killed.
/// </summary>
internal static class Program
{
    private const string Usage =
        "usage: PSGitHubSync.Emulator [--port N] [--config FILE] [--proxy-port N [--proxy-credential USER:PASSWORD]] [--no-stdin]";

    public static async Task<int> Main(string[] args)
    {
        Options options;
        EmulatorConfig config;
        try
        {
            options = Options.Parse(args);
            config = options.ConfigPath is null ? new EmulatorConfig() : EmulatorConfig.Load(options.ConfigPath);
            if (config.Postman is { BaseDirectory: null } postmanConfig && options.ConfigPath is not null)
            {
                postmanConfig.BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(options.ConfigPath));
            }
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        EmulatorServer server;
        try
        {
            server = await EmulatorServer.StartAsync(config, options.Port).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync("Invalid configuration: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        await using (server.ConfigureAwait(false))
        {
            using var proxy = options.ProxyPort is { } proxyPort ? LoopbackProxy.Start(options.ProxyCredential, proxyPort) : null;
            server.Proxy = proxy;

            var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

            WriteLine("GitHub: " + server.GitHubUrl);
            WriteLine("Enterprise: " + server.EnterpriseApiUrl);
            if (proxy is not null)
            {
                WriteLine("Proxy: " + proxy.Url);
            }

            if (config.Postman is not null)
            {
                WriteLine("Postman: " + server.PostmanUrl);
            }

            WriteLine("Ready");

            if (!options.IgnoreStandardInput && !StandardInputIsNullDevice())
            {
                _ = Task.Run(() =>
                {
                    // Runs until the parent closes our standard input (or the stream breaks).
                    try
                    {
                        using var input = Console.OpenStandardInput();
                        var buffer = new byte[256];
                        while (input.Read(buffer, 0, buffer.Length) > 0)
                        {
                        }
                    }
                    catch (IOException)
                    {
                    }

                    stop.TrySetResult();
                });
            }

            await stop.Task.ConfigureAwait(false);

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.TrySetResult();
            }
        }

        return 0;
    }

    private static void WriteLine(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    /// <summary>Started with &lt;/dev/null (e.g. by CI): standard input is closed from the start, which must not stop the emulator.</summary>
    private static bool StandardInputIsNullDevice()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return File.ResolveLinkTarget("/proc/self/fd/0", returnFinalTarget: false)?.FullName == "/dev/null";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private sealed record Options(int Port, string? ConfigPath, int? ProxyPort, string? ProxyCredential, bool IgnoreStandardInput)
    {
        public static Options Parse(string[] args)
        {
            int port = 0;
            string? configPath = null;
            int? proxyPort = null;
            string? proxyCredential = null;
            bool ignoreStandardInput = false;
            for (int i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--port":
                        port = ParsePort(Value(), "--port");
                        break;
                    case "--config":
                        configPath = Value();
                        break;
                    case "--proxy-port":
                        proxyPort = ParsePort(Value(), "--proxy-port");
                        break;
                    case "--proxy-credential":
                        proxyCredential = Value();
                        break;
                    case "--no-stdin":
                        ignoreStandardInput = true;
                        break;
                    default:
                        throw new ArgumentException($"Unknown argument '{args[i]}'.");
                }
            }

            if (proxyCredential is not null && proxyPort is null)
            {
                throw new ArgumentException("--proxy-credential needs --proxy-port.");
            }

            if (proxyCredential is not null && !proxyCredential.Contains(':', StringComparison.Ordinal))
            {
                throw new ArgumentException("--proxy-credential must look like user:password.");
            }

            return new Options(port, configPath, proxyPort, proxyCredential, ignoreStandardInput);
        }

        private static int ParsePort(string value, string name) =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= 65535
                ? port
                : throw new ArgumentException($"{name} must be a port number (0: any free port), not '{value}'.");
    }
}
