using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Plugins;
using PixArt.Hosting.Tests.Plugins;

namespace PixArt.Hosting.Tests.Configuration;

public sealed class ConfigurationValidationTests
{
    /// <summary>A generic host with the framework registered, started (which runs the start-up checks).</summary>
    private static IHost Start(IConfiguration configuration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddPixArt(configuration);
        var host = builder.Build();
        try
        {
            host.Start();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private static IConfiguration Config(PluginFolder folder, params (string Key, string Value)[] values)
    {
        var pairs = new Dictionary<string, string?>
        {
            ["PixArt:Plugins:IncludeBuiltIn"] = "false",
            ["PixArt:Plugins:Paths:0"] = folder.Path,
        };
        foreach (var (k, v) in values) pairs[k] = v;
        return new ConfigurationBuilder().AddInMemoryCollection(pairs).Build();
    }

    [Fact]
    public void EveryProblemIsReportedTogetherWithItsKeyPathValueAndAllowedValues()
    {
        using var folder = new PluginFolder("PixArt.TestPlugins.Echo");
        var configuration = Config(folder,
            ("PixArt:Runtime:Device", "gpu"),
            ("PixArt:Sampler:Type", "echo-sampler"),
            ("PixArt:Sampler:Steps", "0"),
            ("PixArt:Sampler:Mix", "2"),
            ("PixArt:Sampler:Mode", "weird"),
            ("PixArt:Sampler:GuidanceScale", "lots"),
            ("PixArt:Sampler:Stepz", "3"));

        // Registering checks nothing; starting the host reports every problem of every section at once.
        var services = new ServiceCollection().AddPixArt(configuration);
        var all = Assert.Throws<ConfigurationException>(() => Start(configuration)).Problems;

        var runtime = Assert.Single(all, p => p.Path == "PixArt:Runtime:Device");
        Assert.Equal("gpu", runtime.Value);
        Assert.Contains("allowed: cpu, cuda, cuda:N, auto", runtime.Message);
        Assert.Contains(all, p => p.Path == "PixArt:Sampler:Steps" && p.Value == "0" && p.Message.Contains("between 1 and"));
        Assert.Contains(all, p => p.Path == "PixArt:Sampler:Mix" && p.Value == "2" && p.Message.Contains("between 0 and 1"));
        Assert.Contains(all, p => p.Path == "PixArt:Sampler:Mode" && p.Value == "weird" && p.Message.Contains("allowed: plain, fancy"));
        Assert.Contains(all, p => p.Path == "PixArt:Sampler:GuidanceScale" && p.Value == "lots" && p.Message.Contains("must be a number"));
        Assert.Contains(all, p => p.Path == "PixArt:Sampler:Stepz" && p.Message.Contains("unknown key") && p.Message.Contains("Steps"));
        Assert.Equal(6, all.Count);
        Assert.Contains(services, d => d.ServiceType == typeof(IRuntimeContext));
    }

    [Fact]
    public void UnknownComponentTypeListsTheLoadedOnes()
    {
        using var folder = new PluginFolder("PixArt.TestPlugins.Echo");
        var e = Assert.Throws<ConfigurationException>(() => Start(Config(folder, ("PixArt:Sampler:Type", "dpm"))));
        var problem = Assert.Single(e.Problems);
        Assert.Equal("PixArt:Sampler:Type", problem.Path);
        Assert.Equal("dpm", problem.Value);
        Assert.Contains("loaded: echo-sampler", problem.Message);
    }

    [Fact]
    public void RequiredChildComponentMustBeConfigured()
    {
        using var folder = new PluginFolder("PixArt.TestPlugins.Echo");
        var problems = new List<ConfigProblem>();
        var configuration = Config(folder);
        var catalog = PluginCatalog.Load(new[] { folder.Path }, configuration);
        var slot = new ComponentSlot("PixArt:Sampler", PixArt.Abstractions.Plugins.ComponentKind.Sampler, true);
        ComponentConfigurationValidator.Validate(configuration, catalog, new[] { slot }, problems);
        var problem = Assert.Single(problems);
        Assert.Equal("PixArt:Sampler:Type", problem.Path);
        Assert.Contains("a sampler is required; loaded: echo-sampler", problem.Message);
    }

    [Fact]
    public void BrokenPluginThatConfigurationDoesNotUseIsOnlyAWarning()
    {
        using var folder = new PluginFolder("PixArt.TestPlugins.Echo", "PixArt.TestPlugins.ThrowsOnRegister");
        using var host = Start(Config(folder, ("PixArt:Sampler:Type", "echo-sampler")));
        Assert.Single(host.Services.GetRequiredService<PluginCatalog>().Problems);
        Assert.NotNull(host.Services.GetRequiredService<ComponentSelections>().Find(PipelineSlots.Sampler));
    }

    [Fact]
    public void BrokenPluginIsNamedWhenTheConfigurationNeedsAMissingComponent()
    {
        using var folder = new PluginFolder("PixArt.TestPlugins.ThrowsOnRegister");
        var e = Assert.Throws<ConfigurationException>(() => Start(Config(folder, ("PixArt:Sampler:Type", "echo-sampler"))));
        var problem = Assert.Single(e.Problems);
        Assert.Contains("plugins that failed to load", problem.Message);
        Assert.Contains("PixArt.TestPlugins.ThrowsOnRegister.dll", problem.Message);
    }

    [Fact]
    public void ValidConfigurationComposesAComponentThroughItsKeyedFactory()
    {
        using var folder = new PluginFolder("PixArt.TestPlugins.Echo");
        using var host = Start(Config(folder, ("PixArt:Sampler:Type", "echo-sampler"), ("PixArt:Sampler:Steps", "7")));
        var activator = host.Services.GetRequiredService<ComponentActivator>();
        var selection = host.Services.GetRequiredService<ComponentSelections>().Get(PipelineSlots.Sampler);
        var factory = activator.Factory<ISamplerFactory>(selection);
        var context = activator.Context(selection);
        Assert.Equal(7, context.GetOptions<SamplerOptions>().Steps);
        Assert.Equal("PixArt:Sampler", context.ConfigPath);
        using var sampler = factory.Create(context, host.Services.GetRequiredService<IRuntimeContext>().CreateNoiseSource(1));
        sampler.SetTimesteps(context.GetOptions<SamplerOptions>().Steps);
        Assert.Equal(7, sampler.Timesteps.Count);
    }
}
