using System;
using System.Management.Automation;
using System.Security;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Diagnostics;
using PSGitHubSync.Engine.Security;

namespace PSGitHubSync.Infrastructure;

/// <summary>
/// The engine session the running cmdlets share: secrets from <c>-Token</c>/<c>-Credential</c>/<c>-PostmanApiKey</c>
/// (which win over the definitions file), <c>secret:</c> references read through SecretManagement on
/// the pipeline thread, confirmation through ShouldProcess, and Write-Progress.
/// </summary>
internal static class RunSession
{
    public static BackupSession Create(PSCmdlet cmdlet, PipelineBridge bridge, IEngineLog log, SecureString? token, PSCredential? credential, SecureString? postmanApiKey, int progressId, string activity)
    {
        var vault = new CallbackSecretVault(async (name, vaultName) =>
        {
            var secure = await bridge.InvokeAsync(() => SecretManagementLookup.Get(cmdlet, name, vaultName)).ConfigureAwait(false);
            return secure is null ? null : new SecretValue(secure, vaultName is null ? "secret:" + name : $"secret:{vaultName}/{name}");
        });
        return new BackupSession(log, vault)
        {
            GitHubToken = SecretInput.Resolve(token, credential, environmentVariable: null),
            PostmanApiKey = postmanApiKey is null || postmanApiKey.Length == 0 ? null : new SecretValue(postmanApiKey, "-PostmanApiKey"),
            // Targets and actions name collections and files: shown with control characters escaped, like every message.
            ShouldProcess = (target, action) => bridge.InvokeAsync(() => cmdlet.ShouldProcess(DisplayText.Line(target), DisplayText.Lines(action))),
            Progress = progress => ReportProgress(cmdlet, bridge, progressId, activity, progress.Current, progress.Done, progress.Total),
        };
    }

    /// <summary>
    /// <see cref="Create"/> for a checklist (Test-BackupIntegration, New-BackupIntegration -Validate), which
    /// answers promptly: one retry of a transient failure, and no long waits.
    /// </summary>
    public static BackupSession CreateForChecks(PSCmdlet cmdlet, PipelineBridge bridge, IEngineLog log, SecureString? token, PSCredential? credential, SecureString? postmanApiKey, int progressId, string activity)
    {
        var session = Create(cmdlet, bridge, log, token, credential, postmanApiKey, progressId, activity);
        session.GitHubOptions = new Engine.GitHub.GitHubConnectionOptions { MaxRetries = 1, RequestTimeout = TimeSpan.FromSeconds(30), MaxRateLimitWait = TimeSpan.FromSeconds(10) };
        session.PostmanOptions = new Engine.Http.HttpApiOptions { MaxRetries = 1, RequestTimeout = TimeSpan.FromSeconds(30), MaxRateLimitWait = TimeSpan.FromSeconds(10) };
        return session;
    }

    /// <summary>Writes a progress record on the pipeline thread (fire and forget: progress never holds up the work).</summary>
    public static void ReportProgress(PSCmdlet cmdlet, PipelineBridge bridge, int progressId, string activity, string status, int done, int total) =>
        _ = bridge.InvokeAsync(() =>
        {
            cmdlet.WriteProgress(new ProgressRecord(progressId, activity, status)
            {
                PercentComplete = total == 0 ? 0 : Math.Min(100, done * 100 / total),
            });
            return true;
        });
}
