using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;

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
    public static BackupManifest Parse(byte[]? json)
    {
        var manifest = new BackupManifest();
        if (json is null || json.Length == 0) return manifest;
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
                if (e.TryGetProperty("requests", out var requests) && requests.ValueKind == JsonValueKind.String)
                {
                    entry.Requests = DecodeRequests(requests.GetString() ?? string.Empty);
                }
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
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
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
                var e = pair.Value;
                writer.WriteStartObject(pair.Key);
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
                writer.WriteString("requests", EncodeRequests(e.Requests));
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        var text = Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n") + "\n";
        return new UTF8Encoding(false).GetBytes(text);
    }

    /// <summary>
    /// The request index, compact: one tab-separated line per request (identity and content
    /// hashes shortened to 12 hex digits, method, folder, name), gzip-compressed and base64-encoded,
    /// so that the manifest of a large workspace stays small enough to read in one request.
    /// </summary>
    internal static string EncodeRequests(IReadOnlyList<RequestEntry> requests)
    {
        if (requests.Count == 0) return string.Empty;
        var text = new StringBuilder();
        foreach (var r in requests)
        {
            text.Append(Short(r.Identity)).Append('\t').Append(Short(r.Hash)).Append('\t').Append(Clean(r.Method)).Append('\t')
                .Append(Clean(r.Folder)).Append('\t').Append(Clean(r.Name)).Append('\n');
        }
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            gzip.Write(bytes, 0, bytes.Length);
        }
        return Convert.ToBase64String(buffer.ToArray());
    }

    internal static IReadOnlyList<RequestEntry> DecodeRequests(string encoded)
    {
        if (encoded.Length == 0) return Array.Empty<RequestEntry>();
        try
        {
            using var input = new MemoryStream(Convert.FromBase64String(encoded));
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
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException)
        {
            return Array.Empty<RequestEntry>();   // an unreadable index only costs the next changelog its detail
        }
    }

    /// <summary>The 12-hex-digit form an identity is recorded and compared in.</summary>
    internal static string ShortIdentity(string identity) => Short(identity);

    // Identities and hashes compare by their short form; the index only has to tell requests apart.
    private static string Short(string value)
    {
        if (value.Length <= 12 && value.All(Uri.IsHexDigit)) return value;
        using var sha = System.Security.Cryptography.SHA1.Create();
        return BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes(value)), 0, 6).Replace("-", string.Empty).ToLowerInvariant();
    }

    private static string Clean(string value) => value.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');

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

    /// <summary>The request index, for the next changelog.</summary>
    public IReadOnlyList<RequestEntry> Requests { get; set; } = Array.Empty<RequestEntry>();

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
