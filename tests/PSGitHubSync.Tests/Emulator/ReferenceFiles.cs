namespace PSGitHubSync.Tests.Emulator;

/// <summary>
/// Finds <c>shared/reference</c> (read-only material written outside this project: GitHub's official
/// OpenAPI description and recorded responses). It lives next to the repository root — the folder that
/// holds PSGitHubSync.sln — as <c>../shared/reference</c>. Not finding it is a test failure, never a skip:
/// the emulator must not drift from real GitHub unnoticed.
/// </summary>
internal static class ReferenceFiles
{
    private static readonly Lazy<string> RootPath = new(Locate);

    public static string Root => RootPath.Value;

    /// <summary>shared/reference/github-rest/api.github.com.subset.json</summary>
    public static string GitHubComOpenApi => Path.Combine(Root, "github-rest", "api.github.com.subset.json");

    /// <summary>shared/reference/github-rest/ghes-3.17.subset.json</summary>
    public static string EnterpriseOpenApi => Path.Combine(Root, "github-rest", "ghes-3.17.subset.json");

    /// <summary>shared/reference/github-recorded/NAME.json</summary>
    public static string Recorded(string name) => Path.Combine(Root, "github-recorded", name + ".json");

    /// <summary>The repository root (the folder with PSGitHubSync.sln).</summary>
    public static string RepositoryRoot =>
        FindRepositoryRoot() ?? throw new InvalidOperationException($"No folder with PSGitHubSync.sln above {AppContext.BaseDirectory}.");

    private static string Locate()
    {
        string? repositoryRoot = FindRepositoryRoot();
        if (repositoryRoot is null)
        {
            throw new InvalidOperationException(
                $"No folder with PSGitHubSync.sln above {AppContext.BaseDirectory}: cannot locate ../shared/reference.");
        }

        string reference = Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared", "reference"));
        if (!Directory.Exists(Path.Combine(reference, "github-rest")) || !Directory.Exists(Path.Combine(reference, "github-recorded")))
        {
            throw new InvalidOperationException(
                $"The reference folder {reference} (github-rest, github-recorded) is missing: it must sit beside the repository root {repositoryRoot}.");
        }

        return reference;
    }

    private static string? FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PSGitHubSync.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
