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

    public static void Register(string dependencyDirectory)
    {
        _context ??= new DependencyLoadContext(dependencyDirectory);
        AssemblyLoadContext.Default.Resolving += ResolveEngine;
    }

    public static void Unregister() => AssemblyLoadContext.Default.Resolving -= ResolveEngine;

    private static Assembly? ResolveEngine(AssemblyLoadContext defaultContext, AssemblyName name) =>
        name.Name == EngineAssemblyName ? _context?.LoadFromAssemblyName(name) : null;
}
