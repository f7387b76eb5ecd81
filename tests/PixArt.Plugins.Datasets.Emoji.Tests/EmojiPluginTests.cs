using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Data;
using PixArt.Abstractions.Plugins;
using PixArt.Hosting.Plugins;

namespace PixArt.Plugins.Datasets.Emoji.Tests;

public sealed class EmojiPluginTests
{
    [Fact]
    public void RegisterDeclaresTheEmojiDatasetBuilder()
    {
        var plugin = new EmojiPlugin();
        Assert.Equal("emoji", plugin.Manifest.Id);
        Assert.Equal(new[] { ComponentKind.DatasetBuilder }, plugin.Manifest.Kinds);
        Assert.Equal(ContractVersion.Current, plugin.Manifest.ContractVersion);
        var services = new ServiceCollection();
        var context = new PluginRegistrationContext(services, new ConfigurationBuilder().Build(), AppContext.BaseDirectory, plugin.Manifest);
        plugin.Register(context);
        plugin.Register(new PluginRegistrationContext(services, new ConfigurationBuilder().Build(), AppContext.BaseDirectory, plugin.Manifest));

        var component = Assert.Single(context.Components);
        Assert.Equal((ComponentKind.DatasetBuilder, "emoji", typeof(IDatasetBuilder), typeof(EmojiBuilderOptions), "emoji"),
            (component.Kind, component.TypeId, component.FactoryType, component.OptionsType, component.PluginId));
        Assert.Single(services);   // registering twice is harmless (TryAdd)
        using var provider = services.BuildServiceProvider();
        Assert.IsType<EmojiDatasetBuilderComponent>(provider.GetRequiredKeyedService<IDatasetBuilder>("emoji"));
    }

    [Fact]
    public void TheBuiltPluginFolderLoadsInTheHost()
    {
        // The build puts the plugin with its private ImageSharp into artifacts/plugins/<Name>/, as the host expects.
        var repo = PixArt.Tests.Shared.Checkout.Root;
        var built = Path.Combine(repo, "artifacts", "plugins", "PixArt.Plugins.Datasets.Emoji");
        var folder = Path.Combine(TestSupport.TempFolder(), "plugins");
        var target = Path.Combine(folder, "PixArt.Plugins.Datasets.Emoji");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(built)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        Assert.True(File.Exists(Path.Combine(target, "SixLabors.ImageSharp.dll")));
        Assert.False(File.Exists(Path.Combine(target, "PixArt.Abstractions.dll")));

        var catalog = PluginCatalog.Load(new[] { folder }, new ConfigurationBuilder().Build());
        Assert.Empty(catalog.Problems);
        Assert.Equal("emoji", Assert.Single(catalog.Plugins).Manifest.Id);
        var found = catalog.Find(ComponentKind.DatasetBuilder, "emoji");
        Assert.NotNull(found);
        Assert.Equal(nameof(EmojiBuilderOptions), found!.Value.Component.OptionsType.Name);
    }
}
