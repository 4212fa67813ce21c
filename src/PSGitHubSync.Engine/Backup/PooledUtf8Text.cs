using System;
using System.Buffers;
using System.Text;

namespace PSGitHubSync.Engine.Backup;

/// <summary>
/// UTF-8 text built in one pooled byte buffer (grown by renting a larger one): text too large to build as strings, that
/// must be handed on in one piece. Only its UTF-8 bytes are held, never a character copy.
/// </summary>
internal sealed class PooledUtf8Text : IDisposable
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    public PooledUtf8Text(int capacity) => Bytes = ArrayPool<byte>.Shared.Rent(Math.Max(16, capacity));

    /// <summary>The buffer; the text is its first <see cref="Length"/> bytes.</summary>
    public byte[] Bytes { get; private set; }

    public int Length { get; private set; }

    /// <summary>Appends <paramref name="value"/> (as <see cref="Encoding.UTF8"/> encodes it) and then <paramref name="separator"/> (ASCII).</summary>
    public void Append(string value, char separator)
    {
        Reserve(Utf8.GetMaxByteCount(value.Length) + 1);
        Length += Utf8.GetBytes(value, 0, value.Length, Bytes, Length);
        Bytes[Length++] = (byte)separator;
    }

    /// <summary>Appends <paramref name="value"/> with its tabs and line breaks as spaces, and then <paramref name="separator"/>.</summary>
    public void AppendClean(string value, char separator)
    {
        var start = Length;
        Append(value, separator);

        // In UTF-8 these bytes only ever stand for the ASCII characters themselves.
        for (var i = start; i < Length - 1; i++)
        {
            if (Bytes[i] is (byte)'\t' or (byte)'\n' or (byte)'\r') Bytes[i] = (byte)' ';
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(Bytes);
        Bytes = Array.Empty<byte>();
        Length = 0;
    }

    private void Reserve(int count)
    {
        if (Length + count <= Bytes.Length) return;
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(Bytes.Length * 2, Length + count));
        Buffer.BlockCopy(Bytes, 0, larger, 0, Length);
        ArrayPool<byte>.Shared.Return(Bytes);
        Bytes = larger;
    }
}
