using System;
using System.Management.Automation;
using System.Security;
using System.Threading;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Resources;
using PSGitHubSync.Engine.Security;
using PSGitHubSync.Engine.Tokens;
using PSGitHubSync.Infrastructure;

namespace PSGitHubSync.Commands;

/// <summary>
/// <para type="synopsis">Verifies a GitHub token against a server: who it is, its type, scopes, expiry, rate limit and repository access.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "GitHubToken", DefaultParameterSetName = TokenSet, HelpUri = HelpLinks.Base + "Test-GitHubToken.md")]
[OutputType(typeof(TokenInfo))]
[OutputType(typeof(bool))]
public sealed class TestGitHubTokenCommand : PSCmdlet, IDisposable
{
    /// <summary>The parameter set that takes the token as a SecureString.</summary>
    public const string TokenSet = "Token";

    /// <summary>The parameter set that takes the token as a credential's password.</summary>
    public const string CredentialSet = "Credential";

    /// <summary>The parameter set that signs in as a GitHub App with its private key.</summary>
    public const string AppSet = "App";

    private const string TokenVariable = "GITHUB_TOKEN";
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>The token; defaults to the GITHUB_TOKEN environment variable.</summary>
    [Parameter(ParameterSetName = TokenSet, ValueFromPipelineByPropertyName = true)]
    public SecureString? Token { get; set; }

    /// <summary>A credential whose password is the token (the user name is ignored).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CredentialSet, ValueFromPipelineByPropertyName = true)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>A GitHub App's id (or client id): sign in as the app and check an installation token for -Repository.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AppSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? AppId { get; set; }

    /// <summary>The app's private key, the PEM text GitHub generated (Get-Secret GitHubAppKey, or Get-Content app.pem -Raw | ConvertTo-SecureString -AsPlainText).</summary>
    [Parameter(Mandatory = true, ParameterSetName = AppSet)]
    [ValidateNotNull]
    public SecureString? PrivateKey { get; set; }

    /// <summary>The app's installation id; without it the installation on the repository's owner is found.</summary>
    [Parameter(ParameterSetName = AppSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long? Installation { get; set; }

    /// <summary>The server: https://github.com (default) or a GitHub Enterprise Server address.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public Uri? Server { get; set; }

    /// <summary>A repository (owner/name) to check read and push access to; with -AppId, the repository the installation token is for.</summary>
    [Parameter(ParameterSetName = TokenSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = CredentialSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = AppSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Repository { get; set; }

    /// <summary>What the token is for (Backup or SchemaSync), which decides the required scopes.</summary>
    /// <remarks>A string, not the engine's enum: see <see cref="PipelineBridge"/>.</remarks>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet(nameof(TokenPurpose.Backup), nameof(TokenPurpose.SchemaSync), IgnoreCase = true)]
    public string For { get; set; } = nameof(TokenPurpose.Backup);

    /// <summary>Scopes to require instead of the ones -For implies.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? RequiredScope { get; set; }

    /// <summary>A proxy for the requests.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Proxy { get; set; }

    /// <summary>Credentials for the proxy.</summary>
    [Parameter]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>Returns only $true or $false and writes no error.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var server = Server is null ? null : Server.IsAbsoluteUri ? Server.AbsoluteUri : Server.OriginalString;
        try
        {
            if (ParameterSetName == AppSet)
            {
                WriteApp(server);
                return;
            }
            using var token = SecretInput.Resolve(Token, Credential, TokenVariable)
                ?? throw new SyncException(SyncErrorId.TokenMissing, SyncErrorCategory.AuthenticationError, Messages.TokenMissing, server ?? "https://github.com/");
            var request = new TokenCheckRequest(GitHubEndpoint.Parse(server), token,
                RequiredScope is { Length: > 0 } ? RequiredScope : ScopeRequirements.For((TokenPurpose)Enum.Parse(typeof(TokenPurpose), For, ignoreCase: true)))
            {
                Repository = Repository is null ? null : RepositoryName.Parse(Repository),
                ConnectionOptions = new GitHubConnectionOptions
                {
                    Proxy = new ProxySettings { Address = Proxy, Credential = ProxyCredential?.GetNetworkCredential() },
                },
            };

            var bridge = new PipelineBridge(this);
            var info = bridge.Run((log, cancel) => new TokenVerifier(log).VerifyAsync(request, cancel), _cancel.Token);
            if (Quiet) WriteObject(info.IsValid);
            else WriteObject(info);
        }
        catch (SyncException ex)
        {
            if (Quiet) WriteObject(false);
            else WriteError(ErrorRecords.From(ex));
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // Ctrl+C: stop quietly.
        }
    }

    private void WriteApp(string? server)
    {
        using var key = new SecretValue(PrivateKey!, "-PrivateKey");
        var endpoint = GitHubEndpoint.Parse(server);
        var repository = RepositoryName.Parse(Repository);
        var scopes = RequiredScope is { Length: > 0 } ? RequiredScope : ScopeRequirements.For((TokenPurpose)Enum.Parse(typeof(TokenPurpose), For, ignoreCase: true));
        var options = new GitHubConnectionOptions { Proxy = new ProxySettings { Address = Proxy, Credential = ProxyCredential?.GetNetworkCredential() } };
        var bridge = new PipelineBridge(this);
        var info = bridge.Run((log, cancel) => new TokenVerifier(log).VerifyAppAsync(endpoint, AppId!, key, Installation, repository, scopes, options, cancel), _cancel.Token);
        if (Quiet) WriteObject(info.IsValid);
        else WriteObject(info);
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _cancel.Cancel();

    /// <summary>Releases the cancellation source.</summary>
    public void Dispose() => _cancel.Dispose();
}
