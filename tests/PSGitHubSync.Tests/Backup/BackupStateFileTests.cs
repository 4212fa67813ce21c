using System.Text;
using PSGitHubSync.Engine.Backup;
using Xunit;

namespace PSGitHubSync.Tests.Backup;

/// <summary>
/// Issue 16: the state file is written entry by entry (never as one string), its request indexes stay compressed
/// until a changed file's changelog needs one, and its bytes are exactly what the writer before wrote.
/// </summary>
public sealed class BackupStateFileTests
{
    private static readonly string[] Pieces =
    {
        "a", "Payments", "Café", "\t", "\n", "\r\n", "\"", "\\", "/", "<script>", "&", "+", "'", "\u0001", "\u007f", "\u00a0", "\u2028", "\u2029",
        "\ufeff", "😀", "𝄞", "中文", " ", "ä", "é",
    };

    // Lone surrogates: the index writes them as U+FFFD, as it always did (a name or path cannot hold them in any JSON reader's view).
    private static readonly string[] RequestPieces = Pieces.Concat(new[] { "\ud800", "\udc00" }).ToArray();

    private static string RandomText(Random random, int maxPieces, string[]? pieces = null)
    {
        pieces ??= Pieces;
        var builder = new StringBuilder();
        var count = random.Next(0, maxPieces + 1);
        for (var i = 0; i < count; i++) builder.Append(pieces[random.Next(pieces.Length)]);
        return builder.ToString();
    }

    private static string Hex(Random random, int length)
    {
        var bytes = new byte[(length + 1) / 2];
        random.NextBytes(bytes);
        return Convert.ToHexString(bytes).ToLowerInvariant().Substring(0, length);
    }

    private static RequestEntry[] RandomRequests(Random random, int count) => Enumerable.Range(0, count).Select(i => new RequestEntry(
        random.Next(4) == 0 ? RandomText(random, 3, RequestPieces) + i : Hex(random, 12),
        RandomText(random, 6, RequestPieces),
        RandomText(random, 4, RequestPieces),
        random.Next(5) == 0 ? RandomText(random, 2, RequestPieces) : "GET",
        random.Next(6) == 0 ? Guid.NewGuid().ToString() : Hex(random, 12))).ToArray();

    internal static BackupManifest RandomManifest(Random random, int files, int maxRequests)
    {
        var manifest = new BackupManifest { Branch = random.Next(3) == 0 ? null : RandomText(random, 3) };
        for (var w = random.Next(3); w > 0; w--) manifest.WorkspaceFolders[BackupManifest.WorkspaceKey(RandomText(random, 2), Hex(random, 8))] = RandomText(random, 3);
        for (var f = 0; f < files; f++)
        {
            manifest.Files[$"{RandomText(random, 3)}/{f}.postman_collection.json"] = new BackupManifestEntry
            {
                Integration = RandomText(random, 2),
                Kind = random.Next(4) == 0 ? "environment" : "collection",
                Source = random.Next(4) == 0 ? "file" : "postman",
                Id = random.Next(3) == 0 ? null : Guid.NewGuid().ToString(),
                Uid = random.Next(3) == 0 ? null : "123-" + Guid.NewGuid(),
                Name = RandomText(random, 4),
                WorkspaceId = random.Next(2) == 0 ? null : Hex(random, 8),
                UpdatedAt = random.Next(2) == 0 ? null : "2026-11-0" + random.Next(1, 9) + "T00:00:00.000Z",
                Sha = Hex(random, 40),
                SecretPolicy = random.Next(2) == 0 ? "keep" : "redact",
                Secrets = random.Next(3),
                Warnings = random.Next(3),
                RenamedFrom = Enumerable.Range(0, random.Next(3)).Select(_ => new BackupManifestRename(RandomText(random, 3), RandomText(random, 3))).ToArray(),
                Requests = RandomRequests(random, random.Next(maxRequests + 1)),
            };
        }
        return manifest;
    }

    private static byte[] Written(BackupManifest manifest)
    {
        using var stream = new MemoryStream();
        manifest.WriteTo(stream);
        return stream.ToArray();
    }

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(2, 1, 5)]
    [InlineData(3, 20, 40)]
    [InlineData(4, 200, 30)]
    [InlineData(5, 3, 20_000)]
    public void The_streaming_writer_writes_the_bytes_the_string_writer_wrote(int seed, int files, int maxRequests)
    {
        var manifest = RandomManifest(new Random(seed), files, maxRequests);
        var expected = StringManifestWriter.ToJson(manifest);

        Assert.Equal(expected, manifest.ToJson());
        Assert.Equal(expected, Written(manifest));

        // Read back (indexes kept compressed) and written again: the same bytes, also by the old writer, which decodes every index.
        var read = BackupManifest.Parse(expected);
        Assert.Equal(expected, Written(read));
        Assert.Equal(expected, StringManifestWriter.ToJson(BackupManifest.Parse(expected)));
    }

    [Fact]
    public void Reading_and_writing_a_state_file_decodes_no_request_index_and_reading_one_entrys_decodes_only_that_one()
    {
        var json = StringManifestWriter.ToJson(RandomManifest(new Random(7), 50, 30));
        var decoded = new List<BackupManifestEntry>();
        BackupManifest.RequestIndexDecoded.Value = decoded.Add;
        try
        {
            var manifest = BackupManifest.Parse(json);
            Assert.Equal(json, manifest.ToJson());
            var entry = manifest.Files.Values.First(e => e.CompressedRequests().Length > 0);
            var taken = new BackupManifestEntry();
            taken.TakeRequestsOf(entry);
            Assert.Equal(json, manifest.ToJson());
            Assert.Empty(decoded);

            var requests = taken.Requests;

            Assert.Same(taken, Assert.Single(decoded));
            Assert.NotEmpty(requests);
        }
        finally
        {
            BackupManifest.RequestIndexDecoded.Value = null;
        }
    }

    [Theory]
    [InlineData("H4sI AAAA")]           // whitespace, which the old reader skipped
    [InlineData("not base64 at all!")]
    [InlineData("QR==")]                // base64 that is not in the form the writer writes
    public void A_request_index_the_writer_would_not_write_back_the_same_is_read_and_written_as_before(string requests)
    {
        var json = Encoding.UTF8.GetBytes("{\"files\":{\"a.json\":{\"integration\":\"x\",\"name\":\"A\",\"sha\":\"abc\",\"requests\":\"" + requests + "\"}}}");

        var manifest = BackupManifest.Parse(json);

        Assert.Equal(StringManifestWriter.ToJson(BackupManifest.Parse(json)), manifest.ToJson());
        Assert.Contains("\"requests\": \"\"", Encoding.UTF8.GetString(manifest.ToJson()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_index_in_the_writers_form_survives_reading_and_writing_byte_for_byte_and_decodes_to_the_same_requests()
    {
        var requests = RandomRequests(new Random(11), 300);
        var encoded = StringManifestWriter.EncodeRequests(requests);
        var json = Encoding.UTF8.GetBytes("{\"files\":{\"a.json\":{\"integration\":\"x\",\"name\":\"A\",\"sha\":\"abc\",\"requests\":\"" + encoded + "\"}}}");

        var entry = BackupManifest.Parse(json).Files["a.json"];

        Assert.Equal(encoded, Convert.ToBase64String(entry.CompressedRequests()));
        var old = BackupManifest.DecodeRequests(encoded);
        Assert.Equal(old.Select(r => (r.Identity, r.Name, r.Folder, r.Method, r.Hash)), entry.Requests.Select(r => (r.Identity, r.Name, r.Folder, r.Method, r.Hash)));
    }

    [Fact]
    public void A_state_file_is_read_from_its_bytes_without_a_string_of_it()
    {
        var json = StringManifestWriter.ToJson(RandomManifest(new Random(13), 400, 200));
        using var file = new MemoryStream(json);
        BackupStateFile.Read(file);   // the pooled buffer and the parser's tables, once
        file.Position = 0;

        var before = GC.GetAllocatedBytesForCurrentThread();
        var manifest = BackupStateFile.Read(file);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(json, manifest.ToJson());
        // The file as text alone would take twice its size (UTF-16); what is allocated is the entries and the compressed indexes.
        Assert.True(allocated < json.Length, $"reading {json.Length:N0} bytes allocated {allocated:N0}");
    }

    [Fact]
    public async Task A_run_decodes_the_recorded_request_index_of_the_changed_collection_only_and_its_changelog_is_the_same()
    {
        await using var world = await BackupWorld.StartAsync();
        var integrations = world.Integrations(@"
  - name: payments
    type: collection-backup
    source: { workspace: Payments, collection: '*', environments: true }
    repository: contoso/api-backups
");
        await world.RunAsync(integrations);
        var orders = world.Server.Postman.Collections("Payments").Single(c => c.Name == "Orders API");
        var json = System.Text.Json.Nodes.JsonNode.Parse(world.Server.Postman.GetCollectionJson(orders.Id))!.AsObject();
        json["item"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("""{ "name": "Ship order", "request": { "method": "POST", "url": "{{baseUrl}}/orders/:id/shipments" } }"""));
        world.Server.Postman.ReplaceCollection(orders.Id, json.ToJsonString());
        var before = world.Repository.ReadFile("main", BackupManifest.RepositoryPath)!;
        var decoded = new List<string>();
        BackupManifest.RequestIndexDecoded.Value = e => { lock (decoded) decoded.Add(e.Name); };
        IReadOnlyList<PSGitHubSync.Engine.IntegrationOutcome<PSGitHubSync.BackupResult>> outcomes;
        try
        {
            outcomes = await world.RunAsync(integrations);
        }
        finally
        {
            BackupManifest.RequestIndexDecoded.Value = null;
        }

        Assert.Equal(new[] { "Orders API" }, decoded);
        Assert.Equal(new[] { "Orders API: + POST Ship order" }, Assert.Single(outcomes).Result.Changes);
        // The entries of the collections that did not change are written back byte for byte.
        var after = BackupManifest.Parse(world.Repository.ReadFile("main", BackupManifest.RepositoryPath));
        foreach (var (path, entry) in BackupManifest.Parse(before).Files.Where(f => f.Value.Name != "Orders API"))
        {
            Assert.Equal(entry.CompressedRequests(), after.Files[path].CompressedRequests());
        }
    }

    [Fact]
    public void A_state_file_saved_with_a_byte_order_mark_or_bytes_that_are_not_UTF8_is_read_as_text_was_not_lost()
    {
        var json = StringManifestWriter.ToJson(RandomManifest(new Random(11), 5, 3));
        var expected = BackupManifest.Parse(json).ToJson();
        var withBom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(json).ToArray();
        var text = Encoding.UTF8.GetString(json);
        var at = text.IndexOf("\"name\": \"", StringComparison.Ordinal);   // the first entry's name, as an editor in Latin-1 might save it
        var latin1 = Encoding.UTF8.GetBytes(text.Insert(at + "\"name\": \"".Length, "#"));
        latin1[Array.IndexOf(latin1, (byte)'#')] = 0xE9;

        var fromBom = BackupStateFile.Read(new MemoryStream(withBom));
        var fromLatin1 = BackupStateFile.Read(new MemoryStream(latin1));

        Assert.Equal(expected, fromBom.ToJson());
        Assert.Equal(5, fromLatin1.Files.Count);
        Assert.Contains(fromLatin1.Files.Values, e => e.Name.StartsWith("\uFFFD", StringComparison.Ordinal));
    }
}
