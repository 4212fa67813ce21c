using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.IO;

namespace PSGitHubSync.Engine.Postman;

/// <summary>
/// A Postman API schema file as it travels, <c>{"content": "&lt;the file as a JSON string&gt;"}</c>, read and written as UTF-8
/// without making the file a .NET string: the content is unescaped straight into bytes, and written piece by piece.
/// </summary>
internal static class SchemaFileBody
{
    private const int SegmentBytes = 64 * 1024;

    /// <summary>The UTF-8 bytes of the top-level <c>content</c> string (the last one, as a JSON document reads it), or none.</summary>
    public static byte[] ContentOf(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        var content = Array.Empty<byte>();
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return content;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isContent = reader.ValueTextEquals("content");
            reader.Read();
            if (isContent && reader.TokenType == JsonTokenType.String)
            {
                var buffer = new byte[reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length];
                var written = reader.CopyString(buffer);
                content = written == buffer.Length ? buffer : buffer.AsSpan(0, written).ToArray();
            }
            else
            {
                reader.Skip();
            }
        }
        return content;
    }

    /// <summary>
    /// Writes <c>{"content":"…"}</c> with the writer's default escaping, as one <see cref="Utf8JsonWriter.WriteString(string, string)"/>
    /// of the decoded text would (bytes that are not UTF-8 become U+FFFD), in segments flushed one at a time.
    /// </summary>
    public static async Task WriteAsync(Stream output, byte[] content, CancellationToken cancellationToken)
    {
        if (Utf8Text.IndexOfInvalid(content) >= 0) content = new UTF8Encoding(false).GetBytes(new UTF8Encoding(false).GetString(content));
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WritePropertyName("content");
        var offset = 0;
        do
        {
            var count = Math.Min(SegmentBytes, content.Length - offset);
            writer.WriteStringValueSegment(new ReadOnlySpan<byte>(content, offset, count), isFinalSegment: offset + count == content.Length);
            offset += count;
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        while (offset < content.Length);
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
