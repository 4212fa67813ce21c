using System.Globalization;
using PSGitHubSync.Engine.IO;
using Xunit;

namespace PSGitHubSync.Tests.IO;

/// <summary>
/// Issue 16: a run removes its own temporary folder, even on Ctrl+C; a process that is killed cannot. The next run
/// removes such folders: its process is gone and nothing was written in it for a day. Nothing else is touched.
/// </summary>
public sealed class TemporaryFolderSweepTests : IDisposable
{
    private const int GoneProcess = int.MaxValue - 1;   // above any pid_max: never a running process
    private readonly string _root = Path.Combine(Path.GetTempPath(), "psgithubsync-sweep-tests-" + Guid.NewGuid().ToString("N"));

    public TemporaryFolderSweepTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string RunFolder(int processId, TimeSpan age, string suffix = "0123456789ab")
    {
        var path = Path.Combine(_root, TemporaryFolder.NamePrefix + processId.ToString(CultureInfo.InvariantCulture) + "-" + suffix);
        Directory.CreateDirectory(Path.Combine(path, "inner"));
        var file = Path.Combine(path, "inner", "000001.download.tmp");
        File.WriteAllText(file, "{}");
        var when = DateTime.UtcNow - age;
        File.SetLastWriteTimeUtc(file, when);
        Directory.SetLastWriteTimeUtc(Path.Combine(path, "inner"), when);
        Directory.SetLastWriteTimeUtc(path, when);
        return path;
    }

    [Fact]
    public void A_new_run_removes_a_folder_whose_process_is_gone_and_that_was_unused_for_a_day()
    {
        var abandoned = RunFolder(GoneProcess, TimeSpan.FromDays(2));

        using var folder = TemporaryFolder.Create(_root);

        Assert.False(Directory.Exists(abandoned));
        Assert.True(Directory.Exists(folder.FullPath));
        Assert.Equal(new[] { folder.FullPath }, Directory.GetDirectories(_root));
    }

    [Fact]
    public void A_folder_written_recently_is_kept_even_when_its_process_is_not_seen()
    {
        // A process in another PID namespace (a container sharing the folder) may still be using it.
        var recent = RunFolder(GoneProcess, TimeSpan.FromHours(1));
        var oldFolderRecentFile = RunFolder(GoneProcess, TimeSpan.FromDays(3), "ba9876543210");
        File.SetLastWriteTimeUtc(Path.Combine(oldFolderRecentFile, "inner", "000001.download.tmp"), DateTime.UtcNow);

        var removed = TemporaryFolder.SweepAbandoned(_root, DateTime.UtcNow - TemporaryFolder.AbandonedAfter);

        Assert.Empty(removed);
        Assert.True(Directory.Exists(recent));
        Assert.True(Directory.Exists(oldFolderRecentFile));
    }

    [Fact]
    public void A_folder_of_a_running_process_is_kept_however_old()
    {
        var mine = RunFolder(Environment.ProcessId, TimeSpan.FromDays(30));

        var removed = TemporaryFolder.SweepAbandoned(_root, DateTime.UtcNow - TemporaryFolder.AbandonedAfter);

        Assert.Empty(removed);
        Assert.True(Directory.Exists(mine));
    }

    [Theory]
    [InlineData("psgithubsync-temp-root-0123456789abcdef")]
    [InlineData("psgithubsync-2147483646")]
    [InlineData("psgithubsync-2147483646-0123456789AB")]
    [InlineData("psgithubsync-2147483646-0123456789a")]
    [InlineData("psgithubsync--0123456789ab")]
    [InlineData("psgithubsync-+12-0123456789ab")]
    [InlineData("other-2147483646-0123456789ab")]
    public void Folders_that_are_not_run_folders_are_never_touched(string name)
    {
        var path = Path.Combine(_root, name);
        Directory.CreateDirectory(path);
        Directory.SetLastWriteTimeUtc(path, DateTime.UtcNow - TimeSpan.FromDays(10));

        var removed = TemporaryFolder.SweepAbandoned(_root, DateTime.UtcNow - TemporaryFolder.AbandonedAfter);

        Assert.Empty(removed);
        Assert.True(Directory.Exists(path));
        Assert.Null(TemporaryFolder.OwnerId(name));
    }

    [Fact]
    public void The_owner_is_read_from_the_name_a_run_gives_its_folder()
    {
        using var folder = TemporaryFolder.Create(_root);

        Assert.Equal(Environment.ProcessId, TemporaryFolder.OwnerId(Path.GetFileName(folder.FullPath)));
    }

    [Fact]
    public void A_missing_root_removes_nothing_and_does_not_fail()
    {
        Assert.Empty(TemporaryFolder.SweepAbandoned(Path.Combine(_root, "missing"), DateTime.UtcNow));
    }
}
