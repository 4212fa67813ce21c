using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace PSGitHubSync.Infrastructure;

/// <summary>
/// The load context that holds PSGitHubSync.Engine and the libraries it brings (Octokit,
/// YamlDotNet, ...), loaded from the module's <c>dependencies</c> folder whatever versions the
/// rest of the session has loaded. Assemblies of the .NET runtime itself (the trusted platform
/// assemblies, such as System.Text.Json) are shared with the default context, so framework
/// types stay one and the same.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private static readonly HashSet<string> AlwaysIsolated = new(StringComparer.OrdinalIgnoreCase)
    {
        "PSGitHubSync.Engine",
        "Octokit",
        "YamlDotNet",
    };

    private readonly string _directory;
    private readonly HashSet<string> _platformAssemblies;

    public DependencyLoadContext(string directory)
    {
        _directory = directory;
        _platformAssemblies = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
        {
            foreach (var path in list.Split(Path.PathSeparator))
            {
                if (path.Length > 0) _platformAssemblies.Add(Path.GetFileNameWithoutExtension(path));
            }
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name;
        if (name is null) return null;
        if (_platformAssemblies.Contains(name) && !AlwaysIsolated.Contains(name)) return null;
        var path = Path.Combine(_directory, name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
