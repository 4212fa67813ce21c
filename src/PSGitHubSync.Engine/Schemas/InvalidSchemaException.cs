using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Engine.Schemas;

/// <summary>
/// A side's schema does not parse as its format: <c>InvalidSchema</c> (category <c>InvalidData</c>),
/// listing every problem with file and location. Nothing of that side was copied to the other.
/// </summary>
[Serializable]
public sealed class InvalidSchemaException : SchemaException
{
    /// <summary>How many problems the message lists before it says how many more there are.</summary>
    public const int MaxListedProblems = 20;

    /// <summary>Creates the exception.</summary>
    /// <param name="sideName">The side, as people read it: <c>the repository side (contoso/payments api/openapi.yaml)</c>.</param>
    /// <param name="format">The format the schema was read as, when known.</param>
    /// <param name="problems">Every problem found; at least one.</param>
    /// <param name="target">The offending input (the integration); the side name when not given.</param>
    public InvalidSchemaException(string sideName, SchemaFormat? format, IReadOnlyList<SchemaProblem> problems, object? target = null)
        : base(SchemaErrorIds.InvalidSchema, SyncErrorCategory.InvalidData, FormatMessage(sideName, format, problems), target ?? sideName)
    {
        Side = sideName;
        Format = format;
        Problems = problems;
    }

    /// <summary>The side whose schema is invalid, as given by the caller.</summary>
    public string Side { get; }

    /// <summary>The format the schema was read as, or null when it could not be told.</summary>
    public SchemaFormat? Format { get; }

    /// <summary>Every problem found, by file, line and column.</summary>
    public IReadOnlyList<SchemaProblem> Problems { get; }

    private static string FormatMessage(string sideName, SchemaFormat? format, IReadOnlyList<SchemaProblem> problems)
    {
        if (sideName is null) throw new ArgumentNullException(nameof(sideName));
        if (problems is null) throw new ArgumentNullException(nameof(problems));
        var side = sideName.Length > 0 ? char.ToUpperInvariant(sideName[0]) + sideName.Substring(1) : "The schema";
        var count = problems.Count == 1 ? "1 problem" : problems.Count + " problems";
        var text = new StringBuilder();
        if (format is { } known)
        {
            var display = SchemaFormatNames.ToDisplayName(known);
            text.Append(side).Append(" is not a valid ").Append(display).Append(" schema (").Append(count).Append("). ")
                .Append("Nothing was copied to the other side. Fix the schema on that side and run again; if it is not meant to be ")
                .Append(display).Append(", set 'format:' on the integration in the definitions file (openapi, raml or graphql).");
        }
        else
        {
            text.Append(side).Append(" is not a schema that can be synced (").Append(count).Append("). ")
                .Append("Nothing was copied to the other side. Fix the schema on that side, or set 'format:' on the integration in the definitions file (openapi, raml or graphql), and run again.");
        }
        foreach (var problem in problems.Take(MaxListedProblems))
        {
            text.Append(Environment.NewLine).Append("  ").Append(problem);
        }
        if (problems.Count > MaxListedProblems)
        {
            text.Append(Environment.NewLine).Append("  ... and ").Append(problems.Count - MaxListedProblems).Append(" more (see the exception's Problems).");
        }
        return text.ToString();
    }
}
