using System;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Resources;

namespace PSGitHubSync.Engine.Security;

/// <summary>
/// A secret (token or API key) held as a read-only <see cref="SecureString"/>. Its text is
/// revealed only to the HTTP layer (<see cref="Reveal"/> is internal), and every other way of
/// looking at it (<see cref="ToString"/>, debugger display, serializers) shows a placeholder.
/// </summary>
/// <remarks>
/// Surrounding whitespace is trimmed when the secret is taken (a file's final newline, a pasted
/// space); control characters inside it make it unusable (<see cref="IsUsable"/>), which the
/// connection that would send it reports as <c>SecretInvalid</c>. Every secret is registered with
/// <see cref="SecretRedactor.Shared"/> when it is created, so that no message can show it.
/// </remarks>
public sealed class SecretValue : IDisposable
{
    private readonly SecureString _value;

    /// <summary>Wraps a copy of <paramref name="value"/> (trimmed of surrounding whitespace); the copy is made read-only.</summary>
    public SecretValue(SecureString value)
        : this(value ?? throw new ArgumentNullException(nameof(value)), null)
    {
    }

    /// <summary>Wraps a copy of <paramref name="value"/>; <paramref name="source"/> says where it came from in messages (<c>-Token</c>, <c>env:GITHUB_TOKEN</c>).</summary>
    public SecretValue(SecureString value, string? source)
    {
        if (value is null) throw new ArgumentNullException(nameof(value));
        var text = Plain(value);
        SecretRedactor.Shared.AddText(text);
        var trimmed = text.Trim();
        _value = trimmed.Length == text.Length ? value.Copy() : Secure(trimmed.AsSpan());
        _value.MakeReadOnly();
        Source = source;
        IsUsable = !HasControlCharacters(trimmed);
    }

    /// <summary>Takes the characters of a secret read from a reference (environment variable, file, vault).</summary>
    public static SecretValue FromChars(ReadOnlySpan<char> chars) => FromChars(chars, null);

    /// <summary>Takes the characters of a secret read from <paramref name="source"/> (the reference as written, or the parameter).</summary>
    public static SecretValue FromChars(ReadOnlySpan<char> chars, string? source)
    {
        using var secure = Secure(chars);
        return new SecretValue(secure, source);
    }

    /// <summary>The number of characters (after trimming); zero means no secret was given.</summary>
    public int Length => _value.Length;

    /// <summary>Where the secret came from, for messages (<c>-Token</c>, <c>env:GITHUB_TOKEN</c>), or null.</summary>
    public string? Source { get; }

    /// <summary>False when the secret holds control characters inside it (it cannot be sent in a header).</summary>
    public bool IsUsable { get; }

    /// <summary>
    /// Throws <c>SecretInvalid</c> when the secret cannot be used; the message names <paramref name="what"/>
    /// ("token", "API key") and where it came from, never the value.
    /// </summary>
    /// <exception cref="SyncException"><c>SecretInvalid</c>.</exception>
    public void EnsureUsable(string what, object? target = null)
    {
        if (IsUsable) return;
        var source = Source ?? "the given value";
        throw new SyncException(SecurityErrorIds.SecretInvalid, SyncErrorCategory.InvalidData,
            string.Format(CultureInfo.InvariantCulture, Messages.SecretInvalid, what, source), target ?? source);
    }

    /// <summary>The same secret, named as coming from <paramref name="source"/> in messages.</summary>
    public SecretValue WithSource(string source) => new(_value, source);

    /// <summary>True when the secret starts with <paramref name="prefix"/> (for telling a token's kind, never for showing it).</summary>
    internal bool StartsWith(string prefix) => Reveal().StartsWith(prefix, StringComparison.Ordinal);

    /// <summary>The plain text, for the Authorization header only.</summary>
    internal string Reveal() => Plain(_value);

    /// <summary>Always the placeholder <c>***</c>.</summary>
    public override string ToString() => SecretRedactor.Placeholder;

    /// <summary>Clears the secret from memory.</summary>
    public void Dispose() => _value.Dispose();

    private static bool HasControlCharacters(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085') return true;
        }
        return false;
    }

    private static SecureString Secure(ReadOnlySpan<char> chars)
    {
        var secure = new SecureString();
        foreach (var c in chars) secure.AppendChar(c);
        return secure;
    }

    private static string Plain(SecureString value)
    {
        var pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
            return Marshal.PtrToStringUni(pointer) ?? string.Empty;
        }
        finally
        {
            if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }
}
