namespace PSGitHubSync;

/// <summary>
/// What kind of failure an error is. The cmdlets map each value to the matching
/// PowerShell <c>ErrorCategory</c>; the engine itself has no PowerShell reference.
/// </summary>
public enum SyncErrorCategory
{
    /// <summary>Something that does not fit another category.</summary>
    NotSpecified,
    /// <summary>A credential was refused or is missing.</summary>
    AuthenticationError,
    /// <summary>The credential is valid but lacks a right.</summary>
    PermissionDenied,
    /// <summary>The server could not be reached or is not GitHub.</summary>
    ConnectionError,
    /// <summary>A request was refused for security reasons (for example plain http).</summary>
    SecurityError,
    /// <summary>Something named in the input does not exist.</summary>
    ObjectNotFound,
    /// <summary>The input is malformed.</summary>
    InvalidData,
    /// <summary>An argument has a value that cannot be used.</summary>
    InvalidArgument,
    /// <summary>The remote state does not allow the operation now.</summary>
    InvalidOperation,
    /// <summary>A limit (rate limit) was reached.</summary>
    LimitsExceeded,
    /// <summary>The operation did not finish in time.</summary>
    OperationTimeout,
    /// <summary>Two parties changed the same thing.</summary>
    WriteError,
    /// <summary>The resource is in use or busy.</summary>
    ResourceBusy,
    /// <summary>Something needed is not installed.</summary>
    NotInstalled,
    /// <summary>The thing to create already exists.</summary>
    ResourceExists,
}
