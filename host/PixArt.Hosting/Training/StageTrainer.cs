using Microsoft.Extensions.Logging;
using PixArt.Abstractions.Data;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Training;
using PixArt.Hosting.Training.Features;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Hosting.Training;

/// <summary>
/// The optimisation loop of one stage (reference 3.3, 7.1). One optimizer step: for each of the stage's
/// <c>GradientAccumulation</c> micro-batches, get its items' codec posteriors (<see cref="BatchLatents"/>: from the feature
/// cache, or decoded and encoded by the frozen codec; an undecodable item is skipped with one warning and counted) and sample them, draw t uniformly, the noise and the condition dropout,
/// compute <c>mean(L_mse + L_vb)</c> with the stop-gradient mean in the VB term, and back-propagate it divided by the
/// accumulation; then clip the global gradient norm, step AdamW and the LambdaLR schedule, and update the EMA.
/// Every random draw comes from the stage's <see cref="TrainingRandom"/> in a fixed order, and all state (weights, EMA,
/// optimizer, schedule position, data position, generator) goes into checkpoints, so a resumed run computes what an
/// uninterrupted one would, bit for bit on the CPU.
/// </summary>
public sealed class StageTrainer : IDisposable
{
    private readonly TrainingRun _run;
    private readonly StagePlan _plan;
    private readonly TrainedModel _model;
    private readonly DenoiserModule _evaluation;
    private readonly IDenoiserFactory _factory;
    private readonly AdamW _optimizer;
    private readonly torch.optim.lr_scheduler.LRScheduler _schedule;
    private readonly EmaWeights _ema;
    private readonly TrainingRandom _random;
    private readonly TrainingBatches _batches;
    private readonly CaptionEmbeddings? _captions;
    private readonly BatchConditions _conditions;
    private readonly BatchLatents _latents;
    private readonly HashSet<string> _skipped = new(StringComparer.Ordinal);
    private BatchPosition _position;
    private long _stageStep;
    private long _globalStep;

    /// <summary>
    /// Prepares stage <paramref name="plan"/> on <paramref name="model"/> (already initialised or transferred), starting at
    /// run step <paramref name="globalStep"/>. <paramref name="evaluation"/> is a second denoiser of the stage's
    /// architecture that receives the EMA weights for sample grids and export.
    /// </summary>
    public StageTrainer(TrainingRun run, StagePlan plan, TrainedModel model, DenoiserModule evaluation, IDenoiserFactory factory, long globalStep)
    {
        _run = run;
        _plan = plan;
        _model = model;
        _evaluation = evaluation;
        _factory = factory;
        _globalStep = globalStep;
        var o = plan.Options;
        _optimizer = torch.optim.AdamW(model.Trainable, o.LearningRate, 0.9, 0.999, o.Epsilon, o.WeightDecay);
        // diffusers' get_constant_schedule_with_warmup is a LambdaLR over the same factor.
        _schedule = torch.optim.lr_scheduler.LambdaLR(_optimizer, step => LearningRate.Factor(o, step));
        _ema = new EmaWeights(model.Master);
        _random = new TrainingRandom(StageSeed(run.Options.Seed, plan.Index));
        var sizeMultiple = run.Codec.DownsampleFactor * plan.Model.PatchSize;
        _batches = new TrainingBatches(plan.Dataset, o.BatchSize, run.Options.Seed, plan.Index, o.Resolution, o.MultiScale, sizeMultiple);
        _captions = plan.Stage.Condition == TrainingCondition.Caption && run.TextEncoder is { } encoder
            ? new CaptionEmbeddings(encoder, plan.Dataset, run.Options.CaptionCacheBytes, run.Runtime.Device, CaptionFeatures(run, plan))
            : null;
        _latents = new BatchLatents(run, plan, _skipped);
        _conditions = new BatchConditions(plan.Stage, _captions, plan.Model.UsesMicroConditions, run.Runtime.Device);
    }

    // The stage's cached caption embeddings (pixart extract), when there are any; logged so a run says where its captions come from.
    private static FeatureFolder? CaptionFeatures(TrainingRun run, StagePlan plan)
    {
        if (run.Features.Text(plan) is not { } spec) return null;
        var folder = FeatureCache.OpenForTraining(spec.Folder, spec.Identity, run.Logger, plan.Stage.Name);
        if (folder is null) return null;
        run.Logger.LogInformation("stage {Stage}: caption embeddings of {Current} of {Count} items from the feature cache {Folder}", plan.Stage.Name,
            TextFeatureSpec.CountCurrent(folder, plan.Dataset), plan.Dataset.Count, spec.Folder);
        return folder;
    }

    /// <summary>The seed of stage <paramref name="index"/>'s generator (and of its fresh weights): every stage starts from its own stream.</summary>
    public static long StageSeed(long seed, int index) => unchecked(seed + 1_000_003L * index);

    /// <summary>Optimizer steps done in this stage.</summary>
    public long StageStep => _stageStep;

    /// <summary>Optimizer steps done in the run.</summary>
    public long GlobalStep => _globalStep;

    /// <summary>The EMA weights.</summary>
    public EmaWeights Ema => _ema;

    /// <summary>Continues from checkpoint <paramref name="folder"/> (written mid-stage by this stage).</summary>
    public void Restore(string folder, TrainingState state)
    {
        using (var scope = NewDisposeScope())
        {
            var weights = _run.Checkpoints.Read(folder, CheckpointStore.ModelFile);
            using var noGrad = no_grad();
            foreach (var (name, tensor) in _model.Master.state_dict())
            {
                if (!weights.TryGetValue(name, out var saved)) throw new InvalidDataException($"{folder}: {CheckpointStore.ModelFile} lacks {name}");
                tensor.copy_(saved);
            }
            _ema.Load(_run.Checkpoints.Read(folder, CheckpointStore.EmaFile));
            OptimizerState.Restore(_optimizer, _run.Checkpoints.Read(folder, CheckpointStore.OptimizerFile), state.OptimizerSteps);
        }
        _random.Restore(Convert.FromBase64String(state.Random));
        _position = new BatchPosition(state.Epoch, state.Batch);
        _stageStep = state.StageStep;
        _globalStep = state.GlobalStep;
        _skipped.UnionWith(state.SkippedItems);
        // The schedule is a pure function of the step: replaying its steps puts it where the checkpoint left it.
        for (var i = 0; i < _stageStep; i++) _schedule.step();
    }

    /// <summary>
    /// Trains until the stage's last step or until <paramref name="cancellation"/> is signalled (then a checkpoint is
    /// written after the current step). Returns true when the stage finished.
    /// </summary>
    public bool Run(CancellationToken cancellation)
    {
        var o = _plan.Options;
        var lastCheckpoint = -1L;
        while (_stageStep < o.Steps)
        {
            Step();
            _stageStep++;
            _globalStep++;
            if (_stageStep % _run.Options.LogEvery == 0 || _stageStep == o.Steps) Flush();
            if (_stageStep == o.Steps) break;
            if (_stageStep % _run.Options.CheckpointEvery == 0)
            {
                Checkpoint(stageComplete: false);
                lastCheckpoint = _stageStep;
            }
            if (_run.Options.SampleEvery > 0 && _stageStep % _run.Options.SampleEvery == 0) WriteGrid();
            if (cancellation.IsCancellationRequested)
            {
                Flush();
                var folder = lastCheckpoint == _stageStep ? null : Checkpoint(stageComplete: false);
                _run.Logger.LogWarning("stopped at step {Step} of stage {Stage}; {Checkpoint}; continue with --resume", _stageStep, _plan.Stage.Name,
                    folder is null ? "its checkpoint is written" : $"checkpoint {folder}");
                return false;
            }
        }
        Checkpoint(stageComplete: true);
        WriteGrid();
        return true;
    }

    /// <summary>The stage's model with the EMA weights (for the next stage's transfer when it loads <c>ema</c>, and for export).</summary>
    public DenoiserModule EmaModel()
    {
        _ema.CopyInto(_evaluation);
        // Dropout trained the model on its null condition (a fixed y_embedding, as the official buffer): exports carry it
        // and guidance uses it, not an encoded empty prompt the model never saw.
        if (_plan.Options.ConditionDropout > 0 && _stageStep > 0) _evaluation.TextConditioning.MarkNullConditionTrained();
        return _evaluation;
    }

    /// <summary>Writes the EMA weights as a model folder <c>pixart generate --model</c> loads.</summary>
    public void Export(string folder) =>
        ModelExport.Write(folder, EmaModel(), _factory, _run.Store, _plan.Configuration, _plan.Stage.Name, _run.BaseDirectory, []);

    /// <summary>One optimizer step (see the class summary); returns where its time went.</summary>
    private StepTimings Step()
    {
        var o = _plan.Options;
        var clock = System.Diagnostics.Stopwatch.GetTimestamp();
        double data = 0, encode = 0, model = 0;
        _model.BeforeForward();
        double loss = 0, mse = 0, vb = 0;
        long images = 0;
        for (var micro = 0; micro < o.GradientAccumulation; micro++)
        {
            var (batch, next) = _batches.Take(_position);
            _position = next;
            using var scope = NewDisposeScope();
            using var loaded = _latents.Load(batch);
            data += StepTimings.Lap(ref clock);
            if (loaded.Count == 0) continue;
            var x0 = _latents.Sample(loaded, _random);
            var t = _random.Timesteps(loaded.Count, _run.Diffusion.NumTimesteps, _run.Runtime.Device);
            var noise = _random.StandardNormal(x0.shape, ScalarType.Float32, _run.Runtime.Device);
            var condition = _conditions.Build(loaded.Items, batch, _random);
            encode += StepTimings.Lap(ref clock);
            var dtype = _run.Runtime.DType;
            var losses = _run.Diffusion.TrainingLosses(
                (xT, timesteps) => _model.Forwarded.Forward(xT.to(dtype), timesteps, condition).to(ScalarType.Float32), x0, t, noise);
            var mean = losses.Loss.mean();
            (mean / o.GradientAccumulation).backward();
            loss += mean.item<float>() / o.GradientAccumulation;
            mse += losses.Mse.mean().item<float>() / o.GradientAccumulation;
            vb += losses.Vb.mean().item<float>() / o.GradientAccumulation;
            images += loaded.Count;
            model += StepTimings.Lap(ref clock);
        }
        _model.AfterBackward();
        var norm = nn.utils.clip_grad_norm_(_model.Trainable, o.GradientClip > 0 ? o.GradientClip : double.PositiveInfinity);
        var rate = _optimizer.ParamGroups.First().LearningRate;
        _optimizer.step();
        _optimizer.zero_grad();
        _schedule.step();
        _ema.Update(_model.Master, EmaWeights.Decay(o.EmaDecay, _stageStep, o.EmaWarmup)); // _stageStep: updates made so far
        var timings = new StepTimings(data, encode, model, StepTimings.Lap(ref clock));
        _run.Metrics.Add(loss, mse, vb, norm, images, rate, timings);
        return timings;
    }

    /// <summary>
    /// Runs <paramref name="steps"/> optimizer steps outside the schedule of <see cref="Run"/> (no metrics lines, checkpoints or
    /// grids) and returns each step's timings: what <c>pixart bench train</c> measures.
    /// </summary>
    public IReadOnlyList<StepTimings> Measure(int steps)
    {
        var timings = new List<StepTimings>(steps);
        for (var i = 0; i < steps; i++) timings.Add(Step());
        return timings;
    }

    private void Flush() =>
        _run.Metrics.Flush(_plan.Stage.Name, _stageStep, _globalStep, _plan.Options.Steps, _plan.Dataset.Skipped.Count + _skipped.Count);

    private string Checkpoint(bool stageComplete)
    {
        var (optimizer, steps) = OptimizerState.Capture(_optimizer);
        var state = new TrainingState
        {
            Stage = _plan.Index, StageName = _plan.Stage.Name, StageStep = _stageStep, GlobalStep = _globalStep,
            Epoch = _position.Epoch, Batch = _position.Batch, Random = Convert.ToBase64String(_random.State()),
            OptimizerSteps = steps, SkippedItems = _skipped.Order(StringComparer.Ordinal).ToList(), StageComplete = stageComplete,
            Experiment = _run.Experiment,
        };
        var model = _model.Master.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return _run.Checkpoints.Write(state, model, _ema.Tensors, optimizer);
    }

    private void WriteGrid()
    {
        var file = _run.Grids.Write(_plan, EmaModel(), _stageStep);
        _run.Logger.LogInformation("sample grid {File}", file);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _optimizer.Dispose();
        _captions?.Dispose();
        _latents.Dispose();
        _ema.Dispose();
        _random.Dispose();
    }
}
