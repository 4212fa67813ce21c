using System.Text.Json.Nodes;
using PSGitHubSync.Engine.Collections;
using Xunit;
using static PSGitHubSync.Tests.Collections.TestCollections;

namespace PSGitHubSync.Tests.Collections;

public class CollectionChangelogTests
{
    private static JsonObject PaymentsV1() => Collection(
        "Payments API",
        Folder("Payments", "f-payments",
            Request("Get payment", "GET", "https://api.example.com/payments/1", "r-get"),
            Request("List payments", "GET", "https://api.example.com/payments", "r-list")),
        Folder("Legacy", "f-legacy",
            Request("Remove card", "DELETE", "https://api.example.com/cards/1", "r-remove")),
        Folder("Refunds", "f-refunds",
            Request("Refund", "POST", "https://api.example.com/refunds", "r-refund")));

    private static JsonObject PaymentsV2()
    {
        var v2 = PaymentsV1();
        var payments = v2["item"]![0]!["item"]!.AsArray();
        payments.Insert(0, Request("Create payment", "POST", "https://api.example.com/payments", "r-create"));
        payments[1]!["request"]!["url"] = "https://api.example.com/v2/payments/1";
        v2["item"]![1]!["item"]!.AsArray().RemoveAt(0);
        v2["item"]![2]!["item"]![0]!["name"] = "Create refund";
        return v2;
    }

    [Fact]
    public void Reports_added_changed_removed_and_renamed_requests()
    {
        var changes = CollectionChangelog.Compare(Parse(PaymentsV1()), Parse(PaymentsV2()));

        Assert.True(changes.HasChanges);
        Assert.False(changes.IsNewCollection);
        var added = Assert.Single(changes.Added);
        Assert.Equal(("Payments", "Create payment", "POST"), (added.FolderPath, added.Name, added.Method));
        var changed = Assert.Single(changes.Changed);
        Assert.Equal(("Payments", "Get payment", "GET"), (changed.FolderPath, changed.Name, changed.Method));
        var removed = Assert.Single(changes.Removed);
        Assert.Equal(("Legacy", "Remove card", "DELETE"), (removed.FolderPath, removed.Name, removed.Method));
        var renamed = Assert.Single(changes.Renamed);
        Assert.Equal(("Refunds", "Create refund", "Refunds", "Refund"), (renamed.FolderPath, renamed.Name, renamed.OldFolderPath, renamed.OldName));
        Assert.False(renamed.ContentChanged);
        Assert.Empty(changes.OtherChanges);
    }

    [Fact]
    public void The_changelog_text_is_compact_and_ordered()
    {
        var changes = CollectionChangelog.Compare(Parse(PaymentsV1()), Parse(PaymentsV2()));

        const string expected =
            "Payments API:\n" +
            "  + POST Payments/Create payment\n" +
            "  ~ GET Payments/Get payment\n" +
            "  - DELETE Legacy/Remove card\n" +
            "  > Refunds/Refund \u2192 Refunds/Create refund";
        Assert.Equal(expected, changes.ToMarkdown());
        Assert.Equal(expected, changes.ToString());
    }

    [Fact]
    public void Without_a_previous_version_everything_is_added()
    {
        var changes = CollectionChangelog.Compare(null, Parse(PaymentsV1()));

        Assert.True(changes.IsNewCollection);
        Assert.Equal(4, changes.Added.Count);
        Assert.Equal(changes.Added, changes.Changes);
        Assert.Equal(
            "Payments API (new):\n" +
            "  + DELETE Legacy/Remove card\n" +
            "  + GET Payments/Get payment\n" +
            "  + GET Payments/List payments\n" +
            "  + POST Refunds/Refund",
            changes.ToMarkdown());
    }

    [Fact]
    public void The_same_collection_has_no_changes()
    {
        var changes = CollectionChangelog.Compare(Parse(PaymentsV1()), Parse(PaymentsV1()));

        Assert.False(changes.HasChanges);
        Assert.Empty(changes.Changes);
        Assert.Equal("Payments API: no changes", changes.ToMarkdown());
    }

    [Fact]
    public void Volatile_metadata_is_not_a_change()
    {
        var later = PaymentsV1();
        later["info"]!["updatedAt"] = "2025-01-01T00:00:00.000Z";
        later["info"]!["uid"] = "1-2";
        later["item"]![0]!["uid"] = "1-f";
        later["item"]![0]!["item"]![0]!["updatedAt"] = "2025-01-01T00:00:00.000Z";
        later["item"]![0]!["item"]![0]!["lastUpdatedBy"] = "42";

        Assert.False(CollectionChangelog.Compare(Parse(PaymentsV1()), Parse(later)).HasChanges);
    }

    [Fact]
    public void A_request_moved_to_another_folder_is_renamed_with_its_old_path()
    {
        var moved = PaymentsV1();
        var request = moved["item"]![0]!["item"]![1]!;
        moved["item"]![0]!["item"]!.AsArray().Remove(request);
        request["request"]!["method"] = "HEAD";
        moved["item"]![2]!["item"]!.AsArray().Add(request);

        var change = Assert.Single(CollectionChangelog.Compare(Parse(PaymentsV1()), Parse(moved)).Changes);

        Assert.Equal(RequestChangeKind.Renamed, change.Kind);
        Assert.Equal("Payments/List payments", change.OldPath);
        Assert.Equal("Refunds/List payments", change.Path);
        Assert.True(change.ContentChanged);
        Assert.Equal("> Payments/List payments \u2192 Refunds/List payments (changed)", change.ToString());
    }

    [Fact]
    public void A_removed_folder_removes_its_requests_and_an_added_folder_adds_them()
    {
        var v2 = PaymentsV1();
        v2["item"]!.AsArray().RemoveAt(0);
        v2["item"]!.AsArray().Add(Folder("Disputes", "f-disputes", Folder("Open", Request("Open dispute", "POST", "https://x", "r-open"))));

        var changes = CollectionChangelog.Compare(Parse(PaymentsV1()), Parse(v2));

        Assert.Equal(new[] { "Disputes/Open/Open dispute" }, changes.Added.Select(c => c.Path));
        Assert.Equal(new[] { "Payments/Get payment", "Payments/List payments" }, changes.Removed.Select(c => c.Path));
        Assert.Empty(changes.Changed);
        Assert.Empty(changes.Renamed);
    }

    [Fact]
    public void Without_ids_a_request_is_identified_by_folder_and_name()
    {
        var old = Collection("No ids", Folder("A", Request("One"), Request("Two")));
        var changedOne = Collection("No ids", Folder("A", Request("One", "POST"), Request("Two renamed")));

        var changes = CollectionChangelog.Compare(Parse(old), Parse(changedOne));

        Assert.Equal(new[] { "~ POST A/One", "+ GET A/Two renamed", "- GET A/Two" }.OrderBy(s => s), changes.Changes.Select(c => c.ToString()).OrderBy(s => s));
    }

    [Fact]
    public void Regenerated_ids_are_matched_by_path()
    {
        var reimported = PaymentsV1();
        foreach (var folder in reimported["item"]!.AsArray())
        {
            folder!["id"] = Guid.NewGuid().ToString();
            foreach (var request in folder["item"]!.AsArray())
            {
                request!["id"] = Guid.NewGuid().ToString();
            }
        }

        Assert.False(CollectionChangelog.Compare(Parse(PaymentsV1()), Parse(reimported)).HasChanges);
    }

    [Fact]
    public void Requests_with_the_same_name_are_matched_in_order()
    {
        var old = Collection("Duplicates", Request("Ping", "GET", "https://a"), Request("Ping", "GET", "https://b"));
        var @new = Collection("Duplicates", Request("Ping", "GET", "https://a"), Request("Ping", "GET", "https://c"));

        var change = Assert.Single(CollectionChangelog.Compare(Parse(old), Parse(@new)).Changes);
        Assert.Equal(RequestChangeKind.Changed, change.Kind);
    }

    [Fact]
    public void The_order_does_not_depend_on_the_input_order()
    {
        var a = Collection("Order", Request("b", id: "1"), Request("a", id: "2"), Folder("Z", Request("c", id: "3")), Folder("y", Request("d", id: "4")));
        var b = Collection("Order", Folder("y", Request("d", id: "4")), Request("a", id: "2"), Folder("Z", Request("c", id: "3")), Request("b", id: "1"));

        var fromA = CollectionChangelog.Compare(null, Parse(a)).ToMarkdown();
        var fromB = CollectionChangelog.Compare(null, Parse(b)).ToMarkdown();

        Assert.Equal(fromA, fromB);
        Assert.Equal("Order (new):\n  + GET a\n  + GET b\n  + GET y/d\n  + GET Z/c", fromA);
    }

    [Fact]
    public void Changes_outside_requests_are_listed_in_words()
    {
        var v2 = PaymentsV1();
        v2["info"]!["name"] = "Payments API v2";
        v2["info"]!["description"] = "Now documented";
        v2["variable"] = new JsonArray(new JsonObject { ["key"] = "baseUrl", ["value"] = "https://api.example.com" });
        v2["item"]![2]!["auth"] = new JsonObject { ["type"] = "noauth" };
        v2["item"]![1]!["name"] = "Deprecated";
        v2["item"]!.AsArray().Add(Folder("Empty", "f-empty"));

        var changes = CollectionChangelog.Compare(Parse(PaymentsV1()), Parse(v2));

        Assert.Equal(
            new[]
            {
                "collection renamed: Payments API \u2192 Payments API v2",
                "collection settings: description, variable",
                "folder added: Empty",
                "folder Refunds: auth",
                "folder renamed: Legacy \u2192 Deprecated",
            },
            changes.OtherChanges);
        var moved = Assert.Single(changes.Changes);
        Assert.Equal("> Legacy/Remove card \u2192 Deprecated/Remove card", moved.ToString());
        Assert.EndsWith("  * folder renamed: Legacy \u2192 Deprecated", changes.ToMarkdown());
        Assert.StartsWith("Payments API v2:\n", changes.ToMarkdown());
    }

    [Fact]
    public void A_changed_saved_response_or_script_changes_the_request()
    {
        var v2 = PaymentsV1();
        v2["item"]![0]!["item"]![0]!["event"] = new JsonArray(new JsonObject
        {
            ["listen"] = "test",
            ["script"] = new JsonObject { ["exec"] = new JsonArray("pm.test('ok', () => {});"), ["type"] = "text/javascript" },
        });
        v2["item"]![0]!["item"]![1]!["response"]!.AsArray().Add(new JsonObject { ["name"] = "OK", ["code"] = 200, ["body"] = "[]" });

        var changes = CollectionChangelog.Compare(Parse(PaymentsV1()), Parse(v2));

        Assert.Equal(new[] { "Payments/Get payment", "Payments/List payments" }, changes.Changed.Select(c => c.Path));
    }

    [Fact]
    public void Long_changelogs_can_be_cut()
    {
        var changes = CollectionChangelog.Compare(null, Parse(PaymentsV1()));

        Assert.Equal(
            "Payments API (new):\n  + DELETE Legacy/Remove card\n  + GET Payments/Get payment\n  ... and 2 more",
            changes.ToMarkdown(2));
    }

    [Fact]
    public void Names_on_several_lines_stay_on_one_line()
    {
        var changes = CollectionChangelog.Compare(null, Parse(Collection("Multi\nline", Request("Get\r\nthing"))));
        Assert.Equal("Multi line (new):\n  + GET Get thing", changes.ToMarkdown());
    }

    [Fact]
    public void V20_collections_are_compared_by_their_postman_ids()
    {
        var old = ParseBytes(ReferenceFiles.ReadExample("responseBodyNull.json"));
        var renamed = ParseNode(ReferenceFiles.ReadExample("responseBodyNull.json"));
        renamed["item"]![0]!["name"] = "renamed";

        var change = Assert.Single(CollectionChangelog.Compare(old, Parse(renamed)).Changes);
        Assert.Equal(RequestChangeKind.Renamed, change.Kind);
        Assert.Equal("default", change.OldName);
        Assert.Equal("0610e24a-d225-41d5-aadc-e933613dc496", change.Id);
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles.Examples), MemberType = typeof(ReferenceFiles))]
    public void Every_example_compares_with_itself_and_with_nothing(string example)
    {
        var document = CollectionDocument.Parse(ReferenceFiles.ReadExample(example), example);

        Assert.False(CollectionChangelog.Compare(document, document).HasChanges);
        var fresh = CollectionChangelog.Compare(null, document);
        Assert.All(fresh.Changes, c => Assert.Equal(RequestChangeKind.Added, c.Kind));
        Assert.Equal(document.Name + " (new):", fresh.ToMarkdown().Split('\n')[0].Replace("\r", " ").Replace("\n", " "));
    }

    private static CollectionDocument ParseBytes(byte[] bytes) => CollectionDocument.Parse(bytes, "test.json");
}
