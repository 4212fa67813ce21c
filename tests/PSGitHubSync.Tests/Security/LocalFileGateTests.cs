using System.Text;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.IO;
using Xunit;

namespace PSGitHubSync.Tests.Security;

/// <summary>The one gate for local files: links are never followed, replaced files keep their mode, UTF-8 is strict.</summary>
public sealed class LocalFileGateTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "psgithubsync-gate-" + Guid.NewGuid().ToString("N"));

    public LocalFileGateTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_link_to_a_file_a_link_to_a_folder_and_a_dangling_link_are_links_a_file_and_a_folder_are_not()
    {
        var file = Write("real.txt", "x");
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "dir")).FullName;
        File.CreateSymbolicLink(Path.Combine(_folder, "file-link"), file);
        Directory.CreateSymbolicLink(Path.Combine(_folder, "dir-link"), folder);
        File.CreateSymbolicLink(Path.Combine(_folder, "dangling"), Path.Combine(_folder, "nothing-here"));

        Assert.False(LocalFileGate.IsLink(file));
        Assert.False(LocalFileGate.IsLink(folder));
        Assert.False(LocalFileGate.IsLink(Path.Combine(_folder, "missing")));
        Assert.True(LocalFileGate.IsLink(Path.Combine(_folder, "file-link")));
        Assert.True(LocalFileGate.IsLink(Path.Combine(_folder, "dir-link")));
        Assert.True(LocalFileGate.IsLink(Path.Combine(_folder, "dangling")));
    }

    [Fact]
    public void Reading_through_a_link_is_refused_with_LocalPathIsLink_naming_the_link_and_its_target()
    {
        var secret = Write("private/token.txt", "ghp_secret");
        var link = Path.Combine(_folder, "schema.yaml");
        File.CreateSymbolicLink(link, secret);

        var error = Assert.Throws<SyncException>(() => LocalFileGate.ReadAllBytes(link, null, "payments"));

        Assert.Equal(SyncErrorId.LocalPathIsLink, error.ErrorId);
        Assert.Equal(SyncErrorCategory.SecurityError, error.Category);
        Assert.Equal("payments", error.Target);
        Assert.Contains(link, error.Message, StringComparison.Ordinal);
        Assert.Contains(secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_linked_folder_between_the_root_and_the_file_is_refused_a_linked_folder_above_the_root_is_not()
    {
        var elsewhere = Path.Combine(_folder, "elsewhere");
        Write("elsewhere/api/openapi.yaml", "openapi: 3.0.3\n");
        var root = Directory.CreateDirectory(Path.Combine(_folder, "repo")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(root, "linked"), elsewhere);
        var throughLink = Path.Combine(root, "linked", "api", "openapi.yaml");

        Assert.Equal(Path.Combine(root, "linked"), LocalFileGate.FindLink(throughLink, root));
        Assert.Null(LocalFileGate.FindLink(throughLink, null));                        // without a root only the file itself counts
        Assert.Equal(SyncErrorId.LocalPathIsLink, Assert.Throws<SyncException>(() => LocalFileGate.ReadAllBytes(throughLink, root, null)).ErrorId);

        // The root itself (and what is above it) may be a link: a definitions folder reached through a link is fine.
        var linkedRoot = Path.Combine(_folder, "linked-root");
        Directory.CreateSymbolicLink(linkedRoot, elsewhere);
        Assert.Null(LocalFileGate.FindLink(Path.Combine(linkedRoot, "api", "openapi.yaml"), linkedRoot));
        Assert.Equal("openapi: 3.0.3\n", Encoding.UTF8.GetString(LocalFileGate.ReadAllBytes(Path.Combine(linkedRoot, "api", "openapi.yaml"), linkedRoot, null)));
    }

    [Fact]
    public void RootFor_is_the_definitions_folder_only_for_paths_below_it()
    {
        var definitions = Path.Combine(_folder, "ci", "psgithubsync.yml");
        Assert.Equal(Path.Combine(_folder, "ci"), LocalFileGate.RootFor(Path.Combine(_folder, "ci", "api", "x.yaml"), definitions));
        Assert.Null(LocalFileGate.RootFor(Path.Combine(_folder, "other", "x.yaml"), definitions));
        Assert.Null(LocalFileGate.RootFor(Path.Combine(_folder, "ci-other", "x.yaml"), definitions));      // a sibling that shares the prefix
        Assert.Null(LocalFileGate.RootFor(Path.Combine(_folder, "ci", "x.yaml"), null));
    }

    [Fact]
    public void Writing_over_a_link_is_refused_and_the_link_and_its_target_are_unchanged()
    {
        var target = Write("profile.ps1", "original");
        var link = Path.Combine(_folder, "out.json");
        File.CreateSymbolicLink(link, target);

        var error = Assert.Throws<SyncException>(() => AtomicFile.Write(link, Encoding.UTF8.GetBytes("planted")));

        Assert.Equal(SyncErrorId.LocalPathIsLink, error.ErrorId);
        Assert.Equal("original", File.ReadAllText(target));
        Assert.True(LocalFileGate.IsLink(link));
        Assert.Equal(new[] { "out.json", "profile.ps1" }, Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Editing_a_definitions_file_that_is_a_link_is_refused_and_the_file_it_points_at_is_unchanged()
    {
        // Reading follows (the definitions file is the user's own choice, often kept in a dotfiles repository);
        // writing would silently replace the link with a copy, so New-BackupIntegration refuses and names the link.
        var real = Write("dotfiles/psgithubsync.yml", "version: 1\nintegrations: []\n");
        var link = Path.Combine(_folder, "psgithubsync.yml");
        File.CreateSymbolicLink(link, real);

        var error = Assert.Throws<SyncException>(() => PSGitHubSync.Engine.Definitions.DefinitionFileEditor.WriteAtomically(link, "version: 1\nintegrations: []\n# edited\n"));

        Assert.Equal(SyncErrorId.LocalPathIsLink, error.ErrorId);
        Assert.Equal("version: 1\nintegrations: []\n", File.ReadAllText(real));
        Assert.True(LocalFileGate.IsLink(link));
        Assert.Empty(PSGitHubSync.Engine.Definitions.DefinitionLoader.Load(link, BackupFileNaming.Instance));   // reading through the link still works
    }

    [Fact]
    public void A_replaced_file_keeps_its_mode_and_a_new_file_gets_the_default()
    {
        if (OperatingSystem.IsWindows()) return;   // Windows: File.Replace keeps the ACL; modes are Unix only
        var existing = Write("secret.json", "old");
        File.SetUnixFileMode(existing, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        AtomicFile.Write(existing, Encoding.UTF8.GetBytes("new"));
        AtomicFile.Write(Path.Combine(_folder, "fresh.json"), Encoding.UTF8.GetBytes("new"));

        Assert.Equal("new", File.ReadAllText(existing));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(existing));
        var reference = Write("reference.txt", "made the ordinary way");
        Assert.Equal(File.GetUnixFileMode(reference), File.GetUnixFileMode(Path.Combine(_folder, "fresh.json")));
        Assert.Equal(new[] { "fresh.json", "reference.txt", "secret.json" }, Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));   // no temporary file left
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x62 }, -1)]
    [InlineData(new byte[] { 0x63, 0x61, 0x66, 0xC3, 0xA9 }, -1)]                     // café
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, -1)]                           // U+1F600
    [InlineData(new byte[] { 0x63, 0x61, 0x66, 0xE9, 0x21 }, 3)]                      // café in Latin-1
    [InlineData(new byte[] { 0x61, 0xC0, 0xAF }, 1)]                                  // overlong '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 0)]                                  // an encoded surrogate (CESU)
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, 0)]                            // above U+10FFFF
    [InlineData(new byte[] { 0x61, 0x62, 0xE2, 0x82 }, 2)]                            // truncated at the end
    [InlineData(new byte[] { 0x80 }, 0)]                                              // a lone continuation byte
    public void Utf8_is_checked_strictly(byte[] bytes, int expected) => Assert.Equal(expected, Utf8Text.IndexOfInvalid(bytes));

    [Fact]
    public void Positions_are_lines_and_characters()
    {
        var bytes = Encoding.UTF8.GetBytes("ab\ncé\xE9");
        Assert.Equal((2, 3), Utf8Text.Position(bytes, 6));   // the second é: after "c" and "é"
    }
}
