using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace PSGitHubSync.Engine.Collections;

/// <summary>What <see cref="SchemaQuickCheck"/> can say of a value.</summary>
internal enum QuickVerdict
{
    /// <summary>The value matches: the schema library would say so too.</summary>
    Valid,

    /// <summary>The value does not match.</summary>
    Invalid,

    /// <summary>The check cannot be sure (a keyword or a value it does not decide): ask the schema library.</summary>
    Unknown,
}

/// <summary>
/// A yes/no check of a value against a draft-07 JSON Schema that uses only the keywords of Postman's collection schemas
/// (<c>type</c>, <c>properties</c>, <c>required</c>, <c>items</c>, <c>oneOf</c>, <c>anyOf</c>, <c>enum</c>, <c>const</c>,
/// <c>minimum</c>, <c>maxLength</c>, <c>$ref</c> to a place in the same document; annotations ignored). It allocates
/// nothing per value and is what makes checking every item of a large collection cheap: the schema library (which
/// allocates about a hundred bytes per byte it checks) is asked only about what this check does not call valid, and for
/// the findings' detail.
/// </summary>
/// <remarks>
/// It must never call valid what the library calls invalid. Where it is not sure — a keyword it does not know, an
/// <c>enum</c> of objects, a number that is not plainly an integer, a string whose length the library might count
/// differently, an object with a property name twice — it answers <see cref="QuickVerdict.Unknown"/>.
/// </remarks>
internal sealed class SchemaQuickCheck
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal) { "$id", "$schema", "title", "description", "default", "definitions", "examples", "$comment" };

    private readonly JsonElement _root;
    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);

    /// <summary>Compiles the schema document <paramref name="root"/> (kept; pass a clone that outlives its document).</summary>
    public SchemaQuickCheck(JsonElement root) => _root = root;

    /// <summary>Checks <paramref name="value"/> against the schema at <paramref name="pointer"/> (a JSON Pointer into the document, "" for its root).</summary>
    public QuickVerdict Check(JsonElement value, string pointer) => NodeAt(pointer).Check(value);

    private Node NodeAt(string pointer)
    {
        lock (_nodes)
        {
            if (_nodes.TryGetValue(pointer, out var known)) return known;
            var node = new Node(this);
            _nodes[pointer] = node;   // before compiling: a reference cycle finds the node being built
            try
            {
                node.Compile(Resolve(pointer), pointer);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException)
            {
                node.GiveUp();   // a schema this check cannot read: left to the library, never a Valid from a half-built node
            }

            return node;
        }
    }

    private JsonElement Resolve(string pointer)
    {
        var current = _root;
        if (pointer.Length == 0) return current;
        foreach (var raw in pointer.Substring(1).Split('/'))
        {
            var token = raw.Replace("~1", "/").Replace("~0", "~");
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var next)) current = next;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < current.GetArrayLength()) current = current[index];
            else throw new InvalidOperationException("The schema has no '" + pointer + "'.");
        }

        return current;
    }

    [Flags]
    private enum Types
    {
        None = 0,
        Object = 1,
        Array = 2,
        String = 4,
        Number = 8,
        Integer = 16,
        Boolean = 32,
        Null = 64,
    }

    private sealed class Node
    {
        private readonly SchemaQuickCheck _owner;
        private bool _unsupported;
        private bool _never;
        private Types _types;
        private (string Name, Node Schema)[] _properties = Array.Empty<(string, Node)>();
        private string[] _required = Array.Empty<string>();
        private Node? _items;
        private Node[]? _oneOf;
        private Node[]? _anyOf;
        private string[]? _enum;
        private double? _minimum;
        private int? _maxLength;
        private Node? _ref;

        public Node(SchemaQuickCheck owner) => _owner = owner;

        /// <summary>Marks the node as one this check cannot decide.</summary>
        public void GiveUp() => _unsupported = true;

        public void Compile(JsonElement schema, string pointer)
        {
            if (schema.ValueKind == JsonValueKind.True) return;
            if (schema.ValueKind == JsonValueKind.False)
            {
                _never = true;
                return;
            }

            if (schema.ValueKind != JsonValueKind.Object)
            {
                _unsupported = true;
                return;
            }

            foreach (var keyword in schema.EnumerateObject())
            {
                if (!Keyword(keyword, pointer + "/" + keyword.Name.Replace("~", "~0").Replace("/", "~1")))
                {
                    _unsupported = true;
                    return;
                }
            }

            // Draft-07: beside $ref, every other keyword is ignored.
            if (_ref is not null)
            {
                _types = Types.None;
                _properties = Array.Empty<(string, Node)>();
                _required = Array.Empty<string>();
                _items = null;
                _oneOf = _anyOf = null;
                _enum = null;
                _minimum = null;
                _maxLength = null;
            }
        }

        /// <summary>Takes one keyword of the schema; false when the node cannot be checked here at all.</summary>
        private bool Keyword(JsonProperty keyword, string at)
        {
            var value = keyword.Value;
            switch (keyword.Name)
            {
                case "$ref":
                    var reference = value.GetString() ?? string.Empty;
                    if (!reference.StartsWith("#", StringComparison.Ordinal)) return false;
                    _ref = _owner.NodeAt(reference.Substring(1));
                    break;
                case "type":
                    _types = value.ValueKind == JsonValueKind.Array ? TypesOf(value) : TypeOf(value);
                    _unsupported |= _types == Types.None;
                    break;
                case "properties":
                    var properties = new List<(string, Node)>();
                    foreach (var property in value.EnumerateObject())
                    {
                        properties.Add((property.Name, _owner.NodeAt(at + "/" + property.Name.Replace("~", "~0").Replace("/", "~1"))));
                    }

                    _properties = properties.ToArray();
                    break;
                case "required":
                    var required = new List<string>();
                    foreach (var name in value.EnumerateArray()) required.Add(name.GetString() ?? string.Empty);
                    _required = required.ToArray();
                    break;
                case "items" when value.ValueKind is JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False:
                    _items = _owner.NodeAt(at);
                    break;
                case "oneOf":
                    _oneOf = Branches(value, at);
                    break;
                case "anyOf":
                    _anyOf = Branches(value, at);
                    break;
                case "enum" when _enum is null:
                    _enum = Strings(value);
                    _unsupported |= _enum is null;
                    break;
                case "const" when _enum is null:
                    _enum = value.ValueKind == JsonValueKind.String ? new[] { value.GetString()! } : null;
                    _unsupported |= _enum is null;
                    break;
                case "minimum" when value.TryGetDouble(out var minimum):
                    _minimum = minimum;
                    break;
                case "maxLength" when value.TryGetInt32(out var maxLength):
                    _maxLength = maxLength;
                    break;
                default:
                    _unsupported |= !Annotations.Contains(keyword.Name);
                    break;
            }

            return true;
        }

        private Node[] Branches(JsonElement value, string at)
        {
            var branches = new List<Node>();
            var i = 0;
            foreach (var _ in value.EnumerateArray()) branches.Add(_owner.NodeAt(at + "/" + (i++).ToString(CultureInfo.InvariantCulture)));
            return branches.ToArray();
        }

        private static string[]? Strings(JsonElement value)
        {
            var strings = new List<string>();
            foreach (var entry in value.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.String) return null;
                strings.Add(entry.GetString()!);
            }

            return strings.ToArray();
        }

        private static Types TypesOf(JsonElement value)
        {
            var types = Types.None;
            foreach (var entry in value.EnumerateArray())
            {
                var one = TypeOf(entry);
                if (one == Types.None) return Types.None;
                types |= one;
            }

            return types;
        }

        private static Types TypeOf(JsonElement value) => value.ValueKind != JsonValueKind.String ? Types.None : value.GetString() switch
        {
            "object" => Types.Object,
            "array" => Types.Array,
            "string" => Types.String,
            "number" => Types.Number,
            "integer" => Types.Integer,
            "boolean" => Types.Boolean,
            "null" => Types.Null,
            _ => Types.None,
        };

        public QuickVerdict Check(JsonElement value)
        {
            if (_unsupported) return QuickVerdict.Unknown;
            if (_never) return QuickVerdict.Invalid;
            if (_ref is not null) return _ref.Check(value);
            var verdict = CheckType(value);
            verdict = And(verdict, CheckValue(value));
            if (verdict == QuickVerdict.Invalid) return verdict;
            if (_oneOf is not null) verdict = And(verdict, OneOf(value));
            if (verdict == QuickVerdict.Invalid) return verdict;
            if (_anyOf is not null) verdict = And(verdict, AnyOf(value));
            if (verdict == QuickVerdict.Invalid) return verdict;
            return value.ValueKind switch
            {
                JsonValueKind.Object => And(verdict, CheckObject(value)),
                JsonValueKind.Array when _items is not null => And(verdict, CheckItems(value)),
                _ => verdict,
            };
        }

        private static QuickVerdict And(QuickVerdict a, QuickVerdict b) =>
            a == QuickVerdict.Invalid || b == QuickVerdict.Invalid ? QuickVerdict.Invalid
            : a == QuickVerdict.Unknown || b == QuickVerdict.Unknown ? QuickVerdict.Unknown
            : QuickVerdict.Valid;

        private QuickVerdict CheckType(JsonElement value)
        {
            if (_types == Types.None) return QuickVerdict.Valid;
            var kind = value.ValueKind switch
            {
                JsonValueKind.Object => Types.Object,
                JsonValueKind.Array => Types.Array,
                JsonValueKind.String => Types.String,
                JsonValueKind.True or JsonValueKind.False => Types.Boolean,
                JsonValueKind.Null => Types.Null,
                _ => Types.Number,
            };
            if ((_types & kind) != 0) return QuickVerdict.Valid;
            if (kind != Types.Number || (_types & Types.Integer) == 0) return QuickVerdict.Invalid;

            // An integer the plain way ("42") is one; "4.0" or "4e1" might be one too, for the library: not sure.
            return value.TryGetInt64(out _) ? QuickVerdict.Valid : QuickVerdict.Unknown;
        }

        private QuickVerdict CheckValue(JsonElement value)
        {
            var verdict = QuickVerdict.Valid;
            if (_enum is not null)
            {
                var found = false;
                if (value.ValueKind == JsonValueKind.String)
                {
                    foreach (var allowed in _enum)
                    {
                        if (value.ValueEquals(allowed))
                        {
                            found = true;
                            break;
                        }
                    }
                }

                if (!found) return QuickVerdict.Invalid;
            }

            if (_minimum is { } minimum && value.ValueKind == JsonValueKind.Number)
            {
                // Exactly, in decimal; a number decimal cannot hold, or a minimum it cannot, is not decided here.
                if (!value.TryGetDecimal(out var exact) || Math.Abs(minimum) >= 7.9e27) return QuickVerdict.Unknown;
                if (exact < (decimal)minimum) return QuickVerdict.Invalid;
            }

            if (_maxLength is { } maxLength && value.ValueKind == JsonValueKind.String)
            {
                // However the library counts (UTF-16 units, code points, text elements), it is at most the UTF-8 length.
                var text = value.GetString()!;
                if (System.Text.Encoding.UTF8.GetByteCount(text) > maxLength) verdict = And(verdict, QuickVerdict.Unknown);
            }

            return verdict;
        }

        private QuickVerdict OneOf(JsonElement value)
        {
            var matched = 0;
            foreach (var branch in _oneOf!)
            {
                var verdict = branch.Check(value);
                if (verdict == QuickVerdict.Unknown) return QuickVerdict.Unknown;
                if (verdict == QuickVerdict.Valid) matched++;
            }

            return matched == 1 ? QuickVerdict.Valid : QuickVerdict.Invalid;
        }

        private QuickVerdict AnyOf(JsonElement value)
        {
            var verdict = QuickVerdict.Invalid;
            foreach (var branch in _anyOf!)
            {
                var one = branch.Check(value);
                if (one == QuickVerdict.Valid) return QuickVerdict.Valid;
                if (one == QuickVerdict.Unknown) verdict = QuickVerdict.Unknown;
            }

            return verdict;
        }

        private QuickVerdict CheckObject(JsonElement value)
        {
            var verdict = QuickVerdict.Valid;
            foreach (var name in _required)
            {
                if (!value.TryGetProperty(name, out _)) return QuickVerdict.Invalid;
            }

            if (_properties.Length == 0) return verdict;
            var seen = 0L;
            foreach (var property in value.EnumerateObject())
            {
                for (var i = 0; i < _properties.Length; i++)
                {
                    if (!property.NameEquals(_properties[i].Name)) continue;

                    // A property given twice: which one the library checks is not ours to guess.
                    var bit = i < 64 ? 1L << i : 0;
                    if (bit == 0 || (seen & bit) != 0) return QuickVerdict.Unknown;
                    seen |= bit;
                    verdict = And(verdict, _properties[i].Schema.Check(property.Value));
                    if (verdict == QuickVerdict.Invalid) return verdict;
                    break;
                }
            }

            return verdict;
        }

        private QuickVerdict CheckItems(JsonElement value)
        {
            var verdict = QuickVerdict.Valid;
            foreach (var element in value.EnumerateArray())
            {
                verdict = And(verdict, _items!.Check(element));
                if (verdict == QuickVerdict.Invalid) return verdict;
            }

            return verdict;
        }
    }
}
