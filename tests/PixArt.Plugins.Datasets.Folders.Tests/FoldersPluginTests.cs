using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Data;
using PixArt.Abstractions.Plugins;
using PixArt.Hosting.Plugins;

namespace PixArt.Plugins.Datasets.Folders.Tests;

[Collection(FoldersCollection.Name)]
public sealed class FoldersPluginTests
{
    [Fact]
    public void RegisterDeclaresBothDataSetsKeyedByTypeId()
    {
        var plugin = new FoldersPlugin();
        Assert.Equal("folders", plugin.Manifest.Id);
        Assert.Equal(new[] { ComponentKind.Dataset }, plugin.Manifest.Kinds);
        Assert.Equal(ContractVersion.Current, plugin.Manifest.ContractVersion);
        var services = new ServiceCollection();
        var context = new PluginRegistrationContext(services, new ConfigurationBuilder().Build(), AppContext.BaseDirectory, plugin.Manifest);
        plugin.Register(context);
        plugin.Register(new PluginRegistrationContext(services, new ConfigurationBuilder().Build(), AppContext.BaseDirectory, plugin.Manifest));

        Assert.Equal(new[] { ("image-folder", typeof(ImageFolderOptions)), ("class-folders", typeof(ClassFoldersOptions)) },
            context.Components.Select(c => (c.TypeId, c.OptionsType)));
        Assert.All(context.Components, c => Assert.Equal((ComponentKind.Dataset, typeof(IDatasetFactory), "folders"), (c.Kind, c.FactoryType, c.PluginId)));
        Assert.Equal(2, services.Count);   // registering twice is harmless (TryAdd)
        using var provider = services.BuildServiceProvider();
        Assert.IsType<ImageFolderDatasetFactory>(provider.GetRequiredKeyedService<IDatasetFactory>("image-folder"));
        Assert.IsType<ClassFoldersDatasetFactory>(provider.GetRequiredKeyedService<IDatasetFactory>("class-folders"));
    }

    [Fact]
    public void TheBuiltPluginFolderLoadsInTheHost()
    {
        // The build puts the plugin with its private ImageSharp into artifacts/plugins/<Name>/, without the shared assemblies.
        var repo = PixArt.Tests.Shared.Checkout.Root;
        var built = Path.Combine(repo, "artifacts", "plugins", "PixArt.Plugins.Datasets.Folders");
        var folder = Path.Combine(TestImages.TempFolder(), "plugins");
        var target = Path.Combine(folder, "PixArt.Plugins.Datasets.Folders");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(built)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        Assert.True(File.Exists(Path.Combine(target, "SixLabors.ImageSharp.dll")));
        Assert.False(File.Exists(Path.Combine(target, "PixArt.Abstractions.dll")));
        Assert.False(File.Exists(Path.Combine(target, "TorchSharp.dll")));

        var catalog = PluginCatalog.Load(new[] { folder }, new ConfigurationBuilder().Build());
        Assert.Empty(catalog.Problems);
        Assert.Equal("folders", Assert.Single(catalog.Plugins).Manifest.Id);
        Assert.Equal(new[] { "class-folders", "image-folder" }, catalog.TypeIds(ComponentKind.Dataset).Order(StringComparer.Ordinal));
    }
}
