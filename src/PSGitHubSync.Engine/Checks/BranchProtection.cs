using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace PSGitHubSync.Engine.Checks;

/// <summary>
/// Reads GitHub's branch protection rules (<c>GET /repos/{owner}/{repo}/branches/{branch}/protection</c>)
/// and tells whether they refuse a direct push of a commit made through the API by
/// the account, as a backup or sync makes it.
/// </summary>
internal static class BranchProtection
{
    /// <summary>The verdict.</summary>
    public sealed class Verdict
    {
        public Verdict(IReadOnlyList<string> refusals, bool administratorsBypass)
        {
            Refusals = refusals;
            AdministratorsBypass = administratorsBypass;
        }

        /// <summary>Each rule that refuses such a push, in words; empty when the push goes through.</summary>
        public IReadOnlyList<string> Refusals { get; }

        /// <summary>True when the rules refuse the push but do not apply to administrators, and the account is one.</summary>
        public bool AdministratorsBypass { get; }
    }

    /// <summary>Analyses the protection body.</summary>
    public static Verdict Analyze(JsonElement protection, string? login, bool isAdministrator)
    {
        var refusals = new List<string>();
        if (protection.ValueKind != JsonValueKind.Object) return new Verdict(refusals, false);

        if (Has(protection, "required_pull_request_reviews"))
        {
            var count = protection.GetProperty("required_pull_request_reviews").TryGetProperty("required_approving_review_count", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : 0;
            refusals.Add("changes must come through a pull request" + (count > 0 ? $" with {count} approving review(s)" : string.Empty));
        }

        if (Has(protection, "required_status_checks"))
        {
            var checks = protection.GetProperty("required_status_checks");
            var names = new List<string>();
            if (checks.TryGetProperty("contexts", out var contexts) && contexts.ValueKind == JsonValueKind.Array)
            {
                names.AddRange(contexts.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
            }
            if (checks.TryGetProperty("checks", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                names.AddRange(list.EnumerateArray().Select(e => e.TryGetProperty("context", out var n) ? n.GetString() : null).Where(n => n is not null).Select(n => n!));
            }
            names = names.Distinct(StringComparer.Ordinal).ToList();
            if (names.Count > 0) refusals.Add($"status checks must pass first ({string.Join(", ", names)}), which a new commit has not done yet");
        }

        if (Has(protection, "restrictions"))
        {
            var restrictions = protection.GetProperty("restrictions");
            var users = restrictions.TryGetProperty("users", out var u) && u.ValueKind == JsonValueKind.Array
                ? u.EnumerateArray().Select(e => e.TryGetProperty("login", out var l) ? l.GetString() : null).Where(l => l is not null).ToList()
                : new List<string?>();
            if (login is null || !users.Any(l => string.Equals(l, login, StringComparison.OrdinalIgnoreCase)))
            {
                refusals.Add("only the people, teams and apps listed under 'Restrict who can push' may push" + (login is null ? string.Empty : $", and {login} is not listed by name (membership of a listed team counts too)"));
            }
        }

        if (Enabled(protection, "lock_branch")) refusals.Add("the branch is locked (read-only)");
        if (Enabled(protection, "required_signatures")) refusals.Add("commits must be signed, and commits made through the API with a token are not");

        var administratorsBypass = refusals.Count > 0 && isAdministrator && !Enabled(protection, "enforce_admins");
        return new Verdict(refusals, administratorsBypass);
    }

    private static bool Has(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object;

    private static bool Enabled(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
        && value.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.True;
}
