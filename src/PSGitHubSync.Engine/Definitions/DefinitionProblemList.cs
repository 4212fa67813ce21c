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

    public void Add(string problemId, string message, int line, int column) =>
        _problems.Add(new DefinitionProblem(problemId, message, File, line, column));

    public void Add(string problemId, string message, YamlTreeNode node) => Add(problemId, message, node.Line, node.Column);

    public void Add(string problemId, string message, Mark mark) => Add(problemId, message, (int)mark.Line, (int)mark.Column);

    public IReadOnlyList<DefinitionProblem> Sorted() =>
        _problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ToArray();
}
