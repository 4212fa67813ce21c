using PSGitHubSync.Emulator.State;

namespace PSGitHubSync.Emulator.Authentication;

internal enum CallerKind
{
    /// <summary>No Authorization header.</summary>
    Anonymous,

    /// <summary>A configured, unexpired token.</summary>
    Token,

    /// <summary>An Authorization header that is not a valid token: GitHub answers 401 "Bad credentials".</summary>
    BadCredentials,

    /// <summary>A GitHub App's verified JWT: only the app endpoints accept it.</summary>
    App,
}

/// <summary>Who is calling, as GitHub sees it from the Authorization header.</summary>
internal sealed class Caller
{
    private Caller(CallerKind kind, TokenState? token, AppState? app = null, string? message = null)
    {
        Kind = kind;
        Token = token;
        App = app;
        Message = message;
    }

    /// <summary>The app whose JWT authenticated the call, or null.</summary>
    public AppState? App { get; }

    /// <summary>GitHub's message for refused credentials (a JWT's problem), or null for "Bad credentials".</summary>
    public string? Message { get; }

    public static Caller ForApp(AppState app) => new(CallerKind.App, null, app);

    public static Caller BadJwt(string message) => new(CallerKind.BadCredentials, null, null, message);

    public static Caller Anonymous { get; } = new(CallerKind.Anonymous, null);

    public static Caller BadCredentials { get; } = new(CallerKind.BadCredentials, null);

    public CallerKind Kind { get; }

    public TokenState? Token { get; }

    /// <summary>The user the caller acts for (null when anonymous or an app installation).</summary>
    public Account? User => Token?.User;

    public static Caller ForToken(TokenState token) => new(CallerKind.Token, token);
}
