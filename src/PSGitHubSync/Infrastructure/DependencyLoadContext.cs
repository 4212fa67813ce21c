using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace PSGitHubSync.Infrastructure;

/// <summary>
/// The load context that holds PSGitHubSync.Engine and the libraries it brings (Octokit,
/// YamlDotNet, ...), loaded from the module's <c>dependencies</c> folder whatever versions the
/// rest of the session has loaded. Assemblies that the runtime or PowerShell itself provides
/// (the trusted platform assemblies, such as System.Text.Json) are shared with the default
/// context when their version is at least the one asked for, so framework types stay one and
/// the same; an older platform copy is not used, and ours loads here instead.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    /// <summary>The assembly of the object types users see; shared with the default context, never isolated.</summary>
    public const string SharedModelAssemblyName = "PSGitHubSync.Model";

    private static readonly HashSet<string> AlwaysIsolated = new(StringComparer.OrdinalIgnoreCase)
    {
        "PSGitHubSync.Engine",
        "Octokit",
        "YamlDotNet",
    };

    private readonly string _directory;
    private readonly Dictionary<string, string> _platformAssemblies;

    public DependencyLoadContext(string directory)
    {
        _directory = directory;
        _platformAssemblies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
        {
            foreach (var path in list.Split(Path.PathSeparator))
            {
                if (path.Length > 0) _platformAssemblies[Path.GetFileNameWithoutExtension(path)] = path;
            }
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name;
        if (name is null) return null;
        if (name == SharedModelAssemblyName) return Default.LoadFromAssemblyName(assemblyName);
        if (!AlwaysIsolated.Contains(name) && _platformAssemblies.TryGetValue(name, out var platformPath) && PlatformSuffices(platformPath, assemblyName.Version))
        {
            return null;
        }
        var path = Path.Combine(_directory, name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    private static bool PlatformSuffices(string platformPath, Version? requested)
    {
        if (requested is null) return true;
        try
        {
            return AssemblyName.GetAssemblyName(platformPath).Version >= requested;
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
