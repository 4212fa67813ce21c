using System;
using System.Buffers;
using System.IO;
using System.Text.Json;

namespace PSGitHubSync.Engine.Collections;

/// <summary>Receives the tokens of a <see cref="Utf8JsonPump"/>, one at a time, in document order.</summary>
internal interface IJsonTokenSink
{
    /// <summary>Handles the token the reader is on.</summary>
    void Token(ref Utf8JsonReader reader);
}

/// <summary>
/// Reads JSON from a stream in bounded, pooled chunks (<see cref="Utf8JsonReader"/> with
/// <c>isFinalBlock: false</c> and refills), checks in the same pass that every byte is UTF-8 (as
/// <see cref="IO.Utf8Text.IndexOfInvalid"/> does, with the offset, line and column of the first bad byte),
/// skips a leading UTF-8 BOM, and hands each token to a sink. The buffer grows only when one token
/// (a long string) or a captured value does not fit; the reader options are those of
/// <see cref="CollectionDocument"/> (depth 256, no comments, no trailing commas).
/// </summary>
internal sealed class Utf8JsonPump : IDisposable
{
    private readonly Stream _input;
    private readonly int _chunk;   // bytes asked of the stream at a time
    private byte[] _buffer;
    private int _start;            // first byte the reader has not consumed
    private int _end;              // end of the data in the buffer
    private int _validated;        // bytes before this are known to be UTF-8
    private int _capture = -1;     // start of a captured value, kept over refills
    private int _stalled;          // bytes of an unfinished token the reader could not read
    private long _base;            // offset (after the BOM) of _buffer[0] in the input
    private int _bom;              // length of the skipped BOM
    private int _line = 1;
    private int _column = 1;
    private bool _final;
    private bool _atStart = true;
    private JsonReaderState _state;

    public Utf8JsonPump(Stream input, int bufferSize)
    {
        _input = input ?? throw new ArgumentNullException(nameof(input));
        _chunk = Math.Max(1, bufferSize);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, bufferSize));
        _state = new JsonReaderState(new JsonReaderOptions { MaxDepth = CollectionDocument.MaxDepth });
    }

    /// <summary>The first byte that is not UTF-8, once found: its offset, the byte, and its line and column.</summary>
    public (long Offset, byte Value, int Line, int Column)? InvalidUtf8 { get; private set; }

    /// <summary>The largest the buffer has been, in bytes.</summary>
    public int PeakBufferSize { get; private set; }

    /// <summary>
    /// Reads the whole input, giving each token to <paramref name="sink"/> (while it is not null). A reader error
    /// (not JSON) propagates as <see cref="JsonException"/>; bytes that are not UTF-8 stop the reading and are
    /// reported in <see cref="InvalidUtf8"/> (returns false).
    /// </summary>
    public bool Run(IJsonTokenSink sink)
    {
        PeakBufferSize = _buffer.Length;
        do
        {
            // Until three bytes (or the end) say whether there is a BOM.
            if (!Refill())
            {
                return false;
            }
        }
        while (_atStart);

        while (true)
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_buffer, _start, _end - _start), _final, _state);
            while (reader.Read())
            {
                sink.Token(ref reader);
            }

            // A token longer than the chunk: ask for as much again each time, so that the reader, which reads
            // the unfinished token from its start on every refill, does not read it over and over.
            _stalled = reader.BytesConsumed == 0 ? Math.Max(_stalled, _end - _start) : 0;
            _start += (int)reader.BytesConsumed;
            _state = reader.CurrentState;
            if (_final)
            {
                return true;
            }

            if (!Refill())
            {
                return false;
            }
        }
    }

    /// <summary>Reads the rest of the input only to check that it is UTF-8 (after a reader error).</summary>
    public bool Drain()
    {
        _capture = -1;
        while (!_final)
        {
            _start = _end;
            if (!Refill())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Starts keeping the bytes of the value whose first token the reader is on.</summary>
    public void BeginCapture(ref Utf8JsonReader reader) => _capture = Offset(ref reader);

    /// <summary>The bytes of the captured value, which ends at the reader's token; valid until the next token.</summary>
    public ReadOnlyMemory<byte> EndCapture(ref Utf8JsonReader reader)
    {
        var from = _capture;
        _capture = -1;
        return new ReadOnlyMemory<byte>(_buffer, from, _start + (int)reader.BytesConsumed - from);
    }

    /// <summary>Where the token the reader is on starts, in bytes from where the input was first read (a BOM counted).</summary>
    public long TokenStart(ref Utf8JsonReader reader) => _bom + _base + Offset(ref reader);

    /// <summary>Where the token the reader is on ends, in bytes from where the input was first read (a BOM counted).</summary>
    public long TokenEnd(ref Utf8JsonReader reader) => _bom + _base + _start + reader.BytesConsumed;

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = Array.Empty<byte>();
        }
    }

    private int Offset(ref Utf8JsonReader reader) => _start + (int)reader.TokenStartIndex;

    /// <summary>Moves what is still needed to the front, grows the buffer when it is full, reads more and checks it.</summary>
    private bool Refill()
    {
        // Keep what the reader has not consumed, a captured value, and bytes not yet checked (a sequence cut at the end).
        var keep = Math.Min(_validated, _capture >= 0 ? Math.Min(_capture, _start) : _start);
        if (keep > 0)
        {
            Buffer.BlockCopy(_buffer, keep, _buffer, 0, _end - keep);
            _end -= keep;
            _start -= keep;
            _validated -= keep;
            _base += keep;
            if (_capture >= 0)
            {
                _capture -= keep;
            }
        }

        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
            PeakBufferSize = Math.Max(PeakBufferSize, larger.Length);
        }

        var read = _input.Read(_buffer, _end, Math.Min(Math.Max(_chunk, _stalled), _buffer.Length - _end));
        if (read <= 0)
        {
            _final = true;
        }

        _end += Math.Max(0, read);
        SkipBom();
        return Validate();
    }

    private void SkipBom()
    {
        if (!_atStart || (_end < 3 && !_final))
        {
            return;
        }

        _atStart = false;
        if (_end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
        {
            _start = _validated = 3;
            _base = -3;
            _bom = 3;
        }
    }

    /// <summary>Checks the new bytes, holding back a sequence cut at the end of the buffer until more is read.</summary>
    private bool Validate()
    {
        if (_atStart)
        {
            return true;
        }

        var upTo = _final ? _end : CompleteUpTo();
        if (upTo <= _validated)
        {
            return true;
        }

        var span = new ReadOnlySpan<byte>(_buffer, _validated, upTo - _validated);
        var invalid = IO.Utf8Text.IndexOfInvalid(span);
        var counted = invalid < 0 ? span : span.Slice(0, invalid);
        foreach (var b in counted)
        {
            if (b == (byte)'\n')
            {
                _line++;
                _column = 1;
            }
            else if ((b & 0xC0) != 0x80)
            {
                _column++;
            }
        }

        if (invalid >= 0)
        {
            InvalidUtf8 = (_base + _validated + invalid, span[invalid], _line, _column);
            return false;
        }

        _validated = upTo;
        return true;
    }

    private int CompleteUpTo()
    {
        for (var i = _end - 1; i >= Math.Max(_validated, _end - 3); i--)
        {
            var b = _buffer[i];
            if (b < 0x80)
            {
                break;
            }

            if (b >= 0xC0)
            {
                var length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return i + length > _end ? i : _end;
            }
        }

        return _end;
    }
}
