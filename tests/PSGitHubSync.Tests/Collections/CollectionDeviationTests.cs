using System.Text;
using System.Text.Json.Nodes;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Collections;
using PSGitHubSync.Tests.Backup;
using Xunit;

namespace PSGitHubSync.Tests.Collections;

/// <summary>
/// Each class of schema deviation that real collections (Postman's own exports and the Postman API) contain, as a
/// minimal fixture written here: a finding at its JSON path, never a refusal, and the file keeps every byte of meaning.
/// The classes come from the corpus (tests/corpus/Invoke-CollectionCorpus.ps1) and from issue 13.
/// </summary>
public sealed class CollectionDeviationTests
{
    private const string V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

    public static TheoryData<string, string, string, string> Deviations => new()
    {
        // v2.0-style auth (an object of settings) in a v2.1 collection: the corpus' most common class.
        { "v2.0 auth object in v2.1", """{ "name": "r", "request": { "method": "GET", "url": "https://x", "auth": { "type": "basic", "basic": { "username": "u", "password": "{{p}}" } } } }""", "$.item[0].request.auth.basic", "item[].request.auth.basic: type" },
        // A description object whose content is not a string (null in an export).
        { "description content null", """{ "name": "r", "request": { "method": "GET", "url": "https://x", "description": { "content": null, "type": "text/plain" } } }""", "$.item[0].request.description.content", "item[].request.description.content: type" },
        // A saved response's cookie without domain and path.
        { "cookie without domain", """{ "name": "r", "request": { "method": "GET", "url": "https://x" }, "response": [ { "name": "ok", "code": 200, "cookie": [ { "name": "session", "value": "1" } ] } ] }""", "$.item[0].response[0].cookie[0]", "item[].response[].cookie[]: required" },
        // A saved response header whose value is a number.
        { "numeric header value", """{ "name": "r", "request": { "method": "GET", "url": "https://x" }, "response": [ { "name": "ok", "code": 200, "header": [ { "key": "Content-Length", "value": 42 } ] } ] }""", "$.item[0].response[0].header[0].value", "item[].response[].header[].value: type" },
        // An empty header object.
        { "empty header object", """{ "name": "r", "request": { "method": "GET", "url": "https://x", "header": [ {} ] } }""", "$.item[0].request.header[0]", "item[].request.header[]: required" },
        // A variable whose type is not in the schema's list.
        { "variable type outside enum", """{ "name": "r", "request": { "method": "GET", "url": "https://x" }, "variable": [ { "key": "id", "value": "1", "type": "text" } ] }""", "$.item[0].variable[0].type", "item[].variable[].type: enum" },
    };

    private static string Collection(string item) =>
        "{\"info\":{\"name\":\"Deviation\",\"schema\":\"" + V21 + "\"},\"item\":[" + item + "]}";

    [Theory]
    [MemberData(nameof(Deviations))]
    public void A_deviation_is_a_finding_at_its_path_and_the_file_keeps_the_collection(string label, string item, string path, string kind)
    {
        var bytes = Encoding.UTF8.GetBytes(Collection(item));

        var document = CollectionDocument.Parse(bytes, label);

        var finding = Assert.Single(document.Findings);
        Assert.Equal(path, finding.JsonPath);
        Assert.Equal(kind, finding.Kind);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(bytes), JsonNode.Parse(DomNormalizer.Normalize(document))), label);
    }

    [Fact]
    public async Task A_workspace_of_every_deviation_is_backed_up_in_one_commit_with_a_warning_each()
    {
        await using var world = await BackupWorld.StartAsync();
        var labels = new List<string>();
        foreach (var row in Deviations)
        {
            var label = (string)row[0];
            labels.Add(label);
            world.Server.Postman.AddCollection("Payments", Collection((string)row[1]).Replace("\"Deviation\"", "\"" + label + "\"", StringComparison.Ordinal));
        }
        var before = world.Repository.BranchSha("main");

        var outcome = Assert.Single(await world.RunAsync(world.Integrations(@"
  - name: deviations
    type: collection-backup
    source: { workspace: Payments, collection: '*' }
    repository: contoso/api-backups
")));

        Assert.Null(outcome.Error);
        Assert.Empty(outcome.ItemErrors);
        Assert.Equal(labels.Count, outcome.Result.Warnings);
        Assert.Equal(labels.OrderBy(l => l, StringComparer.Ordinal), outcome.Result.Findings.Select(f => f.Collection).OrderBy(l => l, StringComparer.Ordinal));
        Assert.Equal(before, world.Repository.Log("main")[1].Sha);
        var files = world.Repository.ReadTree("main");
        Assert.All(labels, label => Assert.True(files.ContainsKey($"Postman Collections/{FileNames.ForCollection(label)}"), label));
    }
}
