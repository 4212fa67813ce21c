using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PSGitHubSync.Engine.Collections;

// How SecretScanner replaces the values it found with placeholders.
public static partial class SecretScanner
{
    /// <summary>Writes a variable, header or auth attribute object, its <c>value</c> replaced by the placeholder for <paramref name="name"/> (unchanged when null).</summary>
    internal static void WriteWithValueReplaced(StringifyWriter writer, JsonElement element, string? name)
    {
        if (name is null)
        {
            writer.Element(element);
            return;
        }

        var node = new RedactionNode();
        node.Children[JsonPathSegment.Of("value")] = new RedactionNode { ReplaceWhole = true, Name = name };
        WriteRedacted(writer, element, node);
    }

    internal static void WriteRedacted(StringifyWriter writer, JsonElement element, RedactionNode? node)
    {
        if (node is null)
        {
            writer.Element(element);
            return;
        }

        if (node.ReplaceWhole && element.ValueKind == JsonValueKind.String)
        {
            writer.String(PlaceholderFor(node.Name));
            return;
        }

        if (node.HeaderNames is { } headerNames && element.ValueKind == JsonValueKind.String)
        {
            writer.String(RedactHeaderLines(JsonStrings.Get(element), headerNames));
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.StartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.PropertyName(property.Name);
                    node.Children.TryGetValue(JsonPathSegment.Of(property.Name), out var child);
                    WriteRedacted(writer, property.Value, child);
                }

                writer.EndObject();
                break;
            case JsonValueKind.Array:
                writer.StartArray();
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    node.Children.TryGetValue(JsonPathSegment.Of(index++), out var child);
                    WriteRedacted(writer, item, child);
                }

                writer.EndArray();
                break;
            default:
                writer.Element(element);
                break;
        }
    }

    internal static string RedactHeaderLines(string headers, ISet<string> names)
    {
        var lines = headers.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':');
            if (colon > 0 && names.Contains(lines[i].Substring(0, colon).Trim()))
            {
                var carriageReturn = lines[i].EndsWith("\r", StringComparison.Ordinal) ? "\r" : string.Empty;
                lines[i] = lines[i].Substring(0, colon + 1) + " " + PlaceholderFor(lines[i].Substring(0, colon).Trim()) + carriageReturn;
            }
        }

        return string.Join("\n", lines);
    }

    internal sealed class RedactionNode
    {
        public Dictionary<JsonPathSegment, RedactionNode> Children { get; } = new();

        public bool ReplaceWhole { get; set; }

        public string Name { get; set; } = string.Empty;

        public HashSet<string>? HeaderNames { get; set; }
    }
}
