using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PSGitHubSync.Emulator.State;

namespace PSGitHubSync.Emulator.Authentication;

/// <summary>
/// Verifies a GitHub App's JWT like GitHub: RS256 signed with the key of the app the issuer names (app id
/// or client id), <c>iat</c> not in the future (60 s of drift allowed), <c>exp</c> in the future and at most
/// 10 minutes after <c>iat</c>... and after now. GitHub's messages for each failure.
/// </summary>
internal static class JsonWebTokenVerifier
{
    private static readonly TimeSpan Drift = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(10);

    public static Caller Verify(string jwt, AppRegistry apps, DateTimeOffset now)
    {
        const string Undecodable = "A JSON web token could not be decoded";
        var parts = jwt.Split('.');
        JsonElement header, payload;
        byte[] signature;
        try
        {
            header = JsonDocument.Parse(FromBase64Url(parts[0])).RootElement;
            payload = JsonDocument.Parse(FromBase64Url(parts[1])).RootElement;
            signature = FromBase64Url(parts[2]);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return Caller.BadJwt(Undecodable);
        }

        if (header.ValueKind != JsonValueKind.Object || payload.ValueKind != JsonValueKind.Object
            || !header.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "RS256")
        {
            return Caller.BadJwt(Undecodable);
        }

        if (!payload.TryGetProperty("iss", out var iss) || iss.ValueKind is not (JsonValueKind.Number or JsonValueKind.String))
        {
            return Caller.BadJwt("'Issuer' claim ('iss') must be an Integer");
        }

        var app = apps.FindApp(iss.ValueKind == JsonValueKind.Number ? iss.GetRawText() : iss.GetString() ?? "");
        if (app is null)
        {
            return Caller.BadJwt("Integration not found");
        }

        if (!app.PublicKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return Caller.BadJwt(Undecodable);
        }

        if (!payload.TryGetProperty("iat", out var iatElement) || !iatElement.TryGetInt64(out long iat))
        {
            return Caller.BadJwt("'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued");
        }

        if (!payload.TryGetProperty("exp", out var expElement) || !expElement.TryGetInt64(out long exp))
        {
            return Caller.BadJwt("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(iat);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (issuedAt > now + Drift)
        {
            return Caller.BadJwt("'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued");
        }

        if (expiresAt <= now)
        {
            return Caller.BadJwt("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
        }

        if (expiresAt - issuedAt > MaxLifetime || expiresAt > now + MaxLifetime + Drift)
        {
            return Caller.BadJwt("'Expiration time' claim ('exp') is too far in the future");
        }

        return Caller.ForApp(app);
    }

    private static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }
}
