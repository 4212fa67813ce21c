using System;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Schemas.Documents;
using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace PSGitHubSync.Engine.Schemas;

/// <summary>
/// Tells a schema's format and checks that a side's schema parses as that format before anything of it
/// is copied to the other side. No I/O: everything is read from the <see cref="SchemaSet"/> in memory,
/// and references are never followed to disk or network.
/// <list type="bullet">
/// <item>OpenAPI 2.0, 3.0, 3.1 (and 3.2), JSON or YAML: what the specification makes REQUIRED, checked by our own
/// structural walk (no library recursion), plus every <c>$ref</c> checked: the file it names is in the set and its JSON pointer resolves.</item>
/// <item>RAML 0.8 and 1.0: the <c>#%RAML</c> header line, valid YAML, <c>title</c>, and every
/// <c>!include</c>, <c>uses:</c> and <c>extends:</c> file in the set.</item>
/// <item>GraphQL SDL: every <c>.graphql</c>/<c>.gql</c>/<c>.graphqls</c> file parses with GraphQL-Parser,
/// and so do they all joined; type definitions only, none defined twice.</item>
/// </list>
/// </summary>
public static class SchemaValidator
{
    /// <summary>
    /// The format of one file from its name and content: GraphQL for <c>.graphql</c>, <c>.gql</c> and
    /// <c>.graphqls</c>; RAML when the first line starts with <c>#%RAML</c> (or the name ends in
    /// <c>.raml</c>); OpenAPI for JSON or YAML with a top-level <c>openapi</c> or <c>swagger</c> key;
    /// GraphQL for other content that parses as type definitions.
    /// </summary>
    /// <exception cref="SyncException"><c>InvalidSchema</c> when the format cannot be told; the message says how to set <c>format:</c>.</exception>
    public static SchemaFormat Detect(string fileName, byte[] content)
    {
        if (fileName is null) throw new ArgumentNullException(nameof(fileName));
        if (content is null) throw new ArgumentNullException(nameof(content));
        var text = SchemaText.TryDecode(ImmutableCollectionsMarshal.AsImmutableArray(content), out var error);
        if (text is null)
        {
            throw new SyncException(SchemaErrorIds.InvalidSchema, SyncErrorCategory.InvalidData,
                $"Cannot tell the format of '{fileName}': {error}", fileName);
        }
        return SchemaSniffer.Detect(fileName, text, out _)
            ?? throw new SyncException(SchemaErrorIds.InvalidSchema, SyncErrorCategory.InvalidData, SchemaSniffer.UnknownFormatMessage(fileName), fileName);
    }

    /// <summary>Like <see cref="Detect"/>, without throwing: false when the format cannot be told.</summary>
    public static bool TryDetect(string fileName, byte[] content, out SchemaFormat format)
    {
        if (fileName is null) throw new ArgumentNullException(nameof(fileName));
        if (content is null) throw new ArgumentNullException(nameof(content));
        format = default;
        var text = SchemaText.TryDecode(ImmutableCollectionsMarshal.AsImmutableArray(content), out _);
        if (text is null) return false;
        var detected = SchemaSniffer.Detect(fileName, text, out _);
        if (detected is null) return false;
        format = detected.Value;
        return true;
    }

    /// <summary>
    /// Checks a schema and returns every problem without throwing. <paramref name="format"/> is the
    /// integration's <c>format:</c>; null detects it from the root file. A given format that the
    /// content plainly contradicts (a RAML header under <c>format: openapi</c>) is a problem.
    /// </summary>
    public static SchemaValidationResult Check(SchemaSet set, SchemaFormat? format = null)
    {
        if (set is null) throw new ArgumentNullException(nameof(set));
        var context = new CheckContext(set);
        if (set.Count == 0)
        {
            context.Add(SchemaProblemId.Empty, CheckContext.WholeSchema, 0, 0, null, "The schema has no files.");
            return new SchemaValidationResult(format, null, null, context.Problems());
        }
        if (!set.TryGetRootFile(out var root, out var reason))
        {
            context.Add(SchemaProblemId.RootUnknown, CheckContext.WholeSchema, 0, 0, null, reason!);
            return new SchemaValidationResult(format, null, null, context.Problems());
        }

        var text = context.Text(root!);
        if (text is null) return new SchemaValidationResult(format, null, root, context.Problems());

        var detected = SchemaSniffer.Detect(root!, text, out var evidence);
        if (format is null)
        {
            if (detected is null)
            {
                context.Add(SchemaProblemId.FormatUnknown, root!, 0, 0, null, SchemaSniffer.UnknownFormatMessage(root!));
                return new SchemaValidationResult(null, null, root, context.Problems());
            }
            format = detected;
        }
        else if (detected is not null && detected != format)
        {
            context.Add(SchemaProblemId.FormatMismatch, root!, 1, 1, null,
                $"The integration says 'format: {SchemaFormatNames.ToName(format.Value)}', but this file is {SchemaFormatNames.ToDisplayName(detected.Value)}: {evidence}. "
                + $"Set 'format: {SchemaFormatNames.ToName(detected.Value)}' (or remove 'format:'), or sync the right file.");
            return new SchemaValidationResult(format, null, root, context.Problems());
        }

        string? version = null;
        try
        {
            switch (format.Value)
            {
                case SchemaFormat.OpenApi:
                    version = OpenApiChecker.Check(context, root!);
                    break;
                case SchemaFormat.Raml:
                    version = RamlChecker.Check(context, root!);
                    break;
                case SchemaFormat.GraphQL:
                    GraphQLChecker.Check(context, root!);
                    break;
            }
        }
        catch (InsufficientExecutionStackException)
        {
            // The readers and walks are bounded (512 levels); this is the last guard, so that no input can end the process.
            context.Add(SchemaProblemId.SyntaxError, root!, 0, 0, null,
                "The schema nests too deeply to be read (more levels than this process's stack allows). Flatten it with $ref/!include, or split it into files.");
        }
        return new SchemaValidationResult(format, version, root, context.Problems(), context.Warnings());
    }

    /// <summary>
    /// Checks a side's schema and throws when it does not parse as its format, so that nothing of it is
    /// copied to the other side.
    /// </summary>
    /// <param name="set">The side's files.</param>
    /// <param name="format">The integration's <c>format:</c>, or null to detect it.</param>
    /// <param name="sideName">The side as people read it, for the message: <c>the repository side (contoso/payments api/openapi.yaml)</c>.</param>
    /// <param name="target">The error's target (the integration); the side name when null.</param>
    /// <returns>The format, version and root file of the valid schema.</returns>
    /// <exception cref="InvalidSchemaException"><c>InvalidSchema</c>, listing every problem with file and location.</exception>
    public static SchemaValidationResult Validate(SchemaSet set, SchemaFormat? format, string sideName, object? target = null)
    {
        if (sideName is null) throw new ArgumentNullException(nameof(sideName));
        var result = Check(set, format);
        if (!result.IsValid) throw new InvalidSchemaException(sideName, result.Format, result.Problems, target);
        return result;
    }
}
