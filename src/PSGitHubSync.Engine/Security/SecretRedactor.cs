using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Threading;
using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Engine.Security;

/// <summary>
/// The one place where secrets are taken out of text before it leaves the engine: verbose and
/// warning narration, error messages (with their inner exceptions and <c>Data</c>), check results
/// and every server answer quoted in a message. It removes
/// <list type="bullet">
/// <item>every credential registered with it (<see cref="Shared"/> is filled by every
/// <see cref="SecretValue"/> when it is created: GitHub tokens, Postman API keys, proxy passwords,
/// and any later credential such as an app key or installation token), in the forms a server may
/// echo them (as sent, percent-encoded, JSON-escaped);</item>
/// <item>anything shaped like a credential that no one registered (GitHub token prefixes
/// <c>ghp_</c>, <c>gho_</c>, <c>ghu_</c>, <c>ghs_</c>, <c>ghr_</c>, <c>github_pat_</c>; Postman's
/// <c>PMAK-</c>; an echoed <c>Authorization</c> or <c>X-Api-Key</c> header).</item>
/// </list>
/// </summary>
/// <remarks>
/// The registry is process-wide on purpose, like a CI runner's masks: an error written after the
/// run that produced it ended is still redacted. It holds secrets' text only to find them.
/// </remarks>
public sealed class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Placeholder = "***";

    /// <summary>
    /// Registered secrets shorter than this are not searched for, nor those of fewer than
    /// <see cref="LettersOnlyMinimumLength"/> characters that are letters only: they would blank ordinary words
    /// ("password", "pass") in every message. Token-shaped text is redacted whatever its length.
    /// </summary>
    public const int MinimumLength = 8;

    /// <summary>The shortest letters-only secret that is searched for.</summary>
    public const int LettersOnlyMinimumLength = 16;

    private static readonly Regex TokenShaped = new(
        @"(?:\b|(?<=_))(?:gh[pousr]_[A-Za-z0-9_]{16,}|github_pat_[A-Za-z0-9_]{16,}|PMAK-[A-Za-z0-9-]{16,})"
        + @"|(?<=\b(?:authorization|proxy-authorization)[""']?\s*[:=]\s*[""']?(?:bearer|token|basic)\s+)[^\s""',;}\]]+"
        + @"|(?<=\bx-api-key[""']?\s*[:=]\s*[""']?)[^\s""',;}\]]+",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private readonly object _gate = new();
    private string[] _secrets = Array.Empty<string>();

    /// <summary>The registry every secret of the process is added to, and every message passes through.</summary>
    public static SecretRedactor Shared { get; } = new();

    /// <summary>How many distinct forms of secrets are registered.</summary>
    public int Count => Volatile.Read(ref _secrets).Length;

    /// <summary>Registers a secret so that it is redacted from every later message.</summary>
    public void Add(SecretValue? secret)
    {
        if (secret is null || secret.Length == 0) return;
        AddText(secret.Reveal());
    }

    /// <summary>Registers a secret given as text (a proxy password from an address, a value read from a reference).</summary>
    internal void AddText(string? text)
    {
        if (text is null) return;
        var forms = new HashSet<string>(StringComparer.Ordinal) { text, text.Trim() };
        foreach (var form in forms.ToArray())
        {
            forms.Add(Uri.EscapeDataString(form));
            forms.Add(Uri.EscapeDataString(form).Replace("%20", "+"));
            forms.Add(JavaScriptEncoder.Default.Encode(form));
            forms.Add(JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(form));
        }
        lock (_gate)
        {
            var merged = _secrets.Concat(forms.Where(IsSearchable)).Distinct(StringComparer.Ordinal)
                .OrderByDescending(f => f.Length).ToArray();   // longest first: a secret's escaped form may contain the plain one
            Volatile.Write(ref _secrets, merged);
        }
    }

    private static bool IsSearchable(string secret) =>
        secret.Length >= MinimumLength && (secret.Length >= LettersOnlyMinimumLength || secret.Any(c => !char.IsLetter(c)));

    /// <summary>Returns <paramref name="text"/> with every registered and every token-shaped secret replaced by <see cref="Placeholder"/>.</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
        var result = text!;
        foreach (var secret in Volatile.Read(ref _secrets))
        {
            if (result.IndexOf(secret, StringComparison.Ordinal) >= 0) result = result.Replace(secret, Placeholder);
        }
        return TokenShaped.Replace(result, Placeholder);
    }

    /// <summary>True when <paramref name="text"/> holds something <see cref="Redact(string?)"/> would remove.</summary>
    public bool Holds(string? text) => !string.IsNullOrEmpty(text) && !string.Equals(Redact(text), text, StringComparison.Ordinal);

    /// <summary>
    /// An exception that is safe to show: <paramref name="exception"/> itself when neither it nor its inner
    /// exceptions, <c>Data</c> or target hold a secret; otherwise a copy with every text redacted (a
    /// <see cref="SyncException"/> keeps its error id, category and family type, not its stack trace; any other
    /// exception becomes a <see cref="RedactedException"/> that names the original type, its stack trace redacted).
    /// </summary>
    public Exception Redact(Exception exception)
    {
        if (exception is null) throw new ArgumentNullException(nameof(exception));
        return NeedsRedaction(exception) ? Copy(exception) : exception;
    }

    /// <summary><see cref="Redact(Exception)"/> for an engine failure: still a <see cref="SyncException"/> with the same id.</summary>
    public SyncException Redact(SyncException exception) => (SyncException)Redact((Exception)exception);

    /// <summary>A target object that is safe to show: a string is redacted, anything else is kept.</summary>
    public object? RedactTarget(object? target) => target is string text ? Redact(text) : target;

    private bool NeedsRedaction(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (Holds(current.Message) || Holds(current.StackTrace)) return true;
            if (current is SyncException sync && sync.Target is string target && Holds(target)) return true;
            if (current is AggregateException aggregate && aggregate.InnerExceptions.Skip(1).Any(NeedsRedaction)) return true;
            foreach (DictionaryEntry entry in current.Data)
            {
                if (Holds(entry.Key?.ToString()) || Holds(entry.Value?.ToString())) return true;
            }
        }
        return false;
    }

    private Exception Copy(Exception exception)
    {
        var inner = exception.InnerException is null ? null : Copy(exception.InnerException);
        var message = Redact(exception.Message);
        var stackTrace = exception.StackTrace is null ? null : Redact(exception.StackTrace);
        Exception copy = exception is SyncException sync
            ? SyncExceptionFamily.Of(new SyncException(sync.ErrorId, sync.Category, message, RedactTarget(sync.Target), inner))
            : new RedactedException(exception.GetType().FullName ?? exception.GetType().Name, message, inner, stackTrace);
        foreach (DictionaryEntry entry in exception.Data)
        {
            var key = entry.Key is string k ? Redact(k) : entry.Key;
            if (key is null) continue;
            var value = entry.Value is null or bool or int or long or double ? entry.Value : Redact(entry.Value.ToString());
            try
            {
                copy.Data[key] = value;
            }
            catch (ArgumentException)
            {
                // Data takes only serializable keys; a key that is not cannot be shown either.
            }
        }
        return copy;
    }
}

/// <summary>An exception whose text held a secret, as shown instead of it: the original type's name, and its message and stack trace redacted.</summary>
[Serializable]
public sealed class RedactedException : Exception
{
    private readonly string? _stackTrace;

    /// <summary>Creates the copy.</summary>
    public RedactedException(string originalType, string message, Exception? innerException, string? stackTrace)
        : base(message, innerException)
    {
        OriginalType = originalType;
        _stackTrace = stackTrace;
    }

    /// <summary>The full name of the exception type this stands for.</summary>
    public string OriginalType { get; }

    /// <inheritdoc />
    public override string? StackTrace => _stackTrace ?? base.StackTrace;

    /// <inheritdoc />
    public override string ToString()
    {
        var text = base.ToString();
        var own = GetType().FullName ?? nameof(RedactedException);
        return text.StartsWith(own, StringComparison.Ordinal) ? OriginalType + " (redacted)" + text.Substring(own.Length) : text;
    }
}
