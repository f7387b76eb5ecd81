using Microsoft.Extensions.Configuration;
using PixArt.Abstractions.Plugins;
using PixArt.Hosting.Plugins;

namespace PixArt.Hosting.Composition;

/// <summary>A validated component choice: which component fills a slot, with its bound options and children.</summary>
/// <param name="Slot">The slot filled.</param>
/// <param name="Section">The configuration section it was selected in.</param>
/// <param name="Component">The selected component.</param>
/// <param name="Plugin">The plugin providing it.</param>
/// <param name="Options">The bound, validated options.</param>
/// <param name="Children">Child selections by sub-section name.</param>
public sealed record ComponentSelection(
    ComponentSlot Slot,
    IConfigurationSection Section,
    ComponentDescriptor Component,
    LoadedPlugin Plugin,
    object Options,
    IReadOnlyDictionary<string, ComponentSelection> Children);
