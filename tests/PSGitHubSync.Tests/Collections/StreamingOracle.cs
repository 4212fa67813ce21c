using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Collections;
using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Tests.Collections;

/// <summary>
/// Compares the streaming pass with the DOM path it replaces (parse, scan, redact, normalize, index the
/// normalized bytes): the differences in words, empty when both agree on everything.
/// </summary>
internal static class StreamingOracle
{
    public static List<string> CompareCollection(byte[] input, string source, bool redact, int bufferSize)
    {
        var differences = new List<string>();
        CollectionDocument? document = null;
        SyncException? expectedError = null;
        try
        {
            document = CollectionDocument.Parse(input, source);
        }
        catch (SyncException ex)
        {
            expectedError = ex;
        }

        using var output = new MemoryStream();
        CollectionPassResult? result = null;
        SyncException? error = null;
        try
        {
            result = CollectionStreamNormalizer.NormalizeCollection(new MemoryStream(input), output, source, new CollectionPassOptions { RedactSecrets = redact, BufferSize = bufferSize });
        }
        catch (SyncException ex)
        {
            error = ex;
        }

        if (expectedError is not null || error is not null)
        {
            Same(differences, "error", Describe(expectedError), Describe(error));
            return differences;
        }

        var secrets = DomSecretScanner.Scan(document!);
        var written = redact && secrets.Count > 0 ? DomSecretScanner.Redact(document!, secrets) : document!;
        var bytes = DomNormalizer.Normalize(written);
        var requests = DomRequestIndex.FromJson(bytes);
        if (!bytes.AsSpan().SequenceEqual(output.ToArray()))
        {
            differences.Add($"bytes differ (expected {bytes.Length}, got {output.Length}) first at {FirstDifference(bytes, output.ToArray())}");
        }

        Same(differences, "name", document!.Name, result!.Name);
        Same(differences, "id", document.PostmanId, result.PostmanId);
        Same(differences, "version", document.FormatVersion, result.FormatVersion);
        Same(differences, "enveloped", document.WasEnveloped.ToString(), result.WasEnveloped.ToString());
        Same(differences, "bytes written", bytes.Length.ToString(), result.BytesWritten.ToString());
        SameLists(differences, "secrets", secrets.Select(s => s.ToString() + " / " + s.Location), result.Secrets.Select(s => s.ToString() + " / " + s.Location));
        SameLists(differences, "requests", requests.Select(Describe), result.Requests.Select(Describe));
        SameLists(differences, "findings", document.Findings.Select(f => f.JsonPath + " | " + f.Message + " | " + f.Kind), result.Findings.Select(f => f.JsonPath + " | " + f.Message + " | " + f.Kind));
        return differences;
    }

    public static List<string> CompareEnvironment(byte[] input, string source, bool redact, int bufferSize)
    {
        var differences = new List<string>();
        byte[]? expected = null;
        SyncException? expectedError = null;
        IReadOnlyList<SecretFinding> secrets = Array.Empty<SecretFinding>();
        try
        {
            expected = DomNormalizer.NormalizeEnvironment(input, source);
            secrets = DomSecretScanner.ScanEnvironment(expected);
            if (redact && secrets.Count > 0)
            {
                expected = DomSecretScanner.RedactEnvironment(expected, secrets);
            }
        }
        catch (SyncException ex)
        {
            expectedError = ex;
        }

        using var output = new MemoryStream();
        EnvironmentPassResult? result = null;
        SyncException? error = null;
        try
        {
            result = CollectionStreamNormalizer.NormalizeEnvironment(new MemoryStream(input), output, source, new CollectionPassOptions { RedactSecrets = redact, BufferSize = bufferSize });
        }
        catch (SyncException ex)
        {
            error = ex;
        }

        if (expectedError is not null || error is not null)
        {
            Same(differences, "error", Describe(expectedError), Describe(error));
            return differences;
        }

        if (!expected!.AsSpan().SequenceEqual(output.ToArray()))
        {
            differences.Add($"bytes differ (expected {expected!.Length}, got {output.Length}) first at {FirstDifference(expected, output.ToArray())}");
        }

        SameLists(differences, "secrets", secrets.Select(s => s.ToString() + " / " + s.Location), result!.Secrets.Select(s => s.ToString() + " / " + s.Location));
        return differences;
    }

    /// <summary>Fails with every difference spelled out.</summary>
    public static void AssertSame(List<string> differences)
    {
        if (differences.Count > 0)
        {
            Xunit.Assert.Fail(string.Join(Environment.NewLine, differences));
        }
    }

    private static string Describe(SyncException? ex) => ex is null ? "(none)" : ex.ErrorId + ": " + ex.Message;

    private static string Describe(RequestEntry e) => $"{e.Identity} {e.Folder}/{e.Name} {e.Method} {e.Hash}";

    private static void Same(List<string> differences, string what, string? expected, string? actual)
    {
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            differences.Add($"{what}: expected <{expected}>, got <{actual}>");
        }
    }

    private static void SameLists(List<string> differences, string what, IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var e = expected.ToList();
        var a = actual.ToList();
        if (!e.SequenceEqual(a, StringComparer.Ordinal))
        {
            differences.Add($"{what}: expected [{string.Join("; ", e.Take(5))}] ({e.Count}), got [{string.Join("; ", a.Take(5))}] ({a.Count})");
        }
    }

    private static string FirstDifference(byte[] expected, byte[] actual)
    {
        var i = 0;
        while (i < expected.Length && i < actual.Length && expected[i] == actual[i])
        {
            i++;
        }

        var from = Math.Max(0, i - 40);
        string Around(byte[] b) => System.Text.Encoding.UTF8.GetString(b, from, Math.Min(b.Length, i + 40) - from);
        return $"{i}: expected …{Around(expected)}… got …{Around(actual)}…";
    }
}
