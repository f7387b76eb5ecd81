using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Data;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Text;
using PixArt.Abstractions.Training;
using PixArt.Abstractions.Weights;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Plugins;
using PixArt.Hosting.Runtime;
using PixArt.Hosting.Startup;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Training;

/// <summary>
/// Every stage of an experiment resolved and checked before the first step (each problem with its key path): stage
/// plugins, data sets, each stage's denoiser composed and described from its configuration, the codec and text encoder
/// against each stage, the training memory against the device. Owns the opened data sets.
/// </summary>
public sealed class ExperimentPlan : IDisposable
{
    /// <summary>Bytes per parameter while training in float32: weights, gradients, AdamW's two moments, the EMA copy.</summary>
    public const int BytesPerTrainedParameter = 4 * 5;

    private ExperimentPlan(IReadOnlyList<StagePlan> stages, LatentCodecInfo codec, TextEncoderInfo? encoder, ComponentSelection? startFrom)
    {
        Stages = stages;
        Codec = codec;
        TextEncoder = encoder;
        StartFrom = startFrom;
    }

    /// <summary>The stages in order.</summary>
    public IReadOnlyList<StagePlan> Stages { get; }

    /// <summary>The codec every stage trains in the latent space of.</summary>
    public LatentCodecInfo Codec { get; }

    /// <summary>The text encoder of the caption stages, when configured.</summary>
    public TextEncoderInfo? TextEncoder { get; }

    /// <summary>The trained weights the first stage starts from (<see cref="TrainingOptions.StartFrom"/>); null: from scratch.</summary>
    public ComponentSelection? StartFrom { get; }

    /// <summary>
    /// Resolves and checks every stage; throws <see cref="ConfigurationException"/> with every problem. Logs a warning
    /// (<see cref="ReducedPrecisionWarning"/>) when <c>DType = auto</c> gave reduced precision on the CPU.
    /// </summary>
    public static ExperimentPlan Create(IServiceProvider services)
    {
        var settings = services.GetRequiredService<PixArtHostSettings>();
        var selections = services.GetRequiredService<ComponentSelections>();
        var activator = services.GetRequiredService<ComponentActivator>();
        var catalog = services.GetRequiredService<PluginCatalog>();
        var runtime = services.GetRequiredService<IRuntimeContext>();
        if (ReducedPrecisionWarning(services.GetRequiredService<IOptions<RuntimeOptions>>().Value, runtime) is { } warning)
            (services.GetService<ILogger<ExperimentPlan>>() ?? NullLogger<ExperimentPlan>.Instance).LogWarning("{Warning}", warning);
        var problems = new List<ConfigProblem>();

        var codecSelection = selections.Get(PipelineSlots.Codec);
        var codec = Attempt(problems, codecSelection.Section.Path, () => activator.Factory<ILatentCodecFactory>(codecSelection).Describe(activator.Context(codecSelection)));
        var encoderSelection = selections.Find(PipelineSlots.TextEncoder);
        var encoder = encoderSelection is null ? null
            : Attempt(problems, encoderSelection.Section.Path, () => activator.Factory<ITextEncoderFactory>(encoderSelection).Describe(activator.Context(encoderSelection)));
        var slots = TrainingSlots.Stages(settings.Configuration);
        if (slots.Count == 0) problems.Add(new ConfigProblem($"{TrainingOptions.SectionPath}:{TrainingSlots.StagesKey}", null, "an experiment needs at least one stage"));
        if (problems.Count > 0) throw new ConfigurationException(problems);

        var stages = new List<StagePlan>();
        try
        {
            for (var i = 0; i < slots.Count; i++)
                if (PlanStage(i, selections.Get(slots[i]), settings, catalog, activator, codec!, encoder, problems) is { } stage) stages.Add(stage);
            var startFrom = services.GetRequiredService<IOptions<TrainingOptions>>().Value.StartFrom;
            var start = startFrom.Length > 0 && stages.Count == slots.Count
                ? StartWeights.Plan(startFrom, stages[0], settings.BaseDirectory, catalog, activator, problems)
                : null;
            if (problems.Count == 0) CheckMemory(stages, runtime, problems);
            if (problems.Count > 0) throw new ConfigurationException(problems);
            return new ExperimentPlan(stages, codec!, encoder, start);
        }
        catch
        {
            foreach (var stage in stages) stage.Dataset.Dispose();
            throw;
        }
    }

    private static StagePlan? PlanStage(int index, ComponentSelection selection, PixArtHostSettings settings, PluginCatalog catalog,
        ComponentActivator activator, LatentCodecInfo codec, TextEncoderInfo? encoder, List<ConfigProblem> problems)
    {
        var path = selection.Section.Path;
        var scheduler = activator.Factory<IStageSchedulerFactory>(selection).Create(activator.Context(selection));
        var datasetSelection = selection.Children[TrainingSlots.DatasetChild];
        var dataset = Attempt(problems, datasetSelection.Section.Path, () => activator.Factory<IDatasetFactory>(datasetSelection).Create(activator.Context(datasetSelection)));
        if (dataset is null) return null;
        var ok = false;
        try
        {
            if (dataset.Count == 0)
            {
                problems.Add(new ConfigProblem(datasetSelection.Section.Path, null, $"the data set has no usable item ({dataset.Skipped.Count} skipped)"));
                return null;
            }
            var facts = new DatasetFacts(dataset.ClassNames.Count, dataset.Item(0).Caption is not null);
            var stage = Attempt(problems, path, () => scheduler.Resolve(facts));
            if (stage is null) return null;
            var resolution = stage.Options.Resolution;
            if (resolution % codec.DownsampleFactor != 0)
            {
                problems.Add(new ConfigProblem($"{path}:Resolution", resolution.ToString(), $"must be a multiple of the codec's downsample factor {codec.DownsampleFactor}"));
                return null;
            }
            var sampleSize = resolution / codec.DownsampleFactor;
            var configuration = StageConfiguration.Compose(settings.Configuration, index, stage, sampleSize);
            var denoiserProblems = new List<ConfigProblem>();
            var denoiser = ComponentConfigurationValidator.Validate(configuration, catalog, [PipelineSlots.Denoiser.AsRequired()], denoiserProblems)
                .GetValueOrDefault(PipelineSlots.Denoiser.Path);
            // A problem of the composed denoiser comes from this stage's conditioning or the experiment's dimensions.
            problems.AddRange(denoiserProblems.Select(p => p with { Message = $"{p.Message} (stage {path})" }));
            if (denoiser is null) return null;
            var found = problems.Count;
            var model = Attempt(problems, path, () => activator.Factory<IDenoiserFactory>(denoiser).Describe(activator.Context(denoiser)));
            if (model is null)
            {
                // The denoiser saw only the sample size; say where it came from.
                problems[found] = problems[found] with { Message = $"{problems[found].Message} (SampleSize = the stage's Resolution {resolution} / codec downsample {codec.DownsampleFactor})" };
                return null;
            }
            CheckStage(path, stage, model, codec, encoder, problems);
            ok = true;
            return new StagePlan(index, stage, scheduler, dataset, datasetSelection, denoiser, model, sampleSize, configuration);
        }
        finally
        {
            if (!ok) dataset.Dispose();
        }
    }

    private static void CheckStage(string path, TrainingStage stage, DenoiserInfo model, LatentCodecInfo codec, TextEncoderInfo? encoder, List<ConfigProblem> problems)
    {
        if (model.InChannels != codec.LatentChannels)
            problems.Add(new ConfigProblem($"{PipelineSlots.Denoiser.Path}:InChannels", model.InChannels.ToString(),
                $"the codec ({PipelineSlots.Codec.Path}) has {codec.LatentChannels} latent channels (stage {path})"));
        if (!model.LearnedSigma)
            problems.Add(new ConfigProblem($"{PipelineSlots.Denoiser.Path}:OutChannels", model.OutChannels.ToString(),
                $"training uses the learned-σ loss (reference 3.3): OutChannels must be 2 × InChannels = {2 * model.InChannels}"));
        if (stage.Options.Resolution / codec.DownsampleFactor % model.PatchSize != 0)
            problems.Add(new ConfigProblem($"{path}:Resolution", stage.Options.Resolution.ToString(),
                $"must be a multiple of codec downsample {codec.DownsampleFactor} × patch {model.PatchSize}"));
        if (stage.Condition != TrainingCondition.Caption)
        {
            if (stage.Options.CaptionClauseDropout > 0)
                problems.Add(new ConfigProblem($"{path}:{nameof(TrainingStageOptions.CaptionClauseDropout)}", stage.Options.CaptionClauseDropout.ToString(CultureInfo.InvariantCulture),
                    "this stage trains on class labels, which have no captions to drop clauses of; allowed: 0"));
            return;
        }
        if (encoder is null)
        {
            problems.Add(new ConfigProblem($"{PipelineSlots.TextEncoder.Path}:Type", null, $"stage {path} trains on captions and needs a text encoder"));
            return;
        }
        if (model.TextConditioning.CaptionChannels is { } channels && channels != encoder.HiddenSize)
            problems.Add(new ConfigProblem($"{PipelineSlots.Denoiser.Path}:CaptionChannels", channels.ToString(),
                $"the text encoder produces {encoder.HiddenSize}-wide tokens (stage {path})"));
        if (stage.Options.ConditionDropout > 0 && model.TextConditioning.NullConditionTokens is { } tokens && tokens != encoder.MaxLength)
            problems.Add(new ConfigProblem($"{PipelineSlots.Denoiser.Path}:CaptionTokens", tokens.ToString(),
                $"caption dropout replaces captions by the learned null caption, which must have the text encoder's {encoder.MaxLength} tokens ({PipelineSlots.TextEncoder.Path}:MaxLength)"));
    }

    /// <summary>
    /// Training and feature extraction are float32 on the CPU under <c>DType = auto</c> (<see cref="AutoDTypePolicy.Reproducible"/>,
    /// the CLI's and <c>AddPixArt</c>'s default). A host that registered <see cref="AutoDTypePolicy.Generation"/> and trains
    /// on a CPU with native bf16 gets bfloat16: mixed precision, slower for small models, and a feature cache a float32 run
    /// never reads. That is the host's choice, so it is a warning: this text, or null when the dtype is float32, explicit,
    /// or on CUDA.
    /// </summary>
    public static string? ReducedPrecisionWarning(RuntimeOptions options, IRuntimeContext runtime) =>
        options.DType == RuntimeOptions.AutoDType && runtime.Device.type == DeviceType.CPU && runtime.DType != ScalarType.Float32
            ? $"PixArt:Runtime:DType is auto and this host registered AutoDTypePolicy.Generation, so training runs in " +
              $"{RuntimeOptions.DTypeName(runtime.DType)} on the CPU, where `pixart train` and `pixart extract` run float32. To " +
              "match them, register AutoDTypePolicy.Reproducible or set PixArt:Runtime:DType to float32"
            : null;

    private static void CheckMemory(IReadOnlyList<StagePlan> stages, IRuntimeContext runtime, List<ConfigProblem> problems)
    {
        var available = MemoryBudget.Available(runtime.Device);
        if (available is null) return;
        foreach (var stage in stages)
        {
            var bytes = stage.Model.ParameterCount * BytesPerTrainedParameter;
            if (bytes > available * 0.8)
                problems.Add(new ConfigProblem(TrainingSlots.StagePath(stage.Index), null,
                    $"training this stage's {stage.Model.ParameterCount:N0} parameters needs about {MemoryBudget.Format(bytes)} before activations " +
                    $"(weights, gradients, AdamW moments, EMA) but {runtime.Device} has {MemoryBudget.Format(available.Value)} available"));
        }
    }

    // The result of a component's Describe or Create, or null with its exception's message as a problem at path (and value).
    internal static T? Attempt<T>(List<ConfigProblem> problems, string path, Func<T> action, string? value = null) where T : class
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or WeightFormatException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException)
        {
            problems.Add(new ConfigProblem(path, value, e.Message));
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var stage in Stages) stage.Dataset.Dispose();
    }
}
