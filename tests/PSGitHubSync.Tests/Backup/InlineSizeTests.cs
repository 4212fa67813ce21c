using System.Text;
using System.Text.Json;
using PSGitHubSync.Engine.GitHub;
using Xunit;

namespace PSGitHubSync.Tests.Backup;

/// <summary>
/// Issue 16: the committer counts an inline file's escaped size through a small buffer, and the count is exactly
/// what the create-tree body writer makes of the file (and what <see cref="JsonEncodedText"/> made of it before).
/// </summary>
public sealed class InlineSizeTests
{
    private static readonly string[] Pieces =
    {
        "a", "{\"name\": \"x\"}", "\n", "\r", "\t", "\"", "\\", "/", "<", ">", "&", "'", "+", "`", "\u0001", "\u001f", "\u007f", "\u0085", "\u00a0",
        "\u2028", "\u2029", "\ufeff", "\ufffd", "😀", "𝄞", "中文", "é", "ß", "\u0301", "\uFDD0", "\U0010FFFF", new string('x', 5000), new string('"', 3000),
    };

    private static byte[] RandomUtf8(Random random, int pieces)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < pieces; i++) builder.Append(Pieces[random.Next(Pieces.Length)]);
        return new UTF8Encoding(false).GetBytes(builder.ToString());
    }

    private static long WrittenLength(byte[] utf8)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = GitHubRepositoryClient.BodyEncoder })) writer.WriteStringValue(utf8);
        return stream.Length - 2;   // without the quotes
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 10)]
    [InlineData(4, 200)]
    [InlineData(5, 2_000)]
    public void The_counted_size_is_the_escaped_size_of_the_body_writer_and_of_JsonEncodedText(int seed, int pieces)
    {
        var random = new Random(seed);
        for (var round = 0; round < 20; round++)
        {
            var utf8 = RandomUtf8(random, pieces);

            var counted = RepositoryCommitter.EscapedLength(utf8);

            Assert.Equal(JsonEncodedText.Encode(utf8, GitHubRepositoryClient.BodyEncoder).EncodedUtf8Bytes.Length, counted);
            Assert.Equal(WrittenLength(utf8), counted);
        }
    }

    [Fact]
    public void A_megabyte_of_text_that_is_all_escapes_is_counted_without_a_copy_of_it()
    {
        var utf8 = new UTF8Encoding(false).GetBytes(string.Concat(Enumerable.Repeat("\u2028\"\n😀", 1024 * 1024 / 12)));
        RepositoryCommitter.EscapedLength(utf8);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var counted = RepositoryCommitter.EscapedLength(utf8);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(JsonEncodedText.Encode(utf8, GitHubRepositoryClient.BodyEncoder).EncodedUtf8Bytes.Length, counted);
        Assert.True(allocated < 64 * 1024, $"counting allocated {allocated:N0} bytes");
    }
}
