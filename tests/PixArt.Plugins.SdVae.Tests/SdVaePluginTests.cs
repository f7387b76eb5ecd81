using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Plugins;

namespace PixArt.Plugins.SdVae.Tests;

public sealed class SdVaePluginTests
{
    [Fact]
    public void Register_DeclaresBothCodecs_AsKeyedFactories()
    {
        var plugin = new SdVaePlugin();
        Assert.Equal(ContractVersion.Current, plugin.Manifest.ContractVersion);
        Assert.Equal(new[] { ComponentKind.LatentCodec }, plugin.Manifest.Kinds);

        var services = new ServiceCollection();
        var context = new PluginRegistrationContext(services, new ConfigurationBuilder().Build(), AppContext.BaseDirectory, plugin.Manifest);
        plugin.Register(context);

        Assert.Collection(context.Components.OrderBy(c => c.TypeId),
            c => { Assert.Equal("identity", c.TypeId); Assert.Equal(typeof(IdentityCodecOptions), c.OptionsType); },
            c => { Assert.Equal("sd-vae", c.TypeId); Assert.Equal(typeof(SdVaeOptions), c.OptionsType); });
        Assert.All(context.Components, c => Assert.Equal(ComponentKind.LatentCodec, c.Kind));

        using var provider = services.BuildServiceProvider();
        Assert.IsType<SdVaeFactory>(provider.GetRequiredKeyedService<ILatentCodecFactory>("sd-vae"));
        Assert.IsType<IdentityCodecFactory>(provider.GetRequiredKeyedService<ILatentCodecFactory>("identity"));
    }
}
