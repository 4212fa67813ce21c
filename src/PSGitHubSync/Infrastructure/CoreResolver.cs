using System.Reflection;
using System.Runtime.Loader;

namespace PSGitHubSync.Infrastructure;

/// <summary>
/// PowerShell 7 only (never touched on Windows PowerShell, where these types do not exist):
/// hands requests for the engine assembly from the default load context to the module's
/// isolated <see cref="DependencyLoadContext"/>.
/// </summary>
internal static class CoreResolver
{
    private const string EngineAssemblyName = "PSGitHubSync.Engine";
    private static DependencyLoadContext? _context;
    private static string _moduleDirectory = string.Empty;

    public static void Register(string dependencyDirectory)
    {
        _context ??= new DependencyLoadContext(dependencyDirectory);
        _moduleDirectory = System.IO.Path.GetDirectoryName(dependencyDirectory) ?? string.Empty;
        AssemblyLoadContext.Default.Resolving += Resolve;
    }

    public static void Unregister() => AssemblyLoadContext.Default.Resolving -= Resolve;

    private static Assembly? Resolve(AssemblyLoadContext defaultContext, AssemblyName name)
    {
        if (name.Name == EngineAssemblyName) return _context?.LoadFromAssemblyName(name);
        if (name.Name == DependencyLoadContext.SharedModelAssemblyName)
        {
            // The shared object types live beside the cmdlets, in the default context, once.
            var path = System.IO.Path.Combine(_moduleDirectory, name.Name + ".dll");
            return System.IO.File.Exists(path) ? defaultContext.LoadFromAssemblyPath(path) : null;
        }
        return null;
    }
}
