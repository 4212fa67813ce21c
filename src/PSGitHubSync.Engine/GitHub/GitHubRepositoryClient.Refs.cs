using System;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>Refs (with the singular <c>git/ref</c> reads and forced bookkeeping refs), annotated tags and releases.</summary>
/// <remarks>
/// Ref reads stay on Octokit's connection: Octokit's <c>Git.Reference.Get</c> reads the plural <c>git/refs/{ref}</c>, which
/// answers an array for a prefix match; creating and moving refs, tags and releases use Octokit's typed clients.
/// </remarks>
public sealed partial class GitHubRepositoryClient
{

    /// <summary>
    /// Reads a ref with the singular <c>git/ref</c> endpoint (GitHub's plural <c>git/refs/{ref}</c>
    /// answers an array for a prefix match, which is never what is meant here). Null when missing.
    /// </summary>
    public async Task<string?> GetRefAsync(string reference, CancellationToken cancellationToken)
    {
        var path = $"{Base}/git/ref/{EscapePath(StripRefs(reference))}";
        var response = await _api.SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if ((int)response.StatusCode == 409) return null;   // an empty repository has no refs
        Ensure(response, "GET", path);
        using var document = JsonDocument.Parse(response.Body);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? document.RootElement.GetProperty("object").GetProperty("sha").GetString()
            : null;
    }

    /// <summary>Creates <paramref name="reference"/> (full name, <c>refs/...</c>) at <paramref name="sha"/>.</summary>
    public async Task CreateRefAsync(string reference, string sha, CancellationToken cancellationToken)
    {
        var answer = await SendCreateRefAsync(reference, sha, cancellationToken).ConfigureAwait(false);
        EnsureWrite(answer, "POST", $"{Base}/git/refs");
    }

    /// <summary><c>POST git/refs</c> with Octokit's <see cref="Octokit.NewReference"/>; the answer whatever its status.</summary>
    private Task<GitHubAnswer<Octokit.Reference>> SendCreateRefAsync(string reference, string sha, CancellationToken cancellationToken)
    {
        var created = new Octokit.NewReference(reference.StartsWith("refs/", StringComparison.Ordinal) ? reference : "refs/" + reference, sha);
        return _api.CallAsync(c => c.Git.Reference.Create(Repository.Owner, Repository.Name, created), cancellationToken);
    }

    /// <summary>
    /// <c>PATCH git/refs/{ref}</c> with Octokit's <see cref="Octokit.ReferenceUpdate"/> (<c>force</c> always sent); the ref's
    /// segments are escaped here, as Octokit puts the name into the address as given.
    /// </summary>
    private Task<GitHubAnswer<Octokit.Reference>> SendUpdateRefAsync(string reference, string sha, bool force, CancellationToken cancellationToken) =>
        _api.CallAsync(c => c.Git.Reference.Update(Repository.Owner, Repository.Name, EscapePath(StripRefs(reference)), new Octokit.ReferenceUpdate(sha, force)), cancellationToken);

    /// <summary>
    /// Points a bookkeeping ref (never a branch) at <paramref name="sha"/>, creating it when
    /// missing. It is forced: such refs record a state and may move sideways.
    /// </summary>
    public async Task SetStateRefAsync(string reference, string sha, bool exists, CancellationToken cancellationToken)
    {
        if (!exists)
        {
            var created = await SendCreateRefAsync(reference, sha, cancellationToken).ConfigureAwait(false);
            // 422 "Reference already exists": another run created it meanwhile, or a retried request already had; move it.
            if ((int)created.StatusCode != 422 || created.ErrorMessage.IndexOf("already exists", StringComparison.OrdinalIgnoreCase) < 0)
            {
                EnsureWrite(created, "POST", $"{Base}/git/refs");
                return;
            }
        }
        var response = await SendUpdateRefAsync(reference, sha, force: true, cancellationToken).ConfigureAwait(false);
        EnsureWrite(response, "PATCH", $"{Base}/git/refs/{EscapePath(StripRefs(reference))}");
    }

    /// <summary>Creates an annotated tag object on <paramref name="commitSha"/> and returns its sha.</summary>
    public async Task<string> CreateAnnotatedTagAsync(string tag, string message, string commitSha, CommitterIdentity? tagger, CancellationToken cancellationToken)
    {
        var created = new Octokit.NewTag { Tag = tag, Message = message, Object = commitSha, Type = Octokit.TaggedType.Commit, Tagger = Signature(tagger) };
        var answer = await _api.CallAsync(c => c.Git.Tag.Create(Repository.Owner, Repository.Name, created), cancellationToken).ConfigureAwait(false);
        EnsureWrite(answer, "POST", $"{Base}/git/tags");
        return answer.Value!.Sha;
    }

    /// <summary>
    /// <paramref name="identity"/> signed now, to the second in UTC (Octokit writes it as <c>yyyy-MM-ddTHH:mm:ssZ</c>);
    /// null without an identity, so that the field is left out and GitHub names the authenticated account.
    /// </summary>
    private static Octokit.Committer? Signature(CommitterIdentity? identity) =>
        identity is null ? null : new Octokit.Committer(identity.Name, identity.Email, DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    /// <summary>Reads the commit a tag ref points at (peeling an annotated tag); null when the tag does not exist.</summary>
    public async Task<string?> GetTagCommitAsync(string tag, CancellationToken cancellationToken)
    {
        var path = $"{Base}/git/ref/tags/{EscapePath(tag)}";
        var response = await _api.SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        Ensure(response, "GET", path);
        using var document = JsonDocument.Parse(response.Body);
        if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
        var target = document.RootElement.GetProperty("object");
        var sha = target.GetProperty("sha").GetString()!;
        if (target.GetProperty("type").GetString() != "tag") return sha;
        var peeled = await _api.CallAsync(c => c.Git.Tag.Get(Repository.Owner, Repository.Name, sha), cancellationToken).ConfigureAwait(false);
        Ensure(peeled, "GET", $"{Base}/git/tags/{sha}");
        return peeled.Value!.Object.Sha;
    }

    /// <summary>Reads the release of <paramref name="tag"/>: its web address, or null when there is none.</summary>
    public async Task<string?> GetReleaseUrlAsync(string tag, CancellationToken cancellationToken)
    {
        var answer = await _api.CallAsync(c => c.Repository.Release.Get(Repository.Owner, Repository.Name, tag), cancellationToken).ConfigureAwait(false);
        if (answer.StatusCode == HttpStatusCode.NotFound) return null;
        Ensure(answer, "GET", $"{Base}/releases/tags/{EscapePath(tag)}");
        return answer.Value!.HtmlUrl ?? string.Empty;
    }

    /// <summary>Publishes a release for an existing tag and returns its web address.</summary>
    public async Task<string> CreateReleaseAsync(string tag, string name, string? notes, CancellationToken cancellationToken)
    {
        var release = new Octokit.NewRelease(tag) { Name = name, Body = notes, Draft = false, Prerelease = false };
        var answer = await _api.CallAsync(c => c.Repository.Release.Create(Repository.Owner, Repository.Name, release), cancellationToken).ConfigureAwait(false);
        EnsureWrite(answer, "POST", $"{Base}/releases");
        return answer.Value!.HtmlUrl ?? string.Empty;
    }
}
