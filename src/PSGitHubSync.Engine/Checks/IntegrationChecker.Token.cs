using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Security;
using PSGitHubSync.Engine.Tokens;

namespace PSGitHubSync.Engine.Checks;

/// <summary>The Token and Scopes checks, and the secrets they resolve.</summary>
public sealed partial class IntegrationChecker
{
    // ---- 3. Token ------------------------------------------------------------------------------------

    private sealed class TokenStage
    {
        public TokenStage(Finding finding, GitHubConnection? connection = null, TokenInfo? info = null, string source = "")
        {
            Finding = finding;
            Connection = connection;
            Info = info;
            Source = source;
        }

        public Finding Finding { get; }

        public GitHubConnection? Connection { get; }

        public TokenInfo? Info { get; }

        /// <summary>Where the token came from, in words.</summary>
        public string Source { get; }

        public bool HasScopes => Info is not null && Info.TokenType is GitHubTokenKind.Classic or GitHubTokenKind.OAuth;
    }

    private Task<TokenStage> TokenAsync(Integration integration, GitHubEndpoint endpoint, CancellationToken cancellationToken)
    {
        var app = _session.GitHubToken is null ? integration.App : null;
        var key = endpoint.ApiRoot.AbsoluteUri + "|" + (_session.GitHubToken is not null ? "(given)"
            : app is not null ? $"app:{app.Id}|{ReferenceKey(integration, app.PrivateKey)}|{app.Installation}|{integration.Repository.ToLowerInvariant()}" : ReferenceKey(integration, integration.Token));
        lock (_tokens)
        {
            if (!_tokens.TryGetValue(key, out var stage))
            {
                stage = app is not null ? CheckAppAsync(integration, app, endpoint, cancellationToken) : CheckTokenAsync(integration, endpoint, cancellationToken);
                _tokens[key] = stage;
            }
            return stage;
        }
    }

    private static string ReferenceKey(Integration integration, string reference) =>
        reference.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? reference + "@" + Path.GetDirectoryName(integration.DefinitionFile) : reference;

    private async Task<TokenStage> CheckTokenAsync(Integration integration, GitHubEndpoint endpoint, CancellationToken cancellationToken)
    {
        var source = _session.GitHubToken is null ? $"from {integration.Token}" : "passed with -Token or -Credential";
        SecretValue token;
        if (_session.GitHubToken is { } given)
        {
            token = given;
        }
        else
        {
            var resolved = await ResolveSecretAsync(integration, integration.Token, "token", cancellationToken).ConfigureAwait(false);
            if (resolved.Failure is not null) return new TokenStage(resolved.Failure, source: source);
            token = resolved.Secret!;
        }

        GitHubConnection connection;
        try
        {
            connection = new GitHubConnection(endpoint, token, _session.GitHubOptions, _log);
        }
        catch (SyncException ex) when (ex.ErrorId == SecurityErrorIds.SecretInvalid)
        {
            var where = _session.GitHubToken is null ? $"where {integration.Token} points" : "that -Token or -Credential passes";
            return new TokenStage(Finding.FromError(ex, $"Store the token {where} again as a single line: a copy and paste can bring a line break or an escape sequence with it."), source: source);
        }
        lock (_owned) _owned.Add(connection);
        var tokenPage = new Uri(endpoint.Server, "settings/tokens").AbsoluteUri;
        TokenInfo info;
        try
        {
            var request = new TokenCheckRequest(endpoint, token, Array.Empty<string>()) { ConnectionOptions = _session.GitHubOptions };
            info = await new TokenVerifier(_log).VerifyAsync(connection, request, cancellationToken).ConfigureAwait(false);
        }
        catch (SyncException ex) when (ex.ErrorId == SyncErrorId.TokenInvalid)
        {
            return new TokenStage(Finding.Fail(ex.ErrorId, ex.Category,
                $"{endpoint.Server} refused the token {source} (401 Bad credentials): it is wrong, expired or revoked, or it was issued by another server.",
                $"Create a new token ({tokenPage}) with what this integration needs ({Needs(integration)}) and store it where {StoreAdvice(integration)}.", ex), source: source);
        }
        catch (SyncException ex)
        {
            return new TokenStage(ServerDiagnosis.Unreachable(ex, endpoint, _session.GitHubOptions.Proxy), source: source);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return new TokenStage(Unreadable("the token check", ex), source: source);
        }

        var detail = info.Login is null
            ? $"Accepted: {KindText(info.TokenType)} of a GitHub App installation (no user), {source}"
            : $"Accepted: {KindText(info.TokenType)} of {info.Login}, {source}";
        if (info.ExpiresAt is not { } expires)
        {
            return new TokenStage(Finding.Pass(detail + (info.TokenType == GitHubTokenKind.App ? "." : "; it does not expire.")), connection, info, source);
        }

        var left = expires - DateTimeOffset.UtcNow;
        var date = expires.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        if (left <= TimeSpan.Zero)
        {
            return new TokenStage(Finding.Fail(SyncErrorId.TokenInvalid, SyncErrorCategory.AuthenticationError,
                $"{detail}, but it expired on {date}.",
                $"Regenerate the token ({tokenPage}) and store the new one where {StoreAdvice(integration)}."), source: source);
        }
        if (left <= TokenVerifier.ExpiryWarning && info.TokenType != GitHubTokenKind.App)
        {
            var days = Math.Max(0, (int)Math.Floor(left.TotalDays));
            return new TokenStage(Finding.Warn($"{detail}; it expires on {date}, in {(days == 0 ? "less than a day" : days == 1 ? "1 day" : days + " days")}.",
                $"Renew it before then: regenerate the token ({tokenPage}), or create a new one with the same access, and store it where {StoreAdvice(integration)}. Runs fail with TokenInvalid once it has expired."),
                connection, info, source);
        }
        return new TokenStage(Finding.Pass($"{detail}; it expires on {date}."), connection, info, source);
    }

    private string StoreAdvice(Integration integration)
    {
        if (_session.GitHubToken is not null) return "the command gets it from (-Token or -Credential)";
        var reference = SecretReference.TryParse(integration.Token);
        return reference?.Kind switch
        {
            "env" => $"{integration.Token} points (the environment variable {reference.Name} of the account that runs this)",
            "file" => $"{integration.Token} points (the file's only content)",
            "secret" => $"{integration.Token} points (Set-Secret -Name {reference.Name}{(reference.Vault is null ? string.Empty : " -Vault " + reference.Vault)})",
            _ => "the integration's 'github: token' reference points",
        };
    }

    private static string Needs(Integration integration) => IsSchemaSync(integration)
        ? "classic tokens: the 'repo' scope; fine-grained tokens: Contents read and write on " + integration.Repository
        : "classic tokens: the 'repo' and 'user' scopes; fine-grained tokens: Contents read and write on " + integration.Repository;

    private static string KindText(GitHubTokenKind kind) => kind switch
    {
        GitHubTokenKind.Classic => "classic personal access token",
        GitHubTokenKind.FineGrained => "fine-grained personal access token",
        GitHubTokenKind.App => "GitHub App token",
        GitHubTokenKind.OAuth => "OAuth app token",
        _ => "token of unknown kind",
    };

    private static bool IsSchemaSync(Integration integration) =>
        string.Equals(integration.Type, Integration.SchemaSync, StringComparison.OrdinalIgnoreCase);

    private static TokenPurpose Purpose(Integration integration) => IsSchemaSync(integration) ? TokenPurpose.SchemaSync : TokenPurpose.Backup;

    private sealed class ResolvedSecret
    {
        public ResolvedSecret(SecretValue? secret, Finding? failure)
        {
            Secret = secret;
            Failure = failure;
        }

        public SecretValue? Secret { get; }

        public Finding? Failure { get; }
    }

    private async Task<ResolvedSecret> ResolveSecretAsync(Integration integration, string referenceText, string what, CancellationToken cancellationToken)
    {
        var reference = SecretReference.TryParse(referenceText);
        if (reference is null)
        {
            return new ResolvedSecret(null, Finding.Fail(SyncErrorId.SecretNotFound, SyncErrorCategory.InvalidData,
                $"The {what} is not given as a secret reference.", "Write env:NAME, file:PATH or secret:NAME in the definitions file."));
        }
        var directory = Path.GetDirectoryName(integration.DefinitionFile);
        try
        {
            var secret = await reference.ResolveAsync(string.IsNullOrEmpty(directory) ? Directory.GetCurrentDirectory() : directory!, _session.Vault, cancellationToken).ConfigureAwait(false);
            lock (_owned) _owned.Add(secret);
            return new ResolvedSecret(secret, null);
        }
        catch (SyncException ex)
        {
            var fix = reference.Kind switch
            {
                "env" => $"Set the environment variable {reference.Name} to the {what} for the account that runs this (in a scheduled task: the task's account; in CI: a secret variable mapped to {reference.Name}), or pass the {what} to the command.",
                "file" => $"Create the file with the {what} as its only content, readable only by the account that runs this, or change the reference.",
                _ => ex.ErrorId == SyncErrorId.SecretManagementUnavailable
                    ? "Install Microsoft.PowerShell.SecretManagement and a vault (Install-PSResource Microsoft.PowerShell.SecretManagement, Microsoft.PowerShell.SecretStore; Register-SecretVault), or use an env: or file: reference."
                    : $"Store it: Set-Secret -Name {reference.Name}{(reference.Vault is null ? string.Empty : " -Vault " + reference.Vault)} -Secret (Read-Host -AsSecureString), or change the reference.",
            };
            return new ResolvedSecret(null, Finding.Fail(ex.ErrorId == SyncErrorId.SecretNotFound ? (what == "token" ? SyncErrorId.TokenMissing : SyncErrorId.SecretNotFound) : ex.ErrorId,
                ex.Category == SyncErrorCategory.NotSpecified ? SyncErrorCategory.ObjectNotFound : ex.Category,
                $"The {what} reference {referenceText} does not resolve: {ex.Message}", fix, ex));
        }
        catch (IOException ex)
        {
            return new ResolvedSecret(null, Finding.Fail(SyncErrorId.SecretNotFound, SyncErrorCategory.InvalidData, $"The {what} reference {referenceText} could not be read: {ex.Message}",
                "Make the file readable by the account that runs this, or change the reference.", ex));
        }
        catch (UnauthorizedAccessException ex)
        {
            return new ResolvedSecret(null, Finding.Fail(SyncErrorId.SecretNotFound, SyncErrorCategory.PermissionDenied, $"The {what} reference {referenceText} could not be read: {ex.Message}",
                "Make the file readable by the account that runs this, or change the reference.", ex));
        }
    }

    // ---- 4. Scopes -----------------------------------------------------------------------------------

    private static Finding CheckScopes(Integration integration, GitHubEndpoint endpoint, TokenStage token)
    {
        var info = token.Info!;
        if (!token.HasScopes)
        {
            return Finding.Skip(info.TokenType == GitHubTokenKind.App
                ? "GitHub App tokens have no OAuth scopes; the Permission check below tests the installation's own repository permissions instead."
                : "Fine-grained tokens have no OAuth scopes; the Permission check below tests this token's own repository permissions instead.");
        }

        var purpose = Purpose(integration);
        var required = ScopeRequirements.For(purpose);
        var missing = ScopeRequirements.Missing(required, info.Scopes);
        var what = purpose == TokenPurpose.SchemaSync ? "a schema sync" : "a backup";
        var has = info.Scopes.Count == 0 ? "no scopes" : "the scopes " + string.Join(", ", info.Scopes);
        if (missing.Count == 0) return Finding.Pass($"The token has {has}; {what} needs {string.Join(" and ", required)}.");

        var tokenPage = new Uri(endpoint.Server, "settings/tokens").AbsoluteUri;
        var missingText = string.Join(" and ", missing.Select(s => "'" + s + "'"));
        var fix = info.TokenType == GitHubTokenKind.OAuth
            ? $"An OAuth app token gets its scopes when the app is authorized: authorize it again asking for {missingText}, or use a classic personal access token with {string.Join(" and ", required)}."
            : $"Edit the token at {tokenPage} (Settings > Developer settings > Personal access tokens > Tokens (classic)), tick {missingText} and save; the token's value stays the same.";
        return Finding.Fail(SyncErrorId.MissingTokenScope, SyncErrorCategory.PermissionDenied,
            $"The token has {has}; {what} needs {string.Join(" and ", required)}, so {missingText} {(missing.Count == 1 ? "is" : "are")} missing.", fix);
    }
}
