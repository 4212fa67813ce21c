using PSGitHubSync.Engine.Diagnostics;
using PSGitHubSync.Engine.IO;
using Xunit;

namespace PSGitHubSync.Tests.Engine;

/// <summary>
/// Which repository paths may be written (<see cref="RepositoryPathRule"/>), judged as git judges <c>.git</c> on NTFS and
/// HFS+, and how text from data is shown (<see cref="DisplayText"/>).
/// </summary>
public class RepositoryPathRuleTests
{
    [Theory]
    [InlineData(".git/hooks/pre-commit")]
    [InlineData(".GIT/config")]
    [InlineData("a/.Git/b")]
    [InlineData(".git ")]                      // Windows drops trailing spaces ...
    [InlineData(".git./hooks/x")]              // ... and dots
    [InlineData(".git. . /x")]
    [InlineData(".git::$INDEX_ALLOCATION/x")]  // an NTFS stream of the folder
    [InlineData(".git:stream")]
    [InlineData("git~1/config")]               // the Windows short name
    [InlineData("GIT~1")]
    [InlineData(".g\u200Cit/config")]          // HFS+ ignores U+200C
    [InlineData(".\uFEFFgit")]
    [InlineData("api\\.git\\hooks\\x")]        // a backslash separates on Windows
    public void Paths_into_git_are_always_refused(string path)
    {
        Assert.True(RepositoryPathRule.EntersGitFolder(path));
        var refusal = RepositoryPathRule.Refusal(path, allowGitHubFolder: true);
        Assert.NotNull(refusal);
        Assert.Contains("'.git'", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".github/workflows/x.yml")]
    [InlineData(".GITHUB/workflows/x.yml")]
    [InlineData(".GitHub/CODEOWNERS")]
    [InlineData(".github./workflows/x.yml")]
    [InlineData(".github /x")]
    [InlineData(".github:x/y")]
    [InlineData("GITHUB~1/workflows/x.yml")]
    [InlineData(".git\u200Dhub/workflows/x.yml")]
    [InlineData("docs/.github/x")]
    [InlineData(".github")]
    public void Paths_into_github_need_allowGitHubFolder(string path)
    {
        Assert.True(RepositoryPathRule.EntersGitHubFolder(path));
        var refusal = RepositoryPathRule.Refusal(path, allowGitHubFolder: false);
        Assert.NotNull(refusal);
        Assert.Contains("allowGitHubFolder: true", refusal, StringComparison.Ordinal);
        Assert.Null(RepositoryPathRule.Refusal(path, allowGitHubFolder: true));
    }

    [Theory]
    [InlineData("Postman Collections/x.postman_collection.json")]
    [InlineData(".gitignore")]
    [InlineData(".gitattributes")]
    [InlineData(".github-backup/x.json")]
    [InlineData("github/x.json")]
    [InlineData("x.git")]
    [InlineData("my.git/x")]
    [InlineData("git~x")]
    [InlineData(".psgithubsync/backup-state.json")]
    public void Other_paths_may_be_written(string path)
    {
        Assert.False(RepositoryPathRule.EntersGitFolder(path));
        Assert.False(RepositoryPathRule.EntersGitHubFolder(path));
        Assert.Null(RepositoryPathRule.Refusal(path, allowGitHubFolder: false));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\u001B[2Jb", "a\\x1b[2Jb")]
    [InlineData("nul\0", "nul\\x00")]
    [InlineData("c1\u009B31m", "c1\\x9b31m")]
    [InlineData("rtl\u202Etxt", "rtl\\u202etxt")]
    [InlineData("isolate\u2066x\u2069", "isolate\\u2066x\\u2069")]
    [InlineData("two\nlines", "two\\x0alines")]
    [InlineData("tab\t", "tab\\x09")]
    [InlineData("sep\u2028x", "sep\\u2028x")]
    [InlineData("café 🚀", "café 🚀")]
    public void One_line_of_data_is_shown_with_every_control_character_escaped(string text, string expected) =>
        Assert.Equal(expected, DisplayText.Line(text));

    [Theory]
    [InlineData("subject\n\nbody\n", "subject\n\nbody\n")]
    [InlineData("a\r\nb", "a\nb")]
    [InlineData("a\rb", "a\\x0db")]
    [InlineData("\tindented", "\tindented")]
    [InlineData("x\u001B]0;title\u0007", "x\\x1b]0;title\\x07")]
    public void Several_lines_keep_line_feeds_and_tabs_only(string text, string expected)
    {
        Assert.Equal(expected, DisplayText.Lines(text));
        Assert.True(DisplayText.IsClean(DisplayText.Lines(text)));
    }
}
