using System.Collections.Generic;

namespace PSGitHubSync.Engine.Schemas;

/// <summary>What checking a <see cref="SchemaSet"/> found: its format, version and root file, and every problem.</summary>
public sealed class SchemaValidationResult
{
    internal SchemaValidationResult(SchemaFormat? format, string? version, string? rootFile, IReadOnlyList<SchemaProblem> problems, IReadOnlyList<SchemaProblem>? warnings = null)
    {
        Warnings = warnings ?? System.Array.Empty<SchemaProblem>();
        Format = format;
        Version = version;
        RootFile = rootFile;
        Problems = problems;
    }

    /// <summary>The format the schema was read as (given or detected), or null when it could not be told.</summary>
    public SchemaFormat? Format { get; }

    /// <summary>
    /// The version as the root file states it: <c>2.0</c>, <c>3.0.3</c>, <c>3.1.0</c> for OpenAPI,
    /// <c>0.8</c> or <c>1.0</c> for RAML; null for GraphQL or when unknown.
    /// </summary>
    public string? Version { get; }

    /// <summary>The root file, or null when it could not be told.</summary>
    public string? RootFile { get; }

    /// <summary>Every problem, the whole schema's first, then by file, line and column. Empty when valid.</summary>
    public IReadOnlyList<SchemaProblem> Problems { get; }

    /// <summary>
    /// Findings that do not stop the schema from syncing: rules the specification states as SHOULD,
    /// semantic and style rules (a duplicate <c>operationId</c>, a duplicate JSON key, a path parameter
    /// not marked required, a <c>$ref</c> cycle between schemas, ...).
    /// </summary>
    public IReadOnlyList<SchemaProblem> Warnings { get; }

    /// <summary>True when there is no problem (warnings do not count).</summary>
    public bool IsValid => Problems.Count == 0;
}
