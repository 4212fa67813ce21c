using System.Runtime.CompilerServices;

namespace PSGitHubSync.Engine.Security;

/// <summary>Installs <see cref="SecretRedactor.Shared"/> as the filter of every <see cref="SyncException"/> when the engine loads.</summary>
internal static class RedactorInstallation
{
    [ModuleInitializer]
    internal static void Install() =>
        ExceptionTextFilter.Install(text => SecretRedactor.Shared.Redact(text), exception => SecretRedactor.Shared.Redact(exception));
}
