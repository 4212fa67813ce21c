using System;
using System.Collections.Generic;

namespace PSGitHubSync.Engine.Definitions;

/// <summary>The "Did you mean ...?" of definitions-file messages: the allowed word nearest a misspelt one.</summary>
internal static class ClosestWord
{
    /// <summary>The allowed word closest to <paramref name="word"/> (case, typos), or null when none is close.</summary>
    public static string? Find(string word, IEnumerable<string> allowed)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in allowed)
        {
            var distance = string.Equals(word, candidate, StringComparison.OrdinalIgnoreCase) ? 0 : Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }
        return bestDistance <= Math.Max(2, word.Length / 3) ? best : null;
    }

    // Levenshtein distance: insertions, deletions and substitutions of one character each count one.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
