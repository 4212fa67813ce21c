namespace PSGitHubSync.Tests.Emulator;

/// <summary>
/// Finds <c>tests/reference</c>: the structural facts taken from material written outside this project
/// (GitHub's official OpenAPI description with the prose removed, recorded responses, the Postman collection
/// schema), kept in the repository with their licences in <c>tests/reference/NOTICE.md</c>; and
/// <c>tests/fixtures/postman-collections</c>, example collections written here. Both are found from the
/// repository root (the folder that holds PSGitHubSync.sln), so a fresh clone needs nothing beside it.
/// Not finding them is a test failure, never a skip.
/// </summary>
internal static class ReferenceFiles
{
    private static readonly Lazy<string> RootPath = new(() => Locate(Path.Combine("tests", "reference"), "github-rest", "github-recorded", "postman-collection"));
    private static readonly Lazy<string> CollectionsPath = new(() => Locate(Path.Combine("tests", "fixtures", "postman-collections")));

    public static string Root => RootPath.Value;

    /// <summary>tests/reference/github-rest/api.github.com.subset.json</summary>
    public static string GitHubComOpenApi => Path.Combine(Root, "github-rest", "api.github.com.subset.json");

    /// <summary>tests/reference/github-rest/ghes-3.17.subset.json</summary>
    public static string EnterpriseOpenApi => Path.Combine(Root, "github-rest", "ghes-3.17.subset.json");

    /// <summary>tests/reference/github-recorded/NAME.json</summary>
    public static string Recorded(string name) => Path.Combine(Root, "github-recorded", name + ".json");

    /// <summary>tests/reference/postman-collection (the v2.1.0 collection schema).</summary>
    public static string PostmanCollectionSchemas => Path.Combine(Root, "postman-collection");

    /// <summary>tests/fixtures/postman-collections: example collections written for these tests.</summary>
    public static string PostmanExampleCollections => CollectionsPath.Value;

    /// <summary>The repository root (the folder with PSGitHubSync.sln).</summary>
    public static string RepositoryRoot =>
        FindRepositoryRoot() ?? throw new InvalidOperationException($"No folder with PSGitHubSync.sln above {AppContext.BaseDirectory}.");

    private static string Locate(string relative, params string[] expectedFolders)
    {
        string folder = Path.Combine(RepositoryRoot, relative);
        var missing = expectedFolders.Where(f => !Directory.Exists(Path.Combine(folder, f))).ToArray();
        if (!Directory.Exists(folder) || missing.Length > 0)
        {
            throw new InvalidOperationException(
                $"The test material {folder} is missing{(missing.Length > 0 ? " (" + string.Join(", ", missing) + ")" : "")}: it is part of the repository; restore it from git.");
        }

        return folder;
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
