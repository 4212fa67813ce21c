using System.Globalization;
using System.Text;

namespace PSGitHubSync.Emulator.Proxy;

/// <summary>Reads HTTP/1.1 message heads and bodies from a connection, keeping what it read ahead.</summary>
internal sealed class ProxyStreamReader
{
    private const int MaxHeadLength = 64 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public ProxyStreamReader(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>The head (request line and headers, without the blank line), or null when the peer closed between messages.</summary>
    public async Task<string?> ReadHeadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int found = IndexOf("\r\n\r\n"u8);
            if (found >= 0)
            {
                string head = Encoding.Latin1.GetString(_buffer, _start, found - _start);
                _start = found + 4;
                return head;
            }

            if (_end - _start > MaxHeadLength)
            {
                throw new InvalidDataException("The request head is too long.");
            }

            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_start == _end)
                {
                    return null;
                }

                throw new EndOfStreamException("The connection closed in the middle of a request head.");
            }
        }
    }

    public async Task<byte[]> ReadExactAsync(long length, CancellationToken cancellationToken)
    {
        if (length is < 0 or > 256L * 1024 * 1024)
        {
            throw new InvalidDataException("Unsupported body length.");
        }

        var result = new byte[length];
        int copied = 0;
        while (copied < length)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new EndOfStreamException("The connection closed in the middle of a body.");
            }

            int take = (int)Math.Min(length - copied, _end - _start);
            Buffer.BlockCopy(_buffer, _start, result, copied, take);
            _start += take;
            copied += take;
        }

        return result;
    }

    /// <summary>Decodes a <c>Transfer-Encoding: chunked</c> body (trailers are dropped).</summary>
    public async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        while (true)
        {
            string sizeLine = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            int semicolon = sizeLine.IndexOf(';', StringComparison.Ordinal);
            string hex = (semicolon >= 0 ? sizeLine[..semicolon] : sizeLine).Trim();
            if (!long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long size) || size < 0)
            {
                throw new InvalidDataException($"Bad chunk size '{sizeLine}'.");
            }

            if (size == 0)
            {
                while ((await ReadLineAsync(cancellationToken).ConfigureAwait(false)).Length > 0)
                {
                    // Trailer fields are not forwarded.
                }

                return body.ToArray();
            }

            byte[] chunk = await ReadExactAsync(size, cancellationToken).ConfigureAwait(false);
            body.Write(chunk);
            await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What was read ahead and not consumed (e.g. the first bytes of a tunnel).</summary>
    public ReadOnlyMemory<byte> TakeBuffered()
    {
        var buffered = _buffer.AsMemory(_start, _end - _start);
        _start = _end;
        return buffered;
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int found = IndexOf("\r\n"u8);
            if (found >= 0)
            {
                string line = Encoding.Latin1.GetString(_buffer, _start, found - _start);
                _start = found + 2;
                return line;
            }

            if (_end - _start > MaxHeadLength)
            {
                throw new InvalidDataException("Line too long.");
            }

            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new EndOfStreamException("The connection closed in the middle of a line.");
            }
        }
    }

    private int IndexOf(ReadOnlySpan<byte> pattern)
    {
        int index = _buffer.AsSpan(_start, _end - _start).IndexOf(pattern);
        return index < 0 ? -1 : _start + index;
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        return read > 0;
    }
}
