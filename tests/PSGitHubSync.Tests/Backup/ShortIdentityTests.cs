using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Xunit;
using PSGitHubSync.Engine.Backup;
using Xunit;

namespace PSGitHubSync.Tests.Backup;

/// <summary>
/// The request index records identities and hashes in a 12-hex-digit form; state files written before must keep
/// matching, so the form is exactly the old one (the first 6 bytes of SHA-1 over UTF-8, lowercase hex).
/// </summary>
public sealed class ShortIdentityTests
{
    /// <summary>The form as it was first written.</summary>
    private static string OldShort(string value)
    {
        if (value.Length <= 12 && value.All(Uri.IsHexDigit)) return value;
        using var sha = SHA1.Create();
        return BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes(value)), 0, 6).Replace("-", string.Empty).ToLowerInvariant();
    }

    [Property(MaxTest = 500)]
    public bool Any_text_has_the_short_form_it_always_had(NonNull<string> value) =>
        BackupManifest.ShortIdentity(value.Get) == OldShort(value.Get);

    [Theory]
    [InlineData("")]
    [InlineData("0123456789ab")]
    [InlineData("0123456789AB")]
    [InlineData("0123456789abc")]
    [InlineData("folder/Request name")]
    [InlineData("b3a7c0de-0000-4000-8000-000000000030")]
    [InlineData("caf\u00e9 \ud83d\ude00 \ud83d")]
    public void Known_texts_have_the_short_form_they_always_had(string value)
    {
        Assert.Equal(OldShort(value), BackupManifest.ShortIdentity(value));
    }

    [Fact]
    public void Threads_each_get_the_same_forms()
    {
        var values = Enumerable.Range(0, 2000).Select(i => "request " + i).ToArray();
        var results = new string[values.Length];

        Parallel.For(0, values.Length, i => results[i] = BackupManifest.ShortIdentity(values[i]));

        Assert.Equal(values.Select(OldShort), results);
    }
}
