using System;
using System.Buffers;
using System.Text;
using System.Text.Json;

namespace PSGitHubSync.Engine.Collections;

/// <summary>
/// The <c>key</c>, <c>id</c>, <c>name</c> and <c>value</c> of a small object the pass holds back (a variable, header or
/// v2.1 auth attribute), read from its JSON bytes into reused char buffers instead of a <see cref="JsonDocument"/>:
/// classifies it as <see cref="SecretScanner"/> classifies the element (the last of duplicate properties wins, as
/// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> finds it; only strings count) and writes it back,
/// its <c>value</c> replaced on request. Nothing is allocated per object unless it holds a secret.
/// </summary>
internal sealed class CapturedFields
{
    private const int Key = 0;
    private const int Id = 1;
    private const int Name = 2;
    private const int Value = 3;
    private const int Type = 4;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = CollectionDocument.MaxDepth };

    private readonly char[][] _text = { Array.Empty<char>(), Array.Empty<char>(), Array.Empty<char>(), Array.Empty<char>(), Array.Empty<char>() };
    private readonly int[] _length = new int[5];
    private readonly bool[] _isString = new bool[5];

    /// <summary>Whether its <c>type</c> is <c>secret</c> (an environment's secret variable).</summary>
    public bool IsSecretType => _isString[Type] && Text(Type).Equals("secret".AsSpan(), StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the object's top-level <c>key</c>, <c>id</c>, <c>name</c>, <c>value</c> and <c>type</c> strings.</summary>
    public void Read(ReadOnlySpan<byte> json)
    {
        Array.Clear(_isString, 0, _isString.Length);
        var reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueTextEquals("key"u8) ? Key
                : reader.ValueTextEquals("id"u8) ? Id
                : reader.ValueTextEquals("name"u8) ? Name
                : reader.ValueTextEquals("value"u8) ? Value
                : reader.ValueTextEquals("type"u8) ? Type : -1;
            reader.Read();
            if (field >= 0)
            {
                _isString[field] = reader.TokenType == JsonTokenType.String;
                if (_isString[field])
                {
                    Copy(field, ref reader);
                }
            }

            if (reader.TokenType == JsonTokenType.StartObject || reader.TokenType == JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }
    }

    /// <summary>As <see cref="SecretScanner.ClassifyVariable(JsonElement)"/>.</summary>
    public (string Name, SecretKind Kind)? ClassifyVariable()
    {
        if (!_isString[Value])
        {
            return null;
        }

        var nameField = _isString[Key] ? Key : _isString[Id] ? Id : _isString[Name] ? Name : -1;
        var name = nameField < 0 ? ReadOnlySpan<char>.Empty : Text(nameField);
        var value = Text(Value);
        if (SecretScanner.IsSecretName(name) && SecretScanner.IsLiteral(value))
        {
            return (name.ToString(), SecretKind.Variable);
        }

        return SecretScanner.LooksLikeToken(value) ? (name.ToString(), SecretKind.TokenPattern) : null;
    }

    /// <summary>As <see cref="SecretScanner.ClassifyAuthAttribute(string, JsonElement)"/>.</summary>
    public string? ClassifyAuthAttribute(string authType) =>
        _isString[Key] && _isString[Value] && SecretScanner.IsCredentialAttribute(authType, Text(Key)) && SecretScanner.IsLiteral(Text(Value))
            ? Text(Key).ToString()
            : null;

    /// <summary>As <see cref="SecretScanner.ClassifyHeaderEntry(JsonElement)"/>.</summary>
    public (string Name, SecretKind Kind)? ClassifyHeaderEntry() =>
        _isString[Key] && _isString[Value] && SecretScanner.ClassifyHeader(Text(Key), Text(Value)) is { } kind
            ? (Text(Key).ToString(), kind)
            : null;

    /// <summary>
    /// Writes the object as <see cref="StringifyWriter.Element"/> writes it, every top-level string <c>value</c> replaced
    /// by the placeholder for <paramref name="replaceFor"/> when it is not null (as <see cref="SecretScanner.WriteWithValueReplaced"/>).
    /// </summary>
    public static void Write(StringifyWriter writer, ReadOnlySpan<byte> json, string? replaceFor)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        var replace = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    writer.StartObject();
                    break;
                case JsonTokenType.StartArray:
                    writer.StartArray();
                    break;
                case JsonTokenType.EndObject:
                    writer.EndObject();
                    break;
                case JsonTokenType.EndArray:
                    writer.EndArray();
                    break;
                case JsonTokenType.PropertyName:
                    replace = replaceFor is not null && reader.CurrentDepth == 1 && reader.ValueTextEquals("value"u8);
                    writer.RawPropertyName(reader.ValueSpan, reader.ValueIsEscaped);
                    break;
                case JsonTokenType.String when replace:
                    writer.String(SecretScanner.PlaceholderFor(replaceFor!));
                    break;
                default:
                    writer.RawValue(ref reader);
                    break;
            }

            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                replace = false;
            }
        }
    }

    /// <summary>Writes the object with each top-level property named in <paramref name="blanked"/> as an empty string, whatever its value.</summary>
    public static void WriteBlanked(StringifyWriter writer, ReadOnlySpan<byte> json, byte[][] blanked)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();
        writer.StartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            writer.RawPropertyName(reader.ValueSpan, reader.ValueIsEscaped);
            var blank = IsAny(ref reader, blanked);
            reader.Read();
            if (blank)
            {
                writer.String(string.Empty);
                reader.Skip();
            }
            else
            {
                var from = (int)reader.TokenStartIndex;
                reader.Skip();
                Write(writer, json.Slice(from, (int)reader.BytesConsumed - from), null);
            }
        }

        writer.EndObject();
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

    private ReadOnlySpan<char> Text(int field) => new(_text[field], 0, _length[field]);

    /// <summary>Copies the string the reader is on (escaped lone surrogates kept, as <see cref="JsonStrings"/> reads them).</summary>
    private void Copy(int field, ref Utf8JsonReader reader)
    {
        // A string never has more UTF-16 units than its JSON text has bytes.
        Ensure(field, reader.ValueSpan.Length);
        try
        {
            _length[field] = reader.CopyString(_text[field]);
        }
        catch (InvalidOperationException)
        {
            var text = JsonStrings.Unescape(Encoding.UTF8.GetString(reader.ValueSpan.ToArray()));
            Ensure(field, text.Length);
            text.CopyTo(0, _text[field], 0, text.Length);
            _length[field] = text.Length;
        }
    }

    private void Ensure(int field, int length)
    {
        if (_text[field].Length < length)
        {
            if (_text[field].Length > 0)
            {
                ArrayPool<char>.Shared.Return(_text[field]);
            }

            _text[field] = ArrayPool<char>.Shared.Rent(Math.Max(64, length));
        }
    }
}
