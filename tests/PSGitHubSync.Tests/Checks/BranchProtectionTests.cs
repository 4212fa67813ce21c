using System.Text.Json;
using PSGitHubSync.Engine.Checks;
using Xunit;

namespace PSGitHubSync.Tests.Checks;

/// <summary>Which branch protection rules refuse a direct push of an API-made commit.</summary>
public sealed class BranchProtectionTests
{
    private static BranchProtection.Verdict Analyze(string json, string? login = "octocat", bool admin = false)
    {
        using var document = JsonDocument.Parse(json);
        return BranchProtection.Analyze(document.RootElement, login, admin);
    }

    [Fact]
    public void Required_reviews_status_checks_locks_and_signatures_refuse()
    {
        var verdict = Analyze("""
            { "required_pull_request_reviews": { "required_approving_review_count": 2 },
              "required_status_checks": { "strict": true, "contexts": ["ci/build"], "checks": [ { "context": "lint", "app_id": 1 } ] },
              "lock_branch": { "enabled": true }, "required_signatures": { "enabled": true },
              "enforce_admins": { "enabled": true } }
            """, admin: true);
        Assert.Equal(4, verdict.Refusals.Count);
        Assert.Contains(verdict.Refusals, r => r.Contains("2 approving review(s)", StringComparison.Ordinal));
        Assert.Contains(verdict.Refusals, r => r.Contains("ci/build, lint", StringComparison.Ordinal));
        Assert.False(verdict.AdministratorsBypass);
    }

    [Fact]
    public void Rules_that_leave_direct_pushes_alone_refuse_nothing()
    {
        var verdict = Analyze("""
            { "required_status_checks": { "strict": false, "contexts": [], "checks": [] },
              "required_linear_history": { "enabled": true }, "allow_force_pushes": { "enabled": false },
              "lock_branch": { "enabled": false }, "required_signatures": { "enabled": false },
              "restrictions": { "users": [ { "login": "OctoCat" } ], "teams": [], "apps": [] } }
            """);
        Assert.Empty(verdict.Refusals);
    }

    [Fact]
    public void Push_restrictions_refuse_an_account_not_listed_by_name()
    {
        var verdict = Analyze("""{ "restrictions": { "users": [ { "login": "release-bot" } ], "teams": [], "apps": [] } }""");
        Assert.Contains("octocat is not listed by name", Assert.Single(verdict.Refusals), StringComparison.Ordinal);
    }

    [Fact]
    public void Administrators_bypass_rules_that_do_not_include_them()
    {
        const string rules = """{ "required_pull_request_reviews": {}, "enforce_admins": { "enabled": false } }""";
        Assert.True(Analyze(rules, admin: true).AdministratorsBypass);
        Assert.False(Analyze(rules, admin: false).AdministratorsBypass);
    }
}
