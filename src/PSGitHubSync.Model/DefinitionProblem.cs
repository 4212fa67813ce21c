namespace PSGitHubSync;

/// <summary>One problem in a definitions file: what, where, and what to write instead.</summary>
public sealed class DefinitionProblem
{
    /// <summary>Creates the problem.</summary>
    public DefinitionProblem(string problemId, string message, string file, int line, int column)
    {
        ProblemId = problemId;
        Message = message;
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>A stable identifier of the kind of problem (for example <c>UnknownKey</c>, <c>LiteralTokenNotAllowed</c>).</summary>
    public string ProblemId { get; }

    /// <summary>What is wrong and what to write instead.</summary>
    public string Message { get; }

    /// <summary>The definitions file.</summary>
    public string File { get; }

    /// <summary>The 1-based line.</summary>
    public int Line { get; }

    /// <summary>The 1-based column.</summary>
    public int Column { get; }

    /// <summary><c>file:line:column: message [ProblemId]</c>, the form editors and CI logs link.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message} [{ProblemId}]";
}

/// <summary>The stable identifiers of <see cref="DefinitionProblem.ProblemId"/>.</summary>
public static class DefinitionProblemId
{
    /// <summary>The file is not well-formed YAML.</summary>
    public const string YamlSyntax = nameof(YamlSyntax);
    /// <summary>The file is not UTF-8 (nor UTF-16 with a byte order mark).</summary>
    public const string InvalidEncoding = nameof(InvalidEncoding);
    /// <summary>A key appears twice in one mapping.</summary>
    public const string DuplicateKey = nameof(DuplicateKey);
    /// <summary>A key that the format does not have.</summary>
    public const string UnknownKey = nameof(UnknownKey);
    /// <summary>A required key is missing.</summary>
    public const string MissingKey = nameof(MissingKey);
    /// <summary>A value of the wrong kind (a list where a text is expected, ...).</summary>
    public const string WrongType = nameof(WrongType);
    /// <summary>A value outside what the key accepts.</summary>
    public const string InvalidValue = nameof(InvalidValue);
    /// <summary>The version is missing or not supported.</summary>
    public const string UnsupportedVersion = nameof(UnsupportedVersion);
    /// <summary>An integration name that is not letters, digits, dot, underscore and dash.</summary>
    public const string InvalidName = nameof(InvalidName);
    /// <summary>Two integrations with the same name.</summary>
    public const string DuplicateName = nameof(DuplicateName);
    /// <summary>A token or API key written into the file.</summary>
    public const string LiteralTokenNotAllowed = nameof(LiteralTokenNotAllowed);
    /// <summary>A secret reference that is not <c>env:</c>, <c>file:</c> or <c>secret:</c>.</summary>
    public const string InvalidSecretReference = nameof(InvalidSecretReference);
    /// <summary>A repository path with <c>..</c>, an absolute path, or <c>.git</c>.</summary>
    public const string PathEscapesRepository = nameof(PathEscapesRepository);
    /// <summary>A path under <c>.github</c> (workflows, repository settings) without <c>allowGitHubFolder: true</c>.</summary>
    public const string GitHubFolderNotAllowed = nameof(GitHubFolderNotAllowed);
    /// <summary>A path segment that cannot be checked out everywhere (a Windows device name, a character Windows refuses, a trailing dot or space, over 255 bytes).</summary>
    public const string PathNotPortable = nameof(PathNotPortable);
    /// <summary>Two integrations writing the same server, repository, branch and path.</summary>
    public const string DuplicateTarget = nameof(DuplicateTarget);
    /// <summary>A source that names both a file and a workspace (or neither).</summary>
    public const string ConflictingSource = nameof(ConflictingSource);
    /// <summary>YAML aliases and anchors, which the format does not use.</summary>
    public const string AliasNotAllowed = nameof(AliasNotAllowed);
}
