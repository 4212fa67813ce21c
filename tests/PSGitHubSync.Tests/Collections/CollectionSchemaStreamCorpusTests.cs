using System.Diagnostics;
using PSGitHubSync.Engine.Collections;
using Xunit;
using Xunit.Abstractions;

namespace PSGitHubSync.Tests.Collections;

/// <summary>
/// The streaming schema check against the whole-document check over every collection in a folder: the example
/// collections, or the folder named by <c>PSGITHUBSYNC_COLLECTION_CORPUS</c> (real collections written by others,
/// kept outside the repository).
/// </summary>
public class CollectionSchemaStreamCorpusTests
{
    private readonly ITestOutputHelper _output;

    public CollectionSchemaStreamCorpusTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Every_collection_in_the_folder_gives_the_whole_document_findings()
    {
        var folder = Environment.GetEnvironmentVariable("PSGITHUBSYNC_COLLECTION_CORPUS") is { Length: > 0 } named ? named : ReferenceFiles.ExamplesDirectory;
        var files = Directory.GetFiles(folder, "*.json").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var mismatches = new List<string>();
        int checkedFiles = 0, withFindings = 0, refused = 0;
        var clock = Stopwatch.StartNew();
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            try
            {
                CollectionDocument.Parse(bytes, Path.GetFileName(file));
            }
            catch (SyncException)
            {
                refused++;
                continue;
            }

            checkedFiles++;
            try
            {
                withFindings += SchemaStreamOracle.AssertSame(bytes, bufferSize: 4096).Findings.Count > 0 ? 1 : 0;
            }
            catch (Exception ex)
            {
                mismatches.Add(Path.GetFileName(file) + ": " + ex.Message);
            }
        }

        _output.WriteLine($"{folder}: {checkedFiles} checked ({withFindings} with findings), {refused} refused, {mismatches.Count} mismatches, {clock.Elapsed.TotalSeconds:N1} s");
        mismatches.ForEach(_output.WriteLine);
        Assert.True(checkedFiles > 0, "collections were checked");
        Assert.Empty(mismatches);
    }
}
