namespace PixArt.Abstractions.Plugins;

/// <summary>
/// One component a plugin registered: its kind, the <c>Type</c> id configuration selects it by,
/// the factory contract it is registered as (keyed by <see cref="TypeId"/>), and its options type.
/// </summary>
/// <param name="Kind">The component kind.</param>
/// <param name="TypeId">Kebab-case id used as <c>"Type"</c> in configuration and as the DI key.</param>
/// <param name="FactoryType">The factory contract (see <see cref="ComponentKinds.FactoryType"/>).</param>
/// <param name="OptionsType">The options class the host binds from the selecting configuration section.</param>
/// <param name="Description">One line for <c>pixart plugins list</c>.</param>
/// <param name="PluginId">Id of the plugin that registered it.</param>
public sealed record ComponentDescriptor(
    ComponentKind Kind,
    string TypeId,
    Type FactoryType,
    Type OptionsType,
    string Description,
    string PluginId);
