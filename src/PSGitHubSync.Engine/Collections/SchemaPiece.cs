using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;

namespace PSGitHubSync.Engine.Collections;

/// <summary>Where in a collection a piece is checked, which decides the schema it is checked against.</summary>
internal enum SchemaPlace
{
    /// <summary>The collection itself.</summary>
    Root,

    /// <summary>An element of the collection's <c>item</c>.</summary>
    RootItem,

    /// <summary>An element of a folder's <c>item</c>.</summary>
    FolderItem,
}

/// <summary>
/// The bytes of one piece of a collection as <see cref="CollectionSchemaStream"/> cuts it: the tokens of a value
/// copied raw (escapes, duplicate names and order kept, whitespace dropped) into a pooled buffer that grows as needed.
/// </summary>
internal sealed class SchemaPieceBuffer : IDisposable
{
    private byte[] _bytes;
    private int _length;
    private bool _afterValue;   // the last token written ends a value: a comma goes before the next

    public SchemaPieceBuffer(int initialSize)
    {
        _bytes = ArrayPool<byte>.Shared.Rent(Math.Max(16, initialSize));
    }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlyMemory<byte> Written => new(_bytes, 0, _length);

    /// <summary>Appends the token the reader is on (a single-segment reader).</summary>
    public void Token(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName:
                Separate();
                Quoted(reader.ValueSpan);
                Append((byte)':');
                _afterValue = false;
                break;
            case JsonTokenType.String:
                Separate();
                Quoted(reader.ValueSpan);
                _afterValue = true;
                break;
            case JsonTokenType.StartObject:
                Open((byte)'{');
                break;
            case JsonTokenType.StartArray:
                Open((byte)'[');
                break;
            case JsonTokenType.EndObject:
                Close((byte)'}');
                break;
            case JsonTokenType.EndArray:
                Close((byte)']');
                break;
            default:
                Separate();
                Append(reader.ValueSpan);
                _afterValue = true;
                break;
        }
    }

    /// <summary>Appends <c>[</c> or <c>{</c> (a comma before it when needed).</summary>
    public void Open(byte bracket)
    {
        Separate();
        Append(bracket);
        _afterValue = false;
    }

    /// <summary>Appends <c>]</c> or <c>}</c>.</summary>
    public void Close(byte bracket)
    {
        Append(bracket);
        _afterValue = true;
    }

    public void Dispose()
    {
        if (_bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = Array.Empty<byte>();
        }
    }

    private void Separate()
    {
        if (_afterValue)
        {
            Append((byte)',');
        }
    }

    private void Quoted(ReadOnlySpan<byte> raw)
    {
        Append((byte)'"');
        Append(raw);
        Append((byte)'"');
    }

    private void Append(byte value)
    {
        Ensure(1);
        _bytes[_length++] = value;
    }

    private void Append(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_bytes.AsSpan(_length));
        _length += value.Length;
    }

    private void Ensure(int more)
    {
        if (_length + more <= _bytes.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, _length + more));
        Buffer.BlockCopy(_bytes, 0, larger, 0, _length);
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = larger;
    }
}

/// <summary>
/// An open container <see cref="CollectionSchemaStream"/> is cutting: the collection, or an element of an
/// <c>item</c> array, with its place, its location in the collection and what it has seen of its properties.
/// </summary>
internal sealed class SchemaPieceFrame : IDisposable
{
    public SchemaPieceFrame(SchemaPlace place, int depth, bool isObject, string pointer, List<(JsonPathSegment Segment, int Position)> location, long start, int problemMark, int bufferSize)
    {
        Place = place;
        Depth = depth;
        IsObject = isObject;
        Pointer = pointer;
        Location = location;
        Start = start;
        ProblemMark = problemMark;
        Piece = new SchemaPieceBuffer(bufferSize);
    }

    public SchemaPlace Place { get; }

    /// <summary>The reader depth of the value's first token.</summary>
    public int Depth { get; }

    public bool IsObject { get; }

    /// <summary>The JSON Pointer of the value in the collection (<c>/item/3/item/0</c>).</summary>
    public string Pointer { get; }

    /// <summary>The segments of <see cref="Pointer"/> with their positions (property index, array index).</summary>
    public List<(JsonPathSegment Segment, int Position)> Location { get; }

    /// <summary>Where the value starts in the input.</summary>
    public long Start { get; }

    /// <summary>How many problems had been found when the value started.</summary>
    public int ProblemMark { get; }

    public SchemaPieceBuffer Piece { get; }

    /// <summary>Properties seen so far.</summary>
    public int Properties { get; set; }

    public bool HasRequest { get; set; }

    /// <summary>Properties named <c>item</c>, and of those the arrays that were cut.</summary>
    public int ItemNames { get; set; }

    public int ItemArrays { get; set; }

    /// <summary>The last property name was <c>item</c>: an array value is cut.</summary>
    public bool PendingItem { get; set; }

    /// <summary>Inside the cut <c>item</c> array.</summary>
    public bool InCutArray { get; set; }

    /// <summary>The property index of the cut <c>item</c>.</summary>
    public int ItemPosition { get; set; }

    /// <summary>The index of the next element of the cut array.</summary>
    public int NextIndex { get; set; }

    /// <summary>An element of the cut array does not match its schema (or one inside it).</summary>
    public bool ChildInvalid { get; set; }

    /// <summary>
    /// Whether the value must be checked whole: an item with both <c>request</c> and an <c>item</c> array (whose
    /// request branch ignores the elements, so their problems may not count), or with more than one <c>item</c>.
    /// </summary>
    public bool NeedsWhole => ItemArrays > 0 && ((HasRequest && Place != SchemaPlace.Root) || ItemNames > 1);

    public void Dispose() => Piece.Dispose();
}
