using System;
using System.Buffers;
using System.IO;
using System.Security.Cryptography;

namespace PSGitHubSync.Engine.Collections;

/// <summary>
/// The streaming side of <see cref="StringifyWriter"/>: writing into a pooled buffer that is spilled to a
/// <see cref="Stream"/> whenever it is full (so the writer holds its buffer, not the document), writing
/// strings and numbers straight from their JSON text as a <see cref="System.Text.Json.Utf8JsonReader"/>
/// gives them, and a tap that hashes the bytes of one value as they are written.
/// </summary>
internal sealed partial class StringifyWriter : IDisposable
{
    private const int CopyChunk = 8192;

    private readonly Stream? _sink;
    private IncrementalHash? _tap;
    private int _tapFrom;
    private long _spilled;

    /// <summary>A writer that spills to <paramref name="sink"/> through a pooled buffer of about <paramref name="bufferSize"/> bytes.</summary>
    public StringifyWriter(Stream sink, int bufferSize)
    {
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(256, bufferSize));
    }

    /// <summary>The bytes written so far (spilled and buffered).</summary>
    public long BytesWritten => _spilled + _length;

    /// <summary>Writes a string value from its JSON text (without the quotes), unescaping and escaping as JSON.stringify does.</summary>
    public void RawString(ReadOnlySpan<byte> text, bool escaped)
    {
        BeginValue();
        WriteRawQuoted(text, escaped);
    }

    /// <summary>Writes a property name from its JSON text (without the quotes).</summary>
    public void RawPropertyName(ReadOnlySpan<byte> text, bool escaped)
    {
        BeginPropertyName();
        WriteRawQuoted(text, escaped);
        Append((byte)':');
        Append((byte)' ');
    }

    /// <summary>Writes a number, true, false or null as its JSON text.</summary>
    public void RawLiteral(ReadOnlySpan<byte> text)
    {
        BeginValue();
        AppendChunked(text);
    }

    /// <summary>Writes the string, number, true, false or null the reader is on, from its JSON text.</summary>
    public void RawValue(ref System.Text.Json.Utf8JsonReader reader)
    {
        if (reader.TokenType == System.Text.Json.JsonTokenType.String)
        {
            RawString(reader.ValueSpan, reader.ValueIsEscaped);
        }
        else
        {
            RawLiteral(reader.ValueSpan);
        }
    }

    /// <summary>Starts hashing at the last byte written (the opening brace just written) and on.</summary>
    public void BeginTapAtLastByte(IncrementalHash hash)
    {
        _tap = hash;
        _tapFrom = _length - 1;
    }

    /// <summary>Hashes what was written since <see cref="BeginTapAtLastByte"/> and stops hashing.</summary>
    public void EndTap()
    {
        FeedTap();
        _tap = null;
    }

    /// <summary>Stops hashing without finishing.</summary>
    public void CancelTap() => _tap = null;

    /// <summary>Writes the final newline and everything still buffered to the stream.</summary>
    /// <returns>The number of bytes written in all.</returns>
    public long Complete()
    {
        if (_stack.Count != 0)
        {
            throw new InvalidOperationException("Unclosed JSON container.");
        }

        Append((byte)'\n');
        Spill(0);
        return _spilled;
    }

    /// <summary>Gives the pooled buffer back.</summary>
    public void Dispose()
    {
        if (_sink is not null && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = Array.Empty<byte>();
        }
    }

    private void Spill(int extra)
    {
        FeedTap();
        _tapFrom = 0;
        _sink!.Write(_buffer, 0, _length);
        _spilled += _length;
        _length = 0;
        if (extra + 1 > _buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(extra + 1);
        }
    }

    private void FeedTap()
    {
        if (_tap is not null && _length > _tapFrom)
        {
            _tap.AppendData(_buffer, _tapFrom, _length - _tapFrom);
            _tapFrom = _length;
        }
    }

    private void AppendChunked(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            var chunk = Math.Min(bytes.Length, CopyChunk);
            Append(bytes.Slice(0, chunk));
            bytes = bytes.Slice(chunk);
        }
    }

    private void WriteRawQuoted(ReadOnlySpan<byte> text, bool escaped)
    {
        Append((byte)'"');
        if (!escaped)
        {
            // Valid JSON string text without escapes holds no quote, backslash or control character: as-is.
            AppendChunked(text);
            Append((byte)'"');
            return;
        }

        while (text.Length > 0)
        {
            var backslash = text.IndexOf((byte)'\\');
            if (backslash < 0)
            {
                AppendChunked(text);
                break;
            }

            AppendChunked(text.Slice(0, backslash));
            text = text.Slice(backslash);
            text = text.Slice(WriteEscape(text));
        }

        Append((byte)'"');
    }

    /// <summary>Writes the escape at the start of <paramref name="text"/> as JSON.stringify would; returns the bytes it took.</summary>
    private int WriteEscape(ReadOnlySpan<byte> text)
    {
        Ensure(12);
        var e = text[1];
        if (e != (byte)'u')
        {
            var c = e switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                _ => (char)e,
            };
            _length = EncodeAscii(_buffer, _length, c);
            return 2;
        }

        var unit = (char)ParseHex(text.Slice(2, 4));
        if (char.IsHighSurrogate(unit) && text.Length >= 12 && text[6] == (byte)'\\' && text[7] == (byte)'u')
        {
            var low = (char)ParseHex(text.Slice(8, 4));
            if (char.IsLowSurrogate(low))
            {
                _length = EncodeCodePoint(_buffer, _length, char.ConvertToUtf32(unit, low));
                return 12;
            }
        }

        _length = unit < 0x80 ? EncodeAscii(_buffer, _length, unit)
            : char.IsSurrogate(unit) ? WriteUnicodeEscape(_buffer, _length, unit)
            : EncodeCodePoint(_buffer, _length, unit);
        return 6;
    }

    private static int ParseHex(ReadOnlySpan<byte> hex)
    {
        var value = 0;
        foreach (var h in hex)
        {
            value = (value << 4) | (h <= (byte)'9' ? h - '0' : (h | 0x20) - 'a' + 10);
        }

        return value;
    }

    private static int EncodeCodePoint(byte[] buffer, int n, int codePoint)
    {
        if (codePoint < 0x800)
        {
            buffer[n++] = (byte)(0xC0 | (codePoint >> 6));
            buffer[n++] = (byte)(0x80 | (codePoint & 0x3F));
        }
        else if (codePoint < 0x10000)
        {
            buffer[n++] = (byte)(0xE0 | (codePoint >> 12));
            buffer[n++] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
            buffer[n++] = (byte)(0x80 | (codePoint & 0x3F));
        }
        else
        {
            buffer[n++] = (byte)(0xF0 | (codePoint >> 18));
            buffer[n++] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
            buffer[n++] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
            buffer[n++] = (byte)(0x80 | (codePoint & 0x3F));
        }

        return n;
    }

    /// <summary>An ASCII character as JSON.stringify writes it inside a string.</summary>
    private static int EncodeAscii(byte[] buffer, int n, char c)
    {
        var escape = c switch
        {
            '"' => (byte)'"',
            '\\' => (byte)'\\',
            '\b' => (byte)'b',
            '\f' => (byte)'f',
            '\n' => (byte)'n',
            '\r' => (byte)'r',
            '\t' => (byte)'t',
            _ => (byte)0,
        };
        if (escape != 0)
        {
            buffer[n++] = (byte)'\\';
            buffer[n++] = escape;
            return n;
        }

        if (c < 0x20)
        {
            return WriteUnicodeEscape(buffer, n, c);
        }

        buffer[n++] = (byte)c;
        return n;
    }
}
