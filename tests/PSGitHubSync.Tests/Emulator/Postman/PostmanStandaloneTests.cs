using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using PSGitHubSync.Emulator;
using Xunit;

namespace PSGitHubSync.Tests.Emulator.Postman;

/// <summary>Standalone mode with a postman section: the announced Postman line, relative files, and /_emulator/postman.</summary>
public sealed class PostmanStandaloneTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("psgithubsync-postman-standalone-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Announces_the_postman_url_before_ready_and_serves_the_control_endpoints()
    {
        File.WriteAllText(Path.Combine(_directory, "payments.json"), PostmanWorld.Collection("From file", "a"));
        var postmanConfig = PostmanWorld.Config();
        postmanConfig.Workspaces[1].Collections.Add(new PostmanCollectionConfig { File = "payments.json", Id = "from-file" });
        var config = new EmulatorConfig { Postman = postmanConfig };
        string configPath = Path.Combine(_directory, "config.json");
        File.WriteAllText(configPath, config.ToJson());

        using var emulator = Start("--port", "0", "--config", configPath);
        try
        {
            var lines = await ReadLinesAsync(emulator, 4);
            var gitHub = Regex.Match(lines[0], "^GitHub: (http://127\\.0\\.0\\.1:[0-9]+/)$");
            Assert.True(gitHub.Success, lines[0]);
            Assert.StartsWith("Enterprise: ", lines[1], StringComparison.Ordinal);
            Assert.Equal($"Postman: {gitHub.Groups[1].Value}postman/", lines[2]);
            Assert.Equal("Ready", lines[3]);
            var root = new Uri(gitHub.Groups[1].Value);
            var postman = new Uri(lines[2]["Postman: ".Length..]);

            var fromFile = await PostmanHttp.SendRawAsync(HttpMethod.Get, new Uri(postman, "collections/from-file"), key: PostmanWorld.BobKey);
            Assert.Equal(HttpStatusCode.OK, fromFile.Status);
            Assert.Equal("From file", fromFile.Json.GetProperty("collection").GetProperty("info").GetProperty("name").GetString());

            string collection = new Uri(root, "_emulator/postman/collections/" + PostmanWorld.PaymentsCollection).ToString();
            var replaced = await PostmanHttp.SendRawAsync(HttpMethod.Put, new Uri(collection), PostmanWorld.Collection("Edited in Postman", "x", "y", "z"));
            var touched = await PostmanHttp.SendRawAsync(HttpMethod.Post, new Uri(collection + "/touch"));
            var current = await PostmanHttp.SendRawAsync(HttpMethod.Get, new Uri(collection));
            var served = await PostmanHttp.SendRawAsync(HttpMethod.Get, new Uri(postman, "collections/" + PostmanWorld.PaymentsCollection), key: PostmanWorld.AliceKey);
            var added = await PostmanHttp.SendRawAsync(HttpMethod.Post, new Uri(root, "_emulator/postman/workspaces/Payments/collections?id=new-one"), PostmanWorld.Collection("New", "n"));
            var files = await PostmanHttp.SendRawAsync(HttpMethod.Put, new Uri(root, $"_emulator/postman/apis/{PostmanWorld.PaymentsApi}/files/paths%2Fnew.yaml"), "new: true\n");
            var schemaFiles = await PostmanHttp.SendRawAsync(HttpMethod.Get, new Uri(root, $"_emulator/postman/apis/{PostmanWorld.PaymentsApi}/files"));
            var counts = await PostmanHttp.SendRawAsync(HttpMethod.Get, new Uri(root, "_emulator/postman/requests"));
            var missing = await PostmanHttp.SendRawAsync(HttpMethod.Get, new Uri(root, "_emulator/postman/collections/nope"));

            Assert.Equal(HttpStatusCode.OK, replaced.Status);
            Assert.Equal("Edited in Postman", replaced.Json.GetProperty("name").GetString());
            Assert.Equal(HttpStatusCode.OK, touched.Status);
            Assert.Equal(touched.Json.GetProperty("updatedAt").GetString(), current.Json.GetProperty("info").GetProperty("updatedAt").GetString());
            Assert.Equal(3, current.Json.GetProperty("item").GetArrayLength());
            Assert.Equal(current.Body, served.Json.GetProperty("collection").GetRawText());
            Assert.Equal("new-one", added.Json.GetProperty("id").GetString());
            Assert.Equal(HttpStatusCode.NoContent, files.Status);
            Assert.Equal("new: true\n", schemaFiles.Json.GetProperty("paths/new.yaml").GetString());
            Assert.Equal(2, counts.Json.GetProperty("total").GetInt32());
            Assert.Equal(2, counts.Json.GetProperty("routes").GetProperty("GET /collections/{collectionId}").GetInt32());
            Assert.Equal(HttpStatusCode.NotFound, missing.Status);

            Assert.Equal(HttpStatusCode.NoContent, (await PostmanHttp.SendRawAsync(HttpMethod.Delete, new Uri(root, "_emulator/postman/requests"))).Status);
            Assert.Equal(0, (await PostmanHttp.SendRawAsync(HttpMethod.Get, new Uri(root, "_emulator/postman/requests"))).Json.GetProperty("total").GetInt32());

            emulator.StandardInput.Close();
            Assert.True(emulator.WaitForExit(TimeSpan.FromSeconds(20)), "the emulator did not stop when its stdin closed");
            Assert.Equal(0, emulator.ExitCode);
        }
        finally
        {
            if (!emulator.HasExited)
            {
                emulator.Kill(entireProcessTree: true);
                emulator.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
    }

    [Fact]
    public async Task Invalid_postman_config_exits_with_2()
    {
        string configPath = Path.Combine(_directory, "bad.json");
        File.WriteAllText(configPath, """{ "postman": { "rateLimitPerMinute": -1 } }""");

        using var emulator = Start("--port", "0", "--config", configPath);
        string error = await emulator.StandardError.ReadToEndAsync();
        Assert.True(emulator.WaitForExit(TimeSpan.FromSeconds(30)));

        Assert.Equal(2, emulator.ExitCode);
        Assert.Contains("rateLimitPerMinute", error, StringComparison.Ordinal);
    }

    private static Process Start(params string[] arguments)
    {
        string assembly = Path.Combine(AppContext.BaseDirectory, "PSGitHubSync.Emulator.dll");
        Assert.True(File.Exists(assembly), assembly + " is missing");
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path)
            ? path
            : Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(assembly);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    private static async Task<string[]> ReadLinesAsync(Process emulator, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var lines = new List<string>();
        while (lines.Count < count)
        {
            string? line = await emulator.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                Assert.Fail($"The emulator ended after {lines.Count} lines: {string.Join(" | ", lines)} {await emulator.StandardError.ReadToEndAsync()}");
            }

            lines.Add(line);
        }

        return lines.ToArray();
    }
}
