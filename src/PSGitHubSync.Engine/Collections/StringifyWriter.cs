using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace PSGitHubSync.Engine.Collections;

/// <summary>
/// Writes JSON exactly the way JavaScript's <c>JSON.stringify(value, null, '\t')</c> lays it out
/// (which is how Postman exports collections): one tab per level, <c>"key": value</c>, empty
/// containers as <c>{}</c> / <c>[]</c>, and only <c>"</c>, <c>\</c>, control characters and lone
/// surrogates escaped (lowercase <c>\u00xx</c>); everything else is written as UTF-8 as-is.
/// Numbers are written with the text they had in the input. The output is UTF-8 without BOM,
/// uses LF only, and <see cref="ToArray"/> adds the final newline.
/// </summary>
internal sealed partial class StringifyWriter
{
    private static readonly byte[] TrueBytes = Encoding.ASCII.GetBytes("true");
    private static readonly byte[] FalseBytes = Encoding.ASCII.GetBytes("false");
    private static readonly byte[] NullBytes = Encoding.ASCII.GetBytes("null");
    private static readonly byte[] Hex = Encoding.ASCII.GetBytes("0123456789abcdef");

    // One entry per open container: true for an array; and whether it has members yet.
    private readonly List<(bool IsArray, bool HasMembers)> _stack = new();
    private byte[] _buffer;
    private int _length;

    public StringifyWriter(int initialCapacity = 4096)
    {
        _buffer = new byte[Math.Max(256, initialCapacity)];
    }

    public void StartObject()
    {
        BeginValue();
        Append((byte)'{');
        _stack.Add((false, false));
    }

    public void EndObject() => EndContainer((byte)'}');

    public void StartArray()
    {
        BeginValue();
        Append((byte)'[');
        _stack.Add((true, false));
    }

    public void EndArray() => EndContainer((byte)']');

    public void PropertyName(string name)
    {
        BeginPropertyName();
        WriteQuoted(name);
        Append((byte)':');
        Append((byte)' ');
    }

    private void BeginPropertyName()
    {
        var top = _stack.Count - 1;
        if (top < 0 || _stack[top].IsArray)
        {
            throw new InvalidOperationException("A property name needs an open object.");
        }

        if (_stack[top].HasMembers)
        {
            Append((byte)',');
        }

        _stack[top] = (false, true);
        NewLine(_stack.Count);
    }

    public void String(string value)
    {
        BeginValue();
        WriteQuoted(value);
    }

    /// <summary>Writes a number, true, false or null exactly as its JSON text.</summary>
    public void Literal(JsonElement element)
    {
        BeginValue();
        switch (element.ValueKind)
        {
            case JsonValueKind.True:
                Append(TrueBytes);
                break;
            case JsonValueKind.False:
                Append(FalseBytes);
                break;
            case JsonValueKind.Null:
                Append(NullBytes);
                break;
            case JsonValueKind.Number:
                Append(JsonMarshal.GetRawUtf8Value(element));
                break;
            default:
                throw new ArgumentException("Not a literal: " + element.ValueKind, nameof(element));
        }
    }

    /// <summary>Writes an element and everything in it unchanged.</summary>
    public void Element(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                StartObject();
                foreach (var property in element.EnumerateObject())
                {
                    PropertyName(property.Name);
                    Element(property.Value);
                }

                EndObject();
                break;
            case JsonValueKind.Array:
                StartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Element(item);
                }

                EndArray();
                break;
            case JsonValueKind.String:
                String(JsonStrings.Get(element));
                break;
            default:
                Literal(element);
                break;
        }
    }

    /// <summary>The text written so far, with the final newline.</summary>
    public byte[] ToArray()
    {
        if (_stack.Count != 0)
        {
            throw new InvalidOperationException("Unclosed JSON container.");
        }

        var result = new byte[_length + 1];
        Buffer.BlockCopy(_buffer, 0, result, 0, _length);
        result[_length] = (byte)'\n';
        return result;
    }

    private void BeginValue()
    {
        var top = _stack.Count - 1;
        if (top >= 0 && _stack[top].IsArray)
        {
            if (_stack[top].HasMembers)
            {
                Append((byte)',');
            }

            _stack[top] = (true, true);
            NewLine(_stack.Count);
        }
    }

    private void EndContainer(byte close)
    {
        var top = _stack.Count - 1;
        var hasMembers = _stack[top].HasMembers;
        _stack.RemoveAt(top);
        if (hasMembers)
        {
            NewLine(_stack.Count);
        }

        Append(close);
    }

    private void NewLine(int depth)
    {
        Ensure(depth + 1);
        _buffer[_length++] = (byte)'\n';
        for (var i = 0; i < depth; i++)
        {
            _buffer[_length++] = (byte)'\t';
        }
    }

    private void WriteQuoted(string value)
    {
        // Room is reserved chunk by chunk (worst case 6 bytes per UTF-16 unit, \uXXXX) so that
        // a large string does not reserve six times its size at once.
        const int Chunk = 2048;
        Ensure(Math.Min(value.Length, Chunk) * 6 + 2);
        var buffer = _buffer;
        var n = _length;
        buffer[n++] = (byte)'"';
        var nextCheck = Chunk;
        for (var i = 0; i < value.Length; i++)
        {
            if (i >= nextCheck)
            {
                _length = n;
                Ensure((Math.Min(value.Length - i, Chunk) + 1) * 6 + 2);
                buffer = _buffer;
                n = _length;
                nextCheck = i + Chunk;
            }

            var c = value[i];
            if (c < 0x80)
            {
                n = EncodeAscii(buffer, n, c);
            }
            else if (c < 0x800)
            {
                buffer[n++] = (byte)(0xC0 | (c >> 6));
                buffer[n++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, value[i + 1]);
                i++;
                buffer[n++] = (byte)(0xF0 | (codePoint >> 18));
                buffer[n++] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
                buffer[n++] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                buffer[n++] = (byte)(0x80 | (codePoint & 0x3F));
            }
            else if (char.IsSurrogate(c))
            {
                // A lone surrogate: JSON.stringify escapes it (well-formed JSON.stringify).
                n = WriteUnicodeEscape(buffer, n, c);
            }
            else
            {
                buffer[n++] = (byte)(0xE0 | (c >> 12));
                buffer[n++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                buffer[n++] = (byte)(0x80 | (c & 0x3F));
            }
        }

        buffer[n++] = (byte)'"';
        _length = n;
    }

    private static int WriteUnicodeEscape(byte[] buffer, int n, char c)
    {
        buffer[n++] = (byte)'\\';
        buffer[n++] = (byte)'u';
        buffer[n++] = Hex[(c >> 12) & 0xF];
        buffer[n++] = Hex[(c >> 8) & 0xF];
        buffer[n++] = Hex[(c >> 4) & 0xF];
        buffer[n++] = Hex[c & 0xF];
        return n;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(new Span<byte>(_buffer, _length, bytes.Length));
        _length += bytes.Length;
    }

    private void Append(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    private void Ensure(int extra)
    {
        var needed = (long)_length + extra + 1;
        if (needed <= _buffer.Length)
        {
            return;
        }

        if (_sink is not null)
        {
            Spill(extra);
            return;
        }

        var size = Math.Max(needed, (long)_buffer.Length * 2);
        if (size > int.MaxValue - 64)
        {
            size = Math.Max(needed, int.MaxValue - 64);
        }

        Array.Resize(ref _buffer, (int)size);
    }
}

/// <summary>Reads string values, tolerating escaped lone surrogates that <see cref="JsonElement.GetString"/> refuses.</summary>
internal static class JsonStrings
{
    public static string Get(JsonElement element)
    {
        try
        {
            return element.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return Unescape(element.GetRawText());
        }
    }

    /// <summary>Unescapes a quoted JSON string literal into UTF-16, keeping lone surrogates.</summary>
    internal static string Unescape(string quoted)
    {
        var text = quoted.Length >= 2 && quoted[0] == '"' ? quoted.Substring(1, quoted.Length - 2) : quoted;
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                builder.Append(c);
                continue;
            }

            var e = text[++i];
            switch (e)
            {
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u' when i + 4 < text.Length:
                    builder.Append((char)int.Parse(text.Substring(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default: builder.Append(e); break;
            }
        }

        return builder.ToString();
    }
}
