using System.Text;
using System.Text.Json;
using PSGitHubSync.Engine.Collections;
using Xunit;

namespace PSGitHubSync.Tests.Collections;

/// <summary>
/// Checks a collection with <see cref="CollectionSchemaStream"/> and with <see cref="CollectionSchemas.FindAll(JsonElement, string)"/>
/// on the whole document, and fails when the findings differ in any path, message, kind or order.
/// </summary>
internal static class SchemaStreamOracle
{
    /// <summary>Asserts the same findings; returns them and the largest piece the stream checked.</summary>
    public static (IReadOnlyList<CollectionFinding> Findings, int PeakPieceBytes) AssertSame(byte[] json, int bufferSize = 64)
    {
        var document = CollectionDocument.Parse(json, "oracle.json");
        var expected = CollectionSchemas.FindAll(document.Root, document.FormatVersion);
        var input = new MemoryStream(json);
        var actual = CollectionSchemaStream.FindAll(input, document.WasEnveloped, document.FormatVersion, bufferSize, out var peak);
        Assert.Equal(expected.Select(Describe), actual.Select(Describe));
        return (actual, peak);
    }

    public static (IReadOnlyList<CollectionFinding> Findings, int PeakPieceBytes) AssertSame(string json, int bufferSize = 64) =>
        AssertSame(Encoding.UTF8.GetBytes(json), bufferSize);

    public static string Describe(CollectionFinding finding) => finding.JsonPath + " | " + finding.Message + " | " + finding.Kind;
}
