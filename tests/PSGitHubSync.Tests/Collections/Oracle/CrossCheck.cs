using System.Text;
using PSGitHubSync.Engine.Collections;

namespace PSGitHubSync.Tests.Collections;

/// <summary>Runs the streaming pass beside the DOM oracles and fails when the two disagree.</summary>
internal static class CrossCheck
{
    // A small buffer (many refills) that still reads a 30 MB collection quickly; 1..64-byte buffers are the property tests' part.
    private static readonly CollectionPassOptions Options = new() { CheckSchema = false, BufferSize = 512 };

    public static byte[] CollectionBytes(CollectionDocument collection, byte[] expected)
    {
        using var output = new MemoryStream();
        CollectionStreamNormalizer.NormalizeCollection(new MemoryStream(RawRoot(collection)), output, collection.SourceName, Options);
        Xunit.Assert.True(expected.AsSpan().SequenceEqual(output.ToArray()), "the streaming pass writes the bytes the DOM normalizer writes");
        return expected;
    }

    public static void CollectionSecrets(CollectionDocument collection, IReadOnlyList<SecretFinding> expected)
    {
        var result = CollectionStreamNormalizer.NormalizeCollection(new MemoryStream(RawRoot(collection)), Stream.Null, collection.SourceName, Options);
        Xunit.Assert.Equal(expected.Select(Describe), result.Secrets.Select(Describe));
    }

    public static byte[] EnvironmentBytes(byte[] input, string sourceName, byte[] expected)
    {
        using var output = new MemoryStream();
        CollectionStreamNormalizer.NormalizeEnvironment(new MemoryStream(input), output, sourceName, Options);
        Xunit.Assert.True(expected.AsSpan().SequenceEqual(output.ToArray()), "the streaming pass writes the bytes the DOM normalizer writes");
        return expected;
    }

    public static void EnvironmentSecrets(byte[] normalized, IReadOnlyList<SecretFinding> expected)
    {
        var result = CollectionStreamNormalizer.NormalizeEnvironment(new MemoryStream(normalized), Stream.Null, "environment", Options);
        Xunit.Assert.Equal(expected.Select(Describe), result.Secrets.Select(Describe));
    }

    private static byte[] RawRoot(CollectionDocument collection) => Encoding.UTF8.GetBytes(collection.Root.GetRawText());

    private static string Describe(SecretFinding finding) => finding + " / " + finding.Location;
}
