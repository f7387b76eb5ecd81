using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Sampling;
using PixArt.Hosting.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Tests.Plugins;

public sealed class PluginLoadingTests
{
    private static readonly IConfiguration Empty = new ConfigurationBuilder().Build();

    // Discovery and registration are separate steps: what a test registers is what the kept plugins staged.
    private static PluginCatalog Load(PluginFolder folder, IServiceCollection? services = null)
    {
        var catalog = PluginCatalog.Load(new[] { folder.Path }, Empty);
        if (services is not null) catalog.RegisterInto(services);
        return catalog;
    }

    [Fact]
    public void WellFormedPluginIsLoadedWithItsComponents()
    {
        using var folder = new PluginFolder("PixArt.TestPlugins.Echo");
        var catalog = Load(folder);

        Assert.Empty(catalog.Problems);
        var plugin = Assert.Single(catalog.Plugins);
        Assert.Equal("echo", plugin.Manifest.Id);
        Assert.Equal(new Version(1, 2, 3), plugin.Manifest.Version);
        var component = Assert.Single(plugin.Components);
        Assert.Equal((ComponentKind.Sampler, "echo-sampler"), (component.Kind, component.TypeId));
        Assert.Equal("EchoOptions", component.OptionsType.Name);
    }

    [Fact]
    public void TensorsAndContractsCrossThePluginBoundaryAsTheHostsTypes()
    {
        using var folder = new PluginFolder("PixArt.TestPlugins.Echo");
        var services = new ServiceCollection();
        var catalog = Load(folder, services);
        using var provider = services.BuildServiceProvider();

        var factory = provider.GetRequiredKeyedService<ISamplerFactory>("echo-sampler");
        var options = Activator.CreateInstance(catalog.Plugins[0].Components[0].OptionsType)!;
        using var sampler = factory.Create(new PixArt.Abstractions.Runtime.ComponentContext(options, Hosting.Runtime.RuntimeContext.Cpu()), new Hosting.Runtime.GeneratorNoiseSource(0));
        sampler.SetTimesteps(2);
        using var model = ones(2, 3);
        using var sample = zeros(2, 3);
        using var next = sampler.Step(model, sampler.Timesteps[0], sample);

        Assert.Same(typeof(Tensor), next.GetType());
        Assert.Equal(0.5f, next.mean().item<float>(), 5);
        // The plugin's TorchSharp is the host's: one assembly, loaded once.
        var pluginTorch = factory.GetType().Assembly.GetReferencedAssemblies().Single(a => a.Name == "TorchSharp");
        Assert.Single(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == pluginTorch.Name);
    }

    [Fact]
    public void MissingAssemblyIsReportedWithItsFolder()
    {
        using var folder = new PluginFolder();
        var dir = folder.AddEmpty("Ghost");
        var problem = Assert.Single(Load(folder).Problems);
        Assert.Equal(dir, problem.AssemblyPath);
        Assert.Contains("no plugin assembly", problem.Reason);
    }

    [Fact]
    public void CorruptAssemblyIsReportedWithItsPath()
    {
        using var folder = new PluginFolder();
        var dll = folder.AddRaw("Corrupt", "this is not a .NET assembly"u8.ToArray());
        var problem = Assert.Single(Load(folder).Problems);
        Assert.Equal(dll, problem.AssemblyPath);
        Assert.Contains("corrupt assembly", problem.Reason);
    }

    [Fact]
    public void AssemblyWithoutEntryPointIsRejected()
    {
        using var folder = new PluginFolder();
        var dll = folder.Add("PixArt.TestPlugins.NoEntryPoint");
        var problem = Assert.Single(Load(folder).Problems);
        Assert.Equal(dll, problem.AssemblyPath);
        Assert.Contains("no entry point", problem.Reason);
    }

    [Fact]
    public void AssemblyWithSeveralEntryPointsIsRejected()
    {
        using var folder = new PluginFolder();
        var dll = folder.Add("PixArt.TestPlugins.TwoEntryPoints");
        var catalog = Load(folder);
        var problem = Assert.Single(catalog.Problems);
        Assert.Equal(dll, problem.AssemblyPath);
        Assert.Contains("several entry points", problem.Reason);
        Assert.Contains("FirstPlugin", problem.Reason);
        Assert.Contains("SecondPlugin", problem.Reason);
        Assert.Empty(catalog.Plugins);
    }

    [Fact]
    public void ContractVersionMismatchIsRejected()
    {
        using var folder = new PluginFolder();
        var dll = folder.Add("PixArt.TestPlugins.OldContract");
        var problem = Assert.Single(Load(folder).Problems);
        Assert.Equal(dll, problem.AssemblyPath);
        Assert.Contains($"contract version 0, but this host implements version {ContractVersion.Current}", problem.Reason);
    }

    [Fact]
    public void PluginCompiledAgainstContractVersion1IsRefusedNamingBothVersions()
    {
        // A binary of the echo plugin built before contract 2: its factory lacks Describe, so its types would not load.
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "contract-v1");
        var catalog = PluginCatalog.Load(new[] { fixture }, Empty);
        var problem = Assert.Single(catalog.Problems);
        Assert.EndsWith("PixArt.TestPlugins.Echo.dll", problem.AssemblyPath);
        Assert.Contains($"built against plugin contract version 1 (PixArt.Abstractions 0.1.0.0), but this host implements version {ContractVersion.Current}", problem.Reason);
        Assert.DoesNotContain("TypeLoad", problem.Reason);
        Assert.Empty(catalog.Plugins);
    }

    [Fact]
    public void TheAbstractionsAssemblyVersionCarriesTheContractVersion() =>
        Assert.Equal(ContractVersion.Current, typeof(IPixArtPlugin).Assembly.GetName().Version!.Major);

    [Fact]
    public void ExceptionDuringRegistrationIsRejectedAndLeavesNoServicesBehind()
    {
        using var folder = new PluginFolder();
        var dll = folder.Add("PixArt.TestPlugins.ThrowsOnRegister");
        var services = new ServiceCollection();
        var problem = Assert.Single(Load(folder, services).Problems);
        Assert.Equal(dll, problem.AssemblyPath);
        Assert.Contains("registration exploded on purpose", problem.Reason);
        Assert.Empty(services);
    }

    [Fact]
    public void DuplicateComponentIdsAreReportedAndTheFirstRegistrationWins()
    {
        using var folder = new PluginFolder("PixArt.TestPlugins.Echo", "PixArt.TestPlugins.EchoTwin");
        var services = new ServiceCollection();
        var catalog = Load(folder, services);
        var problem = Assert.Single(catalog.Problems);
        Assert.Contains("duplicate component id 'echo-sampler'", problem.Reason);
        Assert.EndsWith("PixArt.TestPlugins.EchoTwin.dll", problem.AssemblyPath);
        Assert.Contains("PixArt.TestPlugins.Echo.dll", problem.Reason);
        using var provider = services.BuildServiceProvider();
        Assert.Equal("EchoSamplerFactory", provider.GetRequiredKeyedService<ISamplerFactory>("echo-sampler").GetType().Name);
    }

    [Fact]
    public void MissingPluginFolderIsAProblemNotACrash()
    {
        var missing = Path.Combine(Path.GetTempPath(), "pixart-no-such-folder-" + Guid.NewGuid().ToString("N"));
        var catalog = PluginCatalog.Load(new[] { missing }, Empty);
        var problem = Assert.Single(catalog.Problems);
        Assert.Equal(missing, problem.AssemblyPath);
    }
}
