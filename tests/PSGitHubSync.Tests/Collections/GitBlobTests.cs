using System.Text;
using PSGitHubSync.Engine.Collections;
using Xunit;

namespace PSGitHubSync.Tests.Collections;

public class GitBlobTests
{
    [Theory]
    [InlineData("", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")]
    [InlineData("hello\n", "ce013625030ba8dba906f756967f9e9ca394464a")]
    [InlineData("test content\n", "d670460b4b4aece5915caf5c68d12f560a9fe3e4")]
    [InlineData("caf\u00e9 \U0001F600\n", "239f6721b5137c418af12bde7b94e160d9b7d35b")]
    [InlineData("a\0b", "20b5be91886d0b6f26dc98a225c0dac05fe2c86e")]
    public void Matches_git_hash_object(string content, string expected)
    {
        Assert.Equal(expected, GitBlob.ComputeSha1(Encoding.UTF8.GetBytes(content)));
    }

    [Fact]
    public void Matches_git_hash_object_for_a_larger_binary_blob()
    {
        // head -c 100000 /dev/zero | git hash-object --stdin
        Assert.Equal("f18c9a678f421d5c52f6c5acc23670267d5f632f", GitBlob.ComputeSha1(new byte[100000]));
    }

    [Fact]
    public void Is_lowercase_hex_of_forty_characters()
    {
        var sha = GitBlob.ComputeSha1(Encoding.UTF8.GetBytes("{}\n"));
        Assert.Matches("^[0-9a-f]{40}$", sha);
    }

    [Fact]
    public void Refuses_null()
    {
        Assert.Throws<ArgumentNullException>(() => GitBlob.ComputeSha1(null!));
    }
}
