using Microsoft.Extensions.Configuration;
using PixArt.Hosting.Composition;

namespace PixArt.Hosting.Startup;

/// <summary>What <c>AddPixArt</c> was given: the configuration, the folder relative paths resolve against, and the slots.</summary>
/// <param name="Configuration">The effective configuration.</param>
/// <param name="BaseDirectory">Folder relative paths in options are resolved against (the configuration file's folder).</param>
/// <param name="Slots">The component slots to validate at start; those marked required must be configured.</param>
public sealed record PixArtHostSettings(IConfiguration Configuration, string BaseDirectory, IReadOnlyList<ComponentSlot> Slots);
