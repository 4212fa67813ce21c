using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Xunit;
using PSGitHubSync.Engine.Http;
using PSGitHubSync.Engine.IO;
using PSGitHubSync.Engine.Postman;
using Xunit;

namespace PSGitHubSync.Tests.Engine;

/// <summary>
/// Issue 16: Postman request bodies written from bytes or files (a schema file's <c>{"content": …}</c>, a restored
/// collection's <c>{"collection": …}</c>) are byte for byte the bodies the old string-based builders made, and a schema
/// file read from its answer is the bytes the old JsonDocument path gave.
/// </summary>
public sealed class PostmanBodyTests : IDisposable
{
    private readonly TemporaryFolder _folder = TemporaryFolder.Create();

    public void Dispose() => _folder.Dispose();

    private static byte[] OldSchemaFileBody(byte[] content)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("content", Encoding.UTF8.GetString(content));
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static byte[] Streamed(Func<Stream, CancellationToken, Task> write)
    {
        using var stream = new MemoryStream();
        write(stream, CancellationToken.None).GetAwaiter().GetResult();
        return stream.ToArray();
    }

    public static TheoryData<string> Texts() => new()
    {
        string.Empty,
        "openapi: 3.0.0\ninfo:\n  title: \"quoted\" \\ back\tslash\n",
        "é ü 中文 🚀 \u2028 <tag> & ' \u0001",
        new string('ä', 40_000) + "🚀" + new string('x', 70_000),   // multi-byte characters across 64 KiB segments
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_schema_file_body_is_the_old_body_and_reads_back_as_the_same_bytes(string text)
    {
        var content = Encoding.UTF8.GetBytes(text);
        var body = Streamed((stream, token) => SchemaFileBody.WriteAsync(stream, content, token));

        Assert.Equal(OldSchemaFileBody(content), body);
        Assert.Equal(content, SchemaFileBody.ContentOf(body));
        using var document = JsonDocument.Parse(body);
        Assert.Equal(Encoding.UTF8.GetBytes(document.RootElement.GetProperty("content").GetString()!), SchemaFileBody.ContentOf(body));
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_are_sent_as_the_old_body_sent_them()
    {
        var content = new byte[] { 0x61, 0xFF, 0x62, 0xC3 };
        Assert.Equal(OldSchemaFileBody(content), Streamed((stream, token) => SchemaFileBody.WriteAsync(stream, content, token)));
    }

    [Property(MaxTest = 200)]
    public bool Any_schema_text_gives_the_old_body(NonNull<string> text)
    {
        var content = new UTF8Encoding(false).GetBytes(text.Get);
        return OldSchemaFileBody(content).AsSpan().SequenceEqual(Streamed((stream, token) => SchemaFileBody.WriteAsync(stream, content, token)));
    }

    [Fact]
    public void A_schema_file_answer_with_other_properties_and_escapes_gives_its_content_bytes()
    {
        var answer = Encoding.UTF8.GetBytes("{\"id\":\"1\",\"meta\":{\"content\":\"not this\"},\"content\":\"a\\u00e9\\n\\\"b\\\" \\ud83d\\ude80\",\"path\":\"x\"}");
        Assert.Equal(Encoding.UTF8.GetBytes("aé\n\"b\" 🚀"), SchemaFileBody.ContentOf(answer));
        Assert.Empty(SchemaFileBody.ContentOf(Encoding.UTF8.GetBytes("{\"id\":\"1\"}")));
    }

    [Theory]
    [InlineData("{\n  \"info\": {\"name\": \"A\"},\n  \"item\": []\n}\n")]
    [InlineData("\uFEFF  {\"info\":{\"name\":\"é 🚀\"},\"item\":[]}\r\n\r\n")]
    [InlineData("{}")]
    public async Task A_restored_collection_body_is_the_old_collection_envelope(string file)
    {
        var bytes = Encoding.UTF8.GetBytes(file);
        using var document = JsonDocument.Parse(bytes.AsMemory(bytes[0] == 0xEF ? 3 : 0));
        var expected = Encoding.UTF8.GetBytes("{\"collection\":" + document.RootElement.GetRawText() + "}");

        foreach (var content in new[] { FileContent.FromBytes(bytes), _folder.Keep(bytes, "test") })
        {
            var create = await CollectionEnvelope.CreateAsync(content, CancellationToken.None);
            using var body = create();
            var sent = await body.ReadAsByteArrayAsync();
            Assert.Equal(expected, sent);
            Assert.Equal(expected.Length, body.Headers.ContentLength);
        }
    }
}
