using System.Runtime.CompilerServices;

namespace PSGitHubSync.Engine.Security;

/// <summary>
/// Installs the filter of every <see cref="SyncException"/>'s text when the engine loads: secrets redacted
/// (<see cref="SecretRedactor.Shared"/>), then control characters escaped (<see cref="DisplayText.Lines"/>).
/// </summary>
internal static class RedactorInstallation
{
    [ModuleInitializer]
    internal static void Install() =>
        ExceptionTextFilter.Install(text => DisplayText.Lines(SecretRedactor.Shared.Redact(text)), exception => SecretRedactor.Shared.Redact(exception));
}
