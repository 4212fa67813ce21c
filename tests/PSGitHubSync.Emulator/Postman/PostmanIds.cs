using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PSGitHubSync.Emulator.Postman;

/// <summary>Deterministic identifiers and timestamps in Postman's formats.</summary>
public static class PostmanIds
{
    /// <summary>The creation time of everything seeded without a time of its own.</summary>
    public static readonly DateTimeOffset Epoch = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>A UUID (version 4 layout) derived from <paramref name="seed"/>: the same seed, the same id.</summary>
    public static string Uuid(string seed)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(seed), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x40);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        string hex = Convert.ToHexStringLower(hash[..16]);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }

    /// <summary>Postman's element uid: <c>ownerId-id</c>.</summary>
    public static string Uid(long ownerId, string id) => ownerId.ToString(CultureInfo.InvariantCulture) + "-" + id;

    /// <summary>Postman's timestamp format: UTC, milliseconds, <c>Z</c> (e.g. 2024-01-02T03:04:05.000Z).</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Truncates to whole milliseconds (what the timestamps carry).</summary>
    public static DateTimeOffset Milliseconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
