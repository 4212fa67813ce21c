using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace PSGitHubSync.Engine.IO;

/// <summary>
/// A write-through stream that passes UTF-8 on unchanged and replaces each byte sequence that is not UTF-8 with U+FFFD
/// (EF BF BD), exactly as .NET's UTF-8 decoder does when text is decoded and encoded again: each maximal subpart of an
/// ill-formed sequence (The Unicode Standard, 3.9, "U+FFFD Substitution of Maximal Subparts") becomes one U+FFFD. A
/// sequence cut between two writes waits for the next; <see cref="Complete"/> ends the input.
/// </summary>
/// <remarks>
/// Used for what the Postman API sends: a backup keeps what it can (as reading the answer as text did) and says what
/// was replaced, rather than refusing the whole collection. Setting the length or position starts over (a retried
/// download rewinds its destination), forgetting what was counted.
/// </remarks>
public sealed class Utf8RepairingStream : Stream
{
    private static readonly byte[] Replacement = { 0xEF, 0xBF, 0xBD };

    private readonly Stream _inner;
    private readonly byte[] _pending = new byte[4];
    private int _pendingLength;
    private long _consumed;

    /// <summary>Wraps <paramref name="inner"/> (not closed by this stream).</summary>
    public Utf8RepairingStream(Stream inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>How many U+FFFD were written in place of bytes that are not UTF-8.</summary>
    public long Replacements { get; private set; }

    /// <summary>The input offset of the first byte replaced, or null when none was.</summary>
    public long? FirstReplacedOffset { get; private set; }

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => _inner.CanSeek;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => _inner.Length;

    /// <inheritdoc />
    public override long Position
    {
        get => _inner.Position;
        set
        {
            _inner.Position = value;
            StartOver();
        }
    }

    /// <summary>Ends the input: a sequence still cut at the end is replaced.</summary>
    public void Complete()
    {
        if (_pendingLength > 0)
        {
            Replace(_consumed - _pendingLength);
            _pendingLength = 0;
        }
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count)
    {
        if (buffer is null) throw new ArgumentNullException(nameof(buffer));
        if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));
        var i = offset;
        var end = offset + count;
        if (_pendingLength > 0)
        {
            i = FinishPending(buffer, i, end);
        }

        var run = i;
        while (i < end)
        {
            var (kind, length) = Utf8Text.Scan(new ReadOnlySpan<byte>(buffer, 0, end), i);
            if (kind == Utf8Sequence.Valid)
            {
                i += length;
                continue;
            }

            WriteRun(buffer, run, i);
            if (kind == Utf8Sequence.Cut)
            {
                Array.Copy(buffer, i, _pending, 0, end - i);
                _pendingLength = end - i;
                _consumed += end - i;
                return;
            }

            Replace(_consumed);
            _consumed += length;
            i += length;
            run = i;
        }

        WriteRun(buffer, run, end);
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override void Flush() => _inner.Flush();

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin)
    {
        var position = _inner.Seek(offset, origin);
        StartOver();
        return position;
    }

    /// <inheritdoc />
    public override void SetLength(long value)
    {
        _inner.SetLength(value);
        StartOver();
    }

    private void StartOver()
    {
        _pendingLength = 0;
        _consumed = 0;
        Replacements = 0;
        FirstReplacedOffset = null;
    }

    private void WriteRun(byte[] buffer, int from, int to)
    {
        if (to > from)
        {
            _inner.Write(buffer, from, to - from);
            _consumed += to - from;
        }
    }

    private void Replace(long inputOffset)
    {
        _inner.Write(Replacement, 0, Replacement.Length);
        Replacements++;
        FirstReplacedOffset ??= inputOffset;
    }

    /// <summary>Completes the sequence cut by the last write with the first bytes of this one; returns where this write goes on.</summary>
    private int FinishPending(byte[] buffer, int i, int end)
    {
        while (i < end)
        {
            _pending[_pendingLength] = buffer[i];
            var (kind, length) = Utf8Text.Scan(new ReadOnlySpan<byte>(_pending, 0, _pendingLength + 1), 0);
            if (kind == Utf8Sequence.Cut)
            {
                _pendingLength++;
                _consumed++;
                i++;
                continue;
            }

            if (kind == Utf8Sequence.Valid)
            {
                _inner.Write(_pending, 0, length);
                _consumed++;
                i++;
            }
            else
            {
                // The new byte does not continue the sequence: the bytes held are one maximal subpart; the new byte is read again.
                Replace(_consumed - _pendingLength);
            }

            _pendingLength = 0;
            return i;
        }

        return i;
    }
}
