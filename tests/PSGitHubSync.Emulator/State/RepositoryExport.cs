using PSGitHubSync.Emulator.Git;

namespace PSGitHubSync.Emulator.State;

/// <summary>
/// The one way a configured repository leaves the emulator for a test, in process (<see cref="EmulatorServer"/>) or
/// through the control endpoints: a read-only view for assertions, or a real bare git repository on disk.
/// </summary>
internal static class RepositoryExport
{
    /// <summary>Read access to a configured repository for assertions; null when no such repository is configured.</summary>
    public static GitRepositoryView? View(EmulatorState state, string owner, string name) =>
        state.FindRepository(owner, name) is { } repository ? new GitRepositoryView(state, repository) : null;

    /// <summary>
    /// Writes a configured repository as a bare git repository into <paramref name="directory"/> (created when missing;
    /// an earlier export there is updated) and returns the folder's full path; null when no such repository is configured.
    /// </summary>
    public static string? WriteBare(EmulatorState state, string owner, string name, string directory)
    {
        if (state.FindRepository(owner, name) is not { } repository)
        {
            return null;
        }

        string fullPath = Path.GetFullPath(directory);
        lock (state.SyncRoot)
        {
            BareRepositoryWriter.Write(repository.Git, repository.DefaultBranch, fullPath);
        }

        return fullPath;
    }

    /// <summary>The message for a repository that is not configured.</summary>
    public static string NotConfigured(string owner, string name) => $"Repository '{owner}/{name}' is not configured.";
}
