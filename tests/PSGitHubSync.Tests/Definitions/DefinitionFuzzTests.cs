using System.Text;
using FsCheck;
using FsCheck.Fluent;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Definitions;
using PSGitHubSync.Engine.Errors;
using Xunit;
using static PSGitHubSync.Tests.Definitions.DefinitionTestSupport;

namespace PSGitHubSync.Tests.Definitions;

/// <summary>
/// Property tests: no text, however broken, makes the loader throw anything but <see cref="DefinitionFileException"/>
/// (and <see cref="DefinitionLoader.TryParse"/> nothing at all); the editor's quoting reads back exactly.
/// </summary>
public class DefinitionFuzzTests
{
    private static readonly string[] Keys =
    {
        "version", "defaults", "integrations", "github", "postman", "committer", "token", "apiKey", "server", "name", "email", "type",
        "source", "workspace", "collection", "environments", "file", "api", "repository", "directory", "fileName", "branch", "path",
        "format", "secretPolicy", "<<", "x",
    };

    private static readonly string[] Values =
    {
        "1", "2", "1.0", "collection-backup", "schema-sync", "o/r", "contoso/api-backups", "main", "a..b", "env:GITHUB_TOKEN", "env:1",
        "secret:V/N", "file:", "vault:x", "*", "..", "/x", "C:\\x", ".git", "true", "yes", "~", "null", "http://x", "https://github.com",
        "Payments API", "a@b.c", ClassicToken, LegacyToken, "openapi", "warn", "\"quoted\"", "'single'", "\"\\uD800\"", "\"\\x41\"",
    };

    private static readonly string[] Punctuation =
    {
        ":", ": ", "- ", "-", "[", "]", "{", "}", ",", ", ", "\"", "'", "&a ", "*a", "&b ", "*b", "!", "!!str ", "!!binary ", "!<tag> ", "|", "|-",
        ">", ">+", "#", " # c", "? ", "%YAML 1.2\n", "%TAG ! tag:x,2000:\n", "---", "---\n", "...", "...\n", "\\", "@", "`", "%", "[]", "{}",
    };

    private static readonly string[] Whitespace = { "\n", "\r\n", "\r", "\t", " ", "  ", "    ", "\n  ", "\n    ", "\n      ", "\n- ", "\n  - ", "\n\t" };

    private static readonly string[] Weird = { "\0", "\u0001", "\u001b", "\u007f", "\uFEFF", "\u2028", "\u2029", "\u0085", "\uD800", "\uDC00", "é", "東", "😀", "\uFFFE", "\uFFFF" };

    private static readonly Gen<string> Fragment = Gen.Frequency(
        (6, Gen.Elements(Keys)),
        (5, Gen.Elements(Values)),
        (8, Gen.Elements(Punctuation)),
        (8, Gen.Elements(Whitespace)),
        (1, Gen.Elements(Weird)),
        (2, Gen.Choose(0, 0xFFFF).Select(c => ((char)c).ToString())));

    private static readonly Gen<string> YamlIsh =
        from count in Gen.Choose(0, 80)
        from parts in Gen.ArrayOf(Fragment, count)
        select string.Concat(parts);

    // Realistic line-shaped text: key, colon, value or flow opener, indentation that wanders.
    private static readonly Gen<string> LineIsh =
        from count in Gen.Choose(1, 25)
        from lines in Gen.ArrayOf(
            from indent in Gen.Elements(0, 0, 1, 2, 2, 4, 4, 6, 8)
            from dash in Gen.Elements("", "", "- ")
            from key in Gen.Elements(Keys)
            from sep in Gen.Elements(":", ": ", ":  ", " :")
            from value in Gen.Frequency((5, Gen.Elements(Values)), (2, Gen.Elements("", "[", "{", "[a", "{ name: x", "[a, b]", "{ a: b }", "&a", "*a", "|", ">")))
            select new string(' ', indent) + dash + key + sep + value, count)
        from ending in Gen.Elements("\n", "\r\n")
        select string.Join(ending, lines) + ending;

    private static readonly string[] ValidFiles =
    {
        Lf(DefinitionLoaderTests.SpecExample),
        "version: 1\nintegrations:\n  - name: a\n    type: collection-backup\n    source: { workspace: w, collection: c }\n    repository: o/r\n",
        "version: 1\ndefaults:\n  github: { server: https://github.contoso.com, token: 'secret:V/N' }\n  committer: { name: Bot, email: b@c.d }\nintegrations:\n- name: s\n  type: schema-sync\n  source:\n    postman: { workspace: W, api: A }\n  repository: o/r\n  path: api\n  format: openapi\n",
    };

    private static readonly Gen<string> Mutated =
        from file in Gen.Elements(ValidFiles)
        from count in Gen.Choose(1, 6)
        from edits in Gen.ArrayOf(
            from kind in Gen.Choose(0, 6)
            from position in Gen.Choose(0, 100_000)
            from length in Gen.Choose(1, 40)
            from insert in Fragment
            select (kind, position, length, insert), count)
        select Mutate(file, edits);

    private static string Mutate(string text, (int Kind, int Position, int Length, string Insert)[] edits)
    {
        foreach (var (kind, position, length, insert) in edits)
        {
            if (text.Length == 0)
            {
                text = insert;
                continue;
            }
            var at = position % text.Length;
            var span = Math.Min(length, text.Length - at);
            switch (kind)
            {
                case 0: text = text.Remove(at, span); break;                                       // delete characters
                case 1: text = text.Insert(at, text.Substring(at, span)); break;                   // duplicate a range
                case 2: text = text.Insert(at, insert); break;                                     // insert a fragment
                case 3: text = text.Remove(at, 1); break;                                          // delete one character
                case 4: text = text.Insert(at, text[at].ToString()); break;                        // duplicate one character
                case 5:                                                                            // duplicate a whole line
                {
                    var lines = text.Split('\n').ToList();
                    var index = at % lines.Count;
                    lines.Insert(index, lines[index]);
                    text = string.Join("\n", lines);
                    break;
                }
                default:                                                                           // re-indent a line
                {
                    var lines = text.Split('\n');
                    var index = at % lines.Length;
                    lines[index] = new string(' ', length % 7) + lines[index].TrimStart(' ');
                    text = string.Join("\n", lines);
                    break;
                }
            }
        }
        return text;
    }

    /// <summary>The loader's contract for any text; returns true so it can be a property.</summary>
    private static bool LoaderHoldsItsContract(string text)
    {
        IReadOnlyList<Integration> integrations;
        IReadOnlyList<DefinitionProblem> problems;
        try
        {
            (integrations, problems) = DefinitionLoader.TryParse(text, FakeFile, BackupFileNaming.Instance);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"TryParse threw {ex.GetType().Name} for {Show(text)}", ex);
        }
        foreach (var problem in problems)
        {
            if (problem.Line < 1 || problem.Column < 1 || string.IsNullOrWhiteSpace(problem.Message) || problem.File != FakeFile)
            {
                throw new InvalidOperationException($"bad problem {problem} for {Show(text)}");
            }
        }
        IReadOnlyList<Integration>? parsed = null;
        Exception? thrown = null;
        try
        {
            parsed = DefinitionLoader.Parse(text, FakeFile, BackupFileNaming.Instance);
        }
        catch (Exception ex)
        {
            thrown = ex;
        }
        if (thrown is DefinitionFileException invalid)
        {
            if (problems.Count == 0 || invalid.ErrorId != SyncErrorId.DefinitionFileInvalid || invalid.Problems.Count != problems.Count)
            {
                throw new InvalidOperationException($"Parse's exception does not match TryParse's problems for {Show(text)}", invalid);
            }
        }
        else if (thrown is not null)
        {
            throw new InvalidOperationException($"Parse threw {thrown.GetType().Name} for {Show(text)}", thrown);
        }
        else if (problems.Count > 0 || parsed!.Count != integrations.Count)
        {
            throw new InvalidOperationException($"Parse returned although TryParse reported problems, or a different count, for {Show(text)}");
        }
        return true;
    }

    private static string Show(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c == '\n') builder.Append("\\n");
            else if (c == '\r') builder.Append("\\r");
            else if (c == '\t') builder.Append("\\t");
            else if (c == '"') builder.Append("\\\"");
            else if (c == '\\') builder.Append("\\\\");
            else if (c < 0x20 || c >= 0x7f) builder.Append("\\u").Append(((int)c).ToString("x4"));
            else builder.Append(c);
        }
        return builder.Append('"').ToString();
    }

    private static void Check(Gen<string> gen, int tests, Func<string, bool> property) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(tests).WithQuietOnSuccess(true), Prop.ForAll(gen.ToArbitrary(), property));

    [Fact]
    public void Random_yaml_fragments_never_break_the_loader() => Check(YamlIsh, 6000, LoaderHoldsItsContract);

    [Fact]
    public void Random_line_shaped_text_never_breaks_the_loader() => Check(LineIsh, 5000, LoaderHoldsItsContract);

    [Fact]
    public void Random_characters_never_break_the_loader()
    {
        var chars = Gen.Frequency(
            (4, Gen.Elements(" :-[]{}#&*!|>'\",?%@`\n\t\r".ToCharArray())),
            (3, Gen.Choose('a', 'z').Select(c => (char)c)),
            (1, Gen.Choose(0, 0xFFFF).Select(c => (char)c)));
        var text = from length in Gen.Choose(0, 120) from array in Gen.ArrayOf(chars, length) select new string(array);
        Check(text, 5000, LoaderHoldsItsContract);
    }

    [Fact]
    public void Mutations_of_valid_files_never_break_the_loader()
    {
        foreach (var file in ValidFiles) Assert.NotEmpty(DefinitionLoader.Parse(file, FakeFile, BackupFileNaming.Instance));
        Check(Mutated, 6000, LoaderHoldsItsContract);
    }

    [Fact]
    public void The_mutation_generator_yields_both_valid_and_broken_files()
    {
        // About one mutation in twenty still validates: 1000 samples keep both counts far from their bounds, whatever the seed.
        var samples = Gen.Sample(Mutated, 1000);
        var valid = samples.Count(text =>
        {
            try
            {
                return DefinitionLoader.TryParse(text, FakeFile, BackupFileNaming.Instance).Problems.Count == 0;
            }
            catch (Exception)
            {
                return false; // reported by the properties above
            }
        });
        Assert.InRange(valid, 10, 990);
    }

    [Fact]
    public void ReadNames_never_throws_for_random_text()
    {
        using var folder = new TempFolder();
        var path = folder.File("psgithubsync.yml");
        Check(Gen.OneOf(YamlIsh, LineIsh, Mutated), 600, text =>
        {
            File.WriteAllText(path, text, new UTF8Encoding(false));
            try
            {
                return DefinitionLoader.ReadNames(path) is not null;
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"ReadNames threw {ex.GetType().Name} for {Show(text)}", ex);
            }
        });
    }

    [Fact]
    public void The_editor_either_refuses_a_random_file_or_writes_one_that_keeps_its_integrations()
    {
        using var folder = new TempFolder();
        var path = folder.File("psgithubsync.yml");
        Check(Gen.OneOf(Mutated, LineIsh), 1000, text =>
        {
            File.WriteAllText(path, text, new UTF8Encoding(false));
            IReadOnlyList<Integration> before;
            IReadOnlyList<DefinitionProblem> problems;
            DefinitionFileEditor.EditResult result;
            try
            {
                (before, problems) = DefinitionLoader.TryParse(text, path, BackupFileNaming.Instance);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"TryParse threw {ex.GetType().Name} for {Show(text)}", ex);
            }
            try
            {
                result = DefinitionFileEditor.Plan(path, new IntegrationEntry { Name = "fuzz-new", Workspace = "w", Collection = "c", Repository = "fuzz/new" }, force: false, BackupFileNaming.Instance);
            }
            catch (SyncException)
            {
                return true;
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"Plan threw {ex.GetType().Name} for {Show(text)}", ex);
            }
            if (problems.Count > 0 && text.Trim().Length > 0) throw new InvalidOperationException($"Plan accepted a file with problems: {Show(text)}");
            var after = DefinitionLoader.Parse(result.Text, path, BackupFileNaming.Instance).Select(i => i.Name).ToList();
            var expected = before.Select(i => i.Name).Append("fuzz-new").ToList();
            if (!after.SequenceEqual(expected))
            {
                throw new InvalidOperationException($"Plan lost or reordered integrations ({string.Join(",", after)} instead of {string.Join(",", expected)}) for {Show(text)}");
            }
            return true;
        });
    }

    [Fact]
    public void Quote_reads_back_exactly_for_any_text()
    {
        var interesting = "@`!&*%|>?#:-,[]{}'\"\\ \t\n\r\u0085\u2028\u2029\uFEFF\u00a0é東".ToCharArray();
        var chars = Gen.Frequency(
            (4, Gen.Elements(interesting)),
            (4, Gen.Choose('a', 'z').Select(c => (char)c)),
            (1, Gen.Choose(0, 0xD7FF).Select(c => (char)c)));
        var values = from length in Gen.Choose(1, 12) from array in Gen.ArrayOf(chars, length) select new string(array);
        Check(values, 10000, value =>
        {
            var quoted = DefinitionFileEditor.Quote(value);
            var problems = new DefinitionProblemList(FakeFile);
            var root = YamlTreeReader.Read("key: " + quoted + "\n", problems) as YamlTreeMapping;
            var read = root?.Entries.SingleOrDefault().Value as YamlTreeScalar;
            if (problems.Count > 0 || read is null || read.Value != value || read.IsNull)
            {
                throw new InvalidOperationException($"Quote({Show(value)}) = {Show(quoted)} reads back as {(read is null ? "nothing" : Show(read.Value))} {string.Join("; ", problems.Sorted())}");
            }
            return true;
        });
    }
}
