#if !NET5_0_OR_GREATER
namespace System.Runtime.CompilerServices;

/// <summary>The attribute the C# compiler looks for to run a method when the assembly loads (defined here for netstandard2.0).</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
internal sealed class ModuleInitializerAttribute : Attribute
{
}
#endif
