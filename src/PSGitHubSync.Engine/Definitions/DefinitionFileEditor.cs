using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.IO;

namespace PSGitHubSync.Engine.Definitions;

/// <summary>
/// Adds or replaces one integration in a definitions file by editing its text: every other
/// byte (comments, order, quoting, blank lines, line endings, a BOM) stays as it was. The
/// result is validated before it is written, and written atomically (temporary file, then
/// rename), so an interrupted or refused edit leaves the file untouched.
/// </summary>
public static class DefinitionFileEditor
{
    // \A and \z, not ^ and $: $ would also match before a final newline, which plain style would lose.
    private static readonly Regex PlainScalar = new(@"\A[A-Za-z0-9_./$][A-Za-z0-9 _./@()+,$=-]*\z", RegexOptions.CultureInvariant);
    private static readonly Regex LooksTyped = new(@"\A(?:true|false|yes|no|on|off|y|n|null|~|[-+]?[0-9][0-9_.eE+-]*|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|nan))\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>What an edit did.</summary>
    public sealed class EditResult
    {
        internal EditResult(string text, bool fileCreated, bool replaced)
        {
            Text = text;
            FileCreated = fileCreated;
            Replaced = replaced;
        }

        /// <summary>The whole new file text.</summary>
        public string Text { get; }

        /// <summary>True when the file did not exist.</summary>
        public bool FileCreated { get; }

        /// <summary>True when an integration of that name was replaced.</summary>
        public bool Replaced { get; }
    }

    /// <summary>
    /// Computes the new text of <paramref name="path"/> with <paramref name="entry"/> added (or,
    /// with <paramref name="force"/>, replacing the integration of the same name). Writes nothing.
    /// <paramref name="fileNaming"/> names the files backups write when 'fileName' is not given (see <see cref="DefinitionLoader.Parse"/>).
    /// </summary>
    /// <exception cref="SyncException"><c>IntegrationExists</c>, <c>DefinitionFileInvalid</c> (the file already had problems, or the edit would create one).</exception>
    public static EditResult Plan(string path, IntegrationEntry entry, bool force, IBackupFileNaming fileNaming)
    {
        var fullPath = Path.GetFullPath(path);
        var exists = File.Exists(fullPath);
        var original = exists ? DefinitionFileText.Read(fullPath) : string.Empty;
        string text;
        var replaced = false;
        if (!exists || IsOnlyComments(original))
        {
            // A new file, or one with nothing but comments (kept as they are, above the new content).
            var keep = original.Trim().Length > 0;
            var newline = keep && original.Contains("\r\n") ? "\r\n" : "\n";
            var prefix = !keep ? string.Empty
                : original.EndsWith("\n", StringComparison.Ordinal) ? original : original + newline;
            text = prefix + "version: 1" + newline + newline + "integrations:" + newline + Render(entry, "  ", newline);
        }
        else
        {
            var (integrations, problems) = DefinitionLoader.TryParse(original, fullPath, fileNaming);
            if (problems.Count > 0) throw new DefinitionFileException(fullPath, problems);
            var existing = integrations.FirstOrDefault(i => string.Equals(i.Name, entry.Name, StringComparison.OrdinalIgnoreCase));
            if (existing is not null && !force)
            {
                throw new SyncException(SyncErrorId.IntegrationExists, SyncErrorCategory.ResourceExists,
                    $"The integration '{entry.Name}' already exists in {fullPath} (line {existing.Line}). Use -Force to replace it, or choose another -Name.", entry.Name);
            }
            text = existing is null ? Append(original, entry) : Replace(original, existing, entry);
            replaced = existing is not null;
        }

        var (_, newProblems) = DefinitionLoader.TryParse(text, fullPath, fileNaming);
        if (newProblems.Count > 0)
        {
            // The file itself is fine (checked above): the problems are in what would be added.
            throw new IntegrationInvalidException(entry.Name, fullPath, newProblems);
        }
        return new EditResult(text, !exists, replaced);
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically (UTF-8; a BOM is kept if the file had one).</summary>
    public static void WriteAtomically(string path, string text)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath) ?? Directory.GetCurrentDirectory();
        Directory.CreateDirectory(directory);
        var hadBom = false;
        if (File.Exists(fullPath))
        {
            using var stream = File.OpenRead(fullPath);
            var head = new byte[3];
            hadBom = stream.Read(head, 0, 3) == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
        }
        var bytes = new UTF8Encoding(hadBom).GetPreamble().Concat(new UTF8Encoding(false).GetBytes(text)).ToArray();
        AtomicFile.Write(fullPath, bytes);
    }

    /// <summary>The YAML lines of one integration, each prefixed by <paramref name="indent"/>.</summary>
    public static string Render(IntegrationEntry entry, string indent, string newline)
    {
        var lines = new List<string>();
        void Add(int level, string key, string? value)
        {
            if (value is null) return;
            lines.Add(new string(' ', level * 2) + key + ": " + Quote(value));
        }

        lines.Add("name: " + Quote(entry.Name));
        Add(0, "type", entry.Type);
        lines.Add("source:");
        Add(1, "workspace", entry.Workspace);
        Add(1, "collection", entry.Collection);
        if (entry.Environments) lines.Add("  environments: true");
        Add(1, "file", entry.File);
        if (entry.PostmanWorkspace is not null || entry.PostmanApi is not null)
        {
            lines.Add("  postman:");
            Add(2, "workspace", entry.PostmanWorkspace);
            Add(2, "api", entry.PostmanApi);
        }
        Add(0, "repository", entry.Repository);
        Add(0, "directory", entry.Directory);
        Add(0, "fileName", entry.FileName);
        Add(0, "secretPolicy", entry.SecretPolicy);
        Add(0, "path", entry.Path);
        Add(0, "format", entry.Format);
        Add(0, "branch", entry.Branch);
        if (entry.Prune) lines.Add("prune: true");
        if (entry.AllowGitHubFolder) lines.Add("allowGitHubFolder: true");
        if (entry.Server is not null || entry.TokenReference is not null)
        {
            lines.Add("github:");
            Add(1, "server", entry.Server);
            Add(1, "token", entry.TokenReference);
        }

        var builder = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            builder.Append(indent).Append(i == 0 ? "- " : "  ").Append(lines[i]).Append(newline);
        }
        return builder.ToString();
    }

    /// <summary>A YAML scalar for <paramref name="value"/>: plain when that reads back the same, else double-quoted.</summary>
    public static string Quote(string value)
    {
        if (PlainScalar.IsMatch(value) && !LooksTyped.IsMatch(value) && !value.EndsWith(" ", StringComparison.Ordinal)
            && value.IndexOf(": ", StringComparison.Ordinal) < 0 && value.IndexOf(" #", StringComparison.Ordinal) < 0)
        {
            return value;
        }
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    // Control characters, line and paragraph separators and the BOM are not safe raw in YAML.
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' or '\ufeff')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    private static string Append(string original, IntegrationEntry entry)
    {
        var newline = original.Contains("\r\n") ? "\r\n" : "\n";
        var lines = SplitLines(original);
        var layout = FindIntegrations(lines);
        if (layout is null)
        {
            var text = original.EndsWith("\n", StringComparison.Ordinal) ? original : original + newline;
            return text + newline + "integrations:" + newline + Render(entry, "  ", newline);
        }

        var (keyLine, items, dashIndent) = layout.Value;
        if (items.Count == 0)
        {
            var value = Regex.Replace(lines[keyLine].Text.Substring(lines[keyLine].Text.IndexOf(':') + 1), @"\s+#.*\z", string.Empty).Trim();
            if (value.Length > 0 && value != "[]" && value != "~" && value != "null")
            {
                throw new SyncException(SyncErrorId.DefinitionFileInvalid, SyncErrorCategory.InvalidData,
                    $"'integrations' is written on one line ({value.Substring(0, Math.Min(40, value.Length))}...), which this command cannot extend without rewriting it; nothing was changed. Write the list in block style ('integrations:' then one '- name: ...' entry per item) and run the command again.",
                    "integrations");
            }
            // 'integrations:' with no items, or 'integrations: []': the list starts on the next line.
            var keyText = lines[keyLine].Text;
            var colon = keyText.IndexOf(':');
            var rest = keyText.Substring(colon + 1);
            var comment = rest.IndexOf('#');
            var cleaned = keyText.Substring(0, colon + 1) + (comment >= 0 ? " " + rest.Substring(comment).TrimStart() : string.Empty);
            lines[keyLine] = (cleaned, lines[keyLine].Ending.Length == 0 ? newline : lines[keyLine].Ending);
            var indent = new string(' ', Indentation(keyText) + 2);
            return Join(lines.Take(keyLine + 1)) + Render(entry, indent, newline) + Join(lines.Skip(keyLine + 1));
        }

        var last = items[items.Count - 1];
        var end = EndOfItem(lines, last, dashIndent);
        if (lines[end].Ending.Length == 0) lines[end] = (lines[end].Text, newline);
        // Keep the file's style: items separated by a blank line get one before the new item too.
        var separator = items.Count >= 2 && lines[last - 1].Text.Trim().Length == 0 ? newline : string.Empty;
        return Join(lines.Take(end + 1)) + separator + Render(entry, new string(' ', dashIndent), newline) + Join(lines.Skip(end + 1));
    }

    private static string Replace(string original, Integration existing, IntegrationEntry entry)
    {
        var newline = original.Contains("\r\n") ? "\r\n" : "\n";
        var lines = SplitLines(original);
        var (_, items, dashIndent) = FindIntegrations(lines) ?? throw new InvalidOperationException("integrations list not found");
        var start = existing.Line - 1;
        if (!items.Contains(start))
        {
            throw new SyncException(SyncErrorId.DefinitionFileInvalid, SyncErrorCategory.InvalidData,
                $"The integration '{existing.Name}' is written in a form this command cannot edit safely (line {existing.Line}); edit the file by hand.", existing.DefinitionFile);
        }
        var end = EndOfItem(lines, start, dashIndent);
        var trailing = lines[end].Ending.Length == 0 && end == lines.Count - 1;
        var block = Render(entry, new string(' ', dashIndent), newline);
        if (trailing) block = block.Substring(0, block.Length - newline.Length);
        return Join(lines.Take(start)) + block + Join(lines.Skip(end + 1));
    }

    /// <summary>The 'integrations:' key line, the line of each item's dash, and the dash indentation.</summary>
    private static (int KeyLine, List<int> Items, int DashIndent)? FindIntegrations(List<(string Text, string Ending)> lines)
    {
        var keyLine = lines.FindIndex(l => Regex.IsMatch(l.Text, @"^integrations\s*:"));
        if (keyLine < 0) return null;
        var items = new List<int>();
        var dashIndent = -1;
        for (var i = keyLine + 1; i < lines.Count; i++)
        {
            var text = lines[i].Text;
            if (IsBlankOrComment(text)) continue;
            var indent = Indentation(text);
            if (indent == 0 && !text.StartsWith("-", StringComparison.Ordinal)) break;
            if (text.Substring(indent).StartsWith("-", StringComparison.Ordinal) && (dashIndent < 0 || indent == dashIndent))
            {
                dashIndent = indent;
                items.Add(i);
            }
            else if (dashIndent >= 0 && indent < dashIndent)
            {
                break;
            }
        }
        return (keyLine, items, dashIndent < 0 ? 2 : dashIndent);
    }

    /// <summary>The last line that belongs to the item whose dash is on <paramref name="start"/>.</summary>
    private static int EndOfItem(List<(string Text, string Ending)> lines, int start, int dashIndent)
    {
        var end = start;
        for (var i = start + 1; i < lines.Count; i++)
        {
            var text = lines[i].Text;
            if (text.Trim().Length == 0) continue;
            var indent = Indentation(text);
            if (indent <= dashIndent) break;   // the next item, a comment for it, or the next top-level key
            end = i;
        }
        return end;
    }

    private static bool IsOnlyComments(string text) =>
        SplitLines(text).All(line => IsBlankOrComment(line.Text));

    private static bool IsBlankOrComment(string text)
    {
        var trimmed = text.TrimStart();
        return trimmed.Length == 0 || trimmed.StartsWith("#", StringComparison.Ordinal);
    }

    private static int Indentation(string text)
    {
        var count = 0;
        while (count < text.Length && text[count] == ' ') count++;
        return count;
    }

    private static List<(string Text, string Ending)> SplitLines(string text)
    {
        var lines = new List<(string, string)>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            var end = i > start && text[i - 1] == '\r' ? i - 1 : i;
            lines.Add((text.Substring(start, end - start), text.Substring(end, i + 1 - end)));
            start = i + 1;
        }
        if (start < text.Length) lines.Add((text.Substring(start), string.Empty));
        return lines;
    }

    private static string Join(IEnumerable<(string Text, string Ending)> lines)
    {
        var builder = new StringBuilder();
        foreach (var (text, ending) in lines) builder.Append(text).Append(ending);
        return builder.ToString();
    }
}

/// <summary>The keys of one integration to write into a definitions file; null keys are left out (defaults apply).</summary>
public sealed class IntegrationEntry
{
    /// <summary>The nickname.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary><c>collection-backup</c> or <c>schema-sync</c>.</summary>
    public string Type { get; set; } = Integration.CollectionBackup;

    /// <summary>Backup source: the Postman workspace.</summary>
    public string? Workspace { get; set; }

    /// <summary>Backup source: the Postman collection.</summary>
    public string? Collection { get; set; }

    /// <summary>Backup source: also back up environments.</summary>
    public bool Environments { get; set; }

    /// <summary>Backups: remove the file of a collection deleted in Postman (<c>prune: true</c>).</summary>
    public bool Prune { get; set; }

    /// <summary>A file (or folder) source, as the user wrote it.</summary>
    public string? File { get; set; }

    /// <summary>Schema-sync source: the Postman workspace.</summary>
    public string? PostmanWorkspace { get; set; }

    /// <summary>Schema-sync source: the Postman API.</summary>
    public string? PostmanApi { get; set; }

    /// <summary>owner/name.</summary>
    public string Repository { get; set; } = string.Empty;

    /// <summary>Backup: the repository folder.</summary>
    public string? Directory { get; set; }

    /// <summary>Backup: the file name.</summary>
    public string? FileName { get; set; }

    /// <summary>Backup: <c>redact</c>, <c>keep</c> or <c>block</c>; null leaves it to the defaults (redact).</summary>
    public string? SecretPolicy { get; set; }

    /// <summary>Schema sync: the repository path.</summary>
    public string? Path { get; set; }

    /// <summary>Schema sync: the format.</summary>
    public string? Format { get; set; }

    /// <summary>The branch.</summary>
    public string? Branch { get; set; }

    /// <summary>The GitHub server, when not the default.</summary>
    public string? Server { get; set; }

    /// <summary>The token reference, when not the default.</summary>
    public string? TokenReference { get; set; }

    /// <summary>True: the integration may write under the repository's <c>.github</c> folder.</summary>
    public bool AllowGitHubFolder { get; set; }
}
