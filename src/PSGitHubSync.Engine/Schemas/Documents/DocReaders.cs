using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PSGitHubSync.Engine.Schemas.Documents;

/// <summary>Reads JSON text into <see cref="DocNode"/>s with positions, reporting syntax errors and duplicate keys.</summary>
internal static class JsonDocReader
{
    private const int MaxDepth = 512;

    public static DocNode? Read(string text, string file, List<SchemaProblem> problems)
    {
        if (SchemaText.IsBlank(text))
        {
            problems.Add(new SchemaProblem(SchemaProblemId.Empty, file, 1, 1, null, "The file is empty."));
            return null;
        }
        var utf8 = Encoding.UTF8.GetBytes(text);
        var lines = new ByteLineIndex(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            MaxDepth = MaxDepth,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        });
        var stack = new Stack<DocNode>();
        var keys = new Stack<Dictionary<string, DocEntry>>();
        DocNode? root = null;
        string? key = null;
        int keyLine = 0, keyColumn = 0;
        try
        {
            while (reader.Read())
            {
                var (line, column) = lines.Position((int)reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        key = reader.GetString() ?? "";
                        keyLine = line;
                        keyColumn = column;
                        continue;
                    case JsonTokenType.EndObject:
                        stack.Pop();
                        keys.Pop();
                        continue;
                    case JsonTokenType.EndArray:
                        stack.Pop();
                        continue;
                }
                if (NewNode(ref reader, line, column) is not { } node) continue;

                if (stack.Count == 0)
                {
                    root = node;
                }
                else
                {
                    Attach(stack.Peek(), keys.Count > 0 ? keys.Peek() : null, new DocEntry(key ?? string.Empty, keyLine, keyColumn, node), file, problems);
                }
                if (node.Kind == DocNodeKind.Mapping)
                {
                    stack.Push(node);
                    keys.Push(new Dictionary<string, DocEntry>(StringComparer.Ordinal));
                }
                else if (node.Kind == DocNodeKind.Sequence)
                {
                    stack.Push(node);
                }
            }
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            problems.Add(new SchemaProblem(SchemaProblemId.SyntaxError, file, line, column, null, "The file is not valid JSON: " + CleanMessage(ex.Message)));
            return null;
        }
        return root;
    }

    // The node a value token starts (an object, an array or a scalar); null for tokens that are not values.
    private static DocNode? NewNode(ref Utf8JsonReader reader, int line, int column) => reader.TokenType switch
    {
        JsonTokenType.StartObject => DocNode.NewMapping(null, line, column),
        JsonTokenType.StartArray => DocNode.NewSequence(null, line, column),
        JsonTokenType.String => DocNode.NewScalar(reader.GetString() ?? "", true, null, line, column),
        JsonTokenType.Number => DocNode.NewScalar(Encoding.UTF8.GetString(reader.ValueSpan.ToArray()), false, null, line, column),
        JsonTokenType.True => DocNode.NewScalar("true", false, null, line, column),
        JsonTokenType.False => DocNode.NewScalar("false", false, null, line, column),
        JsonTokenType.Null => DocNode.NewScalar("null", false, null, line, column),
        _ => null,
    };

    // Adds a value to its object (a key given twice is a problem, and the second value is left out) or to its array.
    private static void Attach(DocNode parent, Dictionary<string, DocEntry>? seen, DocEntry entry, string file, List<SchemaProblem> problems)
    {
        if (parent.Kind != DocNodeKind.Mapping)
        {
            parent.Items.Add(entry.Value);
            return;
        }
        if (seen!.TryGetValue(entry.Key, out var first))
        {
            problems.Add(new SchemaProblem(SchemaProblemId.DuplicateKey, file, entry.Line, entry.Column, null,
                $"The key \"{entry.Key}\" appears twice in one object (first at line {first.Line}); JSON readers keep only one of them. Remove or rename one."));
            return;
        }
        seen.Add(entry.Key, entry);
        parent.Add(entry.Key, entry.Line, entry.Column, entry.Value);
    }

    private static string CleanMessage(string message)
    {
        // System.Text.Json appends " LineNumber: 3 | BytePositionInLine: 7."; the problem carries the position itself.
        var index = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = index > 0 ? message.Substring(0, index) : message;
        text = text.Trim();
        return text.EndsWith(".", StringComparison.Ordinal) ? text : text + ".";
    }

    /// <summary>Maps byte offsets in UTF-8 text to 1-based line and (character) column.</summary>
    private sealed class ByteLineIndex
    {
        private readonly byte[] _bytes;
        private readonly List<int> _starts = new() { 0 };

        public ByteLineIndex(byte[] bytes)
        {
            _bytes = bytes;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n') _starts.Add(i + 1);
            }
        }

        public (int Line, int Column) Position(int offset)
        {
            var index = _starts.BinarySearch(offset);
            if (index < 0) index = ~index - 1;
            if (index < 0) index = 0;
            var column = 1;
            for (var i = _starts[index]; i < offset && i < _bytes.Length; i++)
            {
                if ((_bytes[i] & 0xC0) != 0x80) column++;
            }
            return (index + 1, column);
        }
    }
}

/// <summary>
/// Reads YAML text into <see cref="DocNode"/>s with positions and tags (<c>!include</c> stays a tag on
/// its scalar). Anchors and aliases are allowed (an alias shares its anchor's node); several documents,
/// duplicate keys, keys that are not scalars, and nesting deeper than any schema needs are reported.
/// </summary>
internal static class YamlDocReader
{
    private const int MaxDepth = 512;

    public static DocNode? Read(string text, string file, List<SchemaProblem> problems) => Read(text, file, problems, relaxed: false);

    private static string BlankLinesEmptied(string text)
        => System.Text.RegularExpressions.Regex.Replace(text, @"^[ \t]+(?=\r?$)", string.Empty, System.Text.RegularExpressions.RegexOptions.Multiline);

    private static DocNode? Read(string text, string file, List<SchemaProblem> problems, bool relaxed)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, DocNode>(StringComparer.Ordinal);
        DocNode? root = null;
        var documents = 0;
        try
        {
            while (parser.MoveNext())
            {
                if (parser.Current is not DocumentStart start) continue;
                documents++;
                if (documents > 1)
                {
                    problems.Add(new SchemaProblem(SchemaProblemId.SyntaxError, file, (int)start.Start.Line, (int)start.Start.Column, null,
                        "The file holds more than one YAML document ('---'); a schema file is one document."));
                    return root;
                }
                parser.MoveNext();
                if (parser.Current is DocumentEnd) continue;
                root = ReadNode(parser, file, problems, anchors, 0);
            }
        }
        catch (YamlException ex) when (!relaxed && ex.Message.Contains("found extra spaces in first line", StringComparison.Ordinal))
        {
            // YamlDotNet refuses a block scalar whose only lines are blank but indented further than the
            // scalar; YAML 1.2 (8.1.1.1) only forbids that before a non-empty line. The tree is only read for
            // checking, so read it again with the spaces of blank lines removed (lines and columns stay put).
            problems.Clear();
            return Read(BlankLinesEmptied(text), file, problems, relaxed: true);
        }
        catch (YamlException ex)
        {
            problems.Add(new SchemaProblem(SchemaProblemId.SyntaxError, file, (int)ex.Start.Line, (int)ex.Start.Column, null,
                "The file is not valid YAML: " + CleanMessage(ex.Message) + ". Check the indentation and quoting on this line."));
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            // The YAML library reports some malformed input (empty or invalid tags, say) with general exceptions and
            // no position, as for the definitions file (YamlTree): point at the last event it read.
            var mark = parser.Current?.End;
            problems.Add(new SchemaProblem(SchemaProblemId.SyntaxError, file, (int)(mark?.Line ?? 1), (int)(mark?.Column ?? 1), null,
                "The file is not valid YAML near here (" + ex.Message.TrimEnd('.') + "). Check for unclosed brackets, braces and quotes, and for empty or invalid tags (!...)."));
            return null;
        }
        if (root is null)
        {
            problems.Add(new SchemaProblem(SchemaProblemId.Empty, file, 1, 1, null, "The file is empty."));
        }
        return root;
    }

    private static DocNode ReadNode(IParser parser, string file, List<SchemaProblem> problems, Dictionary<string, DocNode> anchors, int depth)
    {
        var current = parser.Current!;
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (depth > MaxDepth)
        {
            throw new YamlException(current.Start, current.End, $"the file nests deeper than {MaxDepth} levels");
        }
        switch (current)
        {
            case AnchorAlias alias:
                if (anchors.TryGetValue(alias.Value.Value, out var target)) return target;
                throw new YamlException(alias.Start, alias.End, $"the alias *{alias.Value.Value} names no anchor defined before it");
            case Scalar scalar:
            {
                var node = DocNode.NewScalar(scalar.Value, scalar.Style != ScalarStyle.Plain, TagOf(scalar), (int)scalar.Start.Line, (int)scalar.Start.Column);
                Register(scalar, node, anchors);
                return node;
            }
            case SequenceStart sequenceStart:
            {
                var node = DocNode.NewSequence(TagOf(sequenceStart), (int)sequenceStart.Start.Line, (int)sequenceStart.Start.Column);
                Register(sequenceStart, node, anchors);
                while (parser.MoveNext() && parser.Current is not SequenceEnd)
                {
                    node.Items.Add(ReadNode(parser, file, problems, anchors, depth + 1));
                }
                return node;
            }
            case MappingStart mappingStart:
            {
                var node = DocNode.NewMapping(TagOf(mappingStart), (int)mappingStart.Start.Line, (int)mappingStart.Start.Column);
                Register(mappingStart, node, anchors);
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                while (parser.MoveNext() && parser.Current is not MappingEnd)
                {
                    var keyEvent = parser.Current!;
                    var key = ReadNode(parser, file, problems, anchors, depth + 1);
                    parser.MoveNext();
                    var value = ReadNode(parser, file, problems, anchors, depth + 1);
                    var line = (int)keyEvent.Start.Line;
                    var column = (int)keyEvent.Start.Column;
                    if (key.Kind != DocNodeKind.Scalar)
                    {
                        problems.Add(new SchemaProblem(SchemaProblemId.SyntaxError, file, line, column, null,
                            "A key is a list or mapping; schema keys are plain names."));
                        continue;
                    }
                    var name = key.Value!;
                    if (name != "<<" && seen.TryGetValue(name, out var firstLine))
                    {
                        problems.Add(new SchemaProblem(SchemaProblemId.DuplicateKey, file, line, column, null,
                            $"The key '{name}' appears twice in one mapping (first at line {firstLine}); YAML does not allow that. Remove or rename one."));
                        continue;
                    }
                    seen[name] = line;
                    node.Add(name, line, column, value);
                }
                return node;
            }
            default:
                throw new YamlException(current.Start, current.End, "unexpected " + current.GetType().Name);
        }
    }

    private static string? TagOf(NodeEvent node) => node.Tag.IsEmpty || node.Tag.IsNonSpecific ? null : node.Tag.Value;

    private static void Register(NodeEvent node, DocNode value, Dictionary<string, DocNode> anchors)
    {
        if (node.Anchor.IsEmpty) return;
        value.IsAnchored = true;
        anchors[node.Anchor.Value] = value;
    }

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the problem carries the position itself.
        var index = message.LastIndexOf("): ", StringComparison.Ordinal);
        var text = index >= 0 ? message.Substring(index + 3) : message;
        return text.Trim().TrimEnd('.');
    }
}
