using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Diagnostics;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Security;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>
/// A GitHub App as the credential of a <see cref="GitHubConnection"/>: signs JWTs with the app's
/// private key, finds the installation on a repository's owner (unless one is given), and asks
/// for installation tokens restricted to the run's repositories and to contents write and
/// metadata read. Tokens are cached per installation and renewed before they expire (and at once
/// when the server refuses one). The key, every JWT and every token are <see cref="SecretValue"/>s,
/// registered with the redactor.
/// </summary>
public sealed class GitHubAppCredential : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> RequestedPermissions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["contents"] = "write",
        ["metadata"] = "read",
    };

    // Installations and tokens outlive one run (a -Watch run starts a session per round): shared per server, app and key.
    private static readonly Dictionary<string, SharedCache> Caches = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _gate;
    private readonly RSA _key;
    private readonly GitHubConnectionOptions _options;
    private readonly IEngineLog _log;
    private readonly Dictionary<string, long> _installations;
    private readonly Dictionary<long, InstallationToken> _tokens;
    private readonly Dictionary<string, SortedSet<string>> _repositories = new(StringComparer.OrdinalIgnoreCase);
    private int _requestCount;

    /// <summary>Creates the credential; <paramref name="privateKey"/> is the PEM text of the app's key.</summary>
    /// <exception cref="SyncException"><c>TokenInvalid</c> when the key is not a usable RSA private key (the message never quotes it).</exception>
    public GitHubAppCredential(GitHubEndpoint endpoint, string appId, SecretValue privateKey, long? installation = null, GitHubConnectionOptions? options = null, IEngineLog? log = null)
    {
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        AppId = appId ?? throw new ArgumentNullException(nameof(appId));
        if (privateKey is null) throw new ArgumentNullException(nameof(privateKey));
        Installation = installation;
        _options = options ?? new GitHubConnectionOptions();
        _log = new RedactingEngineLog(log ?? NullEngineLog.Instance, SecretRedactor.Shared);
        var pem = privateKey.Reveal();
        // Each line of the key too, so that no fragment of it can be shown.
        foreach (var line in pem.Split('\n')) SecretRedactor.Shared.AddText(line.Trim());
        try
        {
            _key = RsaPrivateKeyPem.CreateRsa(pem);
        }
        catch (FormatException ex)
        {
            var source = privateKey.Source ?? "the given key";
            throw new SyncException(SyncErrorId.TokenInvalid, SyncErrorCategory.AuthenticationError,
                $"The private key of GitHub App {appId} from {source} cannot be used: {ex.Message}", source);
        }
        string fingerprint;
        using (var sha = SHA256.Create()) fingerprint = Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(pem.Trim())));
        var cacheKey = endpoint.ApiRoot.AbsoluteUri + "|" + appId + "|" + installation + "|" + fingerprint;
        SharedCache cache;
        lock (Caches)
        {
            if (!Caches.TryGetValue(cacheKey, out cache!)) Caches[cacheKey] = cache = new SharedCache();
        }
        _gate = cache.Gate;
        _installations = cache.Installations;
        _tokens = cache.Tokens;
    }

    private sealed class SharedCache
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Dictionary<string, long> Installations { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<long, InstallationToken> Tokens { get; } = new();
    }

    /// <summary>The server the app is registered on.</summary>
    public GitHubEndpoint Endpoint { get; }

    /// <summary>The app id or client id (the JWT's issuer).</summary>
    public string AppId { get; }

    /// <summary>The installation given in the definitions file, or null to look it up per owner.</summary>
    public long? Installation { get; }

    /// <summary>The clock tokens are checked against; replaceable in tests.</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>How long before its expiry a cached installation token is renewed.</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Requests the credential sent itself (installation lookups, token requests).</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);


    /// <summary>A JWT for the app, issued now.</summary>
    /// <remarks>The key is needed only while the credential is alive; a disposed credential cannot sign.</remarks>
    public SecretValue CreateJwt() => SecretValue.FromChars(GitHubAppJwt.Create(AppId, _key, Clock()).AsSpan(), $"GitHub App {AppId}");

    /// <summary>Adds a repository of the run to those the next installation token is restricted to.</summary>
    public void AddRepository(RepositoryName repository)
    {
        if (repository is null) throw new ArgumentNullException(nameof(repository));
        lock (_repositories)
        {
            if (!_repositories.TryGetValue(repository.Owner, out var names)) _repositories[repository.Owner] = names = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            names.Add(repository.Name);
        }
    }

    /// <summary>
    /// The installation token for <paramref name="repository"/> and what GitHub granted with it (installation,
    /// permissions, repositories, expiry), for <c>Test-GitHubToken</c>.
    /// </summary>
    /// <exception cref="SyncException">As <see cref="TokenForAsync(Uri, CancellationToken)"/>.</exception>
    public async Task<GitHubAppTokenGrant> GrantForAsync(RepositoryName repository, CancellationToken cancellationToken)
    {
        if (repository is null) throw new ArgumentNullException(nameof(repository));
        var token = await TokenForAsync(repository, cancellationToken).ConfigureAwait(false);
        lock (_tokens)
        {
            var issued = _tokens.Values.First(t => ReferenceEquals(t.Token, token));
            return new GitHubAppTokenGrant(token, issued.Installation, issued.ExpiresAt, issued.Permissions, issued.RepositoryNames);
        }
    }

    /// <summary>The installation token for requests about <paramref name="repository"/> (see <see cref="TokenForAsync(Uri, CancellationToken)"/>).</summary>
    /// <exception cref="SyncException">As <see cref="TokenForAsync(Uri, CancellationToken)"/>.</exception>
    public Task<SecretValue> TokenForAsync(RepositoryName repository, CancellationToken cancellationToken) =>
        TokenForAsync(new Uri(Endpoint.ApiRoot, (repository ?? throw new ArgumentNullException(nameof(repository))).ApiPath), cancellationToken);

    /// <summary>Forgets every cached installation token (the server refused one), so the next request gets a new one.</summary>
    public void ForgetTokens()
    {
        lock (_tokens) _tokens.Clear();
    }

    /// <summary>
    /// The installation token for a request to <paramref name="uri"/>: the installation on the owner of the
    /// repository the address names (or the given installation, or the run's first owner's).
    /// </summary>
    /// <exception cref="SyncException"><c>TokenInvalid</c> (the server refused the app's JWT), <c>GitHubAppNotInstalled</c>, <c>ServerUnreachable</c>, <c>RateLimited</c>, <c>GitHubRequestFailed</c>.</exception>
    public async Task<SecretValue> TokenForAsync(Uri uri, CancellationToken cancellationToken)
    {
        var repository = RepositoryOf(uri);
        if (repository is not null) AddRepository(repository);
        var owner = repository?.Owner;
        if (owner is null)
        {
            lock (_repositories) owner = _repositories.Keys.FirstOrDefault();
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var installation = await InstallationForAsync(owner, repository, cancellationToken).ConfigureAwait(false);
            string[] wanted;
            lock (_repositories) wanted = owner is not null && _repositories.TryGetValue(owner, out var names) ? names.ToArray() : Array.Empty<string>();
            InstallationToken? cached;
            lock (_tokens) _tokens.TryGetValue(installation, out cached);
            if (cached is not null && cached.ExpiresAt - RenewBefore > Clock() && wanted.All(cached.Covers)) return cached.Token;
            if (cached is not null) _log.Verbose($"Renewing the installation token of GitHub App {AppId} (installation {installation}), " + (wanted.All(cached.Covers) ? $"which expires at {cached.ExpiresAt.UtcDateTime:u}." : "for another repository of the run."));
            var issued = await IssueAsync(installation, wanted, cancellationToken).ConfigureAwait(false);
            lock (_tokens) _tokens[installation] = issued;
            return issued.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The installation on <paramref name="owner"/>, looked up through <paramref name="repository"/>.</summary>
    private async Task<long> InstallationForAsync(string? owner, RepositoryName? repository, CancellationToken cancellationToken)
    {
        if (Installation is { } given) return given;
        if (owner is null)
        {
            throw new SyncException(SyncErrorId.GitHubRequestFailed, SyncErrorCategory.InvalidOperation,
                $"GitHub App {AppId} has no repository to find its installation from; give 'installation:' under 'github.app' in the definitions file.", AppId);
        }
        lock (_installations)
        {
            if (_installations.TryGetValue(owner, out var known)) return known;
        }
        if (repository is null)
        {
            lock (_repositories) repository = RepositoryName.Parse(owner + "/" + _repositories[owner].First());
        }
        var response = await SendAsJwtAsync(HttpMethod.Get, repository.ApiPath + "/installation", null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            var install = new Uri(Endpoint.Server, "settings/apps").AbsoluteUri;
            throw new SyncException(SyncErrorId.GitHubAppNotInstalled, SyncErrorCategory.PermissionDenied,
                $"GitHub App {AppId} is not installed on {repository.Owner} (or not on {repository}). Install it on {repository.Owner} with access to {repository} "
                + $"(the app's page under {install}, 'Install App'), with the repository permission 'Contents: Read and write'.", repository.ToString());
        }
        Ensure(response, "GET", "/" + repository.ApiPath + "/installation");
        long id;
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            id = document.RootElement.GetProperty("id").GetInt64();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Unexpected("GET", "/" + repository.ApiPath + "/installation", ex);
        }
        lock (_installations) _installations[owner] = id;
        _log.Verbose($"GitHub App {AppId} is installed on {owner} as installation {id}.");
        return id;
    }

    private static readonly IReadOnlyDictionary<string, string> ReadPermissions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["contents"] = "read",
        ["metadata"] = "read",
    };

    private async Task<InstallationToken> IssueAsync(long installation, string[] repositories, CancellationToken cancellationToken)
    {
        try
        {
            return await IssueAsync(installation, repositories, RequestedPermissions, cancellationToken).ConfigureAwait(false);
        }
        catch (PermissionsNotGrantedException)
        {
            // The installation may only read contents: reads still work, and a write is refused as PushDenied naming the permission.
            _log.Warning($"GitHub App {AppId} (installation {installation}) does not have the repository permission 'Contents: Read and write'; "
                + "it can read but every push will be refused. Give the app that permission on its settings page and accept it on the installation.");
            return await IssueAsync(installation, repositories, ReadPermissions, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class PermissionsNotGrantedException : Exception
    {
    }

    private async Task<InstallationToken> IssueAsync(long installation, string[] repositories, IReadOnlyDictionary<string, string> permissions, CancellationToken cancellationToken)
    {
        var path = "app/installations/" + installation.ToString(CultureInfo.InvariantCulture) + "/access_tokens";
        var body = new StringBuilder("{");
        if (repositories.Length > 0) body.Append("\"repositories\":").Append(JsonSerializer.Serialize(repositories)).Append(',');
        body.Append("\"permissions\":").Append(JsonSerializer.Serialize(permissions)).Append('}');
        var response = await SendAsJwtAsync(HttpMethod.Post, path, body.ToString(), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new SyncException(SyncErrorId.GitHubAppNotInstalled, SyncErrorCategory.PermissionDenied,
                $"GitHub App {AppId} has no installation {installation} on {Endpoint.Server}. Correct 'installation:' under 'github.app' (the number at the end of the installation's settings address), or remove it to find the installation on the repository's owner.", AppId);
        }
        if ((int)response.StatusCode == 422 && permissions == RequestedPermissions && response.ErrorMessage.IndexOf("permission", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            throw new PermissionsNotGrantedException();
        }
        if ((int)response.StatusCode == 422 || response.StatusCode == HttpStatusCode.Forbidden)
        {
            throw new SyncException(SyncErrorId.GitHubAppNotInstalled, SyncErrorCategory.PermissionDenied,
                $"GitHub App {AppId} cannot get a token for {string.Join(", ", repositories)} (GitHub said: {response.ErrorMessage}). "
                + "Give the app's installation access to these repositories (or to all repositories) on the installation's settings page.", AppId);
        }
        Ensure(response, "POST", "/" + path);
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            var root = document.RootElement;
            var text = root.GetProperty("token").GetString() ?? throw new FormatException("no token");
            var token = SecretValue.FromChars(text.AsSpan(), $"GitHub App {AppId} installation {installation}");
            var granted = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("permissions", out var grantedPermissions) && grantedPermissions.ValueKind == JsonValueKind.Object)
            {
                foreach (var permission in grantedPermissions.EnumerateObject()) granted[permission.Name] = permission.Value.ToString();
            }
            var names = new List<string>();
            if (root.TryGetProperty("repositories", out var grantedRepositories) && grantedRepositories.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in grantedRepositories.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("full_name", out var fullName) && fullName.ValueKind == JsonValueKind.String) names.Add(fullName.GetString()!);
                }
            }
            var expiresAt = root.TryGetProperty("expires_at", out var expires) && expires.ValueKind == JsonValueKind.String
                ? DateTimeOffset.Parse(expires.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : Clock() + TimeSpan.FromHours(1);
            _log.Verbose($"GitHub App {AppId} got an installation token for installation {installation}" + (repositories.Length == 0 ? string.Empty : " restricted to " + string.Join(", ", repositories)) + $", valid until {expiresAt.UtcDateTime:u}.");
            return new InstallationToken(token, expiresAt, repositories) { Installation = installation, Permissions = granted, RepositoryNames = names };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Unexpected("POST", "/" + path, ex);
        }
    }

    private async Task<GitHubAnswer> SendAsJwtAsync(HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        using var jwt = CreateJwt();
        using var connection = new GitHubConnection(Endpoint, jwt, _options, _log);
        try
        {
            return await new GitHubApi(connection).SendAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Add(ref _requestCount, connection.RequestCount);
        }
    }

    private void Ensure(GitHubAnswer response, string method, string path)
    {
        if (response.IsSuccess) return;
        throw GitHubFailures.For(new GitHubFailedRequest(response, GitHubRequestKind.AppJwt, method, path, Endpoint.Server, AppId) { AppId = AppId });
    }

    private SyncException Unexpected(string method, string path, Exception ex) =>
        new(SyncErrorId.GitHubRequestFailed, SyncErrorCategory.InvalidData,
            $"GitHub's answer to {method} {path} for GitHub App {AppId} is not what GitHub sends ({ex.Message}); check that the server is GitHub.", AppId, ex);

    private RepositoryName? RepositoryOf(Uri uri)
    {
        var relative = uri.AbsolutePath;
        var root = Endpoint.ApiRoot.AbsolutePath;
        if (!relative.StartsWith(root, StringComparison.Ordinal)) return null;
        var parts = relative.Substring(root.Length).Split('/');
        if (parts.Length < 3 || parts[0] != "repos" || parts[1].Length == 0 || parts[2].Length == 0) return null;
        try
        {
            return RepositoryName.Parse(Uri.UnescapeDataString(parts[1]) + "/" + Uri.UnescapeDataString(parts[2]));
        }
        catch (SyncException)
        {
            return null;
        }
    }

    /// <summary>Releases the key (the installation tokens stay cached for the next run of this process, until they expire).</summary>
    public void Dispose() => _key.Dispose();

    private sealed class InstallationToken
    {
        private readonly HashSet<string> _repositories;

        public InstallationToken(SecretValue token, DateTimeOffset expiresAt, string[] repositories)
        {
            Token = token;
            ExpiresAt = expiresAt;
            _repositories = new HashSet<string>(repositories, StringComparer.OrdinalIgnoreCase);
        }

        public SecretValue Token { get; }

        public DateTimeOffset ExpiresAt { get; }

        public long Installation { get; set; }

        public IReadOnlyDictionary<string, string> Permissions { get; set; } = new Dictionary<string, string>();

        public IReadOnlyList<string> RepositoryNames { get; set; } = Array.Empty<string>();

        public bool Covers(string repository) => _repositories.Contains(repository);
    }
}
