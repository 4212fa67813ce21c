using System;
using System.Linq;
using System.Text.RegularExpressions;

namespace PSGitHubSync.Engine.IO;

/// <summary>
/// Which repository paths the module may write. Nothing is ever written under <c>.git</c> (git's own
/// data: hooks there run code), and under <c>.github</c> (workflows, CODEOWNERS, Dependabot and other
/// settings GitHub acts on) only for an integration with <c>allowGitHubFolder: true</c>. A segment names
/// such a folder when any file system a checkout may land on would take it for it, as git itself judges
/// (<c>is_ntfs_dotgit</c>, <c>is_hfs_dotgit</c>): in any case, with trailing dots or spaces (Windows drops
/// them), with an NTFS stream suffix (<c>.git::$INDEX_ALLOCATION</c>), with code points HFS+ ignores
/// (<c>.g\u200Cit</c>), and as the Windows short name (<c>GIT~1</c>, <c>GITHUB~1</c>). Backslashes count
/// as separators, as they do on Windows.
/// </summary>
public static class RepositoryPathRule
{
    /// <summary>The folder that holds git's own data.</summary>
    public const string GitFolder = ".git";

    /// <summary>The folder GitHub reads workflows and repository settings from.</summary>
    public const string GitHubFolder = ".github";

    /// <summary>True when one path segment names the folder <paramref name="folder"/> (such as <c>.git</c>) on some file system.</summary>
    public static bool Names(string segment, string folder)
    {
        if (segment is null) throw new ArgumentNullException(nameof(segment));
        if (folder is null) throw new ArgumentNullException(nameof(folder));
        var folded = PortableFileName.Fold(segment);
        var stream = folded.IndexOf(':');
        if (stream >= 0) folded = folded.Substring(0, stream);
        folded = folded.TrimEnd('.', ' ');
        var target = folder.ToUpperInvariant();
        if (folded == target) return true;
        // The 8.3 short name Windows gives a dot-folder: the name without its dot, at most six characters, '~' and a digit.
        var shortStem = target.TrimStart('.');
        if (shortStem.Length > 6) shortStem = shortStem.Substring(0, 6);
        return Regex.IsMatch(folded, "^" + Regex.Escape(shortStem) + "~[1-9][0-9]*$", RegexOptions.CultureInvariant);
    }

    /// <summary>True when a segment of <paramref name="path"/> names <c>.git</c>.</summary>
    public static bool EntersGitFolder(string path) => Segments(path).Any(s => Names(s, GitFolder));

    /// <summary>True when a segment of <paramref name="path"/> names <c>.github</c>.</summary>
    public static bool EntersGitHubFolder(string path) => Segments(path).Any(s => Names(s, GitHubFolder));

    /// <summary>
    /// Why <paramref name="path"/> may not be written (a sentence naming the path and the fix), or null when it may:
    /// never under <c>.git</c>, under <c>.github</c> only when <paramref name="allowGitHubFolder"/>.
    /// </summary>
    public static string? Refusal(string path, bool allowGitHubFolder)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        if (EntersGitFolder(path))
        {
            return $"'{DisplayText.Line(path)}' lies under '.git' (or a name Windows or macOS takes for it), where git keeps its own data; nothing is ever written there. Choose another folder or file name.";
        }
        if (!allowGitHubFolder && EntersGitHubFolder(path))
        {
            return $"'{DisplayText.Line(path)}' lies under '.github' (or a name Windows or macOS takes for it), where GitHub reads workflows and repository settings, so content from Postman or a local folder would become live configuration. "
                + "If that is intended, add 'allowGitHubFolder: true' to the integration; otherwise choose another folder.";
        }
        return null;
    }

    private static string[] Segments(string path) => (path ?? throw new ArgumentNullException(nameof(path))).Split('/', '\\');
}
