using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Diagnostics;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Http;
using PSGitHubSync.Engine.Postman;
using PSGitHubSync.Engine.Security;

namespace PSGitHubSync.Engine.Backup;

/// <summary>
/// What a run shares across integrations: connections (one per server and credential), secrets
/// (resolved lazily, only for the integrations that run), workspace listings, the bound on
/// concurrent downloads, and the cmdlet's callbacks (confirmation, progress). Dispose it when
/// the run ends.
/// </summary>
public sealed class BackupSession : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, GitHubConnection> _gitHub = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PostmanClient> _postman = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<IReadOnlyList<PostmanCollectionSummary>>> _collections = new(StringComparer.Ordinal);
    private readonly List<SecretValue> _secrets = new();
    private readonly List<GitHubAppCredential> _apps = new();

    /// <summary>Creates the session.</summary>
    public BackupSession(IEngineLog? log = null, ISecretVault? vault = null)
    {
        Log = new RedactingEngineLog(log ?? NullEngineLog.Instance, SecretRedactor.Shared);
        Vault = vault;
    }

    /// <summary>Where narration goes.</summary>
    public IEngineLog Log { get; }

    /// <summary>Reads <c>secret:</c> references (SecretManagement in the cmdlets), or null.</summary>
    public ISecretVault? Vault { get; }

    /// <summary>A token that wins over every integration's reference (<c>-Token</c>, <c>-Credential</c>).</summary>
    public SecretValue? GitHubToken { get; set; }

    /// <summary>A Postman API key that wins over every integration's reference.</summary>
    public SecretValue? PostmanApiKey { get; set; }

    /// <summary>GitHub transport settings.</summary>
    public GitHubConnectionOptions GitHubOptions { get; set; } = new();

    /// <summary>Postman transport settings.</summary>
    public HttpApiOptions PostmanOptions { get; set; } = new();

    /// <summary>Commit limits.</summary>
    public CommitterOptions CommitterOptions { get; set; } = new();

    /// <summary>Asks whether to commit (target, action); the cmdlets ask ShouldProcess on the pipeline thread.</summary>
    public Func<string, string, Task<bool>> ShouldProcess { get; set; } = (_, _) => Task.FromResult(true);

    /// <summary>Receives progress, or null.</summary>
    public Action<BackupProgress>? Progress { get; set; }

    /// <summary>
    /// Where each run makes its folder of temporary files (downloads, prepared files waiting for the commit); null: the
    /// system's temporary folder. The run's folder is deleted when the run ends, also after a failure or Ctrl+C.
    /// </summary>
    public string? TemporaryRoot { get; set; }

    /// <summary>
    /// How many bytes of small prepared files (each at most 64 KiB) a run keeps in memory until its commit, all together;
    /// the others wait in the run's temporary folder, so a workspace of many small collections holds no more than this.
    /// </summary>
    internal long PreparedInMemoryBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>Bounds the collections downloaded from Postman and normalized at once (each download and the pass over it hold one place).</summary>
    public SemaphoreSlim FetchGate { get; } = new(4, 4);

    /// <summary>GitHub requests sent so far in this session.</summary>
    public int GitHubRequestCount { get { lock (_gitHub) return _gitHub.Values.Sum(c => c.RequestCount + (c.App?.RequestCount ?? 0)); } }

    /// <summary>The connection for an integration's server and token.</summary>
    public async Task<GitHubConnection> GitHubConnectionAsync(Integration integration, CancellationToken cancellationToken)
    {
        var endpoint = GitHubEndpoint.Parse(integration.Server);
        var app = GitHubToken is null ? integration.App : null;
        var key = endpoint.ApiRoot.AbsoluteUri + "|" + (GitHubToken is not null ? "(given)"
            : app is not null ? $"app:{app.Id}|{ReferenceKey(integration, app.PrivateKey)}|{app.Installation}" : integration.Token);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_gitHub.TryGetValue(key, out var existing))
            {
                existing.App?.AddRepository(RepositoryName.Parse(integration.Repository));
                return existing;
            }
            GitHubConnection connection;
            if (app is not null)
            {
                var privateKey = await ResolveAsync(integration, app.PrivateKey, "privateKey", cancellationToken).ConfigureAwait(false);
                var credential = new GitHubAppCredential(endpoint, app.Id, privateKey, app.Installation, GitHubOptions, Log);
                lock (_apps) _apps.Add(credential);
                credential.AddRepository(RepositoryName.Parse(integration.Repository));
                connection = GitHubConnection.ForApp(endpoint, credential, GitHubOptions, Log);
            }
            else
            {
                var token = GitHubToken ?? await ResolveAsync(integration, integration.Token, "token", cancellationToken).ConfigureAwait(false);
                connection = new GitHubConnection(endpoint, token, GitHubOptions, Log);
            }
            lock (_gitHub) _gitHub[key] = connection;
            return connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The Postman client for an integration's server and API key.</summary>
    public async Task<PostmanClient> PostmanClientAsync(Integration integration, CancellationToken cancellationToken)
    {
        var key = integration.PostmanServer + "|" + (PostmanApiKey is null ? integration.PostmanApiKey : "(given)");
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_postman.TryGetValue(key, out var existing)) return existing;
            var apiKey = PostmanApiKey ?? await ResolveAsync(integration, integration.PostmanApiKey, "apiKey", cancellationToken).ConfigureAwait(false);
            var client = new PostmanClient(new PostmanConnection(new Uri(integration.PostmanServer), apiKey, PostmanOptions, Log));
            lock (_postman) _postman[key] = client;
            return client;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A workspace's collection listing, fetched once per session.</summary>
    public Task<IReadOnlyList<PostmanCollectionSummary>> CollectionsOfAsync(PostmanClient client, string workspaceId, CancellationToken cancellationToken)
    {
        lock (_collections)
        {
            var key = client.Connection.ApiRoot.AbsoluteUri + "|" + workspaceId;
            if (!_collections.TryGetValue(key, out var task))
            {
                task = client.ListCollectionsAsync(workspaceId, cancellationToken);
                _collections[key] = task;
            }
            return task;
        }
    }

    private static string ReferenceKey(Integration integration, string reference) =>
        reference.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? reference + "@" + Path.GetDirectoryName(integration.DefinitionFile) : reference;

    private async Task<SecretValue> ResolveAsync(Integration integration, string reference, string key, CancellationToken cancellationToken)
    {
        var parsed = SecretReference.TryParse(reference)
            ?? throw new SyncException(SyncErrorId.SecretNotFound, SyncErrorCategory.InvalidData, $"'{integration.Name}': '{key}' is not a secret reference ('{reference}').", integration.Name);
        var directory = Path.GetDirectoryName(integration.DefinitionFile);
        var secret = await parsed.ResolveAsync(string.IsNullOrEmpty(directory) ? Directory.GetCurrentDirectory() : directory!, Vault, cancellationToken).ConfigureAwait(false);
        lock (_secrets) _secrets.Add(secret);
        return secret;
    }

    /// <summary>Closes the connections and clears the secrets from memory.</summary>
    public void Dispose()
    {
        foreach (var connection in _gitHub.Values) connection.Dispose();
        foreach (var client in _postman.Values) client.Connection.Dispose();
        foreach (var secret in _secrets) secret.Dispose();
        foreach (var app in _apps) app.Dispose();
        _gate.Dispose();
        FetchGate.Dispose();
    }
}
