using System;
using System.Collections.Generic;
using System.Linq;
using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Engine.Definitions;

/// <summary>A definitions file with problems: <c>DefinitionFileInvalid</c>, listing every problem at once.</summary>
[Serializable]
public sealed class DefinitionFileException : DefinitionException
{
    /// <summary>Creates the exception.</summary>
    public DefinitionFileException(string file, IReadOnlyList<DefinitionProblem> problems)
        : base(SyncErrorId.DefinitionFileInvalid, SyncErrorCategory.InvalidData, Format(file, problems), file)
    {
        File = file;
        Problems = problems;
    }

    /// <summary>The definitions file.</summary>
    public string File { get; }

    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<DefinitionProblem> Problems { get; }

    private static string Format(string file, IReadOnlyList<DefinitionProblem> problems)
    {
        // One problem is one line (file:line:column first), the form a scheduled task's log and an editor can use.
        if (problems.Count == 1) return $"{problems[0]} Nothing was run from {file}; fix it and run again.";
        var count = problems.Count + " problems";
        return $"The definitions file {file} has {count}; nothing was run. Fix them and run again:"
            + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p));
    }
}

/// <summary>
/// An integration that <c>New-BackupIntegration</c> was asked to add has problems (<c>IntegrationInvalid</c>);
/// the definitions file was left as it was. <see cref="Problems"/> describe the entry that was not written.
/// </summary>
[Serializable]
public sealed class IntegrationInvalidException : DefinitionException
{
    /// <summary>Creates the exception.</summary>
    public IntegrationInvalidException(string name, string file, IReadOnlyList<DefinitionProblem> problems)
        : base(SyncErrorId.IntegrationInvalid, SyncErrorCategory.InvalidArgument,
            $"The integration '{name}' was not added to {file}, which is unchanged: " + string.Join(" ", problems.Select(p => p.Message + $" [{p.ProblemId}]")),
            name)
    {
        Problems = problems;
    }

    /// <summary>What is wrong with the integration.</summary>
    public IReadOnlyList<DefinitionProblem> Problems { get; }
}
