using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>
/// The JSON Web Token a GitHub App authenticates with before it has an installation token:
/// RS256, <c>iat</c> 60 seconds in the past (GitHub's advice against clock drift), <c>exp</c>
/// at most 10 minutes later than now, <c>iss</c> the app id or client id.
/// </summary>
public static class GitHubAppJwt
{
    /// <summary>How far <c>iat</c> is set back against clock drift.</summary>
    public static readonly TimeSpan IssuedBackdate = TimeSpan.FromSeconds(60);

    /// <summary>How long a token lives after now (GitHub accepts at most 10 minutes).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(9);

    /// <summary>Signs a token for <paramref name="appId"/> issued at <paramref name="now"/> with <paramref name="key"/>.</summary>
    public static string Create(string appId, RSA key, DateTimeOffset now)
    {
        if (appId is null) throw new ArgumentNullException(nameof(appId));
        if (key is null) throw new ArgumentNullException(nameof(key));
        var iat = (now - IssuedBackdate).ToUnixTimeSeconds();
        var exp = (now + Lifetime).ToUnixTimeSeconds();
        var issuer = long.TryParse(appId, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric)
            ? numeric.ToString(CultureInfo.InvariantCulture)
            : "\"" + JsonEscape(appId) + "\"";
        var header = Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"));
        var payload = Base64Url(Encoding.UTF8.GetBytes(
            "{\"iat\":" + iat.ToString(CultureInfo.InvariantCulture) + ",\"exp\":" + exp.ToString(CultureInfo.InvariantCulture) + ",\"iss\":" + issuer + "}"));
        var signingInput = header + "." + payload;
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    /// <summary>Base64url without padding (RFC 7515).</summary>
    public static string Base64Url(byte[] data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string JsonEscape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '"' or '\\') builder.Append('\\').Append(c);
            else if (c < 0x20) builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else builder.Append(c);
        }
        return builder.ToString();
    }
}
