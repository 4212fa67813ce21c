using System.Diagnostics;
using System.Text;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>
/// Runs the real git CLI (isolated from the machine's and user's configuration). git missing is a test failure,
/// not a skip: the emulator's objects must be checked by git itself.
/// </summary>
internal sealed class GitCli : IDisposable
{
    public GitCli()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("psgithubsync-git-").FullName;
        Home = Path.Combine(Directory, "home");
        System.IO.Directory.CreateDirectory(Home);
    }

    /// <summary>A temporary folder, deleted on dispose.</summary>
    public string Directory { get; }

    private string Home { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>Runs git; asserts exit code 0 and returns standard output.</summary>
    public string Run(string workingDirectory, params string[] arguments) => RunWithInput(workingDirectory, null, null, arguments);

    /// <summary>Runs git with standard input and extra environment variables; asserts exit code 0.</summary>
    public string RunWithInput(string workingDirectory, byte[]? input, IDictionary<string, string>? environment, params string[] arguments)
    {
        var (exitCode, output, error) = TryRun(workingDirectory, input, environment, arguments);
        Assert.True(exitCode == 0, $"git {string.Join(' ', arguments)} exited with {exitCode}: {error}{output}");
        return output;
    }

    public (int ExitCode, string Output, string Error) TryRun(string workingDirectory, byte[]? input, IDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["HOME"] = Home;
        start.Environment["LC_ALL"] = "C";
        start.Environment["TZ"] = "UTC";
        foreach (var name in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY" })
        {
            start.Environment.Remove(name);
        }

        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start.");
        var outputTask = process.StandardOutput.ReadToEndAsync();
        var errorTask = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.BaseStream.Write(input);
        }

        process.StandardInput.Close();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "git did not finish in 30 s");
        return (process.ExitCode, outputTask.Result, errorTask.Result);
    }

    /// <summary>A fresh non-bare repository to compute objects with git alone.</summary>
    public string Init(string name)
    {
        string path = PathOf(name);
        System.IO.Directory.CreateDirectory(path);
        Run(path, "init", "-q");
        return path;
    }

    /// <summary>Environment for commit-tree: author and committer identity and date.</summary>
    public static Dictionary<string, string> Identity(string name, string email, string date, string? committerName = null, string? committerEmail = null, string? committerDate = null) => new()
    {
        ["GIT_AUTHOR_NAME"] = name,
        ["GIT_AUTHOR_EMAIL"] = email,
        ["GIT_AUTHOR_DATE"] = date,
        ["GIT_COMMITTER_NAME"] = committerName ?? name,
        ["GIT_COMMITTER_EMAIL"] = committerEmail ?? email,
        ["GIT_COMMITTER_DATE"] = committerDate ?? date,
    };

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
