using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace PSGitHubSync.Engine.IO;

/// <summary>Reads a stream until a buffer holds what was asked for or the stream ends.</summary>
internal static class StreamFill
{
    /// <summary>Reads up to <paramref name="count"/> bytes into <paramref name="buffer"/> from its start; fewer only at the stream's end.</summary>
    /// <returns>The number of bytes read.</returns>
    public static async Task<int> FillAsync(Stream source, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < count && (read = await source.ReadAsync(buffer, filled, count - filled, cancellationToken).ConfigureAwait(false)) > 0)
        {
            filled += read;
        }

        return filled;
    }
}
