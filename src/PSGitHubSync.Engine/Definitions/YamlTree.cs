using System;
using System.Collections.Generic;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PSGitHubSync.Engine.Definitions;

/// <summary>A YAML node with its position; the loader's own model, so no YamlDotNet type leaves this file.</summary>
internal abstract class YamlTreeNode
{
    protected YamlTreeNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }

    public abstract string Kind { get; }
}

internal sealed class YamlTreeScalar : YamlTreeNode
{
    public YamlTreeScalar(string value, bool isPlain, int line, int column)
        : base(line, column)
    {
        Value = value;
        IsPlain = isPlain;
    }

    public string Value { get; }

    /// <summary>Unquoted: <c>null</c>, <c>~</c> and empty then mean no value.</summary>
    public bool IsPlain { get; }

    public bool IsNull => IsPlain && (Value.Length == 0 || Value == "~" || Value == "null" || Value == "Null" || Value == "NULL");

    public override string Kind => "a text";
}

internal sealed class YamlTreeMapping : YamlTreeNode
{
    public YamlTreeMapping(int line, int column)
        : base(line, column)
    {
    }

    public List<KeyValuePair<YamlTreeScalar, YamlTreeNode>> Entries { get; } = new();

    public override string Kind => "a mapping (key: value lines)";
}

internal sealed class YamlTreeSequence : YamlTreeNode
{
    public YamlTreeSequence(int line, int column)
        : base(line, column)
    {
    }

    public List<YamlTreeNode> Items { get; } = new();

    public override string Kind => "a list";
}

/// <summary>
/// Reads YAML text into <see cref="YamlTreeNode"/>s with positions, reporting (not throwing)
/// what the definitions format does not allow: several documents, anchors and aliases
/// (which could also multiply a small file into a huge one), complex keys, and nesting deeper
/// than any valid file needs.
/// </summary>
internal static class YamlTreeReader
{
    private const int MaxDepth = 32;

    public static YamlTreeNode? Read(string text, DefinitionProblemList problems)
    {
        if (ReportTabIndentation(text, problems)) return null;
        var parser = new Parser(new StringReader(text));
        YamlTreeNode? root = null;
        var documents = 0;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current;
                if (current is DocumentStart start)
                {
                    documents++;
                    if (documents > 1)
                    {
                        problems.Add(DefinitionProblemId.YamlSyntax, "The file holds more than one YAML document ('---'); keep one document.", start.Start);
                        return root;
                    }
                    parser.MoveNext();
                    if (parser.Current is DocumentEnd) continue;
                    root = ReadNode(parser, problems, 0);
                }
            }
        }
        catch (YamlException ex)
        {
            problems.Add(DefinitionProblemId.YamlSyntax, "The file is not valid YAML: " + CleanMessage(ex.Message) + ". Check the indentation and quoting on this line.", ex.Start);
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            // The YAML library reports some malformed input with general exceptions and no position:
            // point at the first token after the last event it read, which is where it stumbled.
            var (line, column) = NextTokenAfter(text, parser.Current);
            problems.Add(DefinitionProblemId.YamlSyntax, "The file is not valid YAML near here (" + ex.Message.TrimEnd('.') + "). Check for unclosed brackets, braces and quotes, and for empty or invalid tags (!...).", line, column);
            return null;
        }
        return root;
    }

    private static (int Line, int Column) NextTokenAfter(string text, ParsingEvent? last)
    {
        // The library's end mark of a flow token can equal its start: step past at least one character.
        var index = last is null ? 0 : (int)Math.Min(Math.Max(last.End.Index, last.Start.Index + 1), text.Length);
        while (index < text.Length && (char.IsWhiteSpace(text[index]) || text[index] == ':' || text[index] == ',')) index++;
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (text[i] != '\n') continue;
            line++;
            lineStart = i + 1;
        }
        return (line, index - lineStart + 1);
    }

    /// <summary>YAML forbids tabs for indentation; say so at the tab, which the parser cannot.</summary>
    private static bool ReportTabIndentation(string text, DefinitionProblemList problems)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var column = 0;
            while (column < line.Length && (line[column] == ' ' || line[column] == '\t'))
            {
                if (line[column] == '\t' && column + 1 < line.Length && line.Trim().Length > 0 && !line.TrimStart().StartsWith("#", StringComparison.Ordinal))
                {
                    problems.Add(DefinitionProblemId.YamlSyntax, "This line is indented with a tab; YAML allows only spaces for indentation. Replace the tab with spaces.", i + 1, column + 1);
                    return true;
                }
                column++;
            }
        }
        return false;
    }

    private static YamlTreeNode? ReadNode(IParser parser, DefinitionProblemList problems, int depth)
    {
        var current = parser.Current;
        if (depth > MaxDepth)
        {
            problems.Add(DefinitionProblemId.WrongType, $"The file nests deeper than {MaxDepth} levels; no valid definitions file does.", current!.Start);
            throw new YamlException(current!.Start, current.End, "nesting too deep");
        }

        switch (current)
        {
            case AnchorAlias alias:
                problems.Add(DefinitionProblemId.AliasNotAllowed, $"YAML aliases (*{alias.Value}) are not used in definitions files; write the value out, or put shared settings under 'defaults'.", alias.Start);
                return null;
            case Scalar scalar:
                ReportAnchor(scalar, problems);
                return new YamlTreeScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, (int)scalar.Start.Line, (int)scalar.Start.Column);
            case SequenceStart sequenceStart:
            {
                ReportAnchor(sequenceStart, problems);
                var sequence = new YamlTreeSequence((int)sequenceStart.Start.Line, (int)sequenceStart.Start.Column);
                while (parser.MoveNext() && parser.Current is not SequenceEnd)
                {
                    var item = ReadNode(parser, problems, depth + 1);
                    if (item is not null) sequence.Items.Add(item);
                }
                return sequence;
            }
            case MappingStart mappingStart:
            {
                ReportAnchor(mappingStart, problems);
                var mapping = new YamlTreeMapping((int)mappingStart.Start.Line, (int)mappingStart.Start.Column);
                while (parser.MoveNext() && parser.Current is not MappingEnd)
                {
                    var keyEvent = parser.Current!;
                    var key = ReadNode(parser, problems, depth + 1);
                    parser.MoveNext();
                    var value = ReadNode(parser, problems, depth + 1);
                    if (key is YamlTreeScalar scalarKey)
                    {
                        if (value is not null) mapping.Entries.Add(new KeyValuePair<YamlTreeScalar, YamlTreeNode>(scalarKey, value));
                    }
                    else if (key is not null)
                    {
                        problems.Add(DefinitionProblemId.WrongType, "A key must be a plain name, not a list or mapping.", keyEvent.Start);
                    }
                }
                return mapping;
            }
            default:
                return null;
        }
    }

    private static void ReportAnchor(NodeEvent node, DefinitionProblemList problems)
    {
        if (!node.Anchor.IsEmpty)
        {
            problems.Add(DefinitionProblemId.AliasNotAllowed, $"YAML anchors (&{node.Anchor.Value}) are not used in definitions files; put shared settings under 'defaults'.", node.Start);
        }
    }

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the problem carries the position itself.
        var index = message.LastIndexOf("): ", System.StringComparison.Ordinal);
        var text = index >= 0 ? message.Substring(index + 3) : message;
        return text.TrimEnd('.');
    }
}
