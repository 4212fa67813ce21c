using System.Text;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Schemas;
using Xunit;
using static PSGitHubSync.Tests.Schemas.SchemaTestSupport;

namespace PSGitHubSync.Tests.Schemas;

/// <summary>SchemaSet: one unit of files, bytes never altered, ordered, compared and diffed by content.</summary>
public sealed class SchemaSetTests : IDisposable
{
    private static readonly byte[] Bom = { 0xEF, 0xBB, 0xBF };
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "psgithubsync-schemaset-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static byte[] CrlfBomYaml() => Bom.Concat(Encoding.UTF8.GetBytes(OpenApi30Yaml.Replace("\n", "\r\n") + "\r\n")).ToArray();

    [Fact]
    public void CrlfAndBomBytesArePreservedInMemory()
    {
        var bytes = CrlfBomYaml();
        var set = SchemaSet.Single("openapi.yaml", bytes);
        Assert.Equal(bytes, set["openapi.yaml"].ToArray());
        Assert.Equal(bytes, set.Files[0].ToArray());
    }

    [Fact]
    public void CrlfAndBomBytesArePreservedFromDisk()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "schemas"));
        var root = CrlfBomYaml();
        var mixed = Encoding.UTF8.GetBytes("type: object\r\nproperties:\n  id: {type: string}\r\n");
        File.WriteAllBytes(Path.Combine(_folder, "openapi.yaml"), root);
        File.WriteAllBytes(Path.Combine(_folder, "schemas", "pet.yaml"), mixed);

        var folder = SchemaSet.FromDirectory(_folder);
        Assert.Equal(new[] { "openapi.yaml", "schemas/pet.yaml" }, folder.Paths);
        Assert.Equal(root, folder["openapi.yaml"].ToArray());
        Assert.Equal(mixed, folder["schemas/pet.yaml"].ToArray());

        var single = SchemaSet.FromFile(Path.Combine(_folder, "openapi.yaml"));
        Assert.Equal("openapi.yaml", Assert.Single(single.Paths));
        Assert.Equal(root, single["openapi.yaml"].ToArray());
    }

    [Fact]
    public void CrlfAndBomDocumentsValidate()
    {
        AssertValid(SchemaSet.Single("openapi.yaml", CrlfBomYaml()));
        AssertValid(SchemaSet.Single("openapi.json", Bom.Concat(Utf8(OpenApi30Json.Replace("\n", "\r\n"))).ToArray()));
        AssertValid(SchemaSet.Single("api.raml", Bom.Concat(Utf8(Raml10.Replace("\n", "\r\n"))).ToArray()));
        AssertValid(SchemaSet.Single("schema.graphql", Bom.Concat(Utf8(GraphQLSdl.Replace("\n", "\r\n"))).ToArray()));
    }

    [Fact]
    public void LinePositionsCountCrlfLinesOnce()
    {
        var content = OpenApi30Yaml.Replace("$ref: '#/components/schemas/Payment'", "$ref: '#/components/schemas/Refund'");
        var bytes = Bom.Concat(Utf8(content.Replace("\n", "\r\n"))).ToArray();
        var problem = AssertProblem(SchemaValidator.Check(SchemaSet.Single("openapi.yaml", bytes)), SchemaProblemId.UnresolvedReference);
        Assert.Equal(LineOf(content, "Refund"), problem.Line);
    }

    [Fact]
    public void TheSetCopiesTheBytesItIsGiven()
    {
        var bytes = Utf8("a: 1\n");
        var set = SchemaSet.Single("a.yaml", bytes);
        bytes[0] = (byte)'b';
        Assert.Equal((byte)'a', set["a.yaml"][0]);
    }

    [Fact]
    public void FilesAreOrderedByOrdinalPath()
    {
        var set = Set(("b.yaml", "1"), ("B.yaml", "2"), ("a/z.yaml", "3"), ("a.yaml", "4"));
        Assert.Equal(new[] { "B.yaml", "a.yaml", "a/z.yaml", "b.yaml" }, set.Paths);
        Assert.Equal(set.Paths, set.Select(f => f.Path));
    }

    [Theory]
    [InlineData("a\\b.yaml", "a/b.yaml")]
    [InlineData("./a/b.yaml", "a/b.yaml")]
    [InlineData("a/.spectral.yaml", "a/.spectral.yaml")]
    public void PathsAreNormalized(string given, string expected)
    {
        var set = SchemaSet.Single(given, Utf8("x"));
        Assert.Equal(expected, Assert.Single(set.Paths));
        Assert.True(set.Contains(given));
    }

    [Theory]
    [InlineData("../a.yaml")]
    [InlineData("a/../../b.yaml")]
    [InlineData("/etc/a.yaml")]
    [InlineData("C:/a.yaml")]
    [InlineData("a//b.yaml")]
    [InlineData(".git/config")]
    [InlineData("")]
    public void PathsOutsideTheFolderAreRefused(string path)
    {
        var ex = Assert.Throws<SyncException>(() => SchemaSet.Single(path, Utf8("x")));
        Assert.Equal(SchemaErrorIds.InvalidSchema, ex.ErrorId);
    }

    [Fact]
    public void APathGivenTwiceIsRefused()
    {
        var ex = Assert.Throws<SyncException>(() => Set(("a.yaml", "1"), ("a\\..\\a.yaml".Replace("\\..\\a", ""), "2")));
        Assert.Contains("twice", ex.Message);
    }

    [Fact]
    public void FromDirectorySkipsGitButKeepsOtherDotFiles()
    {
        Directory.CreateDirectory(Path.Combine(_folder, ".git", "objects"));
        Directory.CreateDirectory(Path.Combine(_folder, "sub", ".git"));
        File.WriteAllText(Path.Combine(_folder, ".git", "HEAD"), "ref: refs/heads/main\n");
        File.WriteAllText(Path.Combine(_folder, "sub", ".git", "config"), "x");
        File.WriteAllText(Path.Combine(_folder, ".spectral.yaml"), "extends: spectral:oas\n");
        File.WriteAllText(Path.Combine(_folder, "openapi.yaml"), OpenApi30Yaml);
        File.WriteAllText(Path.Combine(_folder, "sub", "x.yaml"), "a: 1\n");

        var set = SchemaSet.FromDirectory(_folder);
        Assert.Equal(new[] { ".spectral.yaml", "openapi.yaml", "sub/x.yaml" }, set.Paths);
        Assert.Equal("openapi.yaml", set.RootFile);
    }

    [Fact]
    public void MissingFilesAndFoldersAreSourceFileNotFound()
    {
        var file = Assert.Throws<SyncException>(() => SchemaSet.FromFile(Path.Combine(_folder, "nope.yaml")));
        Assert.Equal(SyncErrorId.SourceFileNotFound, file.ErrorId);
        Assert.Equal(SyncErrorCategory.ObjectNotFound, file.Category);
        var folder = Assert.Throws<SyncException>(() => SchemaSet.FromDirectory(Path.Combine(_folder, "nope")));
        Assert.Equal(SyncErrorId.SourceFileNotFound, folder.ErrorId);
    }

    [Fact]
    public void SetsAreEqualByContent()
    {
        var a = Set(("x.yaml", "1"), ("y.yaml", "2"));
        var b = Set(("y.yaml", "2"), ("x.yaml", "1"));
        var withRoot = SetWithRoot("y.yaml", ("x.yaml", "1"), ("y.yaml", "2"));
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.Equal(a, withRoot);

        var changed = Set(("x.yaml", "1"), ("y.yaml", "3"));
        Assert.NotEqual(a, changed);
        Assert.True(a != changed);
        Assert.NotEqual(a.Fingerprint, changed.Fingerprint);
        Assert.NotEqual(a, Set(("x.yaml", "1")));
        Assert.NotEqual(a, Set(("x.yaml", "1"), ("z.yaml", "2")));
        Assert.False(a.Equals(null));
    }

    [Fact]
    public void LineEndingsAloneMakeSetsDifferent()
    {
        var lf = Set(("a.yaml", "a: 1\n"));
        var crlf = Set(("a.yaml", "a: 1\r\n"));
        Assert.NotEqual(lf, crlf);
        Assert.NotEqual(lf.Fingerprint, crlf.Fingerprint);
    }

    [Fact]
    public void FingerprintDependsOnPathsNotJustBytes()
    {
        Assert.NotEqual(Set(("ab", "c")).Fingerprint, Set(("a", "bc")).Fingerprint);
        Assert.Equal(64, Set(("a", "b")).Fingerprint.Length);
    }

    [Fact]
    public void TheRootOfASingleFileIsThatFile()
    {
        Assert.Equal("spec/anything.txt", SchemaSet.Single("spec/anything.txt", Utf8("x")).RootFile);
    }

    [Fact]
    public void ATopLevelConventionalNameIsTheRoot()
    {
        var set = Set(("components.yaml", OpenApi30Yaml), ("openapi.yaml", OpenApi30Yaml), ("v1/openapi.yaml", OpenApi30Yaml));
        Assert.Equal("openapi.yaml", set.RootFile);
        Assert.Equal("swagger.json", Set(("swagger.json", Swagger20Json), ("x.yaml", OpenApi30Yaml)).RootFile);
        Assert.Equal("api.raml", Set(("api.raml", Raml10), ("other.raml", Raml10)).RootFile);
    }

    [Fact]
    public void TheOnlyRootDocumentIsTheRoot()
    {
        var set = Set(("payments.yaml", OpenApi30Yaml), ("schemas/pet.yaml", "type: object\n"), ("README.md", "#"));
        Assert.Equal("payments.yaml", set.RootFile);
        var raml = Set(("payments.raml", Raml10), ("types/pet.raml", "#%RAML 1.0 DataType\ntype: object\n"));
        Assert.Equal("payments.raml", raml.RootFile);
    }

    [Fact]
    public void AFolderOfGraphQLFilesHasTheFirstAsRoot()
    {
        Assert.Equal("a.graphql", Set(("b.graphql", "type B { b: Int }"), ("a.graphql", "type Query { a: Int }")).RootFile);
        Assert.Equal("schema.graphql", Set(("b.graphql", "type B { b: Int }"), ("schema.graphql", "type Query { a: Int }")).RootFile);
    }

    [Fact]
    public void AnExplicitRootWins()
    {
        var set = SetWithRoot("v1/openapi.yaml", ("openapi.yaml", OpenApi30Yaml), ("v1/openapi.yaml", OpenApi30Yaml));
        Assert.Equal("v1/openapi.yaml", set.RootFile);
        Assert.Equal("v1/openapi.yaml", set.ExplicitRootFile);
        Assert.Equal("openapi.yaml", set.WithRootFile(null).RootFile);
        Assert.Equal("v1/openapi.yaml", set.WithRootFile("v1\\openapi.yaml").RootFile);
    }

    [Fact]
    public void AnExplicitRootThatIsNotInTheSetIsRefused()
    {
        var ex = Assert.Throws<SyncException>(() => SetWithRoot("missing.yaml", ("openapi.yaml", OpenApi30Yaml)));
        Assert.Equal(SchemaErrorIds.InvalidSchema, ex.ErrorId);
        Assert.Contains("missing.yaml", ex.Message);
    }

    [Fact]
    public void AnAmbiguousRootAsksForTheRootToBeNamed()
    {
        var set = Set(("payments.yaml", OpenApi30Yaml), ("refunds.yaml", OpenApi30Yaml));
        var ex = Assert.Throws<SyncException>(() => set.RootFile);
        Assert.Equal(SchemaErrorIds.InvalidSchema, ex.ErrorId);
        Assert.Contains("payments.yaml", ex.Message);
        Assert.Contains("refunds.yaml", ex.Message);
        Assert.Contains("root: payments.yaml", ex.Message);
        Assert.False(set.TryGetRootFile(out var root, out var reason));
        Assert.Null(root);
        Assert.Equal(ex.Message, reason);

        var problem = AssertProblem(SchemaValidator.Check(set), SchemaProblemId.RootUnknown);
        Assert.Equal("(schema)", problem.File);
    }

    [Fact]
    public void AFolderWithoutAnyRootDocumentSaysSo()
    {
        var set = Set(("a.yaml", "type: object\n"), ("b.yaml", "type: string\n"));
        Assert.False(set.TryGetRootFile(out _, out var reason));
        Assert.Contains("openapi.yaml", reason);
    }

    [Fact]
    public void AnEmptySetIsInvalid()
    {
        var empty = SchemaSet.Create(Array.Empty<KeyValuePair<string, byte[]>>());
        Assert.Equal(0, empty.Count);
        AssertProblem(SchemaValidator.Check(empty), SchemaProblemId.Empty);
    }

    [Fact]
    public void ContentThatIsNotTextIsReported()
    {
        var set = SchemaSet.Single("openapi.yaml", new byte[] { 0x6F, 0x70, 0xC3, 0x28, 0x0A });
        AssertProblem(SchemaValidator.Check(set, SchemaFormat.OpenApi), SchemaProblemId.NotText);
    }
}
