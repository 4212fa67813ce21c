using System.Text;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.IO;
using PSGitHubSync.Engine.Postman;
using Xunit;

namespace PSGitHubSync.Tests.Engine;

/// <summary>
/// The one file-name rule (<see cref="PortableFileName"/>), over a table of hostile names. The rules of Windows (device
/// names, refused characters, trailing dots and spaces, 255 UTF-16 units) and macOS (NFD, case- and normalization-
/// insensitive, 255 UTF-8 bytes) are tested as rules, since these tests run on Linux too.
/// </summary>
public class PortableFileNameTests
{
    private const string Suffix = FileNames.CollectionSuffix;

    public static TheoryData<string, string> HostileNames() => new()
    {
        { "Payments API", "Payments API.postman_collection.json" },               // ordinary names are left alone
        { "Ünïcødé — ok", "Ünïcødé — ok.postman_collection.json" },
        { "CON", "CON_.postman_collection.json" },
        { "con", "con_.postman_collection.json" },
        { "NUL", "NUL_.postman_collection.json" },
        { "COM1", "COM1_.postman_collection.json" },
        { "lpt9", "lpt9_.postman_collection.json" },
        { "COM\u00B9", "COM\u00B9_.postman_collection.json" },                    // COM¹: a device on Windows too
        { "CON.json", "CON_.json.postman_collection.json" },
        { "Aux .txt", "Aux_ .txt.postman_collection.json" },                        // Windows trims the spaces before comparing
        { "CONOUT$", "CONOUT$_.postman_collection.json" },
        { "CONSOLE", "CONSOLE.postman_collection.json" },                           // not a device
        { "COM10", "COM10.postman_collection.json" },
        { "a/b\\c:d*e?f\"g<h>i|j", "a-b-c-d-e-f-g-h-i-j.postman_collection.json" },
        { "line\nbreak\r\ttab", "line-break--tab.postman_collection.json" },
        { "esc\u001B[31mred\u001B[0m", "esc-[31mred-[0m.postman_collection.json" },
        { "nul\0byte\u007F\u0085", "nul-byte--.postman_collection.json" },
        { "evil\u202Egnp.exe", "evil-gnp.exe.postman_collection.json" },           // right-to-left override
        { "  trailing dots... ", "trailing dots.postman_collection.json" },
        { "...", "collection.postman_collection.json" },
        { "..", "collection.postman_collection.json" },
        { "", "collection.postman_collection.json" },
        { "emoji 🚀👩‍💻", "emoji 🚀👩‍💻.postman_collection.json" },
        { "cafe\u0301", "caf\u00E9.postman_collection.json" },                     // NFD becomes NFC
        { "non\uFFFEchar\uFFFF\uFDD0", "non-char--.postman_collection.json" },      // noncharacters: no normalization takes them
        { "plane1 \uD83F\uDFFE", "plane1 -.postman_collection.json" },              // U+1FFFE, a supplementary noncharacter
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void Hostile_names_become_portable_file_names(string name, string expected)
    {
        var fileName = PortableFileName.Create(name, Suffix);
        Assert.Equal(expected, fileName);
        AssertPortable(fileName);
        Assert.Equal(fileName, FileNames.ForCollection(name));
        Assert.Equal(fileName, PortableFileName.Create(name, Suffix));   // stable
    }

    [Theory]
    [InlineData(300, 'a')]
    [InlineData(300, 'é')]          // 2 bytes each
    [InlineData(200, '€')]          // 3 bytes each
    [InlineData(100, '\u0390')]     // ΐ: 2 bytes, but three UTF-16 units when decomposed (HFS+)
    public void Long_names_are_cut_to_255_bytes_with_a_stable_hash(int count, char c)
    {
        var name = new string(c, count);
        var fileName = PortableFileName.Create(name, Suffix);
        AssertPortable(fileName);
        Assert.EndsWith(Suffix, fileName, StringComparison.Ordinal);
        Assert.Matches("~[0-9a-f]{8}" + System.Text.RegularExpressions.Regex.Escape(Suffix) + "$", fileName);
        Assert.StartsWith(new string(c, 10), fileName, StringComparison.Ordinal);
        Assert.Equal(fileName, PortableFileName.Create(name, Suffix));
        // A name that differs only after the cut still gets another file name.
        Assert.NotEqual(fileName, PortableFileName.Create(name + "x", Suffix));
        Assert.NotEqual(fileName, PortableFileName.Create(name.Substring(1) + "b", Suffix));
    }

    [Fact]
    public void A_cut_never_splits_a_character_or_an_emoji_sequence()
    {
        var family = "👩‍👩‍👧‍👦";   // one grapheme of 7 code points, 25 bytes
        var fileName = PortableFileName.Create(string.Concat(Enumerable.Repeat(family, 20)), Suffix);
        AssertPortable(fileName);
        var kept = fileName.Substring(0, fileName.IndexOf('~', StringComparison.Ordinal));
        Assert.Equal(0, kept.Length % family.Length);
        Assert.Equal(string.Concat(Enumerable.Repeat(family, kept.Length / family.Length)), kept);
    }

    [Fact]
    public void A_300_character_name_gives_at_most_255_bytes()
    {
        var fileName = FileNames.ForCollection(new string('x', 300));
        Assert.True(Encoding.UTF8.GetByteCount(fileName) <= 255);
        Assert.Equal(255, Encoding.UTF8.GetByteCount(fileName));   // as much of the name as fits is kept
    }

    [Fact]
    public void Unpaired_surrogates_are_replaced()
    {
        Assert.Equal("lone - surrogate" + Suffix, PortableFileName.Create("lone \uD800 surrogate", Suffix));
        Assert.Equal("-x-" + Suffix, PortableFileName.Create("\uDC00x\uD83D", Suffix));
    }

    [Fact]
    public void Long_names_differing_in_case_are_told_apart_by_their_hash()
    {
        var longName = new string('n', 300);
        var items = new[] { Summary("11111111-aaaa", longName), Summary("22222222-bbbb", longName.ToUpperInvariant()) };
        var names = FileNames.Assign(items, null, Suffix);
        Assert.False(PortableFileName.Comparer.Equals(names[items[0]], names[items[1]]));
        Assert.All(names.Values, AssertPortable);
    }

    [Fact]
    public void Folder_names_follow_the_same_rule()
    {
        Assert.Equal("PRN_", FileNames.Sanitize("PRN"));
        Assert.Equal("Team- Payments", FileNames.Sanitize("Team: Payments"));
        Assert.Equal("github", FileNames.Sanitize(".github"));   // a data name never becomes a dot-folder
        Assert.Equal("collection", FileNames.Sanitize(" . "));
        Assert.True(Encoding.UTF8.GetByteCount(FileNames.Sanitize(new string('ü', 200))) <= 255);
        Assert.DoesNotContain(FileNames.Sanitize("trailing. "), ".");
    }

    [Theory]
    [InlineData("Café", "cafe\u0301")]        // NFC and NFD: one file on macOS
    [InlineData("Orders", "ORDERS")]          // case: one file on Windows and macOS
    [InlineData("a.json", "a.json.")]         // Windows drops the trailing dot
    [InlineData("x\u200Cy", "xy")]            // HFS+ ignores U+200C
    [InlineData("K", "\u212A")]               // KELVIN SIGN is K after NFC
    public void Names_that_are_one_file_on_Windows_or_macOS_collide(string a, string b)
    {
        Assert.Equal(PortableFileName.CollisionKey(a), PortableFileName.CollisionKey(b));
        Assert.True(PortableFileName.Comparer.Equals(a, b));
        Assert.Equal(PortableFileName.Comparer.GetHashCode(a), PortableFileName.Comparer.GetHashCode(b));
    }

    [Theory]
    [InlineData("Café", "Cafe")]
    [InlineData("a/b", "a-b")]
    [InlineData("straße", "strasse")]        // file systems fold case simply: ß is not SS
    public void Different_names_do_not_collide(string a, string b) => Assert.False(PortableFileName.Comparer.Equals(a, b));

    [Fact]
    public void Names_that_would_collide_each_get_their_id()
    {
        var items = new[]
        {
            Summary("c1", "Café"),
            Summary("c2", "Cafe\u0301"),
            Summary("c3", "CAFÉ"),
            Summary("c4", "a/b"),
            Summary("c5", "a:b"),
            Summary("c6", "Unique"),
        };
        var names = FileNames.Assign(items, null, Suffix);
        Assert.Equal("Café (c1)" + Suffix, names[items[0]]);
        Assert.Equal("Café (c2)" + Suffix, names[items[1]]);
        Assert.Equal("CAFÉ (c3)" + Suffix, names[items[2]]);
        Assert.Equal("a-b (c4)" + Suffix, names[items[3]]);
        Assert.Equal("a-b (c5)" + Suffix, names[items[4]]);
        Assert.Equal("Unique" + Suffix, names[items[5]]);
        Assert.Equal(names.Count, names.Values.Distinct(PortableFileName.Comparer).Count());
        // The same input gives the same names, whatever the order.
        var again = FileNames.Assign(items.Reverse().ToArray(), null, Suffix);
        Assert.All(items, i => Assert.Equal(names[i], again[i]));
    }

    [Fact]
    public void Long_names_that_collide_keep_their_id_within_255_bytes()
    {
        var longName = new string('n', 300);
        var items = new[] { Summary("11111111-aaaa", longName), Summary("22222222-bbbb", longName) };
        var names = FileNames.Assign(items, null, Suffix);
        Assert.All(names.Values, AssertPortable);
        Assert.Contains(" (11111111-aaaa)" + Suffix, names[items[0]], StringComparison.Ordinal);
        Assert.Contains(" (22222222-bbbb)" + Suffix, names[items[1]], StringComparison.Ordinal);
        Assert.False(PortableFileName.Comparer.Equals(names[items[0]], names[items[1]]));
    }

    [Fact]
    public void A_hostile_id_is_made_portable_too()
    {
        var items = new[] { Summary("x/../../y", "Same"), Summary("CON", "same") };
        var names = FileNames.Assign(items, null, Suffix);
        Assert.All(names.Values, AssertPortable);
        Assert.All(names.Values, n => Assert.DoesNotContain("/", n, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("CON", true)]
    [InlineData("con.txt", true)]
    [InlineData("NUL .json", true)]
    [InlineData("LPT\u00B3", true)]
    [InlineData("COM0", true)]
    [InlineData("CONIN$", true)]
    [InlineData("CONX", false)]
    [InlineData("xCON", false)]
    [InlineData("COM", false)]
    public void Windows_device_names_are_known_in_any_case_and_with_any_extension(string name, bool reserved) =>
        Assert.Equal(reserved, PortableFileName.IsWindowsReserved(name));

    private static PostmanCollectionSummary Summary(string id, string name) => new(id, "owner-" + id, name, null);

    /// <summary>What every file system and OS needs of a file name, as rules.</summary>
    private static void AssertPortable(string fileName)
    {
        Assert.NotEmpty(fileName);
        Assert.True(Encoding.UTF8.GetByteCount(fileName) <= 255, $"{Encoding.UTF8.GetByteCount(fileName)} bytes in UTF-8 (ext4, APFS)");
        Assert.True(fileName.Length <= 255, "over 255 UTF-16 units (NTFS)");
        Assert.True(fileName.Normalize(NormalizationForm.FormD).Length <= 255, "over 255 UTF-16 units when decomposed (HFS+)");
        Assert.Equal(fileName.Normalize(NormalizationForm.FormC), fileName);
        for (var i = 0; i < fileName.Length; i++)
        {
            var c = fileName[i];
            Assert.False("<>:\"/\\|?*".Contains(c, StringComparison.Ordinal) || c < ' ' || c is >= '\u007F' and <= '\u009F', $"U+{(int)c:X4} at {i}");
            if (char.IsHighSurrogate(c)) Assert.True(char.IsSurrogatePair(fileName, i++), "an unpaired surrogate (not UTF-8)");
            else Assert.False(char.IsLowSurrogate(c), "an unpaired surrogate (not UTF-8)");
        }
        Assert.False(fileName.EndsWith('.') || fileName.EndsWith(' '), "Windows drops trailing dots and spaces");
        Assert.False(PortableFileName.IsWindowsReserved(fileName), "a Windows device name");
        Assert.NotEqual(".", fileName);
        Assert.NotEqual("..", fileName);
    }
}
