using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace PSGitHubSync.Engine.Collections;

/// <summary>What a container or value is to the pass: it decides what is left out, scanned and recorded.</summary>
internal enum PassContext : byte
{
    /// <summary>Written as it is; nothing inside is looked at.</summary>
    Plain,

    /// <summary>The root object before its first property says whether it is the API envelope.</summary>
    Undecided,

    /// <summary>The API envelope <c>{ "collection": ... }</c> or <c>{ "environment": ... }</c>: only that property is written.</summary>
    Envelope,
    Collection,
    Info,
    ItemArray,
    Item,
    ResponseArray,
    Response,
    Request,
    Auth,
    AuthArray,
    AuthObject,
    VariableArray,
    HeaderArray,
    Environment,
    EnvironmentValues,
}

/// <summary>Where a secret candidate sits in an item: its own auth and variables, or its request and saved responses (scanned only when it is not a folder).</summary>
internal enum PassRegion : byte
{
    Own,
    Request,
}

/// <summary>One open container of the pass.</summary>
internal struct PassFrame
{
    public PassContext Context;
    public bool IsArray;
    public bool Writes;
    public int Count;
    public string? Name;
    public int Index;
    public PassItem? Item;
    public PassRegion Region;
    public PassResponse? Response;
    public string? AuthType;
}

/// <summary>A request or folder met by the pass; names and kinds become final when it ends.</summary>
internal sealed class PassItem
{
    public PassItem(PassItem? parent, int index, bool? knownFolder)
    {
        Parent = parent;
        Index = index;
        KnownFolder = knownFolder;
    }

    private string? _folderPath;

    public PassItem? Parent { get; }

    public int Index { get; }

    /// <summary>Whether it is a folder, when an earlier pass over the same input found out.</summary>
    public bool? KnownFolder { get; }

    public string Name { get; set; } = string.Empty;

    public string? Id { get; set; }

    public string Method { get; set; } = string.Empty;

    public string? Hash { get; set; }

    public bool HasRequest { get; set; }

    public bool HasItem { get; set; }

    public bool ItemIsArray { get; set; }

    /// <summary>As the secret scanner decides it once the whole item is known: no request and an item array.</summary>
    public bool IsFolder => KnownFolder ?? (!HasRequest && ItemIsArray);

    /// <summary>Whether its item array is scanned, as far as the pass has read (it is inside that array).</summary>
    public bool IsFolderSoFar => KnownFolder ?? !HasRequest;

    /// <summary>Whether its saved responses are scanned, as far as the pass has read.</summary>
    public bool IsRequestSoFar => KnownFolder.HasValue ? !KnownFolder.Value : HasRequest || !ItemIsArray;

    public string Path => (Parent is null ? "$" : Parent.Path + ".item") + "[" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    /// <summary>Folder path and name as the secret scanner names it (<c>Payments/Create</c>).</summary>
    public string FullName => RequestChange.Join(Parent?.FullName ?? string.Empty, Name);

    /// <summary>The folder path as the request index records it (read once the pass is over: it is kept).</summary>
    public string IndexFolder => Parent is null ? string.Empty : Parent.FolderPath;

    /// <summary>Its own path as a folder of the request index: each folder's is built once, for all the requests in it.</summary>
    private string FolderPath
    {
        get
        {
            if (_folderPath is null)
            {
                var outer = IndexFolder;
                _folderPath = outer.Length == 0 ? Name : outer + "/" + Name;
            }

            return _folderPath;
        }
    }

    /// <summary>Whether every folder around it is one the scanner descends into.</summary>
    public bool AncestorsScanned(bool final)
    {
        for (var a = Parent; a is not null; a = a.Parent)
        {
            if (!(final ? a.IsFolder : a.IsFolderSoFar))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A saved response whose <c>originalRequest</c> is scanned.</summary>
internal sealed class PassResponse
{
    public string Name { get; set; } = string.Empty;
}

/// <summary>A value the scanner would report, kept until the items around it are known.</summary>
internal sealed class SecretCandidate
{
    public SecretCandidate(string path, SecretKind kind, string name, string suffix, PassItem? owner, PassRegion region, PassResponse? response, bool tentative)
    {
        Path = path;
        Kind = kind;
        Name = name;
        Suffix = suffix;
        Owner = owner;
        Region = region;
        Response = response;
        Tentative = tentative;
    }

    public string Path { get; }

    public SecretKind Kind { get; }

    public string Name { get; }

    public string Suffix { get; }

    public PassItem? Owner { get; }

    public PassRegion Region { get; }

    public PassResponse? Response { get; }

    /// <summary>Whether the pass took it for a secret when it wrote the value (and so redacted it).</summary>
    public bool Tentative { get; }

    /// <summary>Whether the scanner reports it, now that everything is known.</summary>
    public bool Final => Valid(final: true);

    public static bool Valid(PassItem? owner, PassRegion region, bool final) =>
        owner is null || ((region == PassRegion.Own || (final ? !owner.IsFolder : owner.IsRequestSoFar)) && owner.AncestorsScanned(final));

    public SecretFinding ToFinding()
    {
        var where = Owner is null ? "the collection" : (Owner.IsFolder ? "folder '" : "request '") + Owner.FullName + "'";
        if (Response is not null)
        {
            where = $"example '{Response.Name}' of {where}";
        }

        return new SecretFinding(Path, Kind, Name, where + Suffix);
    }

    private bool Valid(bool final) => Valid(Owner, Region, final);
}

/// <summary>What a pass learnt that an earlier decision got wrong; the next pass starts from it.</summary>
internal sealed class PassDecisions
{
    public bool? Enveloped { get; set; }

    public Dictionary<string, bool> Folders { get; } = new(StringComparer.Ordinal);
}

/// <summary>Maps reader tokens to value kinds.</summary>
internal static class PassTokens
{
    public static JsonValueKind KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => JsonValueKind.Object,
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        JsonTokenType.Null => JsonValueKind.Null,
        _ => JsonValueKind.Undefined,
    };

    private static readonly (byte[] Utf8, string Text)[] Methods =
        new[] { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" }.Select(m => (System.Text.Encoding.UTF8.GetBytes(m), m)).ToArray();

    /// <summary>The method the reader is on when it is one of the usual ones, written in capitals (no string read); else null.</summary>
    public static string? KnownMethod(ref Utf8JsonReader reader)
    {
        foreach (var method in Methods)
        {
            if (reader.ValueTextEquals(method.Utf8))
            {
                return method.Text;
            }
        }

        return null;
    }

    /// <summary>The string the reader is on, keeping escaped lone surrogates (as <see cref="JsonStrings"/> does).</summary>
    public static string GetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return JsonStrings.Unescape(System.Text.Encoding.UTF8.GetString(reader.ValueSpan.ToArray()));
        }
    }
}
