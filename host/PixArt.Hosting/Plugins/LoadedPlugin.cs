using PixArt.Abstractions.Plugins;

namespace PixArt.Hosting.Plugins;

/// <summary>A plugin that loaded and registered successfully.</summary>
/// <param name="Manifest">Its manifest.</param>
/// <param name="AssemblyPath">The plugin assembly.</param>
/// <param name="Components">The components it declared.</param>
public sealed record LoadedPlugin(PluginManifest Manifest, string AssemblyPath, IReadOnlyList<ComponentDescriptor> Components);

/// <summary>A plugin that could not be used, with the reason. Fatal only when configuration needs it.</summary>
/// <param name="AssemblyPath">The plugin assembly (or folder) concerned.</param>
/// <param name="Reason">What is wrong, for people.</param>
public sealed record PluginProblem(string AssemblyPath, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{AssemblyPath}: {Reason}";
}
