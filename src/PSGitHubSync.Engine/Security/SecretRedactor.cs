using System;
using System.Collections.Generic;

namespace PSGitHubSync.Engine.Security;

/// <summary>
/// Removes known secrets from any text before it leaves the engine (verbose narration,
/// warnings, error messages). Defence in depth: the engine never formats a secret into a
/// message on purpose, and this catches anything that slipped through (for example a server
/// echoing a header back in an error body).
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Placeholder = "***";

    private readonly object _gate = new();
    private readonly List<string> _secrets = new();

    /// <summary>Registers a secret so that it is redacted from every later message.</summary>
    public void Add(SecretValue? secret)
    {
        if (secret is null || secret.Length == 0) return;
        var text = secret.Reveal();
        lock (_gate)
        {
            if (!_secrets.Contains(text)) _secrets.Add(text);
        }
    }

    /// <summary>Returns <paramref name="text"/> with every registered secret replaced by <see cref="Placeholder"/>.</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
        var result = text!;
        lock (_gate)
        {
            foreach (var secret in _secrets)
            {
                if (secret.Length >= 4 && result.IndexOf(secret, StringComparison.Ordinal) >= 0)
                {
                    result = result.Replace(secret, Placeholder);
                }
            }
        }
        return result;
    }
}
