using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PSGitHubSync.Engine.Backup;

namespace PSGitHubSync.Engine.Collections;

/// <summary>
/// One streaming pass over a collection: writes the normalized bytes (as <see cref="CollectionNormalizer"/>
/// lays them out), finds the secrets (as <see cref="SecretScanner"/> does) and redacts them on request,
/// indexes the requests (as <see cref="RequestIndex"/> does over the normalized bytes) and records what
/// <see cref="CollectionDocument"/> checks, holding only the open containers, the values it reports and,
/// for a variable, header or auth attribute, that one small object.
/// </summary>
internal sealed partial class CollectionPass : IJsonTokenSink
{
    private static readonly byte[][] InfoRemoved = Utf8(CollectionNormalizer.RemovedInfoProperties);
    private static readonly byte[][] ItemRemoved = Utf8(CollectionNormalizer.RemovedItemProperties);
    private static readonly char[] HexDigits = "0123456789abcdef".ToCharArray();

    private readonly Utf8JsonPump _pump;
    private readonly StringifyWriter _writer;
    private readonly bool _redact;
    private readonly PassDecisions _decisions;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
    private readonly List<SecretCandidate> _candidates = new();
    private readonly ChunkedList<PassItem> _requests = new();
    private readonly CapturedFields _captured = new();
    private char[] _hex = new char[12];
    private PassFrame[] _frames = new PassFrame[16];
    private int _depth;
    private int _skipDepth = -1;
    private int _captureDepth = -1;
    private PassItem? _tapItem;

    // What the property just read means for its value.
    private PassContext _valueContext;
    private string? _valueName;
    private bool _valueSkip;
    private ValueRole _valueRole;

    public CollectionPass(Utf8JsonPump pump, StringifyWriter writer, bool redact, PassDecisions decisions)
    {
        _pump = pump;
        _writer = writer;
        _redact = redact;
        _decisions = decisions;
    }

    private enum ValueRole : byte
    {
        None,
        TopCollection,
        CollectionInfo,
        CollectionItem,
        InfoName,
        InfoId,
        InfoSchema,
        ItemName,
        ItemId,
        ItemItem,
        ItemRequest,
        Method,
        ResponseName,
        AuthBlock,
        AuthAttribute,
        Header,
    }

    /// <summary>The kind of the root value (an object for a collection).</summary>
    public JsonValueKind RootKind { get; private set; }

    /// <summary>True once the pass took the root for the API envelope.</summary>
    public bool Enveloped { get; private set; }

    public bool TopHasInfo { get; private set; }

    public bool TopHasCollection { get; private set; }

    public JsonValueKind EnvelopeKind { get; private set; }

    public JsonValueKind InfoKind { get; private set; }

    public JsonValueKind ItemKind { get; private set; }

    public bool LooksLikeV1 { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public string? PostmanId { get; private set; }

    public JsonValueKind SchemaKind { get; private set; }

    public string? SchemaUrl { get; private set; }

    public IReadOnlyList<SecretCandidate> Candidates => _candidates;

    public IReadOnlyList<PassItem> Requests => _requests;

    public void Token(ref Utf8JsonReader reader)
    {
        var token = reader.TokenType;
        if (_skipDepth >= 0)
        {
            if ((token == JsonTokenType.EndObject || token == JsonTokenType.EndArray) && reader.CurrentDepth == _skipDepth)
            {
                _skipDepth = -1;
            }

            return;
        }

        if (_captureDepth >= 0)
        {
            if ((token == JsonTokenType.EndObject || token == JsonTokenType.EndArray) && reader.CurrentDepth == _captureDepth)
            {
                _captureDepth = -1;
                OnCaptured(_pump.EndCapture(ref reader));
            }

            return;
        }

        switch (token)
        {
            case JsonTokenType.PropertyName:
                OnProperty(ref reader);
                break;
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                OnStart(ref reader);
                break;
            case JsonTokenType.EndObject:
            case JsonTokenType.EndArray:
                OnEnd();
                break;
            default:
                OnScalar(ref reader);
                break;
        }
    }

    private void OnProperty(ref Utf8JsonReader reader)
    {
        ref var top = ref _frames[_depth - 1];
        if (top.Context == PassContext.Undecided)
        {
            Decide(ref top, reader.ValueTextEquals("collection"u8));
        }

        _valueContext = PassContext.Plain;
        _valueName = null;
        _valueSkip = false;
        _valueRole = ValueRole.None;
        switch (top.Context)
        {
            case PassContext.Envelope:
                TopProperty(ref reader);
                _valueSkip = !reader.ValueTextEquals("collection"u8);
                if (!_valueSkip)
                {
                    Set(PassContext.Collection, null, ValueRole.TopCollection);
                }

                break;
            case PassContext.Collection:
                CollectionProperty(ref reader, _depth == 1);
                break;
            case PassContext.Info:
                _valueSkip = IsAny(ref reader, InfoRemoved);
                _valueRole = reader.ValueTextEquals("name"u8) ? ValueRole.InfoName
                    : reader.ValueTextEquals("_postman_id"u8) ? ValueRole.InfoId
                    : reader.ValueTextEquals("schema"u8) ? ValueRole.InfoSchema : ValueRole.None;
                break;
            case PassContext.Item:
                _valueSkip = IsAny(ref reader, ItemRemoved);
                ItemProperty(ref reader, top.Item!);
                break;
            case PassContext.Response:
                _valueSkip = IsAny(ref reader, ItemRemoved);
                if (reader.ValueTextEquals("originalRequest"u8))
                {
                    Set(PassContext.Request, "originalRequest", ValueRole.None);
                }
                else if (reader.ValueTextEquals("name"u8))
                {
                    _valueRole = ValueRole.ResponseName;
                }

                break;
            default:
                ScannedProperty(ref reader, ref top);
                break;
        }

        if (!_valueSkip && top.Writes)
        {
            _writer.RawPropertyName(reader.ValueSpan, reader.ValueIsEscaped);
        }
    }

    private void OnStart(ref Utf8JsonReader reader)
    {
        var isArray = reader.TokenType == JsonTokenType.StartArray;
        if (_depth == 0)
        {
            RootKind = isArray ? JsonValueKind.Array : JsonValueKind.Object;
            Push(new PassFrame { Context = isArray ? PassContext.Plain : PassContext.Undecided, IsArray = isArray, Index = -1 });
            return;
        }

        ref var parent = ref _frames[_depth - 1];
        if (parent.IsArray)
        {
            StartElement(ref reader, ref parent, isArray);
            return;
        }

        if (_valueSkip)
        {
            _skipDepth = reader.CurrentDepth;
            return;
        }

        RecordKind(parent.Item, isArray ? JsonValueKind.Array : JsonValueKind.Object);
        var context = Fits(_valueContext, isArray) ? _valueContext : PassContext.Plain;
        if (!parent.Writes && context != PassContext.Collection)
        {
            _skipDepth = reader.CurrentDepth;
            return;
        }

        if (context == PassContext.AuthObject && isArray)
        {
            context = PassContext.AuthArray;
        }

        var frame = Child(ref parent, context, isArray, _valueName, -1);
        if (context == PassContext.AuthObject || context == PassContext.AuthArray)
        {
            frame.AuthType = _valueName;
        }

        if (context == PassContext.ResponseArray || (context == PassContext.Request && _valueRole == ValueRole.ItemRequest))
        {
            frame.Region = PassRegion.Request;
        }

        Open(frame, isArray);
    }

    private void StartElement(ref Utf8JsonReader reader, ref PassFrame parent, bool isArray)
    {
        var index = parent.Count++;
        if (!isArray && (parent.Context == PassContext.VariableArray || parent.Context == PassContext.AuthArray || parent.Context == PassContext.HeaderArray))
        {
            _captureDepth = reader.CurrentDepth;
            _pump.BeginCapture(ref reader);
            return;
        }

        var context = isArray ? PassContext.Plain : parent.Context switch
        {
            PassContext.ItemArray => PassContext.Item,
            PassContext.ResponseArray => PassContext.Response,
            _ => PassContext.Plain,
        };
        var frame = Child(ref parent, context, isArray, null, index);
        if (context == PassContext.Item)
        {
            var owner = parent.Item;
            var known = _decisions.Folders.Count > 0 && _decisions.Folders.TryGetValue(PathOf(owner, index), out var folder) ? folder : (bool?)null;
            frame.Item = new PassItem(owner, index, known);
            frame.Region = PassRegion.Own;
        }
        else if (context == PassContext.Response)
        {
            frame.Response = new PassResponse();
        }

        Open(frame, isArray);
        if (context == PassContext.Item && _tapItem is null)
        {
            _writer.BeginTapAtLastByte(_hash);
            _tapItem = frame.Item;
        }
    }

    private static string PathOf(PassItem? owner, int index) =>
        (owner is null ? "$" : owner.Path + ".item") + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    private static PassFrame Child(ref PassFrame parent, PassContext context, bool isArray, string? name, int index) => new()
    {
        Context = context,
        IsArray = isArray,
        Writes = parent.Writes || context == PassContext.Collection,
        Name = name,
        Index = index,
        Item = parent.Item,
        Region = parent.Region,
        Response = parent.Response,
        AuthType = parent.AuthType,
    };

    private void Open(PassFrame frame, bool isArray)
    {
        Push(frame);
        if (frame.Writes)
        {
            if (isArray)
            {
                _writer.StartArray();
            }
            else
            {
                _writer.StartObject();
            }
        }
    }

    private void Push(PassFrame frame)
    {
        if (_depth == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
        }

        _frames[_depth++] = frame;
    }

    private static bool Fits(PassContext context, bool isArray) => context switch
    {
        PassContext.ItemArray or PassContext.ResponseArray or PassContext.VariableArray or PassContext.HeaderArray => isArray,
        PassContext.AuthObject => true,
        PassContext.Plain => true,
        _ => !isArray,
    };

    private void OnEnd()
    {
        ref var frame = ref _frames[--_depth];
        if (frame.Writes)
        {
            if (frame.IsArray)
            {
                _writer.EndArray();
            }
            else
            {
                _writer.EndObject();
            }
        }

        if (frame.Context == PassContext.Item)
        {
            EndItem(frame.Item!);
        }

        frame = default;
    }

    private void EndItem(PassItem item)
    {
        if (_tapItem == item)
        {
            _writer.EndTap();
            _tapItem = null;
            item.Hash = Hex(_hash.GetHashAndReset(), 6);
        }

        if (!item.HasItem && item.HasRequest)
        {
            _requests.Add(item);
        }
    }

    /// <summary>The first <paramref name="count"/> bytes in lowercase hex, through a reused char buffer.</summary>
    private string Hex(byte[] bytes, int count)
    {
        if (_hex.Length < count * 2)
        {
            _hex = new char[count * 2];
        }

        for (var i = 0; i < count; i++)
        {
            _hex[2 * i] = HexDigits[bytes[i] >> 4];
            _hex[(2 * i) + 1] = HexDigits[bytes[i] & 0xF];
        }

        return new string(_hex, 0, count * 2);
    }

    private static bool IsAny(ref Utf8JsonReader reader, byte[][] names)
    {
        foreach (var name in names)
        {
            if (reader.ValueTextEquals(name))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[][] Utf8(IEnumerable<string> names) => names.Select(n => Encoding.UTF8.GetBytes(n)).ToArray();
}
