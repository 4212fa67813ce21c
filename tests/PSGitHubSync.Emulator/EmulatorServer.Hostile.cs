using PSGitHubSync.Emulator.Control;
using PSGitHubSync.Emulator.Git;

namespace PSGitHubSync.Emulator;

/// <summary>The hostile-repository side for tests (see <see cref="HostileTreeEntries"/>).</summary>
public sealed partial class EmulatorServer
{
    /// <summary>Commits a symbolic link (mode 120000) at <paramref name="path"/> pointing at <paramref name="target"/>; returns the commit.</summary>
    public string CommitSymbolicLink(string owner, string repo, string branch, string path, string target) =>
        HostileTreeEntries.Commit(GitHub, owner, repo, branch, path, GitTreeEntry.SymlinkMode, target, null);

    /// <summary>Commits a submodule (mode 160000, a gitlink to <paramref name="commitSha"/>) at <paramref name="path"/>; returns the commit.</summary>
    public string CommitSubmodule(string owner, string repo, string branch, string path, string commitSha) =>
        HostileTreeEntries.Commit(GitHub, owner, repo, branch, path, GitTreeEntry.SubmoduleMode, null, commitSha);
}
