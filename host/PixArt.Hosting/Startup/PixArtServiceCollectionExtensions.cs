using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Weights;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Generation;
using PixArt.Hosting.Plugins;
using PixArt.Hosting.Runtime;
using PixArt.Hosting.Startup;
using PixArt.Hosting.Weights;

// Host-facing registration lives in the DI namespace, as the runtime's own extensions do.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the PixArt framework to a service collection (the CLI, the server and embedding hosts use this).</summary>
public static class PixArtServiceCollectionExtensions
{
    /// <summary>
    /// Validates <c>PixArt:Runtime</c> and <c>PixArt:Plugins</c>, loads libtorch, loads the plugins into
    /// <paramref name="services"/>, validates the component sections of <paramref name="slots"/> (default: all, none required)
    /// and registers <see cref="PixArtEnvironment"/>, <see cref="IRuntimeContext"/>, <see cref="IWeightStore"/> and
    /// <see cref="PluginCatalog"/>. Every configuration problem is reported in one <see cref="ConfigurationException"/>;
    /// a libtorch failure throws <see cref="LibTorchException"/>.
    /// </summary>
    public static PixArtEnvironment AddPixArt(this IServiceCollection services, IConfiguration configuration,
        string? baseDirectory = null, IEnumerable<ComponentSlot>? slots = null, bool initializeCuda = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        baseDirectory ??= Environment.CurrentDirectory;
        var problems = new List<ConfigProblem>();
        var runtimeOptions = (RuntimeOptions)OptionsBinder.Bind(typeof(RuntimeOptions), configuration.GetSection(RuntimeOptions.SectionPath), problems);
        var pluginOptions = (PluginOptions)OptionsBinder.Bind(typeof(PluginOptions), configuration.GetSection(PluginOptions.SectionPath), problems);
        var generationOptions = (GenerationOptions)OptionsBinder.Bind(typeof(GenerationOptions), configuration.GetSection(GenerationOptions.SectionPath), problems);
        KnownSections.Check(configuration, problems);
        if (problems.Count > 0) throw new ConfigurationException(problems);

        var wantsCuda = initializeCuda || runtimeOptions.Device != "cpu";
        var libTorch = LibTorchRuntime.EnsureInitialized(runtimeOptions.LibTorchPath, wantsCuda);
        var runtime = RuntimeContext.Resolve(runtimeOptions, libTorch);

        var catalog = PluginCatalog.Load(pluginOptions.Folders(baseDirectory), services, configuration);

        var selections = ComponentConfigurationValidator.Validate(configuration, catalog, slots ?? PipelineSlots.All, problems);
        if (problems.Count > 0) throw new ConfigurationException(problems);

        var environment = new PixArtEnvironment(configuration, baseDirectory, runtimeOptions, libTorch, runtime, catalog, selections, generationOptions);
        services.TryAddSingleton(environment);
        services.TryAddSingleton<IRuntimeContext>(runtime);
        services.TryAddSingleton<IWeightStore, WeightStore>();
        services.TryAddSingleton(catalog);
        services.TryAddSingleton(sp => new ComponentActivator(sp, runtime, baseDirectory));
        return environment;
    }
}
