using System.Text;

namespace PSGitHubSync;

/// <summary>One problem in a schema: which file, where (line and column, or JSON pointer), and what.</summary>
public sealed class SchemaProblem
{
    /// <summary>Creates the problem.</summary>
    /// <param name="problemId">One of <see cref="SchemaProblemId"/>.</param>
    /// <param name="file">The file's path inside the schema (forward slashes).</param>
    /// <param name="line">The 1-based line, or 0 when unknown.</param>
    /// <param name="column">The 1-based column, or 0 when unknown.</param>
    /// <param name="pointer">The JSON pointer (<c>#/info/version</c>) when known.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="section">The specification section that makes the rule (a title and its address), when known.</param>
    public SchemaProblem(string problemId, string file, int line, int column, string? pointer, string message, string? section = null)
    {
        Section = string.IsNullOrEmpty(section) ? null : section;
        ProblemId = problemId;
        File = file;
        Line = line < 0 ? 0 : line;
        Column = column < 0 ? 0 : column;
        Pointer = string.IsNullOrEmpty(pointer) ? null : pointer;
        Message = message;
    }

    /// <summary>A stable identifier of the kind of problem, one of <see cref="SchemaProblemId"/>.</summary>
    public string ProblemId { get; }

    /// <summary>The file's path inside the schema (forward slashes).</summary>
    public string File { get; }

    /// <summary>The 1-based line, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>The 1-based column, or 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>The JSON pointer of the offending element (for example <c>#/paths/~1pets/get</c>), when known.</summary>
    public string? Pointer { get; }

    /// <summary>What is wrong.</summary>
    public string Message { get; }

    /// <summary>
    /// The specification section that makes the rule, for example
    /// <c>OpenAPI 3.0 Info Object (https://spec.openapis.org/oas/v3.0.3#info-object)</c>; null when the
    /// problem is the file's syntax or the schema's own layout.
    /// </summary>
    public string? Section { get; }

    /// <summary><c>file:line:column: message (pointer) [ProblemId]</c>, leaving out what is unknown.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(File);
        if (Line > 0)
        {
            text.Append(':').Append(Line);
            if (Column > 0) text.Append(':').Append(Column);
        }
        text.Append(": ").Append(Message);
        if (Pointer is not null) text.Append(" (at ").Append(Pointer).Append(')');
        text.Append(" [").Append(ProblemId).Append(']');
        if (Section is not null) text.Append(" (see ").Append(Section).Append(')');
        return text.ToString();
    }
}

/// <summary>The stable identifiers of <see cref="SchemaProblem.ProblemId"/>.</summary>
public static class SchemaProblemId
{
    /// <summary>The file is not well-formed JSON, YAML or GraphQL.</summary>
    public const string SyntaxError = nameof(SyntaxError);
    /// <summary>The file is not text in a Unicode encoding (UTF-8, or UTF-16 with a byte order mark).</summary>
    public const string NotText = nameof(NotText);
    /// <summary>The file or the whole schema is empty.</summary>
    public const string Empty = nameof(Empty);
    /// <summary>A key appears twice in one mapping or object.</summary>
    public const string DuplicateKey = nameof(DuplicateKey);
    /// <summary>The content is of another format than the one asked for (<c>format:</c>).</summary>
    public const string FormatMismatch = nameof(FormatMismatch);
    /// <summary>The format of the content cannot be told.</summary>
    public const string FormatUnknown = nameof(FormatUnknown);
    /// <summary>The root file is not a document of the format (no <c>openapi</c>/<c>swagger</c> key, no RAML header).</summary>
    public const string NotADocument = nameof(NotADocument);
    /// <summary>The version of the format is missing or not supported.</summary>
    public const string UnsupportedVersion = nameof(UnsupportedVersion);
    /// <summary>
    /// An error reported by the format's reader. No longer produced: OpenAPI documents are checked against
    /// their specification's REQUIRED fields (<see cref="RequiredFieldMissing"/>, <see cref="InvalidFieldValue"/>);
    /// kept so that scripts that compare against it still compile.
    /// </summary>
    public const string ReaderError = nameof(ReaderError);
    /// <summary>A <c>$ref</c>, <c>!include</c> or <c>uses</c> names a file that is not among the schema's files.</summary>
    public const string MissingFile = nameof(MissingFile);
    /// <summary>A reference leaves the schema's folder, or is an absolute file path.</summary>
    public const string ReferenceOutsideSchema = nameof(ReferenceOutsideSchema);
    /// <summary>A reference's JSON pointer names nothing in the file it points to.</summary>
    public const string UnresolvedReference = nameof(UnresolvedReference);
    /// <summary>The RAML header line is missing or wrong.</summary>
    public const string InvalidHeader = nameof(InvalidHeader);
    /// <summary>A required key is missing (RAML <c>title</c>).</summary>
    public const string MissingKey = nameof(MissingKey);
    /// <summary>A GraphQL type or directive is defined twice.</summary>
    public const string DuplicateDefinition = nameof(DuplicateDefinition);
    /// <summary>A GraphQL file holds an operation or fragment, which is not part of a schema.</summary>
    public const string NotTypeSystem = nameof(NotTypeSystem);
    /// <summary>The root file of a multi-file schema cannot be told.</summary>
    public const string RootUnknown = nameof(RootUnknown);
    /// <summary>A field the specification marks REQUIRED is missing.</summary>
    public const string RequiredFieldMissing = nameof(RequiredFieldMissing);
    /// <summary>A field has the wrong kind of value (a list or text where the specification wants an object, say), or a value outside the ones the specification allows.</summary>
    public const string InvalidFieldValue = nameof(InvalidFieldValue);
    /// <summary>A chain of <c>$ref</c>s leads back to itself without reaching a definition (a warning for schemas, a problem for other objects).</summary>
    public const string ReferenceCycle = nameof(ReferenceCycle);
    /// <summary>A rule the specification states as SHOULD, or a semantic or style rule: a warning, never a refusal.</summary>
    public const string Advice = nameof(Advice);
}
