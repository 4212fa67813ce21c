using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace PSGitHubSync.Engine.IO;

/// <summary>
/// The one rule by which a name taken from data (a collection, environment or workspace name)
/// becomes one file or folder name, identical on every OS so that a repository written on Linux
/// checks out on Windows, macOS and Linux alike:
/// <list type="bullet">
/// <item>characters Windows refuses (<c>&lt; &gt; : " / \ | ? *</c>), control characters (C0, DEL, C1),
/// unpaired surrogates and bidirectional formatting characters (which disguise a name's order) become <c>-</c>;</item>
/// <item>the name is normalized to NFC (macOS writes NFD; both spell the same name);</item>
/// <item>leading and trailing spaces and dots are removed (Windows drops trailing ones silently);</item>
/// <item>Windows device names (<c>CON</c>, <c>PRN</c>, <c>AUX</c>, <c>NUL</c>, <c>COM0</c>-<c>COM9</c>, <c>LPT0</c>-<c>LPT9</c>,
/// the superscript <c>COM¹²³</c>/<c>LPT¹²³</c>, <c>CONIN$</c>, <c>CONOUT$</c>), in any case and with any extension,
/// get <c>_</c> after the device name (<c>CON_.postman_collection.json</c>);</item>
/// <item>the result is at most <see cref="MaxBytes"/> bytes in UTF-8 (ext4, APFS) and at most 255 UTF-16 units even when
/// decomposed (NTFS, HFS+): a longer name is cut on a character boundary and gets <c>~</c> and a short hash of the
/// whole name, so distinct long names stay distinct and the same name always gives the same file name.</item>
/// </list>
/// <see cref="System.IO.Path.GetInvalidFileNameChars()"/> is deliberately not used: it differs per OS.
/// Every name the module makes from data goes through <see cref="Create"/>: file names (with a suffix) and
/// folder names (without one, such as a folder per workspace).
/// Two names that differ only in case or normalization are one file on Windows and macOS:
/// compare generated names with <see cref="Comparer"/> (or <see cref="CollisionKey"/>) to find them.
/// </summary>
public static class PortableFileName
{
    /// <summary>The longest file name, in UTF-8 bytes, that every common file system accepts.</summary>
    public const int MaxBytes = 255;

    /// <summary>What an unusable character becomes.</summary>
    public const char Replacement = '-';

    /// <summary>The characters Windows refuses in a file name, besides control characters.</summary>
    private const string WindowsInvalid = "<>:\"/\\|?*";

    private static readonly HashSet<string> ReservedDevices = new(
        new[] { "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM\u00B9", "COM\u00B2", "COM\u00B3", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3" }
            .Concat(Enumerable.Range(0, 10).SelectMany(i => new[] { "COM" + i, "LPT" + i })),
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Compares file names as case-insensitive, normalization-insensitive file systems (Windows, macOS) do.</summary>
    public static StringComparer Comparer { get; } = new CollisionComparer();

    /// <summary>
    /// The file name for <paramref name="name"/>: the name made portable (see the class), then
    /// <paramref name="qualifier"/> (such as <c> (id)</c>, to tell apart names that collide) and
    /// <paramref name="suffix"/> (such as <c>.postman_collection.json</c>), all within <see cref="MaxBytes"/>.
    /// An empty name becomes <paramref name="fallback"/>. The suffix and qualifier are trusted text.
    /// </summary>
    public static string Create(string? name, string suffix = "", string fallback = "collection", string qualifier = "")
    {
        suffix ??= string.Empty;
        qualifier ??= string.Empty;
        var stem = Clean(name ?? string.Empty);
        if (stem.Length == 0) stem = fallback;
        var candidate = EscapeReserved(stem + qualifier + suffix);
        if (Fits(candidate)) return candidate;

        // Too long: keep as much of the start as fits beside a hash of the whole name.
        var marker = "~" + ShortHash(stem + qualifier);
        var tail = marker + qualifier + suffix;
        var kept = new StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(stem);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            if (!Fits(kept + element + tail)) break;
            kept.Append(element);
        }
        return EscapeReserved(kept.ToString().TrimEnd('.', ' ') + tail);
    }

    /// <summary>
    /// Makes one name portable without a suffix or length cap: replaces unusable characters,
    /// normalizes to NFC and trims spaces and dots at both ends; may return an empty string.
    /// </summary>
    public static string Clean(string name)
    {
        if (name is null) throw new ArgumentNullException(nameof(name));
        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                // A supplementary noncharacter (U+1FFFE, U+10FFFF, ...) is not text either.
                if ((char.ConvertToUtf32(c, name[i + 1]) & 0xFFFE) == 0xFFFE) builder.Append(Replacement);
                else builder.Append(c).Append(name[i + 1]);
                i++;
                continue;
            }
            builder.Append(char.IsSurrogate(c) || IsUnsafe(c) || IsNoncharacter(c) ? Replacement : c);
        }
        return SafeNormalize(builder.ToString(), NormalizationForm.FormC).Trim().Trim('.', ' ');
    }

    /// <summary>True for the noncharacters of the Basic Multilingual Plane (U+FDD0 to U+FDEF, U+FFFE, U+FFFF): no normalization accepts them.</summary>
    public static bool IsNoncharacter(char c) => c is >= '\uFDD0' and <= '\uFDEF' or '\uFFFE' or '\uFFFF';

    /// <summary>
    /// <paramref name="text"/> in <paramref name="form"/>, or as it is when it cannot be normalized (an unpaired
    /// surrogate or a noncharacter, which .NET's normalization refuses with an exception): names are data and never end a run.
    /// </summary>
    public static string SafeNormalize(string text, NormalizationForm form)
    {
        try
        {
            return text.Normalize(form);
        }
        catch (ArgumentException)
        {
            return text;
        }
    }

    /// <summary>True for characters that never go into a file name: Windows' reserved punctuation, control and bidirectional formatting characters.</summary>
    public static bool IsUnsafe(char c) => WindowsInvalid.IndexOf(c) >= 0 || DisplayText.IsControlOrBidi(c);

    /// <summary>True when Windows takes <paramref name="fileName"/> for a device (<c>NUL</c>, <c>com1.json</c>, <c>Con .txt</c>).</summary>
    public static bool IsWindowsReserved(string fileName) => ReservedDevices.Contains(DeviceStem(fileName));

    /// <summary>
    /// The form under which Windows and macOS (case-insensitive, normalization-insensitive, ignoring
    /// trailing dots and spaces and the code points HFS+ ignores) store a path: two paths with the same key are one file there.
    /// </summary>
    public static string CollisionKey(string path)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        return string.Join("/", path.Split('/').Select(segment => Fold(segment).TrimEnd('.', ' ')));
    }

    /// <summary>Removes the code points HFS+ ignores, then normalizes to NFC and upper case (an unnormalizable name is only upper-cased).</summary>
    internal static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!IsHfsIgnorable(c)) builder.Append(c);
        }
        // Unpaired surrogates and noncharacters cannot be normalized; they are compared as they are.
        return SafeNormalize(builder.ToString(), NormalizationForm.FormC).ToUpperInvariant();
    }

    /// <summary>The code points that HFS+ leaves out when it compares names (as git's <c>is_hfs_dotgit</c> lists them).</summary>
    internal static bool IsHfsIgnorable(char c) =>
        c is >= '\u200C' and <= '\u200F' or >= '\u202A' and <= '\u202E' or >= '\u206A' and <= '\u206F' or '\uFEFF';

    /// <summary>A short stable hash of <paramref name="text"/> (8 hex digits of its SHA-256 in UTF-8).</summary>
    public static string ShortHash(string text)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
        var builder = new StringBuilder(8);
        for (var i = 0; i < 4; i++) builder.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
        return builder.ToString();
    }

    /// <summary>Within <see cref="MaxBytes"/> UTF-8 bytes, and within 255 UTF-16 units also when decomposed (as HFS+ stores it).</summary>
    public static bool Fits(string fileName) =>
        Encoding.UTF8.GetByteCount(fileName) <= MaxBytes && Decomposed(fileName).Length <= MaxBytes;

    /// <summary>True when <paramref name="text"/> holds a surrogate without its pair (not Unicode; no file system stores it as written).</summary>
    public static bool HasUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return true;
        }
        return false;
    }

    private static string Decomposed(string text) => SafeNormalize(text, NormalizationForm.FormD);

    private static string EscapeReserved(string fileName)
    {
        var stem = DeviceStem(fileName);
        return ReservedDevices.Contains(stem) ? fileName.Substring(0, stem.Length) + "_" + fileName.Substring(stem.Length) : fileName;
    }

    /// <summary>The part of a name Windows compares with device names: up to the first dot, without trailing spaces (<c>CON .txt</c> is <c>CON</c>).</summary>
    private static string DeviceStem(string fileName)
    {
        var dot = fileName.IndexOf('.');
        return (dot < 0 ? fileName : fileName.Substring(0, dot)).TrimEnd(' ');
    }

    private sealed class CollisionComparer : StringComparer
    {
        public override int Compare(string? x, string? y) =>
            x is null || y is null ? string.CompareOrdinal(x, y) : string.CompareOrdinal(CollisionKey(x), CollisionKey(y));

        public override bool Equals(string? x, string? y) =>
            x is null || y is null ? x is null && y is null : string.Equals(CollisionKey(x), CollisionKey(y), StringComparison.Ordinal);

        public override int GetHashCode(string obj) => StringComparer.Ordinal.GetHashCode(CollisionKey(obj ?? throw new ArgumentNullException(nameof(obj))));
    }
}
