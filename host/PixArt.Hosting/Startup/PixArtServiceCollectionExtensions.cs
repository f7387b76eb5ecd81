using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Weights;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Generation;
using PixArt.Hosting.Model;
using PixArt.Hosting.Plugins;
using PixArt.Hosting.Runtime;
using PixArt.Hosting.Startup;
using PixArt.Hosting.Training;
using PixArt.Hosting.Weights;

// Host-facing registration lives in the DI namespace, as the runtime's own extensions do.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the PixArt framework to a service collection (the CLI, the server and embedding hosts use this).</summary>
public static class PixArtServiceCollectionExtensions
{
    /// <summary>
    /// Discovers the plugins <c>PixArt:Plugins</c> names (<see cref="PluginCatalog.Discover"/>: the one piece of I/O that must
    /// precede building the container, since a plugin's <c>Register</c> adds services) and registers the framework with
    /// them (<see cref="AddPixArt(IServiceCollection, IConfiguration, PluginCatalog, string?, IEnumerable{ComponentSlot}?)"/>).
    /// </summary>
    public static IServiceCollection AddPixArt(this IServiceCollection services, IConfiguration configuration,
        string? baseDirectory = null, IEnumerable<ComponentSlot>? slots = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        baseDirectory ??= Environment.CurrentDirectory;
        return services.AddPixArt(configuration, PluginCatalog.Discover(configuration, baseDirectory), baseDirectory, slots);
    }

    /// <summary>
    /// Registers the framework: the options of <c>PixArt:Runtime</c>, <c>PixArt:Plugins</c> and <c>PixArt:Generation</c>
    /// (<c>IOptions&lt;T&gt;</c> with validators), the plugins' services, the runtime (<see cref="IRuntimeContext"/>, which
    /// loads libtorch when first resolved; <c>DType = auto</c> by the <see cref="AutoDTypePolicy"/> registered in the
    /// container, before or after this call, else <see cref="AutoDTypePolicy.Reproducible"/>: float32 on every CPU, the safe choice for a host that trains or
    /// compares results across machines; generation hosts such as the CLI's <c>generate</c> and <c>AddPixArtServer</c> register
    /// <see cref="AutoDTypePolicy.Generation"/> first), the weight store, the composed model (<see cref="PixArtModel"/>, loaded once when
    /// first resolved) and the per-request <see cref="GenerationService"/>. Registration only: nothing is loaded or validated
    /// here. When the host starts, <see cref="PixArtStartup"/> validates every section and the components of
    /// <paramref name="slots"/> (default: all, none required) against each other from their configurations, and reports every
    /// problem in one <see cref="ConfigurationException"/>. Calling it twice is harmless.
    /// </summary>
    public static IServiceCollection AddPixArt(this IServiceCollection services, IConfiguration configuration, PluginCatalog plugins,
        string? baseDirectory = null, IEnumerable<ComponentSlot>? slots = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(plugins);
        if (services.Any(d => d.ServiceType == typeof(PixArtHostSettings))) return services;

        services.AddOptions();
        services.AddSingleton(new PixArtHostSettings(configuration, baseDirectory ?? Environment.CurrentDirectory, (slots ?? PipelineSlots.All).ToList()));
        services.AddSectionOptions<RuntimeOptions>(configuration, RuntimeOptions.SectionPath);
        services.AddSectionOptions<PluginOptions>(configuration, PluginOptions.SectionPath);
        services.AddSectionOptions<GenerationOptions>(configuration, GenerationOptions.SectionPath);
        services.AddSectionOptions<TrainingOptions>(configuration, TrainingOptions.SectionPath, [TrainingSlots.StagesKey]);
        plugins.RegisterInto(services);
        services.TryAddSingleton(plugins);

        // No policy is registered here, so that one registered before or after this call (AddPixArtServer's) decides.
        services.TryAddSingleton<IRuntimeContext>(sp => RuntimeContext.Bootstrap(sp.GetRequiredService<IOptions<RuntimeOptions>>().Value,
            sp.GetService<AutoDTypePolicy>() ?? AutoDTypePolicy.Reproducible));
        services.TryAddSingleton<IWeightStore, WeightStore>();
        services.TryAddSingleton<ComponentActivator>();
        services.TryAddSingleton(sp => ComponentSelections.Validate(sp.GetRequiredService<PixArtHostSettings>(), sp.GetRequiredService<PluginCatalog>()));
        services.TryAddSingleton<StartupValidation>();
        services.TryAddSingleton(sp => sp.GetRequiredService<StartupValidation>().DescribeModel()
            ?? throw new ConfigurationException(new[] { new ConfigProblem(PipelineSlots.Denoiser.Path + ":Type", null, "a model needs a denoiser and a codec (PixArt:Denoiser, PixArt:Codec)") }));
        services.TryAddSingleton<ModelResidency>();
        services.TryAddSingleton(PixArtModelLoader.Load);
        services.TryAddSingleton<SamplerResolver>();
        services.TryAddSingleton<GenerationPlanner>();
        services.TryAddSingleton<GenerationService>();
        services.TryAddSingleton<PixArt.Hosting.Training.Trainer>();
        services.TryAddSingleton<PixArt.Hosting.Training.Features.FeatureExtractor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PixArtStartup>());
        return services;
    }

    private static void AddSectionOptions<T>(this IServiceCollection services, IConfiguration configuration, string sectionPath,
        IReadOnlyList<string>? ignoredKeys = null) where T : class, new()
    {
        var section = new SectionOptions<T>(configuration, sectionPath, ignoredKeys);
        services.AddSingleton<ISectionCheck>(section);
        services.AddSingleton<IConfigureOptions<T>>(section);
        services.AddSingleton<IValidateOptions<T>>(section);
    }
}
