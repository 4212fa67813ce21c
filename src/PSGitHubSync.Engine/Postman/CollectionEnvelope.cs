using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Http;
using PSGitHubSync.Engine.IO;

namespace PSGitHubSync.Engine.Postman;

/// <summary>
/// The body Postman takes to create or replace a collection, <c>{"collection":&lt;the collection&gt;}</c>, written from a
/// file holding the bare collection (a backed-up version): its JSON text from the first to the last non-blank byte
/// (a BOM and the final newline left out), as the text of its root element would be, never held in memory.
/// </summary>
internal static class CollectionEnvelope
{
    private const int EdgeBytes = 4096;
    private static readonly byte[] Start = Encoding.ASCII.GetBytes("{\"collection\":");
    private static readonly byte[] End = Encoding.ASCII.GetBytes("}");

    /// <summary>Makes the body factory (one body per attempt) for <paramref name="collection"/>.</summary>
    public static async Task<Func<HttpContent>> CreateAsync(FileContent collection, CancellationToken cancellationToken)
    {
        var (offset, count) = await JsonRangeAsync(collection, cancellationToken).ConfigureAwait(false);
        var length = Start.Length + count + End.Length;
        return () => new StreamedJsonContent((stream, token) => WriteAsync(stream, collection, offset, count, token), length, cancellationToken);
    }

    /// <summary>Writes the envelope around <paramref name="count"/> bytes of <paramref name="collection"/> from <paramref name="offset"/>.</summary>
    public static async Task WriteAsync(Stream output, FileContent collection, long offset, long count, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Start, 0, Start.Length, cancellationToken).ConfigureAwait(false);
        using (var source = collection.OpenRead())
        {
            source.Position = offset;
            var buffer = new byte[81920];
            var left = count;
            while (left > 0)
            {
                var read = await source.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, left), cancellationToken).ConfigureAwait(false);
                if (read == 0) throw new IOException("The collection file changed while it was sent.");
                await output.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                left -= read;
            }
        }
        await output.WriteAsync(End, 0, End.Length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where the JSON text starts (after a BOM and blanks) and how long it is (without trailing blanks).</summary>
    private static async Task<(long Offset, long Count)> JsonRangeAsync(FileContent collection, CancellationToken cancellationToken)
    {
        using var source = collection.OpenRead();
        var length = source.Length;
        var buffer = new byte[EdgeBytes];
        var read = await StreamFill.FillAsync(source, buffer, (int)Math.Min(EdgeBytes, length), cancellationToken).ConfigureAwait(false);
        long start = read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
        while (start < read && IsBlank(buffer[start])) start++;

        var tailStart = Math.Max(start, length - EdgeBytes);
        source.Position = tailStart;
        var tail = await StreamFill.FillAsync(source, buffer, (int)(length - tailStart), cancellationToken).ConfigureAwait(false);
        var end = tailStart + tail;
        while (end > start && IsBlank(buffer[end - tailStart - 1])) end--;
        return (start, end - start);
    }

    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
