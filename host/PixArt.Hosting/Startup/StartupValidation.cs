using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;
using PixArt.Abstractions.Text;
using PixArt.Abstractions.Weights;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Model;
using PixArt.Hosting.Plugins;

namespace PixArt.Hosting.Startup;

/// <summary>
/// Everything checked before any work, in two phases that each report every problem they find: the configuration
/// (every host section, unknown sections, every component's type and options) and then, with libtorch loaded, the
/// components against each other from their descriptions (no weights read). Used at host start and by <c>pixart doctor</c>.
/// </summary>
public sealed class StartupValidation(IEnumerable<ISectionCheck> sections, PixArtHostSettings settings, PluginCatalog plugins, IServiceProvider services)
{
    private ModelDescription? _model;

    /// <summary>Problems of the configuration alone: host sections, unknown <c>PixArt:*</c> sections, component selections.</summary>
    public IReadOnlyList<ConfigProblem> ConfigurationProblems()
    {
        var problems = sections.SelectMany(s => s.Problems()).ToList();
        KnownSections.Check(settings.Configuration, problems);
        ComponentSelections.Resolve(settings, plugins, problems);
        return problems;
    }

    /// <summary>
    /// Describes the configured model (denoiser, codec, text encoder) without loading it and checks the components
    /// against each other and the device's memory. Null when no denoiser or codec is configured (the components that are
    /// configured are still described and their memory checked). Throws
    /// <see cref="ConfigurationException"/> with every problem, each naming its key (a file a component could not read
    /// is reported under that component's section).
    /// </summary>
    public ModelDescription? DescribeModel()
    {
        if (_model is not null) return _model;
        var selections = services.GetRequiredService<ComponentSelections>();
        var activator = services.GetRequiredService<ComponentActivator>();
        var denoiserSelection = selections.Find(PipelineSlots.Denoiser);
        var codecSelection = selections.Find(PipelineSlots.Codec);
        // A denoiser without both conditioning components is an experiment's (its stages choose them), not a model.
        if (denoiserSelection is not null && denoiserSelection.Children.Count < PipelineSlots.Denoiser.Children.Count) return null;
        var encoderSelection = selections.Find(PipelineSlots.TextEncoder);

        var problems = new List<ConfigProblem>();
        T? Describe<T>(ComponentSelection selection, Func<ComponentContext, T> describe) where T : class
        {
            try
            {
                return describe(activator.Context(selection));
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or WeightFormatException or UnauthorizedAccessException
                                          or System.Text.Json.JsonException or NotSupportedException or FormatException or KeyNotFoundException)
            {
                problems.Add(new ConfigProblem(selection.Section.Path, null, e.Message));
                return null;
            }
        }
        var denoiser = denoiserSelection is null ? null : Describe(denoiserSelection, c => activator.Factory<IDenoiserFactory>(denoiserSelection).Describe(c));
        var codec = codecSelection is null ? null : Describe(codecSelection, c => activator.Factory<ILatentCodecFactory>(codecSelection).Describe(c));
        var encoder = encoderSelection is null ? null : Describe(encoderSelection, c => activator.Factory<ITextEncoderFactory>(encoderSelection).Describe(c));
        if (problems.Count > 0) throw new ConfigurationException(problems);
        var runtime = services.GetRequiredService<IRuntimeContext>();
        if (denoiserSelection is null || codecSelection is null)
        {
            // Not a whole model (convert, bench denoiser): what is configured must still fit before anything is built.
            var parts = new List<(string, string, long)>();
            if (denoiser is not null) parts.Add((PipelineSlots.Denoiser.Path, "denoiser", denoiser.ParameterCount));
            if (codec is not null) parts.Add((PipelineSlots.Codec.Path, "codec", codec.ParameterCount));
            if (encoder is not null) parts.Add((PipelineSlots.TextEncoder.Path, "text encoder", encoder.ParameterCount));
            if (CompositionCheck.MemoryProblem(parts, runtime) is { } memory) throw new ConfigurationException([memory]);
            return null;
        }

        var name = ModelFolder.Name(settings.Configuration, denoiserSelection.Component.TypeId);
        var model = new ModelDescription(name, denoiser!, codec!, encoder);
        var sampler = selections.Find(PipelineSlots.Sampler) is { } s
            ? (s.Component.TypeId, activator.Factory<ISamplerFactory>(s).Describe(activator.Context(s)))
            : ((string, SamplerInfo)?)null;
        problems.AddRange(CompositionCheck.Problems(model, sampler, runtime));
        if (problems.Count > 0) throw new ConfigurationException(problems);
        return _model = model;
    }
}
