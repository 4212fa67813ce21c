using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Json.Schema;

namespace PSGitHubSync.Engine.Collections;

/// <summary>
/// Finds what <see cref="CollectionSchemas.FindAll(JsonElement, string)"/> finds on the whole document, reading a
/// seekable input in pooled chunks and holding, besides the problems found, only the pieces of the open containers.
/// </summary>
/// <remarks>
/// <para>The collection schema checks an element of an <c>item</c> array only through <c>items</c>, so the check is cut
/// in pieces: the collection with its <c>item</c> array's elements left out (<c>"item":[]</c> in place, so every
/// property keeps its position), and each element, cut the same way when it is an object, checked against the schema at
/// its place (<see cref="CollectionSchemaSet.RootItem"/>, <see cref="CollectionSchemaSet.FolderItem"/>). A piece's
/// problems are located by its pointer prefix and positions, so the innermost filter, the document order and the
/// <see cref="CollectionSchemas.MaxFindings"/> cut are those of the whole document.</para>
/// <para>Where the parts do not compose, the whole value is checked instead: an element with both <c>request</c> and an
/// <c>item</c> array (the request branch of <c>oneOf</c>/<c>anyOf</c> ignores <c>item</c>, so whether the elements'
/// problems count depends on the rest), or with <c>item</c> more than once; its bytes are read again from the input.
/// And a folder that matches its place only without its elements, when one of them does not match, fails both
/// branches in the whole document, so the request-item branch's problems (<see cref="CollectionSchemaSet.Item"/>) are
/// reported for it as well.</para>
/// </remarks>
internal sealed class CollectionSchemaStream : IJsonTokenSink
{
    private readonly Stream _input;
    private readonly long _inputStart;
    private readonly bool _enveloped;
    private readonly CollectionSchemaSet _schemas;
    private readonly int _bufferSize;
    private readonly List<SchemaPieceFrame> _frames = new();
    private readonly List<(string Pointer, string Keyword, string Message)> _problems = new();
    private readonly Dictionary<string, List<(JsonPathSegment Segment, int Position)>> _locations = new(StringComparer.Ordinal);
    private Utf8JsonPump? _pump;
    private bool _pendingCollection;
    private bool _rootInvalid;

    private CollectionSchemaStream(Stream input, bool enveloped, string formatVersion, int bufferSize)
    {
        _input = input;
        _inputStart = input.Position;
        _enveloped = enveloped;
        _schemas = CollectionSchemas.GetSet(formatVersion);
        _bufferSize = Math.Max(256, bufferSize);
    }

    /// <summary>The size of the largest piece checked, in bytes.</summary>
    public int PeakPieceBytes { get; private set; }

    /// <summary>
    /// The schema findings of the collection read from <paramref name="input"/> (seekable, from its position; the
    /// Postman API envelope's <c>collection</c> when <paramref name="enveloped"/>), with locations relative to the
    /// collection: those of <see cref="CollectionSchemas.FindAll(JsonElement, string)"/>.
    /// </summary>
    public static IReadOnlyList<CollectionFinding> FindAll(Stream input, bool enveloped, string formatVersion, int bufferSize, out int peakPieceBytes)
    {
        if (input is null || !input.CanSeek)
        {
            throw new ArgumentException("The schema check reads parts of the input again: it must be seekable.", nameof(input));
        }

        var check = new CollectionSchemaStream(input, enveloped, formatVersion, bufferSize);
        try
        {
            using (check._pump = new Utf8JsonPump(input, bufferSize))
            {
                check._pump.Run(check);
            }

            peakPieceBytes = check.PeakPieceBytes;
            if (!check._rootInvalid)
            {
                return Array.Empty<CollectionFinding>();
            }

            return CollectionSchemas.Findings(check._problems, pointer => check._locations[pointer]);
        }
        finally
        {
            foreach (var frame in check._frames)
            {
                frame.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Token(ref Utf8JsonReader reader)
    {
        if (_frames.Count == 0)
        {
            StartCollection(ref reader);
            return;
        }

        var frame = _frames[_frames.Count - 1];
        var depth = reader.CurrentDepth;
        var type = reader.TokenType;
        if (frame.InCutArray && depth == frame.Depth + 2 && type != JsonTokenType.EndArray)
        {
            StartElement(frame, ref reader);
            return;
        }

        if (frame.InCutArray && depth == frame.Depth + 1)
        {
            frame.Piece.Close((byte)']');
            frame.InCutArray = false;
            return;
        }

        var pending = frame.PendingItem;
        frame.PendingItem = false;
        if (frame.IsObject && depth == frame.Depth + 1)
        {
            if (type == JsonTokenType.PropertyName)
            {
                Property(frame, ref reader);
            }
            else if (pending && type == JsonTokenType.StartArray)
            {
                frame.Piece.Open((byte)'[');
                frame.InCutArray = true;
                frame.ItemArrays++;
                frame.ItemPosition = frame.Properties - 1;
                return;
            }
        }

        frame.Piece.Token(ref reader);
        if (depth == frame.Depth && (type == JsonTokenType.EndObject || type == JsonTokenType.EndArray))
        {
            Complete(frame, _pump!.TokenEnd(ref reader));
        }
    }

    private static void Property(SchemaPieceFrame frame, ref Utf8JsonReader reader)
    {
        frame.Properties++;
        if (reader.ValueTextEquals("request"u8))
        {
            frame.HasRequest = true;
        }
        else if (reader.ValueTextEquals("item"u8))
        {
            frame.ItemNames++;
            frame.PendingItem = true;
        }
    }

    /// <summary>The collection: the root, or the envelope's <c>collection</c> (the last one, as <see cref="JsonElement.GetProperty(string)"/> takes).</summary>
    private void StartCollection(ref Utf8JsonReader reader)
    {
        var depth = _enveloped ? 1 : 0;
        var pending = _pendingCollection;
        _pendingCollection = false;
        if (_enveloped && reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
        {
            _pendingCollection = reader.ValueTextEquals("collection"u8);
            return;
        }

        if (reader.CurrentDepth != depth || reader.TokenType != JsonTokenType.StartObject || (_enveloped && !pending))
        {
            return;
        }

        _problems.Clear();
        _locations.Clear();
        _rootInvalid = false;
        var frame = new SchemaPieceFrame(SchemaPlace.Root, depth, true, string.Empty, new List<(JsonPathSegment, int)>(), _pump!.TokenStart(ref reader), 0, _bufferSize);
        frame.Piece.Token(ref reader);
        _frames.Add(frame);
    }

    private void StartElement(SchemaPieceFrame parent, ref Utf8JsonReader reader)
    {
        var index = parent.NextIndex++;
        var location = new List<(JsonPathSegment Segment, int Position)>(parent.Location.Count + 2);
        location.AddRange(parent.Location);
        location.Add((JsonPathSegment.Of("item"), parent.ItemPosition));
        location.Add((JsonPathSegment.Of(index), index));
        var place = parent.Place == SchemaPlace.Root ? SchemaPlace.RootItem : SchemaPlace.FolderItem;
        var pointer = parent.Pointer + "/item/" + index.ToString(CultureInfo.InvariantCulture);
        var type = reader.TokenType;
        var frame = new SchemaPieceFrame(place, reader.CurrentDepth, type == JsonTokenType.StartObject, pointer, location, _pump!.TokenStart(ref reader), _problems.Count, _bufferSize);
        frame.Piece.Token(ref reader);
        _frames.Add(frame);
        if (type != JsonTokenType.StartObject && type != JsonTokenType.StartArray)
        {
            Complete(frame, _pump.TokenEnd(ref reader));
        }
    }

    /// <summary>Checks a finished piece and tells its container whether it matches.</summary>
    private void Complete(SchemaPieceFrame frame, long end)
    {
        _frames.RemoveAt(_frames.Count - 1);
        using (frame)
        {
            bool invalid;
            if (frame.NeedsWhole)
            {
                _problems.RemoveRange(frame.ProblemMark, _problems.Count - frame.ProblemMark);
                invalid = CheckWhole(frame, end);
            }
            else
            {
                invalid = Check(frame, frame.Piece.Written, frame.ChildInvalid);
            }

            if (_frames.Count > 0)
            {
                var parent = _frames[_frames.Count - 1];
                parent.ChildInvalid |= invalid;
            }
            else
            {
                _rootInvalid = invalid;
            }
        }
    }

    /// <summary>Reads the value's bytes again from the input (putting the stream back where the pump left it) and checks them.</summary>
    private bool CheckWhole(SchemaPieceFrame frame, long end)
    {
        var length = checked((int)(end - frame.Start));
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        var resume = _input.Position;
        try
        {
            _input.Position = _inputStart + frame.Start;
            for (var read = 0; read < length;)
            {
                var got = _input.Read(bytes, read, length - read);
                if (got <= 0)
                {
                    throw new EndOfStreamException("The input ended before a value the schema check reads again.");
                }

                read += got;
            }

            return Check(frame, new ReadOnlyMemory<byte>(bytes, 0, length), childInvalid: false);
        }
        finally
        {
            _input.Position = resume;
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// Checks a piece against the schema at its place; true when it (or, by <paramref name="childInvalid"/>, an element
    /// left out of it) does not match.
    /// </summary>
    private bool Check(SchemaPieceFrame frame, ReadOnlyMemory<byte> bytes, bool childInvalid)
    {
        PeakPieceBytes = Math.Max(PeakPieceBytes, bytes.Length);
        using var document = JsonDocument.Parse(bytes, CollectionDocument.DocumentOptions);
        var value = document.RootElement;
        var schema = frame.Place switch
        {
            SchemaPlace.RootItem => _schemas.RootItem,
            SchemaPlace.FolderItem => _schemas.FolderItem,
            _ => _schemas.Root,
        };
        // The quick check first: only what it does not call valid costs the schema library's evaluation.
        var quick = _schemas.Quick.Check(value, CollectionSchemaSet.PointerOf(frame.Place));
        if (quick != QuickVerdict.Valid && !schema.Evaluate(value, CollectionSchemas.FlagOptions).IsValid)
        {
            Add(frame, value, schema.Evaluate(value, CollectionSchemas.DetailOptions));
            return true;
        }

        // A folder that matches only without its elements: in the whole document both branches fail.
        if (childInvalid && frame.Place != SchemaPlace.Root)
        {
            Add(frame, value, _schemas.Item.Evaluate(value, CollectionSchemas.DetailOptions));
        }

        return childInvalid;
    }

    private void Add(SchemaPieceFrame frame, JsonElement value, EvaluationResults results)
    {
        var found = new List<(string Pointer, string Keyword, string Message)>();
        CollectionSchemas.Collect(results, found);
        var located = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (pointer, keyword, message) in found)
        {
            if (!located.TryGetValue(pointer, out var full))
            {
                full = frame.Pointer + pointer;
                located[pointer] = full;
                var location = new List<(JsonPathSegment Segment, int Position)>(frame.Location);
                location.AddRange(CollectionSchemas.Resolve(value, pointer));
                _locations[full] = location;
            }

            _problems.Add((full, keyword, message));
        }
    }
}
