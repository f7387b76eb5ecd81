using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Text;
using PixArt.Abstractions.Training;
using PixArt.Abstractions.Weights;
using PixArt.Diffusion;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Generation;
using PixArt.Hosting.Runtime;
using PixArt.Hosting.Startup;
using PixArt.Hosting.Training.Features;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Training;

/// <summary>How a call to <see cref="Trainer.Run"/> ended.</summary>
/// <param name="Completed">Every stage finished (false: stopped by cancellation after writing a checkpoint).</param>
/// <param name="GlobalStep">Optimizer steps done in the run.</param>
/// <param name="Model">The exported model of the last stage (EMA weights), when the run completed.</param>
public sealed record TrainingOutcome(bool Completed, long GlobalStep, string? Model);

/// <summary>
/// Runs an experiment's curriculum (docs/training.md): every stage planned and checked first, the run folder prepared
/// (<c>experiment.json</c>, <c>metrics.jsonl</c>, <c>checkpoints/</c>, <c>samples/</c>, <c>stages/</c>, <c>model/</c>), then
/// stage after stage: the stage's denoiser built with its conditioning, initialised by its stage plugin from the
/// previous stage's model or EMA weights, trained by <see cref="StageTrainer"/>, and its EMA weights exported as a
/// model folder. With <c>resume</c> the newest checkpoint whose checksums hold is continued (newer broken ones are
/// reported by name); a stage-end checkpoint hands its weights to the next stage as the uninterrupted run did.
/// </summary>
public sealed class Trainer(IServiceProvider services, ILogger<Trainer> logger)
{
    /// <summary>Folder of the exported model of the last stage, in the run folder.</summary>
    public const string ModelFolderName = "model";

    /// <summary>
    /// Trains into <paramref name="runFolder"/>. Throws <see cref="ConfigurationException"/> for a bad experiment or a run
    /// folder that holds another run (before any step), <see cref="InvalidDataException"/> for a checkpoint that cannot be
    /// continued. <paramref name="progress"/> receives the metrics lines.
    /// </summary>
    public TrainingOutcome Run(string runFolder, bool resume, Action<string> progress, CancellationToken cancellation)
    {
        var options = services.GetRequiredService<IOptions<TrainingOptions>>().Value;
        var settings = services.GetRequiredService<PixArtHostSettings>();
        using var plan = ExperimentPlan.Create(services);
        var fingerprint = ExperimentRecord.Fingerprint(settings.Configuration);
        var checkpoints = new CheckpointStore(runFolder, services.GetRequiredService<IWeightStore>(), options.KeepCheckpoints);
        var start = StartingPoint(runFolder, resume, checkpoints, fingerprint);
        var sampler = ResolveSampler(options.Samples);

        Directory.CreateDirectory(runFolder);
        ExperimentRecord.Write(runFolder, settings.Configuration);
        foreach (var stage in plan.Stages)
            foreach (var skipped in stage.Dataset.Skipped)
                logger.LogWarning("skipped {Item} (stage {Stage}): {Reason}", skipped.Key, stage.Stage.Name, skipped.Reason);
        using var frozen = FrozenComponents.Create(services, plan);
        var run = NewRun(runFolder, options, checkpoints, frozen, sampler, fingerprint, progress);
        progress($"training on {run.Runtime.Device} in {RuntimeOptions.DTypeName(run.Runtime.DType)}{(Mixed(run) ? " (mixed precision: float32 master weights)" : "")}");
        return Train(run, plan, start, cancellation);
    }

    /// <summary>
    /// Times <paramref name="iterations"/> optimizer steps of stage <paramref name="stageIndex"/> (0-based) after untimed
    /// warm-up steps, from freshly initialised weights, in a scratch folder that is deleted afterwards: what
    /// <c>pixart bench train</c> reports. <paramref name="warmUp"/> is asked before the first step (with null) and after
    /// every warm-up step (with its timings) whether another warm-up step is due.
    /// </summary>
    public (StagePlan Stage, IReadOnlyList<StepTimings> Steps) Measure(int stageIndex, Func<StepTimings?, bool> warmUp, int iterations)
    {
        var options = services.GetRequiredService<IOptions<TrainingOptions>>().Value;
        using var plan = ExperimentPlan.Create(services);
        if (stageIndex < 0 || stageIndex >= plan.Stages.Count)
            throw new ConfigurationException([new ConfigProblem("--stage", (stageIndex + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), $"the experiment has stages 1 to {plan.Stages.Count}")]);
        var folder = Path.Combine(Path.GetTempPath(), $"pixart-bench-train-{Guid.NewGuid():N}");
        try
        {
            using var frozen = FrozenComponents.Create(services, plan);
            var run = NewRun(folder, options, new CheckpointStore(folder, services.GetRequiredService<IWeightStore>(), 1), frozen,
                ResolveSampler(options.Samples), "", _ => { });
            Directory.CreateDirectory(folder);
            var stage = plan.Stages[stageIndex];
            var factory = run.Activator.Factory<IDenoiserFactory>(stage.Denoiser);
            using var model = CreateTrainedModel(run, stage, factory, previous: null);
            using var evaluation = factory.Create(run.Activator.Context(stage.Denoiser));
            using var trainer = new StageTrainer(run, stage, model, evaluation, factory, 0);
            for (StepTimings? last = null; warmUp(last);) last = trainer.Measure(1)[0];
            return (stage, trainer.Measure(iterations));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private TrainingRun NewRun(string folder, TrainingOptions options, CheckpointStore checkpoints, FrozenComponents frozen, SamplerChoice sampler,
        string fingerprint, Action<string> progress)
    {
        var runtime = services.GetRequiredService<IRuntimeContext>();
        return new TrainingRun(folder, options, runtime, services.GetRequiredService<ComponentActivator>(), services.GetRequiredService<IWeightStore>(),
            frozen.Codec, frozen.TextEncoder, FeatureCache.Create(services), GaussianDiffusion.FromSchedule(options.Schedule.ToSchedule()), checkpoints,
            new MetricsLog(folder, progress, runtime.Device), new SampleGrids(options.Samples, folder, sampler, frozen.Codec, frozen.TextEncoder, runtime),
            fingerprint, services.GetRequiredService<PixArtHostSettings>().BaseDirectory, logger);
    }

    private TrainingOutcome Train(TrainingRun run, ExperimentPlan plan, (string Folder, TrainingState State)? start, CancellationToken cancellation)
    {
        var firstStage = 0;
        var globalStep = 0L;
        DenoiserModule? previous = null;
        if (start is { } checkpoint)
        {
            globalStep = checkpoint.State.GlobalStep;
            firstStage = checkpoint.State.StageComplete ? checkpoint.State.Stage + 1 : checkpoint.State.Stage;
            logger.LogInformation("resuming from {Checkpoint} (stage {Stage}, step {Step})", checkpoint.Folder, checkpoint.State.StageName, checkpoint.State.StageStep);
            if (checkpoint.State.StageComplete) previous = FinishedStage(run, plan.Stages[checkpoint.State.Stage], checkpoint.Folder, plan.Stages.ElementAtOrDefault(firstStage));
        }
        else if (plan.StartFrom is { } source)
        {
            // A fresh run from trained weights; a resumed one has them in its checkpoints already.
            previous = StartWeights.Load(run.Activator, source);
            logger.LogInformation("stage {Stage} starts from {Weights}", plan.Stages[0].Stage.Name, source.Section["Weights"]);
        }
        try
        {
            for (var index = firstStage; index < plan.Stages.Count; index++)
            {
                cancellation.ThrowIfCancellationRequested();
                var stage = plan.Stages[index];
                var resumeHere = start is { State.StageComplete: false } mid && mid.State.Stage == index ? start : null;
                var factory = run.Activator.Factory<IDenoiserFactory>(stage.Denoiser);
                using var model = CreateTrainedModel(run, stage, factory, previous);
                previous?.Dispose();
                previous = null;
                using var evaluation = factory.Create(run.Activator.Context(stage.Denoiser));
                using var trainer = new StageTrainer(run, stage, model, evaluation, factory, globalStep);
                if (resumeHere is { } resumed) trainer.Restore(resumed.Folder, resumed.State);
                if (!trainer.Run(cancellation)) return new TrainingOutcome(false, trainer.GlobalStep, null);
                globalStep = trainer.GlobalStep;
                var exported = ExportFolder(run, stage, last: index == plan.Stages.Count - 1);
                trainer.Export(exported);
                logger.LogInformation("stage {Stage} done: model {Folder}", stage.Stage.Name, exported);
                if (index + 1 < plan.Stages.Count) previous = NextStart(plan.Stages[index + 1], model.Master, trainer.Ema, factory, run, stage);
            }
            return new TrainingOutcome(true, globalStep, ExportFolder(run, plan.Stages[^1], last: true));
        }
        finally
        {
            previous?.Dispose();
        }
    }

    // The stage's float32 master (and, with mixed precision, its working copy in the runtime dtype), initialised by the
    // stage plugin from the previous stage. The global generator is seeded per stage so fresh weights do not depend on
    // whether the run was resumed.
    private static TrainedModel CreateTrainedModel(TrainingRun run, StagePlan stage, IDenoiserFactory factory, DenoiserModule? previous)
    {
        random.manual_seed(StageTrainer.StageSeed(run.Options.Seed, stage.Index));
        var master = factory.Create(run.Activator.Context(stage.Denoiser));
        try
        {
            master.to(ScalarType.Float32);
            stage.Scheduler.TransferWeights(previous, master);
            var working = Mixed(run) ? factory.Create(run.Activator.Context(stage.Denoiser)) : null;
            return new TrainedModel(master, working);
        }
        catch
        {
            master.Dispose();
            throw;
        }
    }

    // PixArt:Training:Precision: mixed, or auto with a runtime dtype other than float32 (docs/training.md, "Precision").
    private static bool Mixed(TrainingRun run) =>
        run.Options.Precision == "mixed" || (run.Options.Precision == "auto" && run.Runtime.DType != ScalarType.Float32);

    // The weights the next stage starts from (its LoadFrom: the model or the EMA), in float32 and independent of this
    // stage's modules (disposed with them): what a resume from the stage-end checkpoint reads back.
    private static DenoiserModule NextStart(StagePlan next, DenoiserModule master, EmaWeights ema, IDenoiserFactory factory, TrainingRun run, StagePlan stage)
    {
        var copy = factory.Create(run.Activator.Context(stage.Denoiser));
        copy.to(ScalarType.Float32);
        if (next.Options.LoadFrom == "ema")
        {
            ema.CopyInto(copy);
            return copy;
        }
        using var noGrad = no_grad();
        var from = master.state_dict();
        foreach (var (name, tensor) in copy.state_dict()) tensor.copy_(from[name]);
        return copy;
    }

    // Resuming after a stage-end checkpoint: that stage's weights as the next stage loads them, and its export when the
    // interrupted run did not get to write it.
    private DenoiserModule? FinishedStage(TrainingRun run, StagePlan stage, string folder, StagePlan? next)
    {
        var factory = run.Activator.Factory<IDenoiserFactory>(stage.Denoiser);
        var model = factory.Create(run.Activator.Context(stage.Denoiser));
        try
        {
            model.to(ScalarType.Float32);
            var exportFolder = ExportFolder(run, stage, last: next is null);
            if (!Directory.Exists(exportFolder))
            {
                Load(model, run.Checkpoints.Read(folder, CheckpointStore.EmaFile), parametersOnly: true);
                ModelExport.Write(exportFolder, model, factory, run.Store, stage.Configuration, stage.Stage.Name, run.BaseDirectory, []);
                logger.LogInformation("stage {Stage} exported: model {Folder}", stage.Stage.Name, exportFolder);
            }
            if (next is null)
            {
                model.Dispose();
                return null;
            }
            if (next.Options.LoadFrom == "ema") Load(model, run.Checkpoints.Read(folder, CheckpointStore.EmaFile), parametersOnly: true);
            else Load(model, run.Checkpoints.Read(folder, CheckpointStore.ModelFile), parametersOnly: false);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static void Load(DenoiserModule model, Dictionary<string, Tensor> tensors, bool parametersOnly)
    {
        using var noGrad = no_grad();
        var targets = parametersOnly ? model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)) : model.state_dict().Select(kv => (kv.Key, kv.Value));
        foreach (var (name, target) in targets)
        {
            if (!tensors.TryGetValue(name, out var source)) throw new InvalidDataException($"the checkpoint lacks {name}");
            target.copy_(source);
        }
        foreach (var tensor in tensors.Values) tensor.Dispose();
    }

    // The last stage's model is the run's model; earlier stages' are kept under stages/.
    private static string ExportFolder(TrainingRun run, StagePlan stage, bool last) =>
        last ? Path.Combine(run.Folder, ModelFolderName) : Path.Combine(run.Folder, "stages", stage.Slug, ModelFolderName);

    // Where the run starts: nothing (fresh) or the newest valid checkpoint; a folder holding another run is refused.
    private (string Folder, TrainingState State)? StartingPoint(string runFolder, bool resume, CheckpointStore checkpoints, string fingerprint)
    {
        var latest = checkpoints.Latest(out var rejected);
        foreach (var reason in rejected) logger.LogWarning("checkpoint rejected: {Reason}", reason);
        if (!resume)
        {
            if (latest is not null || rejected.Count > 0)
                throw new ConfigurationException([new ConfigProblem("--output", runFolder, "already holds the checkpoints of a run; pass --resume to continue it, or choose another --output")]);
            return null;
        }
        if (latest is null)
        {
            logger.LogWarning("no valid checkpoint in {Folder}: starting from the first step", checkpoints.Folder);
            return null;
        }
        if (latest.Value.State.Experiment != fingerprint)
            throw new ConfigurationException([new ConfigProblem("--resume", latest.Value.Folder,
                $"the checkpoint was made by another experiment (its {ExperimentRecord.FileName} differs in a setting that changes training); restore that experiment or use another --output")]);
        return latest;
    }

    private SamplerChoice ResolveSampler(SampleGridOptions samples)
    {
        var problems = new List<RequestProblem>();
        var request = new GenerationRequest { Prompts = [""], Sampler = samples.Sampler, Steps = samples.Steps, GuidanceScale = samples.GuidanceScale };
        return services.GetRequiredService<SamplerResolver>().Resolve(request, problems)
               ?? throw new ConfigurationException(problems.Select(p => new ConfigProblem($"{TrainingOptions.SectionPath}:Samples:{p.Field}", p.Value, p.Message)).ToList());
    }
}
