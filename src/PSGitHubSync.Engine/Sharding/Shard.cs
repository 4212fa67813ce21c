using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Resources;

namespace PSGitHubSync.Engine.Sharding;

/// <summary>
/// One share of the integrations, written <c>k/n</c>: job <see cref="Index"/> of <see cref="Count"/> parallel jobs
/// (a CI matrix). Each integration belongs to exactly one shard, chosen by rendezvous (highest random weight)
/// hashing of its name: the shard whose SHA-256 weight for the name is highest. The choice depends only on the
/// name and <see cref="Count"/>, never on the other integrations, the order of the file, the machine or the
/// process — so adding or removing an integration moves no other one, and going from n to n+1 jobs moves only
/// the integrations that the new job wins (about one in n+1).
/// </summary>
public sealed class Shard : IEquatable<Shard>
{
    /// <summary>The largest number of shards (far beyond any CI engine's parallel jobs).</summary>
    public const int MaxCount = 1000;

    private static readonly Regex Form = new(@"^\s*(?<k>[0-9]{1,9})\s*/\s*(?<n>[0-9]{1,9})\s*$", RegexOptions.CultureInvariant);

    /// <summary>Creates shard <paramref name="index"/> of <paramref name="count"/> (1 ≤ index ≤ count ≤ <see cref="MaxCount"/>).</summary>
    /// <exception cref="SyncException"><c>ShardInvalid</c> when the numbers are out of range.</exception>
    public Shard(int index, int count)
    {
        var text = string.Format(CultureInfo.InvariantCulture, "{0}/{1}", index, count);
        if (count < 1 || count > MaxCount) throw Invalid(text, string.Format(CultureInfo.InvariantCulture, Messages.ShardCountOutOfRange, text, count, MaxCount));
        if (index < 1 || index > count) throw Invalid(text, string.Format(CultureInfo.InvariantCulture, Messages.ShardIndexOutOfRange, text, index, count));
        Index = index;
        Count = count;
    }

    /// <summary>This job's number, from 1 to <see cref="Count"/>.</summary>
    public int Index { get; }

    /// <summary>How many jobs share the integrations.</summary>
    public int Count { get; }

    /// <summary>Reads <c>k/n</c> (spaces around the numbers are allowed), as given to <c>-Shard</c>.</summary>
    /// <exception cref="SyncException"><c>ShardInvalid</c>, with the expected form and an example.</exception>
    public static Shard Parse(string? text)
    {
        var match = Form.Match(text ?? string.Empty);
        if (!match.Success) throw Invalid(text ?? string.Empty, string.Format(CultureInfo.InvariantCulture, Messages.ShardNotKOfN, text));
        return new Shard(int.Parse(match.Groups["k"].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The shard (1 to <paramref name="count"/>) that runs the integration named <paramref name="integrationName"/>.
    /// Names compare as the definitions file compares them: case-insensitively (and in Unicode NFC).
    /// </summary>
    public static int Of(string integrationName, int count)
    {
        if (integrationName is null) throw new ArgumentNullException(nameof(integrationName));
        if (count < 1 || count > MaxCount) throw new ArgumentOutOfRangeException(nameof(count), count, $"The number of shards must be from 1 to {MaxCount}.");
        using var sha256 = SHA256.Create();
        return Of(sha256, integrationName, count);
    }

    /// <summary>Whether this shard runs the integration named <paramref name="integrationName"/>.</summary>
    public bool Contains(string integrationName) => Of(integrationName, Count) == Index;

    /// <summary>The items (in their order) whose names fall in this shard.</summary>
    public IReadOnlyList<T> Select<T>(IEnumerable<T> items, Func<T, string> name)
    {
        if (items is null) throw new ArgumentNullException(nameof(items));
        if (name is null) throw new ArgumentNullException(nameof(name));
        using var sha256 = SHA256.Create();
        return items.Where(item => Of(sha256, name(item), Count) == Index).ToList();
    }

    /// <summary>A sentence for -Verbose: how many of the selected integrations this shard runs, and which.</summary>
    public string Describe(IReadOnlyCollection<string> selectedNames, IReadOnlyCollection<string> runningNames)
    {
        if (selectedNames is null) throw new ArgumentNullException(nameof(selectedNames));
        if (runningNames is null) throw new ArgumentNullException(nameof(runningNames));
        return runningNames.Count == 0
            ? string.Format(CultureInfo.InvariantCulture, Messages.ShardRunsNone, this, selectedNames.Count)
            : string.Format(CultureInfo.InvariantCulture, Messages.ShardRuns, this, runningNames.Count, selectedNames.Count, string.Join(", ", runningNames));
    }

    /// <summary><c>k/n</c>.</summary>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0}/{1}", Index, Count);

    /// <inheritdoc />
    public bool Equals(Shard? other) => other is not null && other.Index == Index && other.Count == Count;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Shard);

    /// <inheritdoc />
    public override int GetHashCode() => (Index * 397) ^ Count;

    private static int Of(HashAlgorithm sha256, string integrationName, int count)
    {
        // Rendezvous hashing: every shard j scores the name; the highest score wins (ties: the lower j).
        // The score of (name, j) does not depend on n, so changing n only moves names to or from the shards added or removed.
        var key = IO.PortableFileName.SafeNormalize(integrationName, NormalizationForm.FormC).ToLowerInvariant();
        var best = 1;
        ulong bestWeight = 0;
        for (var j = 1; j <= count; j++)
        {
            var weight = Weight(sha256, key, j);
            if (j == 1 || weight > bestWeight)
            {
                best = j;
                bestWeight = weight;
            }
        }
        return best;
    }

    private static ulong Weight(HashAlgorithm sha256, string key, int shard)
    {
        var bytes = Encoding.UTF8.GetBytes(shard.ToString(CultureInfo.InvariantCulture) + "\n" + key);
        var hash = sha256.ComputeHash(bytes);
        ulong weight = 0;
        for (var i = 0; i < 8; i++) weight = (weight << 8) | hash[i];   // big-endian: the same on every machine
        return weight;
    }

    private static SyncException Invalid(string text, string message) =>
        new(SyncErrorId.ShardInvalid, SyncErrorCategory.InvalidArgument, message, text);
}
