using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Definitions;
using PSGitHubSync.Engine.Diagnostics;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Security;

namespace PSGitHubSync.Engine.Checks;

/// <summary>
/// The troubleshooting checklist as code (<c>Test-BackupIntegration</c>): for each integration, in
/// order, Definition, Server, Token, Scopes, Repository, Branch, Permission and Source, each with what
/// was found and, when something is wrong, what to do. A check that an earlier one makes meaningless
/// is Skipped with the reason. Nothing is written to any branch: write access is proven with
/// <c>permissions.push</c> and the token's scopes, or — for fine-grained and app tokens — by storing an
/// unreferenced blob whose content the repository already holds.
/// </summary>
/// <remarks>
/// Uses the <see cref="BackupSession"/> for secret resolution (its vault and <c>-Token</c>/<c>-PostmanApiKey</c>
/// overrides), transport settings and Postman clients; servers and tokens shared by several integrations are
/// checked once. Dispose it after the run (the session stays the caller's).
/// </remarks>
public sealed partial class IntegrationChecker : IDisposable
{
    private const string DefinitionProblemsReason = "The integration's definition has problems (see the Definition check), and nothing runs from it.";

    private readonly BackupSession _session;
    private readonly IEngineLog _log;
    private readonly Dictionary<string, Task<ServerStage>> _servers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<TokenStage>> _tokens = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _owned = new();

    /// <summary>Creates the checker over <paramref name="session"/>.</summary>
    public IntegrationChecker(BackupSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _log = session.Log;
    }

    /// <summary>Receives progress (one call before each check), or null.</summary>
    public Action<CheckProgress>? Progress { get; set; }

    /// <summary>
    /// Checks each integration in turn and returns every check of every integration, in order.
    /// <paramref name="checkedOne"/>, when given, receives each integration's checks as soon as they are done
    /// (and is awaited, so that the caller can write them while the next integration is checked).
    /// </summary>
    public async Task<IReadOnlyList<IntegrationCheckOutcome>> CheckAsync(IReadOnlyList<Integration> integrations,
        Func<IReadOnlyList<IntegrationCheckOutcome>, Task>? checkedOne, CancellationToken cancellationToken)
    {
        if (integrations is null) throw new ArgumentNullException(nameof(integrations));
        var all = new List<IntegrationCheckOutcome>();
        var total = integrations.Count * IntegrationCheckName.InOrder.Count;
        for (var i = 0; i < integrations.Count; i++)
        {
            var outcomes = await CheckOneAsync(integrations[i], i * IntegrationCheckName.InOrder.Count, total, cancellationToken).ConfigureAwait(false);
            all.AddRange(outcomes);
            if (checkedOne is not null) await checkedOne(outcomes).ConfigureAwait(false);
        }
        return all;
    }

    /// <summary>Checks one integration.</summary>
    public Task<IReadOnlyList<IntegrationCheckOutcome>> CheckAsync(Integration integration, CancellationToken cancellationToken) =>
        CheckOneAsync(integration ?? throw new ArgumentNullException(nameof(integration)), 0, IntegrationCheckName.InOrder.Count, cancellationToken);

    /// <summary>
    /// The checks of integrations whose definitions file could not be loaded (missing, or with problems):
    /// Definition Failed with every problem as <c>file:line:column</c>, and the other checks Skipped.
    /// <paramref name="names"/> are the integrations to report (as far as they can be read from the file).
    /// </summary>
    public static IReadOnlyList<IntegrationCheckOutcome> ForUnloadableFile(SyncException error, string file, IReadOnlyList<string> names)
    {
        if (error is null) throw new ArgumentNullException(nameof(error));
        Finding definition;
        if (error is DefinitionFileException invalid)
        {
            var count = invalid.Problems.Count == 1 ? "1 problem" : invalid.Problems.Count + " problems";
            definition = Finding.Fail(error.ErrorId, error.Category,
                $"The definitions file {file} has {count}, and nothing runs from a file with problems:" + Environment.NewLine
                + string.Join(Environment.NewLine, invalid.Problems.Select(p => "  " + p)),
                $"Correct each problem at the file, line and column shown (the message says what to write instead), then run Test-BackupIntegration again. Get-BackupIntegration -Path '{file}' lists the same problems.",
                error);
        }
        else if (error.ErrorId == SyncErrorId.DefinitionFileNotFound)
        {
            definition = Finding.Fail(error.ErrorId, error.Category, $"The definitions file {file} does not exist.",
                "Pass -Path with the file's location (relative paths start at the current location), or create the file with New-BackupIntegration.", error);
        }
        else
        {
            definition = Finding.FromError(error, $"Check that {file} is the definitions file and can be read, then run again.");
        }

        var outcomes = new List<IntegrationCheckOutcome>();
        foreach (var name in names)
        {
            var run = new Run(name, file, null);
            run.Add(IntegrationCheckName.Definition, definition);
            foreach (var check in IntegrationCheckName.InOrder.Skip(1)) run.Add(check, Finding.Skip(DefinitionProblemsReason));
            outcomes.AddRange(run.Outcomes);
        }
        return outcomes;
    }

    /// <summary>
    /// The one-line summary of one integration's checks: a copy of the first failed check (else of the first
    /// warning), or an <c>All</c> line when every check passed or was skipped; its <c>Checks</c> holds them all.
    /// </summary>
    public static IntegrationCheck Summarize(IReadOnlyList<IntegrationCheck> checks)
    {
        if (checks is null || checks.Count == 0) throw new ArgumentException("There are no checks to summarize.", nameof(checks));
        var first = checks.FirstOrDefault(c => c.Status == CheckStatus.Failed) ?? checks.FirstOrDefault(c => c.Status == CheckStatus.Warning);
        if (first is not null)
        {
            return new IntegrationCheck
            {
                Integration = first.Integration,
                Check = first.Check,
                Status = first.Status,
                Detail = first.Detail,
                Fix = first.Fix,
                ErrorId = first.ErrorId,
                DefinitionFile = first.DefinitionFile,
                Checks = checks.ToArray(),
            };
        }
        var skipped = checks.Where(c => c.Status == CheckStatus.Skipped).Select(c => c.Check).ToArray();
        var passed = checks.Count - skipped.Length;
        return new IntegrationCheck
        {
            Integration = checks[0].Integration,
            Check = IntegrationCheckName.All,
            Status = CheckStatus.Passed,
            Detail = skipped.Length == 0
                ? $"All {passed} checks passed."
                : $"All {passed} checks that apply passed ({string.Join(", ", skipped)}: not applicable; see -Detailed).",
            DefinitionFile = checks[0].DefinitionFile,
            Checks = checks.ToArray(),
        };
    }

    private async Task<IReadOnlyList<IntegrationCheckOutcome>> CheckOneAsync(Integration integration, int done, int total, CancellationToken cancellationToken)
    {
        var run = new Run(integration.Name, integration.DefinitionFile, integration);
        void Starting(string check) => Progress?.Invoke(new CheckProgress(integration.Name, check, done + run.Outcomes.Count, total));

        Starting(IntegrationCheckName.Definition);
        var definition = CheckDefinition(integration);
        run.Add(IntegrationCheckName.Definition, definition);
        if (definition.Status == CheckStatus.Failed)
        {
            foreach (var check in IntegrationCheckName.InOrder.Skip(1)) run.Add(check, Finding.Skip(DefinitionProblemsReason));
            return run.Outcomes;
        }

        Starting(IntegrationCheckName.Server);
        var server = await ServerAsync(integration.Server, cancellationToken).ConfigureAwait(false);
        run.Add(IntegrationCheckName.Server, server.Finding);
        if (!server.Finding.Usable)
        {
            const string reason = "The server did not answer as GitHub (see the Server check).";
            foreach (var check in new[] { IntegrationCheckName.Token, IntegrationCheckName.Scopes, IntegrationCheckName.Repository, IntegrationCheckName.Branch, IntegrationCheckName.Permission }) run.Add(check, Finding.Skip(reason));
        }
        else
        {
            Starting(IntegrationCheckName.Token);
            var token = await TokenAsync(integration, server.Endpoint!, cancellationToken).ConfigureAwait(false);
            run.Add(IntegrationCheckName.Token, token.Finding);
            if (!token.Finding.Usable)
            {
                const string reason = "The token could not be used (see the Token check).";
                foreach (var check in new[] { IntegrationCheckName.Scopes, IntegrationCheckName.Repository, IntegrationCheckName.Branch, IntegrationCheckName.Permission }) run.Add(check, Finding.Skip(reason));
            }
            else
            {
                Starting(IntegrationCheckName.Scopes);
                run.Add(IntegrationCheckName.Scopes, CheckScopes(integration, server.Endpoint!, token));
                await RepositoryChecksAsync(run, integration, server.Endpoint!, token, Starting, cancellationToken).ConfigureAwait(false);
            }
        }

        Starting(IntegrationCheckName.Source);
        run.Add(IntegrationCheckName.Source, await Guard(() => CheckSourceAsync(integration, cancellationToken), "the source").ConfigureAwait(false));
        return run.Outcomes;
    }

    // ---- 1. Definition -------------------------------------------------------------------------------

    private static Finding CheckDefinition(Integration integration)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(integration.Name)) problems.Add("it has no name");
        var backup = string.Equals(integration.Type, Integration.CollectionBackup, StringComparison.OrdinalIgnoreCase);
        var schema = string.Equals(integration.Type, Integration.SchemaSync, StringComparison.OrdinalIgnoreCase);
        if (!backup && !schema) problems.Add($"'type' is '{integration.Type}'; it must be {Integration.CollectionBackup} or {Integration.SchemaSync}");

        try
        {
            RepositoryName.Parse(integration.Repository);
        }
        catch (SyncException ex)
        {
            problems.Add(ex.Message);
        }

        if (integration.Branch is not null && DefinitionLoader.CheckBranchName(integration.Branch) is { } branchProblem) problems.Add(branchProblem);
        if (backup && integration.Directory is not null && DefinitionLoader.CheckRepositoryPath(integration.Directory, "directory") is { } directoryProblem) problems.Add(directoryProblem);
        if (backup && integration.FileName is not null && DefinitionLoader.CheckRepositoryPath(integration.FileName, "fileName") is { } fileProblem) problems.Add(fileProblem);
        if (schema && DefinitionLoader.CheckRepositoryPath(integration.SchemaPath ?? string.Empty, "path") is { } pathProblem) problems.Add(pathProblem);
        if (schema && string.IsNullOrWhiteSpace(integration.SchemaPath)) problems.Add("'path' (the schema's file or folder in the repository) is missing");

        if (integration.App is { } app)
        {
            if (!IsReference(app.PrivateKey)) problems.Add(ReferenceProblem("github: app: privateKey", app.PrivateKey));
        }
        else if (!IsReference(integration.Token))
        {
            problems.Add(ReferenceProblem("github: token", integration.Token));
        }

        var source = integration.Source;
        var usesPostman = source.File is null;
        if (backup && source.File is null && (string.IsNullOrWhiteSpace(source.Workspace) || string.IsNullOrWhiteSpace(source.Collection)))
        {
            problems.Add("'source' needs either 'file' or both 'workspace' and 'collection'");
        }
        if (schema && source.File is null && (string.IsNullOrWhiteSpace(source.PostmanWorkspace) || string.IsNullOrWhiteSpace(source.PostmanApi)))
        {
            problems.Add("'source' needs either 'file' or 'postman: { workspace, api }'");
        }
        if (usesPostman)
        {
            if (!IsReference(integration.PostmanApiKey)) problems.Add(ReferenceProblem("postman: apiKey", integration.PostmanApiKey));
            if (!Uri.TryCreate(integration.PostmanServer, UriKind.Absolute, out var postman)
                || !(postman.Scheme == Uri.UriSchemeHttps || (postman.Scheme == Uri.UriSchemeHttp && GitHubEndpoint.IsLoopback(postman))))
            {
                problems.Add($"'postman: server' must be an https address such as https://api.getpostman.com, not '{integration.PostmanServer}'");
            }
        }

        var where = string.IsNullOrEmpty(integration.DefinitionFile) ? "given as an object" : $"defined at {integration.Location}";
        if (problems.Count == 0) return Finding.Pass($"'{integration.Name}' ({integration.Type}, {where}) has no problems.");
        return Finding.Fail(SyncErrorId.DefinitionFileInvalid, SyncErrorCategory.InvalidData,
            $"'{integration.Name}' ({where}) cannot run:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)),
            string.IsNullOrEmpty(integration.DefinitionFile)
                ? "Correct these values on the object, or read the integration from its definitions file with Get-BackupIntegration."
                : $"Correct the integration in {integration.DefinitionFile} and read it again with Get-BackupIntegration (or run Test-BackupIntegration -Path '{integration.DefinitionFile}').");
    }

    private static bool IsReference(string? text) => SecretReference.TryParse(text) is not null;

    private static string ReferenceProblem(string key, string? value) =>
        SecretReference.LooksLikeLiteralSecret(value ?? string.Empty)
            ? $"'{key}' holds what looks like a literal secret; reference it instead: env:NAME, file:PATH or secret:NAME"
            : $"'{key}' is not a secret reference; write env:NAME, file:PATH or secret:NAME";

    // ---- 2. Server -----------------------------------------------------------------------------------

    private sealed class ServerStage
    {
        public ServerStage(GitHubEndpoint? endpoint, Finding finding)
        {
            Endpoint = endpoint;
            Finding = finding;
        }

        public GitHubEndpoint? Endpoint { get; }

        public Finding Finding { get; }
    }

    private Task<ServerStage> ServerAsync(string server, CancellationToken cancellationToken)
    {
        lock (_servers)
        {
            if (!_servers.TryGetValue(server, out var stage))
            {
                stage = CheckServerAsync(server, cancellationToken);
                _servers[server] = stage;
            }
            return stage;
        }
    }

    private async Task<ServerStage> CheckServerAsync(string server, CancellationToken cancellationToken)
    {
        GitHubEndpoint endpoint;
        try
        {
            endpoint = GitHubEndpoint.Parse(server);
        }
        catch (SyncException ex)
        {
            return new ServerStage(null, ServerDiagnosis.BadAddress(ex, server));
        }

        var proxy = _session.GitHubOptions.Proxy;
        var finding = await Guard(async () =>
        {
            // Anonymous on purpose: the token is sent only once the server has shown it is GitHub.
            using var anonymous = new GitHubConnection(endpoint, null, _session.GitHubOptions, _log);
            GitHubAnswer<string> meta;
            try
            {
                meta = await new GitHubServerClient(anonymous).ReadInstalledVersionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SyncException ex) when (ex.ErrorId == SyncErrorId.RateLimited)
            {
                return Finding.Pass($"GitHub answers at {endpoint.ApiRoot} (its anonymous rate limit is used up, so its version was not read).");
            }
            catch (SyncException ex)
            {
                return ServerDiagnosis.Unreachable(ex, endpoint, proxy);
            }
            if (!meta.LooksLikeGitHub) return ServerDiagnosis.NotGitHub(meta.Response, endpoint, proxy);
            if ((int)meta.StatusCode >= 500)
            {
                return Finding.Fail(SyncErrorId.ServerUnreachable, SyncErrorCategory.ConnectionError,
                    $"GitHub at {endpoint.ApiRoot} answers {(int)meta.StatusCode} ({meta.ErrorMessage}).",
                    endpoint.IsEnterprise
                        ? "The server is having trouble: ask its administrators, and run again later."
                        : "GitHub is having trouble: see https://www.githubstatus.com and run again later.");
            }

            var version = meta.Value ?? meta.EnterpriseVersion;
            var via = ServerDiagnosis.ProxyFor(endpoint.ApiRoot, proxy) is null ? string.Empty : $", through {proxy.Describe()}";
            if (version is not null) return Finding.Pass($"GitHub Enterprise Server {version} answers at {endpoint.ApiRoot}{via}.");
            if (endpoint.ApiRoot == GitHubEndpoint.GitHubComApi) return Finding.Pass($"github.com answers at {endpoint.ApiRoot}{via}.");
            return Finding.Pass($"GitHub answers at {endpoint.ApiRoot}{via} (it reports no Enterprise Server version).");
        }, "the server").ConfigureAwait(false);
        return new ServerStage(endpoint, finding);
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static async Task<Finding> Guard(Func<Task<Finding>> check, string what)
    {
        try
        {
            return await check().ConfigureAwait(false);
        }
        catch (SyncException ex)
        {
            return Finding.FromError(ex, "Run again with -Verbose to see each request and its answer.");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return Unreadable(what, ex);
        }
    }

    private static Finding Unreadable(string what, Exception ex) =>
        Finding.Fail(CheckErrorIds.IntegrationCheckFailed, SyncErrorCategory.NotSpecified,
            $"Checking {what} failed on an answer that could not be read ({ex.GetType().Name}: {ex.Message}).",
            "Run again with -Verbose to see each request and its answer; if it persists, report it with that output.", ex);

    /// <summary>Closes the connections this checker opened and clears the secrets it read.</summary>
    public void Dispose()
    {
        lock (_owned)
        {
            foreach (var item in _owned) item.Dispose();
            _owned.Clear();
        }
    }

    private static string RedactTokens(string text) => SecretRedactor.Shared.Redact(text);

    /// <summary>Collects one integration's checks, labelled and in order.</summary>
    private sealed class Run
    {
        private readonly string _name;
        private readonly string _file;
        private readonly Integration? _integration;
        private readonly List<IntegrationCheckOutcome> _outcomes = new();

        public Run(string name, string file, Integration? integration)
        {
            _name = name;
            _file = file;
            _integration = integration;
        }

        public IReadOnlyList<IntegrationCheckOutcome> Outcomes => _outcomes;

        public void Add(string check, Finding finding)
        {
            // Defence in depth: no credential of the run and nothing shaped like a token leaves a check, whatever an
            // answer contained (by prefix: a bare 40-digit hex token cannot be told from the commit SHAs that fixes quote).
            var detail = RedactTokens(finding.Detail);
            var fix = finding.Fix is null ? null : RedactTokens(finding.Fix);
            var result = new IntegrationCheck
            {
                Integration = _name,
                Check = check,
                Status = finding.Status,
                Detail = detail,
                Fix = fix,
                ErrorId = finding.Status == CheckStatus.Failed ? finding.ErrorId ?? CheckErrorIds.IntegrationCheckFailed : null,
                DefinitionFile = _file,
            };
            SyncException? error = null;
            if (finding.Status == CheckStatus.Failed)
            {
                error = new SyncException(result.ErrorId!, finding.Category,
                    $"'{_name}': the {check} check failed. {detail}" + (fix is null ? string.Empty : " " + fix), _name, finding.Inner);
            }
            _outcomes.Add(new IntegrationCheckOutcome(result, error, _integration));
        }
    }
}
