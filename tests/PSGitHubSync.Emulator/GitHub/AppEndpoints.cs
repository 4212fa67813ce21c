using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PSGitHubSync.Emulator.Authentication;
using PSGitHubSync.Emulator.State;

namespace PSGitHubSync.Emulator.GitHub;

/// <summary>
/// The GitHub App endpoints that take the app's JWT: <c>GET /repos/{owner}/{repo}/installation</c> and
/// <c>POST /app/installations/{id}/access_tokens</c>, which issues a <c>ghs_</c> token with an expiry, limited
/// to the requested repositories and permissions (never more than the installation has). The tokens then
/// authenticate like any other, and the write endpoints refuse one without contents write.
/// </summary>
internal static class AppEndpoints
{
    private const string JwtRequired = "A JSON web token could not be decoded";

    public static GitHubResult GetRepositoryInstallation(GitHubRequest request)
    {
        if (request.Caller is not { Kind: CallerKind.App, App: { } app })
        {
            return request.Error(401, JwtRequired);
        }

        var repository = request.State.FindRepository(request.RouteValue("owner"), request.RouteValue("repo"));
        var installation = repository is null ? null : request.State.Apps.InstallationFor(app, repository);
        return installation is null ? request.NotFound() : GitHubResult.Ok(Installation(installation, request.Urls));
    }

    public static GitHubResult CreateAccessToken(GitHubRequest request)
    {
        if (request.Caller is not { Kind: CallerKind.App, App: { } app })
        {
            return request.Error(401, JwtRequired);
        }

        if (!long.TryParse(request.RouteValue("installation_id"), NumberStyles.None, CultureInfo.InvariantCulture, out long id)
            || request.State.Apps.FindInstallation(id) is not { } installation || installation.App != app)
        {
            return request.NotFound();
        }

        var body = new JsonObject();
        if (request.Body.Length > 0 && !request.TryReadJsonObject(out body, out var parseError))
        {
            return parseError!;
        }

        // Permissions: the requested ones, each at most what the installation has; none requested: all of them.
        var permissions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body["permissions"] is JsonObject requested)
        {
            foreach (var (name, value) in requested)
            {
                string level = value?.GetValue<string>() ?? "";
                if (!installation.Permissions.TryGetValue(name, out var granted) || Rank(level) == 0 || Rank(level) > Rank(granted))
                {
                    return request.Error(422, "The permissions requested are not granted to this installation.");
                }

                permissions[name] = level;
            }
        }
        else
        {
            foreach (var (name, level) in installation.Permissions)
            {
                permissions[name] = level;
            }
        }

        // Repositories: the requested names (each must be the installation's), or all the installation reaches.
        var repositories = new List<RepositoryState>();
        if (body["repositories"] is JsonArray names)
        {
            foreach (var node in names)
            {
                string name = node?.GetValue<string>() ?? "";
                var repository = request.State.FindRepository(installation.Account.Login, name);
                if (repository is null || !installation.Covers(repository))
                {
                    return request.Error(422, "There is at least one repository that does not exist or is not accessible to the parent installation.");
                }

                repositories.Add(repository);
            }
        }
        else
        {
            repositories.AddRange(request.State.Repositories.Where(installation.Covers));
        }

        var access = permissions.TryGetValue("contents", out var contents) && contents == "write" ? TokenAccess.Write : TokenAccess.Read;
        var grants = repositories.ToDictionary(r => r.FullName, _ => access, StringComparer.OrdinalIgnoreCase);
        if (body["repositories"] is null && installation.Repositories is null)
        {
            grants[installation.Account.Login + "/*"] = access;
        }

        string tokenValue = "ghs_" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 36);
        var expiresAt = request.Time.GetUtcNow() + installation.TokenLifetime;
        expiresAt = DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds());
        request.State.AddIssuedToken(new TokenState(tokenValue, TokenKind.App, null, Array.Empty<string>(), expiresAt, grants, 5000)
        {
            Installation = installation,
            Permissions = permissions,
        });

        var permissionsBody = new JsonObject();
        foreach (var (name, level) in permissions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            permissionsBody[name] = level;
        }

        var result = new JsonObject
        {
            ["token"] = tokenValue,
            ["expires_at"] = expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["permissions"] = permissionsBody,
            ["repository_selection"] = installation.Repositories is null && body["repositories"] is null ? "all" : "selected",
        };
        if (body["repositories"] is not null)
        {
            result["repositories"] = new JsonArray(repositories.Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r.Id,
                ["name"] = r.Name,
                ["full_name"] = r.FullName,
                ["private"] = r.Private,
            }).ToArray());
        }

        return GitHubResult.Created(result, request.Urls.ApiPath($"app/installations/{installation.Id}/access_tokens"));
    }

    private static int Rank(string level) => level switch
    {
        "read" => 1,
        "write" => 2,
        "admin" => 3,
        _ => 0,
    };

    private static JsonObject Installation(InstallationState installation, GitHubUrls urls)
    {
        var permissions = new JsonObject();
        foreach (var (name, level) in installation.Permissions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            permissions[name] = level;
        }

        return new JsonObject
        {
            ["id"] = installation.Id,
            ["account"] = GitHubBodies.SimpleUser(installation.Account, urls),
            ["repository_selection"] = installation.Repositories is null ? "all" : "selected",
            ["access_tokens_url"] = urls.ApiPath($"app/installations/{installation.Id}/access_tokens"),
            ["repositories_url"] = urls.ApiPath("installation/repositories"),
            ["html_url"] = urls.WebPath($"settings/installations/{installation.Id}"),
            ["app_id"] = installation.App.Id,
            ["app_slug"] = installation.App.Slug,
            ["target_id"] = installation.Account.Id,
            ["target_type"] = installation.Account.Type,
            ["permissions"] = permissions,
            ["events"] = new JsonArray(),
            ["created_at"] = EmulatorState.Epoch.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["updated_at"] = EmulatorState.Epoch.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["single_file_name"] = null,
            ["suspended_at"] = null,
            ["suspended_by"] = null,
        };
    }
}
