using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;

namespace PSGitHubSync.Engine.Schemas.Documents;

/// <summary>
/// Checks a GraphQL SDL schema, one file or several (<c>.graphql</c>, <c>.gql</c>, <c>.graphqls</c>)
/// that together form the SDL: each file parses with GraphQL-Parser, holds type-system definitions
/// only, no type or directive is defined twice, and the files joined parse as one document.
/// </summary>
internal static class GraphQLChecker
{
    private static readonly ParserOptions Options = new() { Ignore = IgnoreOptions.Comments };

    public static void Check(CheckContext context, string root)
    {
        var files = context.Set.Files.Select(f => f.Path).Where(SchemaSniffer.HasGraphQLExtension).ToList();
        if (!files.Contains(root, StringComparer.Ordinal)) files.Insert(0, root);

        var texts = new List<(string Path, string Text)>();
        var definitions = new Dictionary<string, (string File, int Line, int Column)>(StringComparer.Ordinal);
        var typeSystemCount = 0;
        var before = context.ProblemCount;
        foreach (var path in files)
        {
            var text = context.Text(path);
            if (text is null) continue;
            texts.Add((path, text));
            if (SchemaText.IsBlank(text) || IsOnlyComments(text)) continue;
            GraphQLDocument document;
            try
            {
                document = Parser.Parse(text, Options);
            }
            catch (GraphQLParserException ex)
            {
                context.Add(SchemaProblemId.SyntaxError, path, ex.Location.Line, ex.Location.Column, null, "The file is not valid GraphQL: " + Clean(ex.Description));
                continue;
            }
            var lines = new LineIndex(text);
            foreach (var definition in document.Definitions)
            {
                var (line, column) = lines.Position(definition.Location.Start);
                if (definition is GraphQLExecutableDefinition)
                {
                    var kind = definition is GraphQLFragmentDefinition ? "a fragment" : "an operation (query, mutation or subscription)";
                    context.Add(SchemaProblemId.NotTypeSystem, path, line, column, null,
                        $"The file holds {kind}, which is not part of a schema; GraphQL schema files hold type definitions (SDL) only.");
                    continue;
                }
                if (!SchemaSniffer.IsTypeSystemDefinition(definition)) continue;
                typeSystemCount++;
                var name = NameOf(definition);
                if (name is null) continue;
                if (definitions.TryGetValue(name, out var first))
                {
                    context.Add(SchemaProblemId.DuplicateDefinition, path, line, column, null,
                        $"{Describe(name)} is defined twice; it is already defined at {first.File}:{first.Line}:{first.Column}. Use 'extend' to add to it.");
                }
                else
                {
                    definitions[name] = (path, line, column);
                }
            }
        }

        if (context.ProblemCount > before) return;
        if (typeSystemCount == 0)
        {
            context.Add(SchemaProblemId.Empty, files.Count == 1 ? files[0] : CheckContext.WholeSchema, 1, 1, null,
                "The GraphQL schema defines no types.");
            return;
        }
        if (texts.Count > 1) CheckJoined(context, texts);
    }

    private static void CheckJoined(CheckContext context, List<(string Path, string Text)> texts)
    {
        var joined = new StringBuilder();
        var starts = new List<(int FirstLine, string Path)>();
        var line = 1;
        foreach (var (path, text) in texts)
        {
            starts.Add((line, path));
            joined.Append(text).Append('\n');
            line += new LineIndex(text).LineCount;
        }
        try
        {
            Parser.Parse(joined.ToString(), Options);
        }
        catch (GraphQLParserException ex)
        {
            var owner = starts.LastOrDefault(s => s.FirstLine <= ex.Location.Line);
            var file = owner.Path ?? texts[0].Path;
            context.Add(SchemaProblemId.SyntaxError, file, ex.Location.Line - owner.FirstLine + 1, ex.Location.Column, null,
                "The schema's files do not form one GraphQL document when joined: " + Clean(ex.Description));
        }
    }

    private static string? NameOf(ASTNode definition) => definition switch
    {
        GraphQLDirectiveDefinition directive => "@" + directive.Name.StringValue,
        GraphQLTypeDefinition type => type.Name.StringValue,
        GraphQLSchemaDefinition => "schema",
        _ => null,
    };

    private static string Describe(string name) => name switch
    {
        "schema" => "The schema definition ('schema { ... }')",
        _ when name.StartsWith("@", StringComparison.Ordinal) => $"The directive '{name}'",
        _ => $"The type '{name}'",
    };

    private static bool IsOnlyComments(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length > 0 && line[0] != '#') return false;
        }
        return true;
    }

    private static string Clean(string description)
    {
        var text = description.Trim();
        return text.EndsWith(".", StringComparison.Ordinal) ? text : text + ".";
    }
}
