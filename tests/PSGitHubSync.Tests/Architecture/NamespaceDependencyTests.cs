using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace PSGitHubSync.Tests.Architecture;

/// <summary>
/// Issue 17: the definitions file is read without knowing how a backup is made. Nothing in the
/// <c>PSGitHubSync.Engine.Definitions</c> namespace names a type or member of <c>Backup</c>, <c>Collections</c>
/// or <c>Postman</c> (what the backup must tell it comes in through <c>IBackupFileNaming</c>). The check is
/// semantic: the engine's sources are compiled with Roslyn, and every name and every expression type in a
/// Definitions file is resolved, so a using directive, a qualified name, an alias or an implicitly typed
/// variable are all caught.
/// </summary>
public class NamespaceDependencyTests
{
    private const string Engine = "PSGitHubSync.Engine";
    private const string Definitions = Engine + ".Definitions";
    private static readonly string[] Forbidden = { Engine + ".Backup", Engine + ".Collections", Engine + ".Postman" };

    private static readonly Lazy<CSharpCompilation> EngineCompilation = new(() => Compile(EngineTrees()));

    [Fact]
    public void Definitions_references_no_backup_collection_or_postman_type()
    {
        var compilation = EngineCompilation.Value;
        var definitionFiles = compilation.SyntaxTrees.Where(t => DeclaredNamespaces(t).Any(IsDefinitions)).ToList();
        Assert.Contains(definitionFiles, t => t.FilePath.EndsWith("DefinitionLoader.cs", StringComparison.Ordinal));

        var findings = definitionFiles.SelectMany(t => ForbiddenReferences(compilation, t)).ToList();
        Assert.True(findings.Count == 0,
            $"The Definitions namespace must not depend on {string.Join(", ", Forbidden)}; pass what it needs in (see IBackupFileNaming):"
            + Environment.NewLine + string.Join(Environment.NewLine, findings));
    }

    [Fact]
    public void Every_name_in_the_Definitions_files_is_resolved_so_the_check_sees_everything()
    {
        var compilation = EngineCompilation.Value;
        var unresolved = new List<string>();
        foreach (var tree in compilation.SyntaxTrees.Where(t => DeclaredNamespaces(t).Any(IsDefinitions)))
        {
            var model = compilation.GetSemanticModel(tree);
            unresolved.AddRange(tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>()
                .Where(n => !IsDeclarationName(n) && !IsNameOf(n) && Resolve(model, n) is null)
                .Select(n => $"  {Relative(tree)}:{n.GetLocation().GetLineSpan().StartLinePosition.Line + 1} '{n}'"));
        }
        Assert.True(unresolved.Count == 0, "Names the check could not resolve (the compilation misses a reference?):" + Environment.NewLine + string.Join(Environment.NewLine, unresolved));
    }

    [Theory]
    [InlineData("using PSGitHubSync.Engine.Backup;\nnamespace PSGitHubSync.Engine.Definitions;\ninternal static class Probe { public static string Suffix => FileNames.CollectionSuffix; }")]
    [InlineData("namespace PSGitHubSync.Engine.Definitions;\ninternal static class Probe { public static string Name(string n) => Backup.FileNames.ForCollection(n); }")]
    [InlineData("namespace PSGitHubSync.Engine.Definitions;\nusing Naming = PSGitHubSync.Engine.Backup.BackupFileNaming;\ninternal static class Probe { public static object Get() => Naming.Instance; }")]
    [InlineData("namespace PSGitHubSync.Engine.Definitions;\ninternal static class Probe { public static void Run(PSGitHubSync.Engine.Collections.CollectionFinding f) { } }")]
    [InlineData("namespace PSGitHubSync.Engine.Definitions.Inner;\ninternal static class Probe { public static int Count() { var c = PSGitHubSync.Engine.Backup.BackupFileNaming.Instance; return c.GetHashCode(); } }")]
    public void The_check_finds_a_forbidden_reference(string probe)
    {
        var tree = CSharpSyntaxTree.ParseText(probe, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview), "/probe/Probe.cs");
        var compilation = EngineCompilation.Value.AddSyntaxTrees(tree);
        Assert.Empty(compilation.GetSemanticModel(tree).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.NotEmpty(ForbiddenReferences(compilation, tree));
    }

    private static IEnumerable<string> ForbiddenReferences(Compilation compilation, SyntaxTree tree)
    {
        var model = compilation.GetSemanticModel(tree);
        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            var symbols = new List<ISymbol?>();
            if (node is SimpleNameSyntax name && !IsDeclarationName(name))
            {
                symbols.Add(Resolve(model, name));
            }
            if (node is ExpressionSyntax expression)
            {
                var type = model.GetTypeInfo(expression);
                symbols.Add(type.Type);
                symbols.Add(type.ConvertedType);
            }
            foreach (var symbol in symbols)
            {
                if (ForbiddenNamespace(symbol) is { } ns)
                {
                    yield return $"  {Relative(tree)}:{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1} '{node}' is {symbol!.ToDisplayString()} ({ns})";
                    break;
                }
            }
        }
    }

    private static ISymbol? Resolve(SemanticModel model, SimpleNameSyntax name)
    {
        var info = model.GetSymbolInfo(name);
        return info.Symbol ?? info.CandidateSymbols.FirstOrDefault() ?? model.GetAliasInfo(name)?.Target;
    }

    // The namespace a symbol belongs to (a type's, a member's type's, the element type of an array, a type argument's), when forbidden.
    private static string? ForbiddenNamespace(ISymbol? symbol)
    {
        foreach (var ns in Namespaces(symbol))
        {
            var text = ns.ToDisplayString();
            if (Forbidden.Any(f => text == f || text.StartsWith(f + ".", StringComparison.Ordinal))) return text;
        }
        return null;
    }

    private static IEnumerable<INamespaceSymbol> Namespaces(ISymbol? symbol)
    {
        switch (symbol)
        {
            case null:
                yield break;
            case INamespaceSymbol ns:
                yield return ns;
                yield break;
            case IAliasSymbol alias:
                foreach (var n in Namespaces(alias.Target)) yield return n;
                yield break;
            case IArrayTypeSymbol array:
                foreach (var n in Namespaces(array.ElementType)) yield return n;
                yield break;
            case INamedTypeSymbol named:
                if (named.ContainingNamespace is { } own) yield return own;
                foreach (var argument in named.TypeArguments)
                {
                    foreach (var n in Namespaces(argument)) yield return n;
                }
                yield break;
            default:
                if (symbol.ContainingType is { } type)
                {
                    foreach (var n in Namespaces(type)) yield return n;
                }
                else if (symbol.ContainingNamespace is { } containing)
                {
                    yield return containing;
                }
                yield break;
        }
    }

    private static bool IsDeclarationName(SimpleNameSyntax name) =>
        name.Parent is NameEqualsSyntax or NameColonSyntax || name.Parent is QualifiedNameSyntax && name.Ancestors().Any(a => a is BaseNamespaceDeclarationSyntax ns && ns.Name.Span.Contains(name.Span));

    // nameof(x) is an operator, not a symbol (x itself is resolved on its own).
    private static bool IsNameOf(SimpleNameSyntax name) =>
        name is IdentifierNameSyntax { Identifier.Text: "nameof" } && name.Parent is InvocationExpressionSyntax;

    private static bool IsDefinitions(string ns) => ns == Definitions || ns.StartsWith(Definitions + ".", StringComparison.Ordinal);

    private static IEnumerable<string> DeclaredNamespaces(SyntaxTree tree) =>
        tree.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Select(n => n.Name.ToString());

    private static string Relative(SyntaxTree tree) =>
        tree.FilePath.StartsWith("/probe/", StringComparison.Ordinal) ? tree.FilePath : Path.GetRelativePath(Emulator.ReferenceFiles.RepositoryRoot, tree.FilePath).Replace('\\', '/');

    private static IEnumerable<SyntaxTree> EngineTrees() =>
        SourceTree.Files.Where(f => f.Path.StartsWith("src/" + Engine + "/", StringComparison.Ordinal)).Select(f => f.Tree);

    // The engine's sources against the assemblies this test runs with: the runtime's, and the packages and
    // projects beside the test (the built engine too, for its generated Resources.Messages; source types win).
    private static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees)
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            byName[Path.GetFileName(path)] = path;
        }
        foreach (var path in Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
        {
            byName[Path.GetFileName(path)] = path;
        }
        byName.Remove("PSGitHubSync.Tests.dll");
        var references = byName.Values.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        return CSharpCompilation.Create("PSGitHubSync.Engine.DependencyCheck", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }
}
