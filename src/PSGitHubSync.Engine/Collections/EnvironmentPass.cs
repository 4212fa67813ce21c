using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Engine.Collections;

/// <summary>
/// One streaming pass over an environment: writes it in the collection layout (the bookkeeping in
/// <see cref="CollectionNormalizer.RemovedEnvironmentProperties"/> left out, values of type <c>secret</c> written empty)
/// and finds the likely secrets of the values as written, redacting them on request. Each entry of
/// <c>values</c> is held back whole (its <c>type</c> may follow its <c>value</c>); nothing else is kept.
/// </summary>
internal sealed class EnvironmentPass : IJsonTokenSink
{
    private static readonly byte[][] Removed = CollectionNormalizer.RemovedEnvironmentProperties.Select(n => Encoding.UTF8.GetBytes(n)).ToArray();
    private static readonly byte[][] SecretValueProperties = CollectionNormalizer.SecretEnvironmentValueProperties.Select(p => Encoding.UTF8.GetBytes(p)).ToArray();

    private readonly CapturedFields _captured = new();

    private readonly Utf8JsonPump _pump;
    private readonly StringifyWriter _writer;
    private readonly bool _redact;
    private readonly bool? _envelope;
    private readonly List<SecretFinding> _secrets = new();
    private (PassContext Context, bool IsArray, bool Writes, int Count)[] _frames = new (PassContext, bool, bool, int)[16];
    private int _depth;
    private int _skipDepth = -1;
    private int _captureDepth = -1;
    private PassContext _valueContext;
    private bool _valueSkip;
    private int _valueRole; // 1 name, 2 id, 3 environment (the envelope's), 4 values

    public EnvironmentPass(Utf8JsonPump pump, StringifyWriter writer, bool redact, bool? envelope)
    {
        _pump = pump;
        _writer = writer;
        _redact = redact;
        _envelope = envelope;
    }

    public JsonValueKind RootKind { get; private set; }

    public bool Enveloped { get; private set; }

    public bool TopHasValues { get; private set; }

    public bool TopHasEnvironment { get; private set; }

    public JsonValueKind EnvironmentKind { get; private set; }

    public JsonValueKind ValuesKind { get; private set; }

    public string? Name { get; private set; }

    public string? Id { get; private set; }

    public IReadOnlyList<SecretFinding> Secrets => _secrets;

    /// <summary>Whether the root is the API envelope, as the DOM path decides it.</summary>
    public bool ShouldBeEnveloped => RootKind == JsonValueKind.Object && !TopHasValues && TopHasEnvironment && EnvironmentKind == JsonValueKind.Object;

    public void Token(ref Utf8JsonReader reader)
    {
        var token = reader.TokenType;
        var isEnd = token == JsonTokenType.EndObject || token == JsonTokenType.EndArray;
        if (_skipDepth >= 0 || _captureDepth >= 0)
        {
            if (isEnd && reader.CurrentDepth == Math.Max(_skipDepth, _captureDepth))
            {
                if (_captureDepth >= 0)
                {
                    OnCaptured(_pump.EndCapture(ref reader));
                }

                _skipDepth = _captureDepth = -1;
            }

            return;
        }

        if (token == JsonTokenType.PropertyName)
        {
            OnProperty(ref reader);
        }
        else if (token == JsonTokenType.StartObject || token == JsonTokenType.StartArray)
        {
            OnStart(ref reader, token == JsonTokenType.StartArray);
        }
        else if (isEnd)
        {
            var frame = _frames[--_depth];
            if (frame.Writes)
            {
                if (frame.IsArray) _writer.EndArray();
                else _writer.EndObject();
            }
        }
        else
        {
            OnScalar(ref reader);
        }
    }

    private void OnProperty(ref Utf8JsonReader reader)
    {
        ref var top = ref _frames[_depth - 1];
        if (top.Context == PassContext.Undecided)
        {
            Enveloped = _envelope ?? reader.ValueTextEquals("environment"u8);
            top.Context = Enveloped ? PassContext.Envelope : PassContext.Environment;
            top.Writes = !Enveloped;
            if (top.Writes) _writer.StartObject();
        }

        if (_depth == 1)
        {
            TopHasValues |= reader.ValueTextEquals("values"u8);
            TopHasEnvironment |= reader.ValueTextEquals("environment"u8);
        }

        _valueContext = PassContext.Plain;
        _valueRole = 0;
        _valueSkip = false;
        if (top.Context == PassContext.Envelope)
        {
            _valueSkip = !reader.ValueTextEquals("environment"u8);
            _valueContext = PassContext.Environment;
            _valueRole = 3;
        }
        else if (top.Context == PassContext.Environment)
        {
            foreach (var name in Removed)
            {
                _valueSkip |= reader.ValueTextEquals(name);
            }

            _valueContext = reader.ValueTextEquals("values"u8) ? PassContext.EnvironmentValues : PassContext.Plain;
            _valueRole = reader.ValueTextEquals("name"u8) ? 1 : reader.ValueTextEquals("id"u8) ? 2 : _valueContext == PassContext.EnvironmentValues ? 4
                // An envelope whose 'environment' is not its first property is read as a bare environment first: the
                // kind of its 'environment' decides whether the pass runs again, unwrapping it.
                : _depth == 1 && reader.ValueTextEquals("environment"u8) ? 3 : 0;
        }

        if (!_valueSkip && top.Writes)
        {
            _writer.RawPropertyName(reader.ValueSpan, reader.ValueIsEscaped);
        }
    }

    private void OnStart(ref Utf8JsonReader reader, bool isArray)
    {
        var kind = isArray ? JsonValueKind.Array : JsonValueKind.Object;
        if (_depth == 0)
        {
            RootKind = kind;
            Push(isArray ? PassContext.Plain : PassContext.Undecided, isArray, writes: isArray);
            return;
        }

        ref var parent = ref _frames[_depth - 1];
        var context = PassContext.Plain;
        if (parent.IsArray)
        {
            parent.Count++;
            if (!isArray && parent.Context == PassContext.EnvironmentValues)
            {
                _captureDepth = reader.CurrentDepth;
                _pump.BeginCapture(ref reader);
                return;
            }
        }
        else
        {
            Record(kind, null);
            context = _valueContext == PassContext.Environment && !isArray ? PassContext.Environment
                : _valueContext == PassContext.EnvironmentValues && isArray ? PassContext.EnvironmentValues : PassContext.Plain;
            if (_valueSkip || (!parent.Writes && context != PassContext.Environment))
            {
                _skipDepth = reader.CurrentDepth;
                return;
            }
        }

        Push(context, isArray, writes: true);
    }

    private void Push(PassContext context, bool isArray, bool writes)
    {
        if (_depth == _frames.Length) Array.Resize(ref _frames, _frames.Length * 2);
        _frames[_depth++] = (context, isArray, writes, 0);
        if (!writes) return;
        if (isArray) _writer.StartArray();
        else _writer.StartObject();
    }

    private void OnScalar(ref Utf8JsonReader reader)
    {
        var kind = PassTokens.KindOf(reader.TokenType);
        if (_depth == 0)
        {
            RootKind = kind;
            return;
        }

        ref var parent = ref _frames[_depth - 1];
        if (parent.IsArray)
        {
            parent.Count++;
        }
        else if (_valueSkip)
        {
            return;
        }
        else
        {
            Record(kind, kind == JsonValueKind.String && (_valueRole == 1 || _valueRole == 2) ? PassTokens.GetString(ref reader) : null);
        }

        if (parent.Writes)
        {
            _writer.RawValue(ref reader);
        }
    }

    private void Record(JsonValueKind kind, string? text)
    {
        switch (_valueRole)
        {
            case 1: Name = text; break;
            case 2: Id = text; break;
            case 3: EnvironmentKind = kind; break;
            case 4: ValuesKind = kind; break;
        }
    }

    private void OnCaptured(ReadOnlyMemory<byte> json)
    {
        var index = _frames[_depth - 1].Count - 1;
        _captured.Read(json.Span);
        if (_captured.IsSecretType)
        {
            CapturedFields.WriteBlanked(_writer, json.Span, SecretValueProperties);
            return;
        }

        string? replace = null;
        if (_captured.ClassifyVariable() is { } found)
        {
            var path = "$.values[" + index.ToString(CultureInfo.InvariantCulture) + "].value";
            _secrets.Add(new SecretFinding(path, found.Kind, found.Name, "the environment, variables"));
            replace = _redact ? found.Name : null;
        }

        CapturedFields.Write(_writer, json.Span, replace);
    }

    /// <summary>The error for input that is not an environment at <paramref name="path"/>.</summary>
    internal static SyncException Invalid(string sourceName, string path, string problem) =>
        new(
            CollectionErrorIds.InvalidEnvironment,
            SyncErrorCategory.InvalidData,
            $"'{sourceName}' is not a Postman environment: at {path}: {problem}. Export the environment from Postman and use that file.",
            sourceName);

    /// <summary>The error for input that is not JSON.</summary>
    internal static SyncException NotJson(string sourceName, JsonException ex) =>
        new(
            CollectionErrorIds.InvalidEnvironment,
            SyncErrorCategory.InvalidData,
            $"'{sourceName}' is not a Postman environment: it is not valid JSON (line {(ex.LineNumber ?? 0) + 1}): {CollectionDocument.ReaderReason(ex)}. Export the environment from Postman and use that file.",
            sourceName,
            ex);

    /// <summary>Refuses what is not an environment, as the DOM path does.</summary>
    public void Check(string sourceName)
    {
        var path = Enveloped ? "$.environment" : "$";
        if (RootKind != JsonValueKind.Object)
        {
            throw Invalid(sourceName, path, "expected a JSON object with 'name' and 'values'");
        }

        if (ValuesKind != JsonValueKind.Array)
        {
            throw Invalid(sourceName, path + ".values", "the 'values' array is missing");
        }
    }
}
