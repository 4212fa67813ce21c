namespace PSGitHubSync.Emulator.State;

/// <summary>
/// The emulator's world: accounts, repositories and tokens, built once from an <see cref="EmulatorConfig"/>.
/// Lookups are case-insensitive like GitHub's. Anything that changes state later (pushes, refs) must lock
/// <see cref="SyncRoot"/>.
/// </summary>
internal sealed class EmulatorState
{
    /// <summary>The creation time of every configured account and repository (deterministic output).</summary>
    public static readonly DateTimeOffset Epoch = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private const long FirstSynthesizedAccountId = 1000;
    private const long FirstRepositoryId = 100000;

    private readonly Dictionary<string, Account> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, RepositoryState> _repositories = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, TokenState> _tokens = new(StringComparer.Ordinal);
    private readonly HashSet<long> _accountIds = new();
    private readonly HashSet<string> _userLogins = new(StringComparer.OrdinalIgnoreCase);
    private long _nextAccountId = FirstSynthesizedAccountId;

    public EmulatorState(EmulatorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        EnterpriseVersion = string.IsNullOrWhiteSpace(config.EnterpriseVersion) ? null : config.EnterpriseVersion.Trim();
        AnonymousRateLimit = config.AnonymousRateLimit > 0 ? config.AnonymousRateLimit : 60;
        Limits = config.GitHubLimits ?? new GitHubLimits();

        // Reserve the configured ids first, so that assigned ids never collide with them.
        foreach (var user in config.Users.Where(u => u.Id > 0))
        {
            if (!_accountIds.Add(user.Id))
            {
                throw new ArgumentException($"User '{user.Login}': id {user.Id} is used twice.");
            }
        }

        foreach (var user in config.Users)
        {
            AddConfiguredAccount(user);
        }

        // Logins that act (token owners, collaborators) are users; any other unconfigured
        // repository owner is synthesised as an organisation.
        foreach (var token in config.Tokens)
        {
            if (!string.IsNullOrWhiteSpace(token.Login))
            {
                _userLogins.Add(token.Login);
            }
        }

        foreach (var repository in config.Repositories)
        {
            _userLogins.UnionWith(repository.Collaborators.Keys);
        }

        long repositoryId = FirstRepositoryId;
        foreach (var repository in config.Repositories)
        {
            AddRepository(repository, repositoryId++);
        }

        foreach (var token in config.Tokens)
        {
            AddToken(token);
        }

        Apps = new AppRegistry(config, login => GetOrSynthesize(login, asOrganization: !_userLogins.Contains(login)));
    }

    /// <summary>The configured GitHub Apps and their installations.</summary>
    public AppRegistry Apps { get; }

    /// <summary>Adds an installation token issued at run time.</summary>
    public void AddIssuedToken(TokenState token)
    {
        lock (_tokens)
        {
            _tokens.Add(token.Value, token);
            _issued.Add(token.Value);
        }
    }

    /// <summary>The installation tokens issued so far (for tests that check no output shows them).</summary>
    public IReadOnlyList<string> IssuedTokens
    {
        get
        {
            lock (_tokens)
            {
                return _issued.ToArray();
            }
        }
    }

    private readonly List<string> _issued = new();

    public object SyncRoot { get; } = new();

    public string? EnterpriseVersion { get; }

    public int AnonymousRateLimit { get; }

    public GitHubLimits Limits { get; }

    public IEnumerable<RepositoryState> Repositories => _repositories.Values;

    public Account? FindAccount(string login) => _accounts.GetValueOrDefault(login);

    /// <summary>The account whose email (or GitHub no-reply address "ID+login@users.noreply.github.com") this is.</summary>
    public Account? FindAccountByEmail(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return null;
        }

        return _accounts.Values.FirstOrDefault(a =>
            string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase)
            || string.Equals(NoReplyEmail(a), email, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>GitHub's no-reply address of an account.</summary>
    public static string NoReplyEmail(Account account) =>
        account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "+" + account.Login + "@users.noreply.github.com";

    public RepositoryState? FindRepository(string owner, string name) => _repositories.GetValueOrDefault(owner + "/" + name);

    public TokenState? FindToken(string value)
    {
        lock (_tokens)
        {
            return _tokens.GetValueOrDefault(value);
        }
    }

    public IReadOnlyList<RepositoryState> RepositoriesOwnedBy(Account owner) =>
        _repositories.Values.Where(r => ReferenceEquals(r.Owner, owner)).ToArray();

    private void AddConfiguredAccount(EmulatorUser user)
    {
        if (string.IsNullOrWhiteSpace(user.Login))
        {
            throw new ArgumentException("A configured user has no login.");
        }

        if (_accounts.ContainsKey(user.Login))
        {
            throw new ArgumentException($"User '{user.Login}' is configured twice.");
        }

        bool isOrganization = user.Type switch
        {
            null or "" or "User" => false,
            "Organization" => true,
            _ => throw new ArgumentException($"User '{user.Login}': type must be 'User' or 'Organization', not '{user.Type}'."),
        };

        long id = user.Id > 0 ? user.Id : NextFreeAccountId();

        _accounts.Add(user.Login, new Account(user.Login, id, user.Name, user.Email, isOrganization, Epoch));
    }

    /// <summary>An owner or token user that is not configured: a user for tokens, an organisation for repository owners.</summary>
    private Account GetOrSynthesize(string login, bool asOrganization)
    {
        if (_accounts.TryGetValue(login, out var existing))
        {
            return existing;
        }

        var account = new Account(login, NextFreeAccountId(), name: null, email: null, asOrganization, Epoch);
        _accounts.Add(login, account);
        return account;
    }

    private long NextFreeAccountId()
    {
        while (!_accountIds.Add(_nextAccountId))
        {
            _nextAccountId++;
        }

        return _nextAccountId++;
    }

    private void AddRepository(EmulatorRepository repository, long id)
    {
        if (string.IsNullOrWhiteSpace(repository.Owner) || string.IsNullOrWhiteSpace(repository.Name))
        {
            throw new ArgumentException("A configured repository has no owner or name.");
        }

        string fullName = repository.Owner + "/" + repository.Name;
        if (_repositories.ContainsKey(fullName))
        {
            throw new ArgumentException($"Repository '{fullName}' is configured twice.");
        }

        var collaborators = new Dictionary<string, RepositoryRole>(StringComparer.OrdinalIgnoreCase);
        foreach (var (login, role) in repository.Collaborators)
        {
            collaborators[login] = RoleNames.ParseRole(role, $"Repository '{fullName}', collaborator '{login}'");
        }

        var owner = GetOrSynthesize(repository.Owner, asOrganization: !_userLogins.Contains(repository.Owner));
        foreach (var login in collaborators.Keys)
        {
            GetOrSynthesize(login, asOrganization: false);
        }

        string defaultBranch = string.IsNullOrWhiteSpace(repository.DefaultBranch) ? "main" : repository.DefaultBranch;
        _repositories.Add(fullName, new RepositoryState(
            id, owner, repository.Name, repository.Private, repository.Archived, defaultBranch, repository.Description, collaborators, Epoch)
        {
            Git = Git.GitRepository.Create(repository, defaultBranch),
        });
    }

    private void AddToken(EmulatorToken token)
    {
        if (string.IsNullOrWhiteSpace(token.Value))
        {
            throw new ArgumentException("A configured token has no value.");
        }

        string display = Redact(token.Value);
        if (_tokens.ContainsKey(token.Value))
        {
            throw new ArgumentException($"Token '{display}' is configured twice.");
        }

        var kind = ParseKind(token, display);
        Account? user = null;
        if (kind != TokenKind.App)
        {
            if (string.IsNullOrWhiteSpace(token.Login))
            {
                throw new ArgumentException($"Token '{display}' ({token.Type}) has no login.");
            }

            user = GetOrSynthesize(token.Login, asOrganization: false);
            if (user.IsOrganization)
            {
                throw new ArgumentException($"Token '{display}' belongs to '{token.Login}', which is an organisation.");
            }
        }

        var grants = new Dictionary<string, TokenAccess>(StringComparer.OrdinalIgnoreCase);
        foreach (var (repository, access) in token.RepositoryPermissions)
        {
            grants[repository] = RoleNames.ParseAccess(access, $"Token '{display}', repository '{repository}'");
        }

        var scopes = token.Scopes
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Select(s => s.Trim())
            .Distinct(StringComparer.Ordinal)
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToArray();

        _tokens.Add(token.Value, new TokenState(token.Value, kind, user, scopes, token.ExpiresAt, grants, token.RateLimit is > 0 ? token.RateLimit.Value : 5000));
    }

    private static TokenKind ParseKind(EmulatorToken token, string display)
    {
        string type = token.Type?.Trim().ToLowerInvariant() ?? "";
        if (type.Length == 0)
        {
            type = token.Value switch
            {
                var v when v.StartsWith("github_pat_", StringComparison.Ordinal) => EmulatorToken.FineGrained,
                var v when v.StartsWith("gho_", StringComparison.Ordinal) => EmulatorToken.OAuth,
                var v when v.StartsWith("ghs_", StringComparison.Ordinal) => EmulatorToken.App,
                _ => EmulatorToken.Classic,
            };
        }

        return type switch
        {
            EmulatorToken.Classic => TokenKind.Classic,
            EmulatorToken.FineGrained or "finegrained" or "fine_grained" => TokenKind.FineGrained,
            EmulatorToken.OAuth => TokenKind.OAuth,
            EmulatorToken.App or "installation" => TokenKind.App,
            _ => throw new ArgumentException($"Token '{display}': unknown type '{token.Type}' (classic, fine-grained, oauth or app)."),
        };
    }

    /// <summary>Tokens never appear whole in an error message.</summary>
    internal static string Redact(string token) => token.Length <= 8 ? "***" : token[..4] + "***";
}
