using System.Text;
using System.Text.RegularExpressions;
using PSGitHubSync.Tests.Emulator;
using Xunit;

namespace PSGitHubSync.Tests.Engine;

/// <summary>
/// Every GitHub request goes through the one GitHub layer: no class outside src/PSGitHubSync.Engine/GitHub/ builds a GitHub
/// API address. The source is read as C#: comments are skipped, and every string literal (regular, verbatim, interpolated,
/// raw) is checked with its interpolation holes as <c>{}</c>, together with the members that build API paths.
/// </summary>
public class GitHubLayerBoundaryTests
{
    private const string LayerFolder = "src/PSGitHubSync.Engine/GitHub/";

    /// <summary>An API path as the engine writes them: from the API root (repos/..., user/..., app/...), or after a repository's path ({}/git/...).</summary>
    private static readonly Regex ApiPath = new(
        @"^(\{\}/?)?(repos|repositories|user|users|meta|app|installation|orgs|rate_limit)(/|\?)"
        + @"|^\{\}/(git|contents|branches|releases|commits|installation|tags|compare)(/|$|\?)",
        RegexOptions.CultureInvariant);

    /// <summary>A one-word address (<c>user</c>, <c>meta</c>) is one only where a request is sent: as the address argument of a send.</summary>
    private static readonly Regex OneWordPath = new(@"^(user|meta|rate_limit|app|installation|emojis|octocat|zen|versions)$", RegexOptions.CultureInvariant);

    private static readonly Regex SendCall = new(@"(Async|Get|Post|Put|Patch|Delete)(<[^()]*>)?\(\s*(HttpMethod\.\w+\s*,\s*|new\s+HttpMethod\([^)]*\)\s*,\s*)?$", RegexOptions.CultureInvariant);

    /// <summary>Members of the layer that only the layer may use to build addresses.</summary>
    private static readonly Regex PathBuilders = new(@"\.ApiPath\b|\bApiUrls\.", RegexOptions.CultureInvariant);

    [Fact]
    public void No_class_outside_the_GitHub_layer_builds_a_GitHub_API_address()
    {
        var root = ReferenceFiles.RepositoryRoot;
        var offences = new List<string>();
        var scanned = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal)) continue;
            if (relative.StartsWith(LayerFolder, StringComparison.Ordinal)) continue;
            scanned++;
            offences.AddRange(Offences(File.ReadAllText(file)).Select(o => $"{relative}:{o.Line}: {o.Text}"));
        }

        Assert.True(scanned > 50, $"Only {scanned} source files were found under {root}/src.");
        Assert.True(offences.Count == 0, "GitHub API addresses built outside " + LayerFolder + ":\n" + string.Join("\n", offences));
    }

    [Theory]
    [InlineData("var path = $\"{repository.ApiPath}/git/trees/{sha}\";")]
    [InlineData("await connection.GetAsync(\"user\", token);")]
    [InlineData("await connection.GetAsync(\"meta\", token);")]
    [InlineData("await connection.SendAsync(HttpMethod.Get, \"user\", null, token);")]
    [InlineData("var p = \"repos/\" + owner + \"/\" + name;")]
    [InlineData("var p = $\"app/installations/{id}/access_tokens\";")]
    [InlineData("var p = @\"repos/contoso/api\";")]
    [InlineData("var p = $\"{Base}/contents/{path}?ref={reference}\";")]
    [InlineData("var p = $$\"\"\"{{Base}}/branches/{{name}}\"\"\";")]
    public void The_scan_finds_addresses_however_they_are_written(string code)
    {
        Assert.NotEmpty(Offences(code));
    }

    [Theory]
    [InlineData("// GET repos/{owner}/{repo} is read once by the layer\nvar x = 1;")]
    [InlineData("/* \"repos/x\" */ var x = 1;")]
    [InlineData("var fix = $\"run  gh api {host}repos/{repository}/git/refs -f ref=refs/heads/{branch}\";")]
    [InlineData("var page = new Uri(endpoint.Server, \"settings/tokens\");")]
    [InlineData("var text = \"the user's repos/ folder\";")]
    [InlineData("var c = '\"'; var s = \"user name\";")]
    [InlineData("var scopes = new[] { \"repo\", \"user\" };")]
    [InlineData("if (key == \"app\") return;")]
    public void Comments_messages_and_web_pages_are_not_addresses(string code)
    {
        Assert.Empty(Offences(code));
    }

    private static IEnumerable<(int Line, string Text)> Offences(string source)
    {
        foreach (var (line, text, before) in StringLiterals(source))
        {
            if (ApiPath.IsMatch(text) || (OneWordPath.IsMatch(text) && SendCall.IsMatch(before))) yield return (line, "\"" + text + "\"");
        }
        var code = WithoutCommentsAndLiterals(source);
        foreach (Match match in PathBuilders.Matches(code))
        {
            yield return (1 + code.Take(match.Index).Count(c => c == '\n'), match.Value);
        }
    }

    /// <summary>Each string literal's text (escapes left as written, interpolation holes as <c>{}</c>) with its line.</summary>
    private static IEnumerable<(int Line, string Text, string Before)> StringLiterals(string source)
    {
        var literals = new List<(int, string, string)>();
        var code = new StringBuilder();
        Scan(source, (line, text) => literals.Add((line, text, code.ToString(Math.Max(0, code.Length - 120), Math.Min(120, code.Length)))), c => code.Append(c));
        return literals;
    }

    private static string WithoutCommentsAndLiterals(string source)
    {
        var code = new StringBuilder();
        Scan(source, null, c => code.Append(c));
        return code.ToString();
    }

    /// <summary>A small C# lexer: comments, char literals and the kinds of string literal (with nested interpolation holes).</summary>
    private static void Scan(string s, Action<int, string>? literal, Action<char>? code)
    {
        var line = 1;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '/' && i + 1 < s.Length && s[i + 1] == '/')
            {
                while (i < s.Length && s[i] != '\n') i++;
                continue;
            }
            if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? s.Length : end + 2;
                line += s.Substring(i, end - i).Count(ch => ch == '\n');
                code?.Invoke(' ');
                i = end;
                continue;
            }
            if (c == '\'')
            {
                i++;
                while (i < s.Length && s[i] != '\'') i += s[i] == '\\' ? 2 : 1;
                i++;
                code?.Invoke(' ');
                continue;
            }
            var start = i;
            var dollars = ReadPrefix(s, ref i, out var verbatim);
            if (i < s.Length && s[i] == '"')
            {
                var startLine = line;
                var text = ReadLiteral(s, ref i, dollars, verbatim, ref line);
                literal?.Invoke(startLine, text);
                code?.Invoke(' ');
                continue;
            }
            i = start;
            if (c == '\n') line++;
            code?.Invoke(c);
            i++;
        }
    }

    /// <summary>Reads a string literal's <c>$</c> and <c>@</c> prefix: how many dollars (interpolation braces), and whether it is verbatim.</summary>
    private static int ReadPrefix(string s, ref int i, out bool verbatim)
    {
        var dollars = 0;
        verbatim = false;
        while (i < s.Length && (s[i] == '$' || s[i] == '@'))
        {
            if (s[i] == '$') dollars++;
            else verbatim = true;
            i++;
        }
        return dollars;
    }

    private static string ReadLiteral(string s, ref int i, int dollars, bool verbatim, ref int line)
    {
        var quotes = 0;
        while (i + quotes < s.Length && s[i + quotes] == '"') quotes++;
        var raw = quotes >= 3;
        if (!raw) quotes = 1;
        if (quotes == 2 && !raw)
        {
            i += 2;
            return string.Empty;
        }
        i += quotes;
        var braces = Math.Max(1, dollars);
        var text = new StringBuilder();
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\n') line++;
            if (!raw && !verbatim && c == '\\')
            {
                text.Append(c);
                if (i + 1 < s.Length) text.Append(s[i + 1]);
                i += 2;
                continue;
            }
            if (c == '"')
            {
                if (raw)
                {
                    var run = 0;
                    while (i + run < s.Length && s[i + run] == '"') run++;
                    if (run >= quotes)
                    {
                        i += run;
                        return text.ToString();
                    }
                    text.Append('"', run);
                    i += run;
                    continue;
                }
                if (verbatim && i + 1 < s.Length && s[i + 1] == '"')
                {
                    text.Append('"');
                    i += 2;
                    continue;
                }
                i++;
                return text.ToString();
            }
            if (dollars > 0 && c == '{')
            {
                var run = 0;
                while (i + run < s.Length && s[i + run] == '{') run++;
                if (run >= braces)
                {
                    text.Append('{', run - braces).Append("{}");
                    i += run;
                    SkipHole(s, ref i, braces, ref line);
                    continue;
                }
                text.Append('{', run);
                i += run;
                continue;
            }
            text.Append(c);
            i++;
        }
        return text.ToString();
    }

    /// <summary>Skips an interpolation hole up to its closing braces (nested parentheses, brackets, strings and braces included).</summary>
    private static void SkipHole(string s, ref int i, int braces, ref int line)
    {
        var depth = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\n') line++;
            if (c == '"' || ((c == '$' || c == '@') && i + 1 < s.Length && (s[i + 1] == '"' || s[i + 1] == '$' || s[i + 1] == '@')))
            {
                var dollars = ReadPrefix(s, ref i, out var verbatim);
                ReadLiteral(s, ref i, dollars, verbatim, ref line);
                continue;
            }
            if (c == '\'')
            {
                i++;
                while (i < s.Length && s[i] != '\'') i += s[i] == '\\' ? 2 : 1;
                i++;
                continue;
            }
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']') depth--;
            else if (c == '}')
            {
                if (depth > 0)
                {
                    depth--;
                }
                else
                {
                    var run = 0;
                    while (i + run < s.Length && s[i + run] == '}' && run < braces) run++;
                    i += run;
                    return;
                }
            }
            i++;
        }
    }
}
