namespace PSGitHubSync;

/// <summary>Where a likely secret was found.</summary>
public enum SecretKind
{
    /// <summary>A credential in an auth block (collection, folder or request level): a bearer token, a password, an API key value...</summary>
    AuthCredential,

    /// <summary>A collection, folder or request variable whose name says token, secret, password, API key, auth or credential.</summary>
    Variable,

    /// <summary>An <c>Authorization</c> (or <c>Proxy-Authorization</c>) header with a literal credential.</summary>
    AuthorizationHeader,

    /// <summary>A header named like an API key or token (<c>X-Api-Key</c>, <c>X-Auth-Token</c>...) with a literal value.</summary>
    ApiKeyHeader,

    /// <summary>A value that has the shape of a well-known token (GitHub, Postman, Slack, Stripe, Google API keys, JWTs, private keys) whatever its name.</summary>
    TokenPattern,
}

/// <summary>
/// A likely secret in a collection. It says where the value is, never what it is.
/// </summary>
public sealed class SecretFinding
{
    /// <summary>Creates a finding.</summary>
    /// <param name="jsonPath">The location of the value, relative to <c>CollectionDocument.Root</c> (e.g. <c>$.item[0].request.auth.bearer[0].value</c>).</param>
    /// <param name="kind">What kind of place it is.</param>
    /// <param name="name">The name the value goes by (auth attribute, variable or header name).</param>
    /// <param name="location">Where it is in words (e.g. <c>request 'Payments/Create payment', bearer auth</c>).</param>
    public SecretFinding(string jsonPath, SecretKind kind, string name, string location)
    {
        JsonPath = jsonPath;
        Kind = kind;
        Name = name;
        Location = location;
    }

    /// <summary>The location of the value, relative to the collection object (the API envelope is not part of it).</summary>
    public string JsonPath { get; }

    /// <summary>What kind of place it is.</summary>
    public SecretKind Kind { get; }

    /// <summary>The name the value goes by (auth attribute, variable or header name).</summary>
    public string Name { get; }

    /// <summary>Where it is in words.</summary>
    public string Location { get; }

    /// <summary>A one-line description without the value.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{Kind} '{Name}' in {Location} at {JsonPath}";
}
