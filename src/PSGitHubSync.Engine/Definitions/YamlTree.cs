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
        return root;
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
