using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Plugins;

namespace PixArt.TestPlugins.ThrowsOnRegister;

public sealed class ThrowingPlugin : IPixArtPlugin
{
    public PluginManifest Manifest { get; } = new("throws-on-register", new Version(1, 0, 0), Array.Empty<ComponentKind>(), "fails in Register");

    public void Register(PluginRegistrationContext context)
    {
        context.Services.AddSingleton(new object()); // must not survive the failure
        throw new InvalidOperationException("registration exploded on purpose");
    }
}
