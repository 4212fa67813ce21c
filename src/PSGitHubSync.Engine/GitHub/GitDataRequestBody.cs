using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.IO;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>
/// The bodies of the Git Data API's create-blob and create-tree requests, written into the request stream from each
/// file's <see cref="FileContent"/>: a blob's content base64 encoded on the fly, a tree's inline files one at a time.
/// Byte for byte what a JSON writer with <see cref="GitHubRepositoryClient.BodyEncoder"/> makes of the whole body.
/// </summary>
public static class GitDataRequestBody
{
    private const int Base64InputBytes = 3 * 16 * 1024;   // a multiple of 3: only the last piece is padded
    private const int InlineSegmentBytes = 16 * 1024;     // inline text is escaped and flushed this much at a time
    private static readonly byte[] BlobStart = Encoding.ASCII.GetBytes("{\"content\":\"");
    private static readonly byte[] BlobEnd = Encoding.ASCII.GetBytes("\",\"encoding\":\"base64\"}");

    /// <summary>The size of the create-blob body for content of <paramref name="contentLength"/> bytes.</summary>
    public static long BlobLength(long contentLength) => BlobStart.Length + 4 * ((contentLength + 2) / 3) + BlobEnd.Length;

    /// <summary>Writes <c>{"content":"&lt;base64&gt;","encoding":"base64"}</c>, encoding <paramref name="content"/> piece by piece.</summary>
    public static async Task WriteBlobAsync(Stream output, FileContent content, CancellationToken cancellationToken)
    {
        await output.WriteAsync(BlobStart, 0, BlobStart.Length, cancellationToken).ConfigureAwait(false);
        var input = ArrayPool<byte>.Shared.Rent(Base64InputBytes);
        var encoded = ArrayPool<byte>.Shared.Rent(Base64InputBytes / 3 * 4);
        try
        {
            using var source = content.OpenRead();
            int filled;
            while ((filled = await StreamFill.FillAsync(source, input, Base64InputBytes, cancellationToken).ConfigureAwait(false)) > 0)
            {
                Base64.EncodeToUtf8(new ReadOnlySpan<byte>(input, 0, filled), encoded, out _, out var written, isFinalBlock: true);
                await output.WriteAsync(encoded, 0, written, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(encoded);
        }
        await output.WriteAsync(BlobEnd, 0, BlobEnd.Length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the create-tree body: <c>base_tree</c> when given, then each entry (inline UTF-8 content, an uploaded blob's
    /// sha, or a deletion as <c>"sha": null</c>), flushing after each so at most one inline file is held at a time.
    /// </summary>
    public static async Task WriteTreeAsync(Stream output, string? baseTree, IReadOnlyList<TreeChange> changes, CancellationToken cancellationToken)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = GitHubRepositoryClient.BodyEncoder });
        writer.WriteStartObject();
        if (baseTree is not null) writer.WriteString("base_tree", baseTree);
        writer.WriteStartArray("tree");
        foreach (var change in changes)
        {
            writer.WriteStartObject();
            writer.WriteString("path", change.Path);
            writer.WriteString("mode", "100644");
            writer.WriteString("type", "blob");
            if (change.IsDeletion) writer.WriteNull("sha");
            else if (change.BlobSha is not null) writer.WriteString("sha", change.BlobSha);
            else await WriteInlineAsync(writer, change.Source!, cancellationToken).ConfigureAwait(false);
            writer.WriteEndObject();
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteInlineAsync(Utf8JsonWriter writer, FileContent content, CancellationToken cancellationToken)
    {
        if (content.InMemory)
        {
            var bytes = content.ToArray();
            await WriteContentAsync(writer, bytes, bytes.Length, cancellationToken).ConfigureAwait(false);
            return;
        }
        var length = checked((int)content.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        try
        {
            using (var source = content.OpenRead())
            {
                if (await StreamFill.FillAsync(source, buffer, length, cancellationToken).ConfigureAwait(false) != length) throw new IOException("A file to commit changed while it was sent.");
            }
            await WriteContentAsync(writer, buffer, length, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Writes <c>"content": "&lt;text&gt;"</c>, valid UTF-8 in segments of whole characters flushed as they are escaped (the
    /// writer's buffer never holds a whole file's escaped text): the same bytes as one <see cref="Utf8JsonWriter.WriteString(string, ReadOnlySpan{byte})"/>.
    /// </summary>
    private static async Task WriteContentAsync(Utf8JsonWriter writer, byte[] bytes, int length, CancellationToken cancellationToken)
    {
        // Valid UTF-8 is written as it is; anything else as the text a decoder makes of it (U+FFFD for each invalid sequence).
        if (Utf8Text.IndexOfInvalid(new ReadOnlySpan<byte>(bytes, 0, length)) >= 0)
        {
            writer.WriteString("content", Encoding.UTF8.GetString(bytes, 0, length));
            return;
        }
        writer.WritePropertyName("content");
        var offset = 0;
        do
        {
            var take = Math.Min(InlineSegmentBytes, length - offset);
            while (offset + take < length && (bytes[offset + take] & 0xC0) == 0x80) take--;   // never split a character
            writer.WriteStringValueSegment(new ReadOnlySpan<byte>(bytes, offset, take), isFinalSegment: offset + take == length);
            offset += take;
            if (writer.BytesPending >= InlineSegmentBytes) await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        while (offset < length);
    }
}
