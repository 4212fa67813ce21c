using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace PSGitHubSync.Infrastructure;

/// <summary>
/// Runs when the module is imported: makes PSGitHubSync.Engine and its dependencies (Octokit,
/// YamlDotNet, ...) load from the module's <c>dependencies</c> folder. On PowerShell 7 they load
/// into their own <c>AssemblyLoadContext</c>, so another module that loaded a different
/// version of the same library does not break this one, nor this one it. On Windows
/// PowerShell 5.1 (no load contexts) they are resolved from that folder on demand.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    internal static readonly string DependencyDirectory = Path.Combine(
        Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "dependencies");

    private static readonly bool IsCore =
        !RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

    private static readonly object Gate = new();
    private static bool _registered;

    /// <summary>Registers the resolver.</summary>
    public void OnImport()
    {
        lock (Gate)
        {
            if (_registered) return;
            if (IsCore) CoreResolver.Register(DependencyDirectory);
            else AppDomain.CurrentDomain.AssemblyResolve += ResolveOnDesktop;
            _registered = true;
        }
    }

    /// <summary>Unregisters the resolver when the module is removed.</summary>
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        lock (Gate)
        {
            if (!_registered) return;
            if (IsCore) CoreResolver.Unregister();
            else AppDomain.CurrentDomain.AssemblyResolve -= ResolveOnDesktop;
            _registered = false;
        }
    }

    private static Assembly? ResolveOnDesktop(object? sender, ResolveEventArgs args)
    {
        var name = new AssemblyName(args.Name).Name;
        if (name is null) return null;
        var path = Path.Combine(DependencyDirectory, name + ".dll");
        return File.Exists(path) ? Assembly.LoadFrom(path) : null;
    }
}
