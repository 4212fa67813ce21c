using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace PSGitHubSync.Engine.Backup;

/// <summary>
/// What the last backup to a branch recorded, committed with the backups themselves as
/// <c>.psgithubsync/backup-state.json</c>: for each file, where it came from (integration,
/// collection id and uid, workspace), Postman's <c>updatedAt</c> at the time, the blob sha
/// written, and a request index for changelogs. Kept in the repository (not on the runner's
/// disk) so an ephemeral CI runner knows it next time; restore reads the ids from it.
/// </summary>
public sealed class BackupManifest
{
    /// <summary>The manifest's path in the repository.</summary>
    public const string RepositoryPath = ".psgithubsync/backup-state.json";

    /// <summary>The branch the manifest was written to.</summary>
    public string? Branch { get; set; }

    /// <summary>
    /// The folder each workspace of a wildcard-workspace integration is written to, keyed
    /// <c>integration|workspaceId</c>: named after the workspace when first backed up, and kept
    /// when the workspace is renamed (so its history stays in one place).
    /// </summary>
    public SortedDictionary<string, string> WorkspaceFolders { get; } = new(StringComparer.Ordinal);

    /// <summary>The key of <see cref="WorkspaceFolders"/>.</summary>
    public static string WorkspaceKey(string integration, string workspaceId) => integration + "|" + workspaceId;

    /// <summary>Entries by repository path.</summary>
    public SortedDictionary<string, BackupManifestEntry> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads a manifest; an unreadable one counts as empty (the next run rewrites it).</summary>
    public static BackupManifest Parse(byte[]? json) => Parse(json is null ? ReadOnlyMemory<byte>.Empty : new ReadOnlyMemory<byte>(json));

    /// <summary>Reads a manifest from UTF-8 bytes (such as a pooled buffer, free again once this returns); an unreadable one counts as empty.</summary>
    public static BackupManifest Parse(ReadOnlyMemory<byte> json)
    {
        var manifest = new BackupManifest();
        if (json.Length == 0) return manifest;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.TryGetProperty("branch", out var branch) && branch.ValueKind == JsonValueKind.String) manifest.Branch = branch.GetString();
            if (root.TryGetProperty("workspaces", out var workspaces) && workspaces.ValueKind == JsonValueKind.Object)
            {
                foreach (var workspace in workspaces.EnumerateObject())
                {
                    if (workspace.Value.ValueKind == JsonValueKind.String) manifest.WorkspaceFolders[workspace.Name] = workspace.Value.GetString()!;
                }
            }
            if (!root.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Object) return manifest;
            foreach (var file in files.EnumerateObject())
            {
                var e = file.Value;
                var entry = new BackupManifestEntry
                {
                    Integration = Text(e, "integration") ?? string.Empty,
                    Kind = Text(e, "kind") ?? "collection",
                    Source = Text(e, "source") ?? "postman",
                    Id = Text(e, "id"),
                    Uid = Text(e, "uid"),
                    Name = Text(e, "name") ?? string.Empty,
                    WorkspaceId = Text(e, "workspaceId"),
                    UpdatedAt = Text(e, "updatedAt"),
                    Sha = Text(e, "sha") ?? string.Empty,
                    SecretPolicy = BackupPolicies.Normalize(Text(e, "secretPolicy") ?? "keep"),
                    Secrets = e.TryGetProperty("secrets", out var secrets) && secrets.ValueKind == JsonValueKind.Number && secrets.TryGetInt32(out var count) ? count : 0,
                    Warnings = e.TryGetProperty("warnings", out var warnings) && warnings.ValueKind == JsonValueKind.Number && warnings.TryGetInt32(out var warningCount) ? warningCount : 0,
                };
                if (e.TryGetProperty("renamedFrom", out var renamed) && renamed.ValueKind == JsonValueKind.Array)
                {
                    entry.RenamedFrom = renamed.EnumerateArray()
                        .Where(r => r.ValueKind == JsonValueKind.Object && Text(r, "path") is not null)
                        .Select(r => new BackupManifestRename(Text(r, "path")!, Text(r, "name") ?? string.Empty))
                        .ToArray();
                }
                if (e.TryGetProperty("requests", out var requests) && requests.ValueKind == JsonValueKind.String) ReadRequests(entry, requests);
                manifest.Files[file.Name] = entry;
            }
        }
        catch (JsonException)
        {
            return new BackupManifest();
        }
        catch (InvalidOperationException)
        {
            return new BackupManifest();
        }
        return manifest;
    }

    /// <summary>The manifest as deterministic UTF-8 JSON (2-space indentation, LF, final newline).</summary>
    public byte[] ToJson()
    {
        using var stream = new MemoryStream();
        WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// Writes <see cref="ToJson"/>'s bytes to <paramref name="output"/> as they are made, a few entries at a time (never
    /// the whole document in memory): a request index read from the state file and not replaced is written as it was read.
    /// </summary>
    public void WriteTo(Stream output)
    {
        if (output is null) throw new ArgumentNullException(nameof(output));
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", 1);
            writer.WriteString("comment", "Written by PSGitHubSync: what the last backup recorded. Do not edit.");
            if (Branch is not null) writer.WriteString("branch", Branch);
            if (WorkspaceFolders.Count > 0)
            {
                writer.WriteStartObject("workspaces");
                foreach (var pair in WorkspaceFolders) writer.WriteString(pair.Key, pair.Value);
                writer.WriteEndObject();
            }
            writer.WriteStartObject("files");
            foreach (var pair in Files)
            {
                WriteEntry(writer, pair.Key, pair.Value);
                if (writer.BytesPending >= FlushBytes) writer.Flush();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
    }

    private static void WriteEntry(Utf8JsonWriter writer, string path, BackupManifestEntry e)
    {
        writer.WriteStartObject(path);
        writer.WriteString("integration", e.Integration);
        writer.WriteString("kind", e.Kind);
        writer.WriteString("source", e.Source);
        if (e.Id is not null) writer.WriteString("id", e.Id);
        if (e.Uid is not null) writer.WriteString("uid", e.Uid);
        writer.WriteString("name", e.Name);
        if (e.WorkspaceId is not null) writer.WriteString("workspaceId", e.WorkspaceId);
        if (e.UpdatedAt is not null) writer.WriteString("updatedAt", e.UpdatedAt);
        writer.WriteString("sha", e.Sha);
        writer.WriteString("secretPolicy", e.SecretPolicy);
        writer.WriteNumber("secrets", e.Secrets);
        if (e.Warnings > 0) writer.WriteNumber("warnings", e.Warnings);
        if (e.RenamedFrom.Count > 0)
        {
            writer.WriteStartArray("renamedFrom");
            foreach (var rename in e.RenamedFrom)
            {
                writer.WriteStartObject();
                writer.WriteString("path", rename.Path);
                writer.WriteString("name", rename.Name);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        var compressed = e.CompressedRequests();
        if (compressed.Length == 0) writer.WriteString("requests", string.Empty);
        else writer.WriteBase64String("requests", compressed);
        writer.WriteEndObject();
    }

    /// <summary>Entries written before the writer hands its bytes to the stream.</summary>
    private const int FlushBytes = 64 * 1024;

    /// <summary>
    /// Each time a request index kept compressed is decoded (only for files whose content changed: the changelog compares
    /// the old index with the new one), the entry it belongs to; for tests, in the async flow that sets it.
    /// </summary>
    internal static readonly AsyncLocal<Action<BackupManifestEntry>?> RequestIndexDecoded = new();

    /// <summary>
    /// The request index, compact: one tab-separated line per request (identity and content
    /// hashes shortened to 12 hex digits, method, folder, name), gzip-compressed (and base64-encoded in the file),
    /// so that the manifest of a large workspace stays small enough to read in one request. Written line by line.
    /// </summary>
    internal static byte[] CompressRequests(IReadOnlyList<RequestEntry> requests)
    {
        if (requests.Count == 0) return Array.Empty<byte>();
        // The text goes to gzip in ONE write, as it always did: zlib's output depends on how its input is split. Only its
        // UTF-8 bytes are held (about 100 bytes a request), built line by line.
        using var text = new PooledUtf8Text(requests.Count * 100);
        foreach (var r in requests)
        {
            text.Append(Short(r.Identity), '\t');
            text.Append(Short(r.Hash), '\t');
            text.AppendClean(r.Method, '\t');
            text.AppendClean(r.Folder, '\t');
            text.AppendClean(r.Name, '\n');
        }

        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(text.Bytes, 0, text.Length);
        return buffer.ToArray();
    }

    /// <summary>The request index as the state file holds it: base64 of <see cref="CompressRequests"/>.</summary>
    internal static string EncodeRequests(IReadOnlyList<RequestEntry> requests) => Convert.ToBase64String(CompressRequests(requests));

    internal static IReadOnlyList<RequestEntry> DecodeRequests(string encoded)
    {
        if (encoded.Length == 0) return Array.Empty<RequestEntry>();
        try
        {
            return DecompressRequests(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return Array.Empty<RequestEntry>();   // an unreadable index only costs the next changelog its detail
        }
    }

    internal static IReadOnlyList<RequestEntry> DecompressRequests(byte[] compressed)
    {
        if (compressed.Length == 0) return Array.Empty<RequestEntry>();
        try
        {
            using var input = new MemoryStream(compressed, writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            var result = new List<RequestEntry>();
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                var parts = line.Split('\t');
                if (parts.Length == 5) result.Add(new RequestEntry(parts[0], parts[4], parts[3], parts[2], parts[1]));
            }
            return result;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return Array.Empty<RequestEntry>();   // an unreadable index only costs the next changelog its detail
        }
    }

    /// <summary>
    /// Keeps a request index as read (compressed, decoded only when a changed file needs it); one that this writer
    /// would not write back the same (base64 not in its canonical form) is decoded now, as before, and written anew.
    /// </summary>
    private static void ReadRequests(BackupManifestEntry entry, JsonElement requests)
    {
        if (requests.ValueEquals(ReadOnlySpan<byte>.Empty)) return;
        if (requests.TryGetBytesFromBase64(out var compressed) && IsCanonicalBase64(requests, compressed)) entry.KeepCompressedRequests(compressed);
        else entry.Requests = DecodeRequests(requests.GetString() ?? string.Empty);
    }

    private static bool IsCanonicalBase64(JsonElement value, byte[] decoded)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(4, Base64.GetMaxEncodedToUtf8Length(decoded.Length)));
        try
        {
            Base64.EncodeToUtf8(decoded, buffer, out _, out var written);
            return value.ValueEquals(new ReadOnlySpan<byte>(buffer, 0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The 12-hex-digit form an identity is recorded and compared in.</summary>
    internal static string ShortIdentity(string identity) => Short(identity);

    // Identities and hashes compare by their short form; the index only has to tell requests apart.
    // The first 6 bytes of the SHA-1 of the UTF-8 text, as 12 lowercase hex digits; called for every request of every
    // collection, so with one hasher per thread and no intermediate strings.
    private static string Short(string value)
    {
        if (value.Length <= 12 && IsHex(value)) return value;
        var sha = _threadSha1 ??= System.Security.Cryptography.SHA1.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(value));
        var hex = new char[12];
        for (var i = 0; i < 6; i++)
        {
            hex[2 * i] = HexDigits[hash[i] >> 4];
            hex[(2 * i) + 1] = HexDigits[hash[i] & 0xF];
        }

        return new string(hex);
    }

    private const string HexDigits = "0123456789abcdef";

    [ThreadStatic]
    private static System.Security.Cryptography.SHA1? _threadSha1;

    private static bool IsHex(string value)
    {
        foreach (var c in value)
        {
            if (!Uri.IsHexDigit(c)) return false;
        }

        return true;
    }


    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>What the manifest records about one backed-up file.</summary>
public sealed class BackupManifestEntry
{
    /// <summary>The integration that wrote it.</summary>
    public string Integration { get; set; } = string.Empty;

    /// <summary><c>collection</c> or <c>environment</c>.</summary>
    public string Kind { get; set; } = "collection";

    /// <summary><c>postman</c> or <c>file</c>.</summary>
    public string Source { get; set; } = "postman";

    /// <summary>The Postman id.</summary>
    public string? Id { get; set; }

    /// <summary>The Postman uid.</summary>
    public string? Uid { get; set; }

    /// <summary>The collection's name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The Postman workspace id.</summary>
    public string? WorkspaceId { get; set; }

    /// <summary>Postman's <c>updatedAt</c> when it was backed up.</summary>
    public string? UpdatedAt { get; set; }

    /// <summary>The git blob sha written.</summary>
    public string Sha { get; set; } = string.Empty;

    /// <summary>
    /// The secret policy the file was written under (<c>keep</c>, <c>redact</c>, <c>block</c>; state written before
    /// the default became redact says <c>warn</c>, or nothing, for keep). When
    /// the policy changes and the file had likely secrets, it is downloaded again even if Postman says
    /// it did not change, so the new policy applies to it.
    /// </summary>
    public string SecretPolicy { get; set; } = "keep";

    /// <summary>How many likely secret values the scanner found when the file was written.</summary>
    public int Secrets { get; set; }

    /// <summary>How many deviations from the Postman collection schema the file had when it was written (warnings).</summary>
    public int Warnings { get; set; }

    private IReadOnlyList<RequestEntry>? _requests;
    private byte[]? _compressedRequests;

    /// <summary>
    /// The request index, for the next changelog. An index read from the state file stays compressed and is decoded
    /// afresh each time this is read (the changelog of a changed file reads it once), so a run holds no decoded index
    /// of the files that did not change.
    /// </summary>
    public IReadOnlyList<RequestEntry> Requests
    {
        get
        {
            if (_requests is not null) return _requests;
            if (_compressedRequests is null) return Array.Empty<RequestEntry>();
            BackupManifest.RequestIndexDecoded.Value?.Invoke(this);
            return BackupManifest.DecompressRequests(_compressedRequests);
        }
        set
        {
            _requests = value ?? throw new ArgumentNullException(nameof(value));
            _compressedRequests = null;
        }
    }

    /// <summary>Keeps <paramref name="requests"/> compressed, as the state file will hold them (the list itself can go).</summary>
    internal void CompressRequests(IReadOnlyList<RequestEntry> requests) => KeepCompressedRequests(BackupManifest.CompressRequests(requests));

    /// <summary>Takes <paramref name="other"/>'s request index in whatever form it has, without decoding it.</summary>
    internal void TakeRequestsOf(BackupManifestEntry other)
    {
        _requests = other._requests;
        _compressedRequests = other._compressedRequests;
    }

    internal void KeepCompressedRequests(byte[] compressed)
    {
        _compressedRequests = compressed;
        _requests = null;
    }

    /// <summary>The request index as <see cref="BackupManifest.CompressRequests"/> writes it (empty when there are no requests).</summary>
    internal byte[] CompressedRequests() => _compressedRequests ?? BackupManifest.CompressRequests(_requests ?? Array.Empty<RequestEntry>());

    /// <summary>The paths and names the file had before the collection was renamed, most recent first (history follows them).</summary>
    public IReadOnlyList<BackupManifestRename> RenamedFrom { get; set; } = Array.Empty<BackupManifestRename>();
}

/// <summary>An earlier path and name of a renamed collection's backup.</summary>
public sealed class BackupManifestRename
{
    /// <summary>Creates the value.</summary>
    public BackupManifestRename(string path, string name)
    {
        Path = path;
        Name = name;
    }

    /// <summary>The repository path the file had.</summary>
    public string Path { get; }

    /// <summary>The collection's name then.</summary>
    public string Name { get; }
}

/// <summary>The secret policies of a backup, by the names the engine compares.</summary>
internal static class BackupPolicies
{
    /// <summary>Lower case, with <c>warn</c> (the name of <c>keep</c> before the default became redact) as keep.</summary>
    public static string Normalize(string policy)
    {
        var lower = policy.ToLowerInvariant();
        return lower == "warn" ? "keep" : lower;
    }
}
