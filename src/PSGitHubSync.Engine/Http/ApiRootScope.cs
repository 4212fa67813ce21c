using System;
using System.Globalization;
using System.Text.RegularExpressions;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Resources;
using PSGitHubSync.Engine.Security;

namespace PSGitHubSync.Engine.Http;

/// <summary>
/// The one check that keeps every request on the configured API root. Every request goes through
/// it — the engine's own relative paths and every address taken from an answer (a pagination
/// <c>Link</c>, a <c>Location</c>, an upload or download URL) — so a credential is never sent to
/// another host, port, scheme or path, whatever a server or a proxy in between answers.
/// </summary>
/// <remarks>
/// Refused, after full URI parsing: another scheme, host or port; a user name or password
/// (<c>user@host</c>); a scheme-relative <c>//host</c> address; backslashes, whitespace and control
/// characters anywhere; <c>.</c> and <c>..</c> segments, also percent-encoded (<c>%2e%2e</c>, which
/// a server may decode after the check); and any path not under the root's path (<c>/api/v3/</c>).
/// </remarks>
public static class ApiRootScope
{
    private static readonly Regex Scheme = new("^[A-Za-z][A-Za-z0-9+.-]*:", RegexOptions.CultureInvariant);

    /// <summary>
    /// The absolute address of <paramref name="reference"/> — a path relative to <paramref name="apiRoot"/>
    /// (a leading <c>/</c> also means the root, as the engine writes paths) or an absolute address from an
    /// answer — when it stays under the root; otherwise null, with <paramref name="why"/> saying what is wrong.
    /// </summary>
    public static Uri? TryResolve(Uri apiRoot, string? reference, out string why)
    {
        if (apiRoot is null) throw new ArgumentNullException(nameof(apiRoot));
        why = string.Empty;
        if (string.IsNullOrEmpty(reference))
        {
            why = "the address is empty";
            return null;
        }
        foreach (var c in reference!)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                why = "the address contains whitespace or control characters";
                return null;
            }
            if (c == '\\')
            {
                why = "the address contains a backslash";
                return null;
            }
        }
        if (reference.StartsWith("//", StringComparison.Ordinal))
        {
            why = "the address names another host (//host)";
            return null;
        }

        var root = apiRoot.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? apiRoot : new Uri(apiRoot.AbsoluteUri + "/");
        Uri? target;
        if (Scheme.IsMatch(reference))
        {
            if (!Uri.TryCreate(reference, UriKind.Absolute, out target))
            {
                why = "the address is not a valid absolute URL";
                return null;
            }
        }
        else if (!Uri.TryCreate(root, reference.TrimStart('/'), out target))
        {
            why = "the address is not a valid relative URL";
            return null;
        }

        if (!string.Equals(target.Scheme, root.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            why = $"its scheme is {target.Scheme}, not {root.Scheme}";
            return null;
        }
        if (!string.IsNullOrEmpty(target.UserInfo) || target.OriginalString.IndexOf('@', 0, AuthorityEnd(target.OriginalString)) >= 0)
        {
            why = "it carries a user name or password";
            return null;
        }
        if (!string.Equals(target.IdnHost, root.IdnHost, StringComparison.OrdinalIgnoreCase) || target.Port != root.Port)
        {
            why = $"it points to {target.Scheme}://{target.IdnHost}:{target.Port}, not {root.Scheme}://{root.IdnHost}:{root.Port}";
            return null;
        }
        var path = target.AbsolutePath;
        if (HasDotSegment(path))
        {
            why = "its path contains '.' or '..' segments (also percent-encoded)";
            return null;
        }
        if (!path.StartsWith(root.AbsolutePath, StringComparison.Ordinal))
        {
            why = $"its path {path} is not under {root.AbsolutePath}";
            return null;
        }
        return target;
    }

    /// <summary>
    /// <see cref="TryResolve"/>, or <c>UrlOutsideApiRoot</c> naming <paramref name="serverName"/> and what is wrong
    /// (and the address, which the error's redaction keeps free of secrets).
    /// </summary>
    /// <exception cref="SyncException"><c>UrlOutsideApiRoot</c>.</exception>
    public static Uri Resolve(Uri apiRoot, string? reference, string serverName)
    {
        var target = TryResolve(apiRoot, reference, out var why);
        if (target is not null) return target;
        throw new SyncException(SecurityErrorIds.UrlOutsideApiRoot, SyncErrorCategory.SecurityError,
            string.Format(CultureInfo.InvariantCulture, Messages.UrlOutsideApiRoot, serverName, apiRoot.AbsoluteUri, why + ": " + Printable(reference)),
            serverName);
    }

    private static int AuthorityEnd(string text)
    {
        var start = text.IndexOf("://", StringComparison.Ordinal);
        if (start < 0) return 0;
        var end = text.IndexOfAny(new[] { '/', '?', '#' }, start + 3);
        return end < 0 ? text.Length : end;
    }

    private static bool HasDotSegment(string path)
    {
        // Decode repeatedly (%252e -> %2e -> .): whatever a server or proxy decodes must still have no dot segment.
        var decoded = path;
        for (var i = 0; i < 3; i++)
        {
            var next = Uri.UnescapeDataString(decoded);
            if (next == decoded) break;
            decoded = next;
        }
        foreach (var segment in decoded.Split('/', '\\'))
        {
            if (segment == "." || segment == "..") return true;
        }
        return false;
    }

    private static string Printable(string? reference)
    {
        var text = reference ?? string.Empty;
        if (text.Length > 200) text = text.Substring(0, 200) + "...";
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i])) chars[i] = '?';
        }
        return "'" + new string(chars) + "'";
    }
}
