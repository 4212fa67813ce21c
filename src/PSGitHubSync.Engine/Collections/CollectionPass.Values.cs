using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace PSGitHubSync.Engine.Collections;

// Scalars, the small objects held back for the secret scanner, and the candidates it reports.
internal sealed partial class CollectionPass
{
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
            if (parent.Writes)
            {
                _writer.RawValue(ref reader);
            }

            return;
        }

        if (_valueSkip)
        {
            return;
        }

        RecordKind(parent.Item, kind);
        if (!parent.Writes)
        {
            return;
        }

        var replacement = kind == JsonValueKind.String ? RecordString(ref reader, ref parent) : null;
        if (replacement is not null)
        {
            _writer.String(replacement);
        }
        else
        {
            _writer.RawValue(ref reader);
        }
    }

    /// <summary>Records what the value at this role says about the collection or item; returns its redacted form, if any.</summary>
    private string? RecordString(ref Utf8JsonReader reader, ref PassFrame parent)
    {
        switch (_valueRole)
        {
            case ValueRole.InfoName:
                Name = PassTokens.GetString(ref reader);
                break;
            case ValueRole.InfoId:
                PostmanId = PassTokens.GetString(ref reader);
                break;
            case ValueRole.InfoSchema:
                SchemaUrl = PassTokens.GetString(ref reader);
                break;
            case ValueRole.ItemName:
                parent.Item!.Name = PassTokens.GetString(ref reader);
                break;
            case ValueRole.ItemId:
                parent.Item!.Id = PassTokens.GetString(ref reader);
                break;
            case ValueRole.Method:
                parent.Item!.Method = PassTokens.KnownMethod(ref reader) ?? PassTokens.GetString(ref reader).ToUpperInvariant();
                break;
            case ValueRole.ResponseName:
                parent.Response!.Name = PassTokens.GetString(ref reader);
                break;
            case ValueRole.AuthAttribute:
                return ScanAuthValue(ref reader, ref parent);
            case ValueRole.Header:
                return ScanHeaderText(ref reader, ref parent);
        }

        return null;
    }

    /// <summary>What the kind of a value says, whatever its content (the last of duplicate properties wins, as in a DOM).</summary>
    private void RecordKind(PassItem? item, JsonValueKind kind)
    {
        switch (_valueRole)
        {
            case ValueRole.TopCollection:
                EnvelopeKind = kind;
                break;
            case ValueRole.CollectionInfo:
                InfoKind = kind;
                break;
            case ValueRole.CollectionItem:
                ItemKind = kind;
                break;
            case ValueRole.ItemItem:
                item!.ItemIsArray = kind == JsonValueKind.Array;
                break;
            case ValueRole.ItemRequest:
                item!.Method = kind == JsonValueKind.String ? "GET" : string.Empty;
                break;
            case ValueRole.InfoSchema:
                SchemaKind = kind;
                SchemaUrl = null;
                break;
            case ValueRole.InfoName when kind != JsonValueKind.String:
                Name = string.Empty;
                break;
            case ValueRole.InfoId when kind != JsonValueKind.String:
                PostmanId = null;
                break;
            case ValueRole.ItemName when kind != JsonValueKind.String:
                item!.Name = string.Empty;
                break;
            case ValueRole.ItemId when kind != JsonValueKind.String:
                item!.Id = null;
                break;
            case ValueRole.Method when kind != JsonValueKind.String:
                item!.Method = string.Empty;
                break;
            case ValueRole.ResponseName when kind != JsonValueKind.String:
                _frames[_depth - 1].Response!.Name = string.Empty;
                break;
        }
    }

    /// <summary>A v2.0 auth attribute (<c>"token": "..."</c>).</summary>
    private string? ScanAuthValue(ref Utf8JsonReader reader, ref PassFrame parent)
    {
        var name = _valueName!;
        var authType = parent.AuthType!;
        if (!SecretScanner.IsCredentialAttribute(authType, name) || !SecretScanner.IsLiteral(PassTokens.GetString(ref reader)))
        {
            return null;
        }

        var tentative = Candidate(JsonPathText.Property(PathHere(), name), SecretKind.AuthCredential, name, $", {authType} auth", ref parent);
        return _redact && tentative ? SecretScanner.PlaceholderFor(name) : null;
    }

    /// <summary>Request headers in the old string form (<c>"Name: value\n..."</c>).</summary>
    private string? ScanHeaderText(ref Utf8JsonReader reader, ref PassFrame parent)
    {
        var text = PassTokens.GetString(ref reader);
        var found = SecretScanner.ClassifyHeaderText(text);
        if (found.Count == 0)
        {
            return null;
        }

        var path = JsonPathText.Property(PathHere(), "header");
        var tentative = false;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, kind) in found)
        {
            tentative = Candidate(path, kind, name, ", headers", ref parent);
            names.Add(name);
        }

        return _redact && tentative ? SecretScanner.RedactHeaderLines(text, names) : null;
    }

    /// <summary>A variable, v2.1 auth attribute or header object, held back whole because its name may follow its value.</summary>
    private void OnCaptured(ReadOnlyMemory<byte> json)
    {
        ref var parent = ref _frames[_depth - 1];
        _captured.Read(json.Span);
        var found = parent.Context switch
        {
            PassContext.VariableArray => _captured.ClassifyVariable(),
            PassContext.AuthArray => _captured.ClassifyAuthAttribute(parent.AuthType!) is { } key ? (key, SecretKind.AuthCredential) : null,
            _ => _captured.ClassifyHeaderEntry(),
        };

        string? replace = null;
        if (found is { } secret)
        {
            var suffix = parent.Context switch
            {
                PassContext.VariableArray => ", variables",
                PassContext.AuthArray => $", {parent.AuthType} auth",
                _ => ", headers",
            };
            var path = PathHere() + "[" + (parent.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "].value";
            if (Candidate(path, secret.Kind, secret.Name, suffix, ref parent) && _redact)
            {
                replace = secret.Name;
            }
        }

        CapturedFields.Write(_writer, json.Span, replace);
    }

    /// <summary>Adds a candidate; returns whether, as far as the pass has read, the scanner reports it.</summary>
    private bool Candidate(string path, SecretKind kind, string name, string suffix, ref PassFrame frame)
    {
        var tentative = SecretCandidate.Valid(frame.Item, frame.Region, final: false);
        _candidates.Add(new SecretCandidate(path, kind, name, suffix, frame.Item, frame.Region, frame.Response, tentative));
        return tentative;
    }

    /// <summary>The JSON path of the innermost open container, relative to the collection.</summary>
    private string PathHere()
    {
        var builder = new StringBuilder(JsonPathText.Root);
        for (var i = Enveloped ? 2 : 1; i < _depth; i++)
        {
            ref var frame = ref _frames[i];
            JsonPathText.Append(builder, frame.Index >= 0 ? JsonPathSegment.Of(frame.Index) : JsonPathSegment.Of(frame.Name ?? string.Empty));
        }

        return builder.ToString();
    }
}
