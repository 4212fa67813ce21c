using System.IO.Compression;
using System.Text;
using System.Text.Json;
using PSGitHubSync.Engine.Backup;

namespace PSGitHubSync.Tests.Backup;

/// <summary>
/// The state file's writer as it was before issue 16 (the whole document as a string, each request index decoded
/// and encoded again through strings): kept here as the oracle the streaming writer's bytes are compared with.
/// </summary>
internal static class StringManifestWriter
{
    public static byte[] ToJson(BackupManifest manifest)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", 1);
            writer.WriteString("comment", "Written by PSGitHubSync: what the last backup recorded. Do not edit.");
            if (manifest.Branch is not null) writer.WriteString("branch", manifest.Branch);
            if (manifest.WorkspaceFolders.Count > 0)
            {
                writer.WriteStartObject("workspaces");
                foreach (var pair in manifest.WorkspaceFolders) writer.WriteString(pair.Key, pair.Value);
                writer.WriteEndObject();
            }
            writer.WriteStartObject("files");
            foreach (var pair in manifest.Files)
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

    public static string EncodeRequests(IReadOnlyList<RequestEntry> requests)
    {
        if (requests.Count == 0) return string.Empty;
        var text = new StringBuilder();
        foreach (var r in requests)
        {
            text.Append(BackupManifest.ShortIdentity(r.Identity)).Append('\t').Append(BackupManifest.ShortIdentity(r.Hash)).Append('\t').Append(Clean(r.Method)).Append('\t')
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

    private static string Clean(string value) => value.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
