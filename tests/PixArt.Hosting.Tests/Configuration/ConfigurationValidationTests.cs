using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Sampling;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Tests.Plugins;

namespace PixArt.Hosting.Tests.Configuration;

public sealed class ConfigurationValidationTests
{
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

        var e = Assert.Throws<ConfigurationException>(() => new ServiceCollection().AddPixArt(configuration));

        // Runtime options are checked before plugins load; fix them and the component problems show up together.
        var runtime = Assert.Single(e.Problems);
        Assert.Equal("PixArt:Runtime:Device", runtime.Path);
        Assert.Equal("gpu", runtime.Value);
        Assert.Contains("allowed: cpu, cuda, cuda:N, auto", runtime.Message);

        var fixedRuntime = Config(folder,
            ("PixArt:Sampler:Type", "echo-sampler"),
            ("PixArt:Sampler:Steps", "0"),
            ("PixArt:Sampler:Mix", "2"),
            ("PixArt:Sampler:Mode", "weird"),
            ("PixArt:Sampler:GuidanceScale", "lots"),
            ("PixArt:Sampler:Stepz", "3"));
        var all = Assert.Throws<ConfigurationException>(() => new ServiceCollection().AddPixArt(fixedRuntime)).Problems;

        Assert.Contains(all, p => p.Path == "PixArt:Sampler:Steps" && p.Value == "0" && p.Message.Contains("between 1 and"));
        Assert.Contains(all, p => p.Path == "PixArt:Sampler:Mix" && p.Value == "2" && p.Message.Contains("between 0 and 1"));
        Assert.Contains(all, p => p.Path == "PixArt:Sampler:Mode" && p.Value == "weird" && p.Message.Contains("allowed: plain, fancy"));
        Assert.Contains(all, p => p.Path == "PixArt:Sampler:GuidanceScale" && p.Value == "lots" && p.Message.Contains("not a valid number"));
        Assert.Contains(all, p => p.Path == "PixArt:Sampler:Stepz" && p.Message.Contains("unknown key") && p.Message.Contains("Steps"));
        Assert.Equal(5, all.Count);
    }

    [Fact]
    public void UnknownComponentTypeListsTheLoadedOnes()
    {
        using var folder = new PluginFolder("PixArt.TestPlugins.Echo");
        var e = Assert.Throws<ConfigurationException>(() =>
            new ServiceCollection().AddPixArt(Config(folder, ("PixArt:Sampler:Type", "dpm"))));
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
        var catalog = PixArt.Hosting.Plugins.PluginCatalog.Load(new[] { folder.Path }, new ServiceCollection(), configuration);
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
        var services = new ServiceCollection();
        var environment = services.AddPixArt(Config(folder, ("PixArt:Sampler:Type", "echo-sampler")));
        Assert.Single(environment.Plugins.Problems);
        Assert.True(environment.Selections.ContainsKey("PixArt:Sampler"));
    }

    [Fact]
    public void BrokenPluginIsNamedWhenTheConfigurationNeedsAMissingComponent()
    {
        using var folder = new PluginFolder("PixArt.TestPlugins.ThrowsOnRegister");
        var e = Assert.Throws<ConfigurationException>(() =>
            new ServiceCollection().AddPixArt(Config(folder, ("PixArt:Sampler:Type", "echo-sampler"))));
        var problem = Assert.Single(e.Problems);
        Assert.Contains("plugins that failed to load", problem.Message);
        Assert.Contains("PixArt.TestPlugins.ThrowsOnRegister.dll", problem.Message);
    }

    [Fact]
    public void ValidConfigurationComposesAComponentThroughItsKeyedFactory()
    {
        using var folder = new PluginFolder("PixArt.TestPlugins.Echo");
        var services = new ServiceCollection();
        var environment = services.AddPixArt(Config(folder, ("PixArt:Sampler:Type", "echo-sampler"), ("PixArt:Sampler:Steps", "7")));
        using var provider = services.BuildServiceProvider();
        var activator = provider.GetRequiredService<ComponentActivator>();
        var selection = environment.Selection(PipelineSlots.Sampler);
        var factory = activator.Factory<ISamplerFactory>(selection);
        var context = activator.Context(selection);
        Assert.Equal(7, context.GetOptions<SamplerOptions>().Steps);
        Assert.Equal("PixArt:Sampler", context.ConfigPath);
        using var sampler = factory.Create(context, environment.Runtime.CreateNoiseSource(1));
        sampler.SetTimesteps(context.GetOptions<SamplerOptions>().Steps);
        Assert.Equal(7, sampler.Timesteps.Count);
    }
}
