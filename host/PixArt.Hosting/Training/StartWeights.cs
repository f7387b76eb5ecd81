using System.Globalization;
using Microsoft.Extensions.Configuration;
using PixArt.Abstractions.Denoising;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Plugins;
using TorchSharp;

namespace PixArt.Hosting.Training;

/// <summary>
/// The trained weights an experiment's first stage starts from (<see cref="TrainingOptions.StartFrom"/>): the first
/// stage's denoiser composed with <c>Weights</c> naming them, described (key names and headers only) and checked to be
/// the same model as the stage trains, before any work. The trainer builds it in float32 and hands it to the stage
/// plugin's <c>TransferWeights</c> as the "previous stage" (docs/training.md, "Starting from trained weights").
/// </summary>
public static class StartWeights
{
    /// <summary>Key path of the option, for problems.</summary>
    public const string Key = $"{TrainingOptions.SectionPath}:{nameof(TrainingOptions.StartFrom)}";

    /// <summary>
    /// The selection the start weights are created from, or null with the reasons added to <paramref name="problems"/>:
    /// a path that does not exist, weights the denoiser plugin cannot read, or a model of other dimensions than
    /// <paramref name="first"/>'s.
    /// </summary>
    public static ComponentSelection? Plan(string startFrom, StagePlan first, string baseDirectory, PluginCatalog catalog, ComponentActivator activator,
        List<ConfigProblem> problems)
    {
        var path = Path.GetFullPath(startFrom, baseDirectory);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            problems.Add(new ConfigProblem(Key, startFrom, $"'{path}' does not exist; allowed: a model folder (model_index.json with transformer/), a transformer folder or a checkpoint file"));
            return null;
        }
        var weights = File.Exists(Path.Combine(path, ModelFolder.IndexFile)) ? Path.Combine(path, "transformer") : path;
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(first.Configuration)
            .AddInMemoryCollection([new($"{PipelineSlots.Denoiser.Path}:Weights", weights)])
            .Build();
        var found = new List<ConfigProblem>();
        var selection = ComponentConfigurationValidator.Validate(configuration, catalog, [PipelineSlots.Denoiser.AsRequired()], found).GetValueOrDefault(PipelineSlots.Denoiser.Path);
        problems.AddRange(found.Select(p => p with { Path = Key, Value = startFrom, Message = $"{p.Path}: {p.Message}" }));
        if (selection is null) return null;
        var source = ExperimentPlan.Attempt(problems, Key, () => activator.Factory<IDenoiserFactory>(selection).Describe(activator.Context(selection)), startFrom);
        if (source is null) return null;
        if (Shape(source) != Shape(first.Model))
        {
            problems.Add(new ConfigProblem(Key, startFrom,
                $"'{weights}' holds a denoiser of {Shape(source)}, where the first stage ({first.Stage.Name}) trains one of {Shape(first.Model)}; set the experiment's PixArt:Denoiser dimensions to the source's"));
            return null;
        }
        return selection;
    }

    /// <summary>Builds the start weights in float32 (the trainer's master dtype). The caller disposes the module.</summary>
    public static DenoiserModule Load(ComponentActivator activator, ComponentSelection selection)
    {
        var module = activator.Factory<IDenoiserFactory>(selection).Create(activator.Context(selection));
        module.to(torch.ScalarType.Float32);
        return module;
    }

    // What must agree for every weight to carry over: channels, patch, backbone dimensions, conditioning parameters.
    private static string Shape(DenoiserInfo model) => string.Create(CultureInfo.InvariantCulture,
        $"{model.ParameterCount:N0} parameters (hidden {model.Dimensions.HiddenSize}, depth {model.Dimensions.Depth}, {model.Dimensions.Heads} heads, patch {model.PatchSize}, {model.InChannels} → {model.OutChannels} channels, captions {model.Dimensions.CaptionTokens} × {model.Dimensions.CaptionChannels})");
}
