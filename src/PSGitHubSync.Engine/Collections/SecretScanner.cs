using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PSGitHubSync.Engine.Collections;

/// <summary>
/// Finds likely secrets in a collection (without ever returning their values) and removes them.
/// </summary>
/// <remarks>
/// <para>What is looked at: auth blocks at collection, folder and request level and in saved
/// responses' <c>originalRequest</c> (v2.1 <c>{ type, &lt;type&gt;: [ { key, value } ] }</c> and v2.0
/// <c>{ type, &lt;type&gt;: { key: value } }</c>, every type block present, not only the active
/// one); the <c>variable</c> arrays of the collection, folders and requests (and the old top-level
/// <c>variables</c>); request headers (array or string form).</para>
/// <para>A value counts only when it is literal: empty values, and values that are only Postman
/// variable references such as <c>{{token}}</c> or <c>Bearer {{token}}</c>, are not secrets.
/// Only string values are considered.</para>
/// <para>Names are split into words (<c>accessToken</c>, <c>api_key</c>, <c>X-Api-Key</c>); a name
/// is credential-like when a word is (or contains) token, secret, password, passwd, passphrase or
/// apikey, or is api/private/subscription/master/signing/encryption/auth + key, or when its last
/// word is auth, authorization, bearer or credential(s)
/// (for auth attributes, the <c>value</c> of an <c>apikey</c> auth is its secret). A name whose
/// last word says it is not the credential itself — url, uri, endpoint, host, path, name, type,
/// id, to, in, expiry/expires, user/username, header, prefix and similar — is not: so
/// <c>tokenUrl</c>, <c>accessTokenUrl</c>, <c>tokenType</c>, <c>addTokenTo</c>, <c>authId</c> and
/// <c>consumerKey</c> are never flagged, whatever their value.</para>
/// </remarks>
public static partial class SecretScanner
{
    /// <summary>How every placeholder starts (placeholders written before they named the value end <c>secret value removed&gt;</c>).</summary>
    public const string PlaceholderPrefix = "<redacted by PSGitHubSync: ";

    /// <summary>
    /// What a redacted value is replaced with: a placeholder that names the variable, auth attribute or header it
    /// belonged to, so that whoever restores the collection knows which value to set again
    /// (<c>&lt;redacted by PSGitHubSync: secret value of 'apiKey' removed&gt;</c>).
    /// </summary>
    /// <param name="name">The name the value went by.</param>
    /// <returns>The placeholder.</returns>
    public static string PlaceholderFor(string name)
    {
        var printable = new StringBuilder();
        foreach (var c in name ?? string.Empty)
        {
            if (printable.Length >= 64) { printable.Append('…'); break; }
            printable.Append(char.IsControl(c) || c == '>' ? '_' : c);
        }
        return printable.Length == 0 ? PlaceholderPrefix + "secret value removed>" : $"{PlaceholderPrefix}secret value of '{printable}' removed>";
    }
}
