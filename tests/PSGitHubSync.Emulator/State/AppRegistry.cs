using System.Security.Cryptography;

namespace PSGitHubSync.Emulator.State;

/// <summary>A configured GitHub App with its public key.</summary>
internal sealed class AppState
{
    public AppState(EmulatorApp app, RSA publicKey)
    {
        Id = app.Id;
        ClientId = string.IsNullOrWhiteSpace(app.ClientId) ? null : app.ClientId.Trim();
        Slug = string.IsNullOrWhiteSpace(app.Slug) ? "app-" + app.Id : app.Slug.Trim();
        PublicKey = publicKey;
    }

    public long Id { get; }

    public string? ClientId { get; }

    public string Slug { get; }

    public RSA PublicKey { get; }
}

/// <summary>An app installed on an account.</summary>
internal sealed class InstallationState
{
    public InstallationState(EmulatorInstallation installation, AppState app, Account account)
    {
        Id = installation.Id;
        App = app;
        Account = account;
        Repositories = installation.Repositories is null ? null : new HashSet<string>(installation.Repositories, StringComparer.OrdinalIgnoreCase);
        Permissions = new Dictionary<string, string>(installation.Permissions, StringComparer.Ordinal);
        TokenLifetime = TimeSpan.FromSeconds(installation.TokenLifetimeSeconds > 0 ? installation.TokenLifetimeSeconds : 3600);
    }

    public long Id { get; }

    public AppState App { get; }

    public Account Account { get; }

    /// <summary>Null: all of the account's repositories.</summary>
    public HashSet<string>? Repositories { get; }

    public Dictionary<string, string> Permissions { get; }

    public TimeSpan TokenLifetime { get; }

    public bool Covers(RepositoryState repository) =>
        string.Equals(repository.Owner.Login, Account.Login, StringComparison.OrdinalIgnoreCase)
        && (Repositories is null || Repositories.Contains(repository.Name));
}

/// <summary>The configured apps and installations.</summary>
internal sealed class AppRegistry
{
    private readonly Dictionary<long, AppState> _apps = new();
    private readonly Dictionary<long, InstallationState> _installations = new();

    public AppRegistry(EmulatorConfig config, Func<string, Account> account)
    {
        foreach (var app in config.Apps)
        {
            if (app.Id <= 0) throw new ArgumentException("A configured app has no id.");
            var rsa = RSA.Create();
            try
            {
                rsa.ImportFromPem(app.PublicKey);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"App {app.Id}: the public key is not PEM ({ex.Message}).");
            }
            if (!_apps.TryAdd(app.Id, new AppState(app, rsa))) throw new ArgumentException($"App {app.Id} is configured twice.");
        }

        foreach (var installation in config.Installations)
        {
            if (!_apps.TryGetValue(installation.AppId, out var app)) throw new ArgumentException($"Installation {installation.Id}: app {installation.AppId} is not configured.");
            if (!_installations.TryAdd(installation.Id, new InstallationState(installation, app, account(installation.Account))))
                throw new ArgumentException($"Installation {installation.Id} is configured twice.");
        }
    }

    /// <summary>The app a JWT's issuer names (its id or client id).</summary>
    public AppState? FindApp(string issuer) =>
        long.TryParse(issuer, out var id) ? _apps.GetValueOrDefault(id) : _apps.Values.FirstOrDefault(a => a.ClientId == issuer);

    public InstallationState? FindInstallation(long id) => _installations.GetValueOrDefault(id);

    /// <summary>The installation of <paramref name="app"/> that reaches <paramref name="repository"/>.</summary>
    public InstallationState? InstallationFor(AppState app, RepositoryState repository) =>
        _installations.Values.FirstOrDefault(i => i.App == app && i.Covers(repository));
}
