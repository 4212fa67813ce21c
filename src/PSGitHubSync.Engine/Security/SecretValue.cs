using System;
using System.Runtime.InteropServices;
using System.Security;

namespace PSGitHubSync.Engine.Security;

/// <summary>
/// A secret (token or API key) held as a read-only <see cref="SecureString"/>. Its text is
/// revealed only to the HTTP layer (<see cref="Reveal"/> is internal), and every other way of
/// looking at it (<see cref="ToString"/>, debugger display, serializers) shows a placeholder.
/// </summary>
public sealed class SecretValue : IDisposable
{
    private readonly SecureString _value;

    /// <summary>Wraps a copy of <paramref name="value"/>; the copy is made read-only.</summary>
    public SecretValue(SecureString value)
    {
        if (value is null) throw new ArgumentNullException(nameof(value));
        _value = value.Copy();
        _value.MakeReadOnly();
    }

    /// <summary>Takes the characters of a secret read from a reference (environment variable, file, vault).</summary>
    public static SecretValue FromChars(ReadOnlySpan<char> chars)
    {
        using var secure = new SecureString();
        foreach (var c in chars) secure.AppendChar(c);
        return new SecretValue(secure);
    }

    /// <summary>The number of characters; zero means no secret was given.</summary>
    public int Length => _value.Length;

    /// <summary>True when the secret starts with <paramref name="prefix"/> (for telling a token's kind, never for showing it).</summary>
    internal bool StartsWith(string prefix) => Reveal().StartsWith(prefix, StringComparison.Ordinal);

    /// <summary>The plain text, for the Authorization header only.</summary>
    internal string Reveal()
    {
        var pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(_value);
            return Marshal.PtrToStringUni(pointer) ?? string.Empty;
        }
        finally
        {
            if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }

    /// <summary>Always the placeholder <c>***</c>.</summary>
    public override string ToString() => SecretRedactor.Placeholder;

    /// <summary>Clears the secret from memory.</summary>
    public void Dispose() => _value.Dispose();
}
