using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PSGitHubSync.Engine.Collections;

/// <summary>Git object ids for file content, computed locally.</summary>
public static class GitBlob
{
    /// <summary>
    /// The blob id git gives this content: lowercase hex SHA-1 over <c>"blob " + length + "\0" + content</c>,
    /// the same as <c>git hash-object</c> (and the <c>sha</c> GitHub reports for the file).
    /// Comparing it with the id of the file already in the repository tells whether a file changed
    /// without downloading it.
    /// </summary>
    /// <param name="content">The exact bytes of the file.</param>
    /// <returns>40 lowercase hexadecimal characters.</returns>
    public static string ComputeSha1(byte[] content)
    {
        if (content is null)
        {
            throw new ArgumentNullException(nameof(content));
        }

        var header = Encoding.ASCII.GetBytes("blob " + content.Length.ToString(CultureInfo.InvariantCulture) + "\0");
        using var sha1 = SHA1.Create();
        sha1.TransformBlock(header, 0, header.Length, null, 0);
        sha1.TransformFinalBlock(content, 0, content.Length);
        var hash = sha1.Hash!;
        var hex = new StringBuilder(hash.Length * 2);
        foreach (var b in hash)
        {
            hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }
}
