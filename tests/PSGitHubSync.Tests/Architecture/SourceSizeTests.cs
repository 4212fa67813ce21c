using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace PSGitHubSync.Tests.Architecture;

/// <summary>
/// Issue 17, "smaller methods": no method, constructor, accessor, local function, lambda or
/// expression-bodied member in src/ is over <see cref="MaximumMemberLines"/> lines, and no file is over
/// <see cref="MaximumFileLines"/> lines (generated code excepted). A member is measured from its first
/// line of code (attributes included, the /// comment above it not) to its closing line.
/// </summary>
public class SourceSizeTests
{
    /// <summary>The longest a member may be.</summary>
    public const int MaximumMemberLines = 80;

    /// <summary>The longest a source file may be.</summary>
    public const int MaximumFileLines = 500;

    [Fact]
    public void No_member_or_file_in_src_is_too_long()
    {
        var failing = SourceTree.Files.SelectMany(Findings).ToList();

        Assert.True(failing.Count == 0,
            $"{failing.Count} members or files in src/ are too long (members at most {MaximumMemberLines} lines, files at most {MaximumFileLines}); split them by responsibility:"
            + Environment.NewLine + string.Join(Environment.NewLine, failing));
    }

    [Fact]
    public void The_measure_finds_what_it_claims_to()
    {
        // A method of 81 lines, a lambda of 81 lines, an accessor of 81 lines, a local function of 81
        // lines and an expression-bodied property of 81 lines; one method of exactly 80 lines passes.
        static string Lines(int count) => string.Concat(Enumerable.Repeat("        x++;\n", count));
        var text = "class C\n{\n"
            + "    void Long()\n    {\n" + Lines(79 - 2) + "    }\n"                                            // 80 lines
            + "    void Longer()\n    {\n" + Lines(79 - 1) + "    }\n"                                          // 81 lines
            + "    int P { get\n    {\n" + Lines(79 - 1) + "    return 1; } }\n"
            + "    void Outer()\n    {\n        void Local()\n        {\n" + Lines(79 - 1) + "        }\n    }\n"
            + "    System.Action F = () =>\n    {\n" + Lines(79 - 1) + "    };\n"
            + "    int Q =>\n" + string.Concat(Enumerable.Repeat("        1 +\n", 79)) + "        1;\n"
            + "}\n"
            + string.Concat(Enumerable.Repeat("// a file of 511 lines\n", 20));
        var tree = CSharpSyntaxTree.ParseText(text);
        var found = Findings(new SourceFile("src/C.cs", text, tree)).Select(f => f.Member).ToList();

        Assert.Empty(tree.GetDiagnostics());
        Assert.DoesNotContain("C.Long", found);
        Assert.Contains("C.Longer", found);
        Assert.Contains("C.P.get", found);
        Assert.Contains("C.Outer.Local", found);
        Assert.Contains("C.Outer", found); // the local function makes its method long too
        Assert.Contains("C.F (lambda)", found);
        Assert.Contains("C.Q", found);
        Assert.Contains("src/C.cs", found); // the file itself is over 500 lines
    }

    [Fact]
    public void Every_source_file_is_found_and_parses()
    {
        Assert.Contains(SourceTree.Files, f => f.Path == "src/PSGitHubSync.Engine/Definitions/DefinitionLoader.cs");
        Assert.Contains(SourceTree.Files, f => f.Path.StartsWith("src/PSGitHubSync/", StringComparison.Ordinal));
        Assert.Contains(SourceTree.Files, f => f.Path.StartsWith("src/PSGitHubSync.Model/", StringComparison.Ordinal));
        Assert.DoesNotContain(SourceTree.Files, f => f.Path.Contains("/obj/", StringComparison.Ordinal) || f.Path.Contains("/bin/", StringComparison.Ordinal));
        var unparsed = SourceTree.Files
            .SelectMany(f => f.Tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => $"{f.Path}: {d}"))
            .ToList();
        Assert.True(unparsed.Count == 0, string.Join(Environment.NewLine, unparsed));
    }

    private static IEnumerable<SizeFinding> Findings(SourceFile file)
    {
        if (file.LineCount > MaximumFileLines)
        {
            yield return new SizeFinding(file.Path, 1, file.Path, "file", file.LineCount, MaximumFileLines);
        }

        foreach (var node in file.Tree.GetRoot().DescendantNodes())
        {
            var (name, kind) = Describe(node);
            if (name is null)
            {
                continue;
            }

            var span = node.GetLocation().GetLineSpan();
            var lines = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
            if (lines > MaximumMemberLines)
            {
                yield return new SizeFinding(file.Path, span.StartLinePosition.Line + 1, name, kind, lines, MaximumMemberLines);
            }
        }
    }

    // The members that hold code, named as a reader finds them: Type.Nested.Member[.accessor].
    private static (string? Name, string Kind) Describe(SyntaxNode node) => node switch
    {
        MethodDeclarationSyntax m => (Qualified(m, m.Identifier.Text), "method"),
        ConstructorDeclarationSyntax c => (Qualified(c, c.Identifier.Text), "constructor"),
        DestructorDeclarationSyntax d => (Qualified(d, "~" + d.Identifier.Text), "finalizer"),
        OperatorDeclarationSyntax o => (Qualified(o, "operator " + o.OperatorToken.Text), "operator"),
        ConversionOperatorDeclarationSyntax c => (Qualified(c, "operator " + c.Type), "conversion"),
        AccessorDeclarationSyntax a => (Qualified(a, a.Keyword.Text), "accessor"),
        LocalFunctionStatementSyntax l => (Qualified(l, l.Identifier.Text), "local function"),
        PropertyDeclarationSyntax { ExpressionBody: not null } p => (Qualified(p, p.Identifier.Text), "expression-bodied property"),
        IndexerDeclarationSyntax { ExpressionBody: not null } i => (Qualified(i, "this[]"), "expression-bodied indexer"),
        AnonymousFunctionExpressionSyntax f => (Qualified(f, "(lambda)"), "lambda"),
        _ => (null, ""),
    };

    private static string Qualified(SyntaxNode node, string own)
    {
        var names = new List<string>();
        foreach (var ancestor in node.Ancestors())
        {
            var name = ancestor switch
            {
                BaseTypeDeclarationSyntax t => t.Identifier.Text,
                DelegateDeclarationSyntax d => d.Identifier.Text,
                MethodDeclarationSyntax m => m.Identifier.Text,
                ConstructorDeclarationSyntax c => c.Identifier.Text,
                LocalFunctionStatementSyntax l => l.Identifier.Text,
                BasePropertyDeclarationSyntax p => p is PropertyDeclarationSyntax prop ? prop.Identifier.Text : p is EventDeclarationSyntax e ? e.Identifier.Text : "this[]",
                VariableDeclaratorSyntax v when node is AnonymousFunctionExpressionSyntax => v.Identifier.Text,
                _ => null,
            };
            if (name is not null)
            {
                names.Add(name);
            }
        }

        names.Reverse();
        return own == "(lambda)" ? string.Join(".", names) + " " + own : string.Join(".", names.Append(own));
    }

    private sealed record SizeFinding(string File, int Line, string Member, string Kind, int Lines, int Maximum)
    {
        public override string ToString() => $"  {File}:{Line} {Member} ({Kind}) is {Lines} lines, over {Maximum}";
    }
}
