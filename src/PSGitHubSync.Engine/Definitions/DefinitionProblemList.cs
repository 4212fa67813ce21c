using System.Collections.Generic;
using System.Linq;
using YamlDotNet.Core;

namespace PSGitHubSync.Engine.Definitions;

/// <summary>Collects problems for one file, in file order.</summary>
internal sealed class DefinitionProblemList
{
    private readonly List<DefinitionProblem> _problems = new();
    private readonly List<string> _concealed = new();

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

    /// <summary>
    /// Marks <paramref name="value"/> (the value of a key that holds a secret, or a password in an address) as never
    /// to be shown: every message, whenever it was added, quotes '***' instead.
    /// </summary>
    public void Conceal(string? value)
    {
        if (value is null) return;
        var trimmed = value.Trim();
        if (trimmed.Length > 0 && !_concealed.Contains(trimmed)) _concealed.Add(trimmed);
    }

    public IReadOnlyList<DefinitionProblem> Sorted() =>
        _problems.OrderBy(p => p.Line).ThenBy(p => p.Column).Select(WithoutConcealed).ToArray();

    private DefinitionProblem WithoutConcealed(DefinitionProblem problem)
    {
        var message = problem.Message;
        // Messages quote the values they name ('value'); a concealed value is never quoted, whichever message names it.
        foreach (var value in _concealed.OrderByDescending(v => v.Length)) message = message.Replace("'" + value + "'", "'" + Security.SecretRedactor.Placeholder + "'");
        return message == problem.Message ? problem : new DefinitionProblem(problem.ProblemId, message, problem.File, problem.Line, problem.Column);
    }
}
