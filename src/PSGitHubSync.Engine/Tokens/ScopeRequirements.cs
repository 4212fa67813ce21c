using System;
using System.Collections.Generic;
using System.Linq;

namespace PSGitHubSync.Engine.Tokens;

/// <summary>
/// The OAuth scopes each use of a token needs, and which granted scopes satisfy which required
/// ones (GitHub's scopes nest: <c>repo</c> covers <c>public_repo</c>, <c>user</c> covers <c>read:user</c>).
/// </summary>
public static class ScopeRequirements
{
    private static readonly Dictionary<string, string[]> Implied = new(StringComparer.OrdinalIgnoreCase)
    {
        ["repo"] = new[] { "repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events" },
        ["user"] = new[] { "read:user", "user:email", "user:follow" },
        ["admin:org"] = new[] { "write:org", "read:org" },
        ["write:org"] = new[] { "read:org" },
        ["admin:repo_hook"] = new[] { "write:repo_hook", "read:repo_hook" },
        ["write:repo_hook"] = new[] { "read:repo_hook" },
        ["admin:public_key"] = new[] { "write:public_key", "read:public_key" },
        ["write:public_key"] = new[] { "read:public_key" },
        ["write:packages"] = new[] { "read:packages" },
        ["workflow"] = Array.Empty<string>(),
    };

    /// <summary>The scopes <paramref name="purpose"/> needs on a classic or OAuth token.</summary>
    public static IReadOnlyList<string> For(TokenPurpose purpose) => purpose switch
    {
        TokenPurpose.SchemaSync => new[] { "repo" },
        _ => new[] { "repo", "user" },
    };

    /// <summary>The required scopes that none of the granted scopes covers, in the order required.</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<string> required, IEnumerable<string> granted)
    {
        var covered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var scope in granted) Cover(scope, covered);
        return required.Where(scope => !covered.Contains(scope)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    private static void Cover(string scope, HashSet<string> covered)
    {
        if (!covered.Add(scope)) return;
        if (Implied.TryGetValue(scope, out var children))
        {
            foreach (var child in children) Cover(child, covered);
        }
    }
}
