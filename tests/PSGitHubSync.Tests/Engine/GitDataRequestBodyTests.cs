using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FsCheck;
using FsCheck.Xunit;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Http;
using PSGitHubSync.Engine.IO;
using Xunit;

namespace PSGitHubSync.Tests.Engine;

/// <summary>
/// Issue 16: the create-blob and create-tree bodies streamed from memory or from temporary files are byte for byte the
/// bodies the old builder made (a Utf8JsonWriter over the whole body, base64 as one string, inline content as one
/// string), and the length announced beforehand is the length written.
/// </summary>
public sealed class GitDataRequestBodyTests : IDisposable
{
    private readonly TemporaryFolder _folder = TemporaryFolder.Create();

    public void Dispose() => _folder.Dispose();

    /// <summary>The body builder as it was before streaming (GitHubRepositoryClient.Json).</summary>
    private static byte[] OldJson(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static byte[] OldBlobBody(byte[] content) => OldJson(writer =>
    {
        writer.WriteString("content", Convert.ToBase64String(content));
        writer.WriteString("encoding", "base64");
    });

    private static byte[] OldTreeBody(string? baseTree, IEnumerable<(string Path, byte[]? Content, string? Sha, bool Delete)> changes) => OldJson(writer =>
    {
        if (baseTree is not null) writer.WriteString("base_tree", baseTree);
        writer.WriteStartArray("tree");
        foreach (var change in changes)
        {
            writer.WriteStartObject();
            writer.WriteString("path", change.Path);
            writer.WriteString("mode", "100644");
            writer.WriteString("type", "blob");
            if (change.Delete) writer.WriteNull("sha");
            else if (change.Sha is not null) writer.WriteString("sha", change.Sha);
            else writer.WriteString("content", Encoding.UTF8.GetString(change.Content!));
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    });

    private static async Task<byte[]> Streamed(Func<Stream, CancellationToken, Task> write)
    {
        using var stream = new MemoryStream();
        await write(stream, CancellationToken.None);
        return stream.ToArray();
    }

    private FileContent OnDisk(byte[] bytes) => _folder.Keep(bytes, "test");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(49_151)]
    [InlineData(49_152)]
    [InlineData(49_153)]
    [InlineData(1_500_001)]
    public async Task A_streamed_blob_body_is_the_old_body_byte_for_byte(int size)
    {
        var content = new byte[size];
        new Random(size).NextBytes(content);
        var expected = OldBlobBody(content);

        foreach (var source in new[] { FileContent.FromBytes(content), OnDisk(content) })
        {
            var body = await Streamed((stream, token) => GitDataRequestBody.WriteBlobAsync(stream, source, token));
            Assert.Equal(expected, body);
            Assert.Equal(expected.Length, GitDataRequestBody.BlobLength(size));
        }
    }

    [Fact]
    public async Task A_streamed_tree_body_is_the_old_body_byte_for_byte_for_text_that_needs_escaping()
    {
        var texts = new[]
        {
            "{\n  \"name\": \"plain\"\n}\n",
            "quotes \" and backslashes \\ and tabs \t and CR \r and NUL-free control \u0001\u001f",
            "non-ASCII: é ü 中文 🚀 (outside the BMP) \u2028 \u2029 <script>&amp;'",
            "\uFEFFa BOM at the start",
            string.Empty,
        };
        var changes = texts.Select((t, i) => ($"dir/file {i}.json", (byte[]?)Encoding.UTF8.GetBytes(t), (string?)null, false))
            .Append(("gone.json", null, null, true))
            .Append(("large.json", null, "0123456789abcdef0123456789abcdef01234567", false))
            .ToList();
        foreach (var baseTree in new[] { null, "fedcba9876543210fedcba9876543210fedcba98" })
        {
            var expected = OldTreeBody(baseTree, changes);
            foreach (var onDisk in new[] { false, true })
            {
                var entries = changes.Select(c => c.Item4 ? TreeChange.Delete(c.Item1)
                    : c.Item3 is not null ? TreeChange.Blob(c.Item1, c.Item3)
                    : TreeChange.Inline(c.Item1, onDisk ? OnDisk(c.Item2!) : FileContent.FromBytes(c.Item2!))).ToList();
                Task Write(Stream stream, CancellationToken token) => GitDataRequestBody.WriteTreeAsync(stream, baseTree, entries, token);

                Assert.Equal(expected, await Streamed(Write));
                Assert.Equal(expected.Length, await StreamedJsonContent.MeasureAsync(Write, CancellationToken.None));
            }
        }
    }

    [Property(MaxTest = 200)]
    public bool Any_text_streamed_as_inline_tree_content_is_the_old_body(NonNull<string> text, bool onDisk)
    {
        // Strings with lone surrogates are not UTF-8 text; what the committer inlines always is.
        var bytes = new UTF8Encoding(false).GetBytes(text.Get);
        var content = onDisk ? OnDisk(bytes) : FileContent.FromBytes(bytes);
        var expected = OldTreeBody(null, new[] { ("a.json", (byte[]?)bytes, (string?)null, false) });
        var body = Streamed((stream, token) => GitDataRequestBody.WriteTreeAsync(stream, null, new[] { TreeChange.Inline("a.json", content) }, token)).GetAwaiter().GetResult();
        return expected.AsSpan().SequenceEqual(body);
    }

    [Theory]
    [InlineData(1, 16 * 1024 - 1)]
    [InlineData(2, 16 * 1024 + 3)]
    [InlineData(3, 100_000)]
    [InlineData(4, 1_000_000)]
    public async Task Large_inline_content_written_in_segments_is_the_old_body_whatever_characters_meet_a_segment_boundary(int seed, int size)
    {
        // Escapes and multi-byte characters (2, 3 and 4 bytes) at every offset, so segment boundaries fall inside them.
        var pieces = new[] { "a", "\"", "\\", "\n", "\u0001", "é", "中", "\u2028", "😀", "\uFEFF", "<&>" };
        var random = new Random(seed);
        var text = new StringBuilder();
        for (var length = 0; length < size;)
        {
            var piece = pieces[random.Next(pieces.Length)];
            text.Append(piece);
            length += Encoding.UTF8.GetByteCount(piece);
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var expected = OldTreeBody(null, new[] { ("a.json", (byte[]?)bytes, (string?)null, false) });

        foreach (var content in new[] { FileContent.FromBytes(bytes), OnDisk(bytes) })
        {
            Assert.Equal(expected, await Streamed((stream, token) => GitDataRequestBody.WriteTreeAsync(stream, null, new[] { TreeChange.Inline("a.json", content) }, token)));
        }
    }

    [Fact]
    public void A_temporary_folder_is_gone_after_it_is_disposed_with_its_files()
    {
        var folder = TemporaryFolder.Create(_folder.FullPath);
        var kept = folder.Keep(new byte[100_000], "test", inMemoryLimit: 64 * 1024);
        var small = folder.Keep(new byte[10], "test", inMemoryLimit: 64 * 1024);
        Assert.False(kept.InMemory);
        Assert.True(small.InMemory);
        Assert.Single(Directory.GetFiles(folder.FullPath));
        Assert.Equal(GitBlobSha(new byte[100_000]), kept.ComputeGitBlobSha());

        folder.Dispose();

        Assert.False(Directory.Exists(folder.FullPath));
    }

    private static string GitBlobSha(byte[] bytes) => PSGitHubSync.Engine.Collections.GitBlob.ComputeSha1(bytes);
}
