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
            var (kind, length) = Scan(buffer, i, end);
            if (kind == SequenceKind.Valid)
            {
                i += length;
                continue;
            }

            WriteRun(buffer, run, i);
            if (kind == SequenceKind.Cut)
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
            var (kind, length) = Scan(_pending, 0, _pendingLength + 1);
            if (kind == SequenceKind.Cut)
            {
                _pendingLength++;
                _consumed++;
                i++;
                continue;
            }

            if (kind == SequenceKind.Valid)
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

    private enum SequenceKind
    {
        Valid,
        Invalid,
        Cut,
    }

    /// <summary>
    /// The sequence at <paramref name="i"/>: valid (and its length), ill-formed (and the length of its maximal subpart,
    /// at least 1), or cut by <paramref name="end"/> while well-formed so far (The Unicode Standard, table 3-7).
    /// </summary>
    private static (SequenceKind Kind, int Length) Scan(byte[] bytes, int i, int end)
    {
        var b = bytes[i];
        if (b < 0x80) return (SequenceKind.Valid, 1);
        int length;
        byte low = 0x80, high = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) length = 2;
        else if (b >= 0xE0 && b <= 0xEF)
        {
            length = 3;
            if (b == 0xE0) low = 0xA0;
            else if (b == 0xED) high = 0x9F;
        }
        else if (b >= 0xF0 && b <= 0xF4)
        {
            length = 4;
            if (b == 0xF0) low = 0x90;
            else if (b == 0xF4) high = 0x8F;
        }
        else return (SequenceKind.Invalid, 1);

        if (i + 1 >= end) return (SequenceKind.Cut, 0);
        var second = bytes[i + 1];
        if (second < low || second > high) return (SequenceKind.Invalid, 1);
        for (var k = 2; k < length; k++)
        {
            if (i + k >= end) return (SequenceKind.Cut, 0);
            if ((bytes[i + k] & 0xC0) != 0x80) return (SequenceKind.Invalid, k);
        }

        return (SequenceKind.Valid, length);
    }
}
