using System.Text;
using PSGitHubSync.Emulator.State;

namespace PSGitHubSync.Emulator.Authentication;

/// <summary>
/// Resolves the Authorization header like GitHub: <c>token X</c>, <c>Bearer X</c> (any case) or
/// <c>Basic base64(user:X)</c> (git's way; the token may also be the user name). Unknown or expired
/// tokens, and any other scheme, are bad credentials.
/// </summary>
internal sealed class TokenAuthenticator
{
    private readonly EmulatorState _state;
    private readonly TimeProvider _time;

    public TokenAuthenticator(EmulatorState state, TimeProvider time)
    {
        _state = state;
        _time = time;
    }

    public Caller Authenticate(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return Caller.Anonymous;
        }

        string value = authorization.Trim();
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return Caller.BadCredentials;
        }

        string scheme = value[..space];
        string parameter = value[(space + 1)..].Trim();
        var candidates = scheme.ToLowerInvariant() switch
        {
            "token" or "bearer" => new[] { parameter },
            "basic" => FromBasic(parameter),
            _ => Array.Empty<string>(),
        };

        var now = _time.GetUtcNow();
        if (scheme.Equals("bearer", StringComparison.OrdinalIgnoreCase) && parameter.Count(c => c == '.') == 2)
        {
            return JsonWebTokenVerifier.Verify(parameter, _state.Apps, now);
        }

        foreach (var candidate in candidates)
        {
            if (candidate.Length > 0 && _state.FindToken(candidate) is { } token && !token.IsExpired(now))
            {
                return Caller.ForToken(token);
            }
        }

        return Caller.BadCredentials;
    }

    private static string[] FromBasic(string parameter)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
        }
        catch (FormatException)
        {
            return Array.Empty<string>();
        }

        int colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? new[] { decoded }
            : new[] { decoded[(colon + 1)..], decoded[..colon] };
    }
}
