using System.Collections.Generic;
using System.Linq;
using YamlDotNet.Core;

namespace PSGitHubSync.Engine.Definitions;

/// <summary>Collects problems for one file, in file order.</summary>
internal sealed class DefinitionProblemList
{
    private readonly List<DefinitionProblem> _problems = new();

    public DefinitionProblemList(string file) => File = file;

    public string File { get; }

    public int Count => _problems.Count;

    /// <summary>Adds a problem; anything shaped like a token is cut out of its message, so a pasted secret is never echoed.</summary>
    public void Add(string problemId, string message, int line, int column) =>
        _problems.Add(new DefinitionProblem(problemId, Security.SecretReference.RedactLiteralSecrets(message), File, line, column));

    /// <summary>True when a problem of <paramref name="problemId"/> is already reported on <paramref name="line"/>.</summary>
    public bool Has(string problemId, int line) => _problems.Any(p => p.ProblemId == problemId && p.Line == line);

    public void Add(string problemId, string message, YamlTreeNode node) => Add(problemId, message, node.Line, node.Column);

    public void Add(string problemId, string message, Mark mark) => Add(problemId, message, (int)mark.Line, (int)mark.Column);

    public IReadOnlyList<DefinitionProblem> Sorted() =>
        _problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ToArray();
}
