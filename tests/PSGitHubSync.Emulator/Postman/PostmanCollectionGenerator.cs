using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace PSGitHubSync.Emulator.Postman;

/// <summary>
/// Deterministic synthetic Postman v2.1 collections for benchmarks: nested folders (up to four levels), requests with
/// every common method, headers, query parameters, raw JSON / urlencoded / form-data bodies, test scripts and saved
/// example responses. The same (seed, index, size range) always gives the same bytes. Sizes are those of the
/// collection as GET /collections/{id} serves it, without the envelope; they land in [min, max] whenever
/// max - min is at least <see cref="Slack"/> bytes (otherwise as close below max as whole requests allow).
/// </summary>
public static class PostmanCollectionGenerator
{
    /// <summary>The size range needed to guarantee the minimum (the largest request plus a folder header).</summary>
    public const int Slack = 8192;

    private static readonly string[] Resources =
    {
        "accounts", "payments", "invoices", "customers", "orders", "refunds", "subscriptions", "products", "prices",
        "webhooks", "events", "disputes", "payouts", "transfers", "balances", "reports", "users", "teams", "tokens",
        "sessions", "carts", "shipments", "addresses", "coupons", "taxes", "files", "notes", "audits",
    };

    private static readonly string[] Words =
    {
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima",
        "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey",
        "xray", "yankee", "zulu", "amount", "currency", "status", "pending", "settled", "created", "updated", "region",
    };

    private static readonly string[] Methods = { "GET", "GET", "GET", "POST", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" };

    /// <summary>The size this (seed, index) aims at within [min, max].</summary>
    public static int TargetSize(int seed, int index, int minBytes, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, minBytes);
        var rng = new Rng(seed, index, salt: 0x5173);
        int low = maxBytes - minBytes >= Slack ? minBytes + Slack : maxBytes;
        return low >= maxBytes ? maxBytes : low + rng.Next(maxBytes - low + 1);
    }

    /// <summary>
    /// A whole bare collection (as served, with <c>info</c> and ids) — what tests and callers outside the emulator use.
    /// </summary>
    public static byte[] Generate(int seed, int index, int minBytes, int maxBytes, string? name = null, string? id = null, long ownerId = 12345678)
    {
        id ??= PostmanIds.Uuid($"generated/{seed}/{index}");
        var info = new CollectionInfo(
            id,
            name ?? DefaultName("Generated Collection", index),
            DescriptionJson(seed, index),
            PostmanIds.Epoch,
            PostmanIds.Epoch,
            ownerId,
            PostmanIds.Uid(ownerId, id));
        byte[] rest = GenerateRest(seed, index, TargetSize(seed, index, minBytes, maxBytes) - PostmanCollectionContent.Overhead(info), id, ownerId);
        return PostmanCollectionContent.Compose(info, rest, envelope: false);
    }

    internal static string DefaultName(string prefix, int index) => $"{prefix} {(index + 1).ToString("D4", CultureInfo.InvariantCulture)}";

    internal static string DescriptionJson(int seed, int index) =>
        JsonSerializer.Serialize($"Synthetic collection {index + 1} (seed {seed}) for PSGitHubSync benchmarks.", PostmanJson.Options);

    /// <summary>The collection's properties other than info, without braces, at most <paramref name="restBytes"/> long.</summary>
    internal static byte[] GenerateRest(int seed, int index, int restBytes, string collectionId, long ownerId)
    {
        var rng = new Rng(seed, index, salt: 0x2A17);
        var state = new Generation(rng, collectionId, ownerId, restBytes + 2);
        var buffer = new ArrayBufferWriter<byte>(Math.Max(1024, restBytes + 64));
        using (var writer = new Utf8JsonWriter(buffer, PostmanJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("variable");
            WriteVariable(writer, "baseUrl", $"https://{rng.Pick(Words)}.api.example.com/v{1 + rng.Next(3)}");
            WriteVariable(writer, "tenant", $"tenant-{rng.Next(100000):D5}");
            WriteVariable(writer, "pageSize", (10 * (1 + rng.Next(10))).ToString(CultureInfo.InvariantCulture));
            writer.WriteEndArray();
            writer.WriteStartArray("event");
            WriteEvent(writer, "prerequest", new[] { "pm.request.headers.upsert({ key: 'X-Tenant', value: pm.collectionVariables.get('tenant') });" });
            writer.WriteEndArray();
            writer.WriteStartArray("item");
            state.Writer = writer;
            for (int folder = 0; state.Fill(depth: 1, path: "f" + folder.ToString(CultureInfo.InvariantCulture)); folder++)
            {
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan[1..^1].ToArray();
    }

    private static void WriteVariable(Utf8JsonWriter writer, string key, string value)
    {
        writer.WriteStartObject();
        writer.WriteString("key", key);
        writer.WriteString("value", value);
        writer.WriteString("type", "string");
        writer.WriteEndObject();
    }

    private static void WriteEvent(Utf8JsonWriter writer, string listen, IEnumerable<string> lines)
    {
        writer.WriteStartObject();
        writer.WriteString("listen", listen);
        writer.WriteStartObject("script");
        writer.WriteString("type", "text/javascript");
        writer.WriteStartArray("exec");
        foreach (var line in lines)
        {
            writer.WriteStringValue(line);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Fills folders with requests until the next one would not fit.</summary>
    private sealed class Generation
    {
        private readonly Rng _rng;
        private readonly string _collectionId;
        private readonly long _ownerId;
        private readonly int _limit;
        private readonly int _uidLength;
        private int _elements;
        private bool _full;

        public Generation(Rng rng, string collectionId, long ownerId, int limit)
        {
            _rng = rng;
            _collectionId = collectionId;
            _ownerId = ownerId;
            _limit = limit;
            _uidLength = PostmanIds.Uid(ownerId, new string('0', 36)).Length + 4;
        }

        public Utf8JsonWriter Writer { get; set; } = null!;

        private int Used => (int)(Writer.BytesCommitted + Writer.BytesPending);

        /// <summary>Writes one folder (at <paramref name="depth"/>, 1 = top level) with requests and subfolders; false once full.</summary>
        public bool Fill(int depth, string path)
        {
            // Closing what is open after this folder: '],"uid":"..."}' per open folder, and the root's "]}".
            int closing = depth * (12 + _uidLength) + 2;
            string name = $"{Capitalize(_rng.Pick(Resources))} {_rng.Pick(Words)}";
            string description = Sentence(8 + _rng.Next(24));
            int header = 96 + name.Length + description.Length + 2 * 96;
            if (_full || Used + header + closing + 256 > _limit)
            {
                _full = true;
                return false;
            }

            var writer = Writer;
            writer.WriteStartObject();
            writer.WriteString("name", name);
            string folderId = WriteId(writer);
            writer.WriteString("description", description);
            writer.WriteStartArray("item");
            int requests = 2 + _rng.Next(6);
            for (int r = 0; r < requests && !_full; r++)
            {
                if (depth < 4 && _rng.Next(100) < 18)
                {
                    Fill(depth + 1, path + "/f" + r.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    AddRequest(closing);
                }
            }

            writer.WriteEndArray();
            writer.WriteString("uid", PostmanIds.Uid(_ownerId, folderId));
            writer.WriteEndObject();
            return !_full;
        }

        private string LastId { get; set; } = "";

        private void AddRequest(int closing)
        {
            // A request is built on its own first, so that its exact size is known before it is added.
            byte[] request = BuildRequest(_rng.Pick(Methods));
            if (Used + 1 + request.Length + closing > _limit)
            {
                request = BuildRequest("GET", small: true);
                if (Used + 1 + request.Length + closing > _limit)
                {
                    _full = true;
                    return;
                }
            }

            Writer.WriteRawValue(request, skipInputValidation: true);
        }

        private string WriteId(Utf8JsonWriter writer)
        {
            LastId = PostmanIds.Uuid(_collectionId + "/g" + (_elements++).ToString(CultureInfo.InvariantCulture));
            writer.WriteString("id", LastId);
            return LastId;
        }

        private byte[] BuildRequest(string method, bool small = false)
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            using (var writer = new Utf8JsonWriter(buffer, PostmanJson.WriterOptions))
            {
                string resource = _rng.Pick(Resources);
                string sub = _rng.Pick(Resources);
                bool byId = _rng.Next(2) == 0;
                writer.WriteStartObject();
                writer.WriteString("name", $"{method} {resource}{(byId ? " by id" : "")} {_rng.Pick(Words)}");
                WriteId(writer);
                string id = LastId;
                if (!small)
                {
                    writer.WriteStartArray("event");
                    WriteEvent(writer, "test", new[]
                    {
                        $"pm.test('status is {(method == "POST" ? 201 : 200)}', function () {{",
                        $"    pm.response.to.have.status({(method == "POST" ? 201 : 200)});",
                        "});",
                        $"pm.test('has {_rng.Pick(Words)}', function () {{ pm.expect(pm.response.text()).to.include('{_rng.Pick(Words)}'); }});",
                    });
                    writer.WriteEndArray();
                }

                writer.WriteStartObject("request");
                writer.WriteString("method", method);
                writer.WriteStartArray("header");
                WriteKeyValue(writer, "Accept", "application/json");
                WriteKeyValue(writer, "X-Request-Id", "{{$guid}}");
                if (!small)
                {
                    for (int h = _rng.Next(4); h > 0; h--)
                    {
                        WriteKeyValue(writer, "X-" + Capitalize(_rng.Pick(Words)), _rng.Pick(Words) + "-" + _rng.Next(10000).ToString(CultureInfo.InvariantCulture));
                    }
                }

                string? bodyMode = method is "POST" or "PUT" or "PATCH" && !small ? (_rng.Next(10) switch { < 7 => "raw", < 9 => "urlencoded", _ => "formdata" }) : null;
                if (bodyMode == "raw")
                {
                    WriteKeyValue(writer, "Content-Type", "application/json");
                }

                writer.WriteEndArray();
                if (bodyMode is not null)
                {
                    WriteBody(writer, bodyMode);
                }

                var segments = new List<string> { resource };
                if (byId)
                {
                    segments.Add(":" + resource.TrimEnd('s') + "Id");
                }

                if (_rng.Next(3) == 0)
                {
                    segments.Add(sub);
                }

                var query = new List<(string Key, string Value)>();
                if (method == "GET" && !small)
                {
                    query.Add(("limit", "{{pageSize}}"));
                    for (int q = _rng.Next(3); q > 0; q--)
                    {
                        query.Add((_rng.Pick(Words), _rng.Pick(Words)));
                    }
                }

                writer.WriteStartObject("url");
                string raw = "{{baseUrl}}/" + string.Join('/', segments) + (query.Count > 0 ? "?" + string.Join('&', query.Select(p => p.Key + "=" + p.Value)) : "");
                writer.WriteString("raw", raw);
                writer.WriteStartArray("host");
                writer.WriteStringValue("{{baseUrl}}");
                writer.WriteEndArray();
                writer.WriteStartArray("path");
                foreach (var segment in segments)
                {
                    writer.WriteStringValue(segment);
                }

                writer.WriteEndArray();
                if (query.Count > 0)
                {
                    writer.WriteStartArray("query");
                    foreach (var (key, value) in query)
                    {
                        WriteKeyValue(writer, key, value);
                    }

                    writer.WriteEndArray();
                }

                if (byId)
                {
                    writer.WriteStartArray("variable");
                    writer.WriteStartObject();
                    writer.WriteString("key", resource.TrimEnd('s') + "Id");
                    writer.WriteString("value", _rng.Next(1_000_000).ToString(CultureInfo.InvariantCulture));
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
                if (!small)
                {
                    writer.WriteString("description", Sentence(6 + _rng.Next(40)));
                }

                writer.WriteEndObject();
                writer.WriteStartArray("response");
                if (!small && method != "HEAD" && _rng.Next(3) == 0)
                {
                    WriteExample(writer, method, raw);
                }

                writer.WriteEndArray();
                writer.WriteString("uid", PostmanIds.Uid(_ownerId, id));
                writer.WriteEndObject();
            }

            return buffer.WrittenSpan.ToArray();
        }

        private void WriteBody(Utf8JsonWriter writer, string mode)
        {
            writer.WriteStartObject("body");
            writer.WriteString("mode", mode);
            switch (mode)
            {
                case "raw":
                    writer.WriteString("raw", JsonObjectText(3 + _rng.Next(10)));
                    writer.WriteStartObject("options");
                    writer.WriteStartObject("raw");
                    writer.WriteString("language", "json");
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    break;
                case "urlencoded":
                    writer.WriteStartArray("urlencoded");
                    for (int i = 1 + _rng.Next(5); i > 0; i--)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("key", _rng.Pick(Words));
                        writer.WriteString("value", _rng.Pick(Words));
                        writer.WriteString("type", "text");
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    writer.WriteStartArray("formdata");
                    for (int i = 1 + _rng.Next(4); i > 0; i--)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("key", _rng.Pick(Words));
                        writer.WriteString("value", _rng.Pick(Words) + " " + _rng.Pick(Words));
                        writer.WriteString("type", "text");
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    break;
            }

            writer.WriteEndObject();
        }

        private void WriteExample(Utf8JsonWriter writer, string method, string raw)
        {
            writer.WriteStartObject();
            writer.WriteString("name", "Example " + _rng.Pick(Words));
            WriteId(writer);
            string id = LastId;
            writer.WriteStartObject("originalRequest");
            writer.WriteString("method", method);
            writer.WriteStartArray("header");
            writer.WriteEndArray();
            writer.WriteStartObject("url");
            writer.WriteString("raw", raw);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteString("status", method == "POST" ? "Created" : "OK");
            writer.WriteNumber("code", method == "POST" ? 201 : 200);
            writer.WriteString("_postman_previewlanguage", "json");
            writer.WriteStartArray("header");
            WriteKeyValue(writer, "Content-Type", "application/json");
            writer.WriteEndArray();
            writer.WriteStartArray("cookie");
            writer.WriteEndArray();
            writer.WriteString("body", JsonObjectText(4 + _rng.Next(16)));
            writer.WriteString("uid", PostmanIds.Uid(_ownerId, id));
            writer.WriteEndObject();
        }

        private string JsonObjectText(int fields)
        {
            var parts = new List<string>(fields);
            for (int i = 0; i < fields; i++)
            {
                string value = _rng.Next(3) switch
                {
                    0 => _rng.Next(100000).ToString(CultureInfo.InvariantCulture),
                    1 => "true",
                    _ => "\"" + _rng.Pick(Words) + "-" + _rng.Next(1000).ToString(CultureInfo.InvariantCulture) + "\"",
                };
                parts.Add($"    \"{_rng.Pick(Words)}{i.ToString(CultureInfo.InvariantCulture)}\": {value}");
            }

            return "{\n" + string.Join(",\n", parts) + "\n}";
        }

        private string Sentence(int words)
        {
            var text = new System.Text.StringBuilder();
            for (int i = 0; i < words; i++)
            {
                text.Append(i == 0 ? Capitalize(_rng.Pick(Words)) : " " + _rng.Pick(Words));
            }

            return text.Append('.').ToString();
        }

        private static void WriteKeyValue(Utf8JsonWriter writer, string key, string value)
        {
            writer.WriteStartObject();
            writer.WriteString("key", key);
            writer.WriteString("value", value);
            writer.WriteEndObject();
        }

        private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word[1..];
    }

    /// <summary>SplitMix64: the same numbers on every platform and runtime.</summary>
    private sealed class Rng
    {
        private ulong _state;

        public Rng(int seed, int index, int salt)
        {
            _state = ((ulong)(uint)seed << 32) ^ (uint)index ^ ((ulong)(uint)salt << 16) ^ 0x9E3779B97F4A7C15UL;
            Next();
        }

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public int Next(int bound) => bound <= 1 ? 0 : (int)(Next() % (ulong)bound);

        public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
    }
}
