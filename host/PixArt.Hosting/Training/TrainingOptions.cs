using System.ComponentModel.DataAnnotations;
using PixArt.Abstractions.Sampling;

namespace PixArt.Hosting.Training;

/// <summary>
/// Settings of <c>PixArt:Training</c> (docs/training.md): the run as a whole. The stages themselves are the list
/// <c>PixArt:Training:Stages</c>, each selected by its stage plugin's <c>Type</c>.
/// </summary>
public sealed class TrainingOptions : IValidatableObject
{
    /// <summary>Configuration section path.</summary>
    public const string SectionPath = "PixArt:Training";

    /// <summary>Allowed <see cref="Precision"/> values.</summary>
    public static readonly IReadOnlyList<string> Precisions = ["auto", "float32", "mixed"];

    /// <summary>Seed of the data order, timesteps, noise and dropout.</summary>
    public long Seed { get; set; }

    /// <summary>A metrics line every this many optimizer steps (console and <c>metrics.jsonl</c>).</summary>
    [Range(1, 1_000_000)]
    public int LogEvery { get; set; } = 10;

    /// <summary>A checkpoint every this many optimizer steps (and always at the end of each stage).</summary>
    [Range(1, 100_000_000)]
    public int CheckpointEvery { get; set; } = 500;

    /// <summary>Checkpoints kept (the newest); stage-end checkpoints are kept too.</summary>
    [Range(1, 1000)]
    public int KeepCheckpoints { get; set; } = 3;

    /// <summary>A sample grid every this many optimizer steps; 0: only at the end of each stage.</summary>
    [Range(0, 100_000_000)]
    public int SampleEvery { get; set; }

    /// <summary>
    /// <c>float32</c>: weights, activations and optimizer in float32. <c>mixed</c>: float32 master weights and optimizer state,
    /// forward and backward in the runtime dtype (bfloat16 on CUDA). <c>auto</c>: mixed when the runtime dtype is not float32.
    /// </summary>
    public string Precision { get; set; } = "auto";

    /// <summary>
    /// Memory allowed for holding a stage's caption embeddings (encoded once before its first step); a stage whose
    /// captions need more encodes them batch by batch. 0 turns the cache off.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long CaptionCacheBytes { get; set; } = 2L << 30;

    /// <summary>
    /// Folder of the feature cache that <c>pixart extract</c> writes and training reads when it is there (reference 7.6:
    /// caption embeddings and codec posteriors, docs/training.md); relative to the experiment file's folder.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string FeatureCache { get; set; } = "features";

    /// <summary>
    /// Trained weights the first stage starts from instead of its fresh initialisation (the official config's
    /// <c>load_from</c>): a model folder (<c>model_index.json</c> with <c>transformer/</c>, e.g. another run's <c>RUN/model</c>),
    /// a transformer folder or a checkpoint file, in either key layout; relative to the experiment file's folder. The
    /// first stage's plugin carries them over as it carries a previous stage's (<see cref="StartWeights"/>). Empty: from scratch.
    /// </summary>
    public string StartFrom { get; set; } = "";

    /// <summary>The noise schedule trained for (reference 3.1).</summary>
    public ScheduleOptions Schedule { get; set; } = new();

    /// <summary>What the sample grids show.</summary>
    public SampleGridOptions Samples { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Precisions.Contains(Precision))
            yield return new ValidationResult($"allowed: {string.Join(", ", Precisions)}", [nameof(Precision)]);
        foreach (var r in Schedule.Validate(validationContext)) yield return Nested(r, nameof(Schedule));
        foreach (var r in Samples.Validate(validationContext)) yield return Nested(r, nameof(Samples));
    }

    private static ValidationResult Nested(ValidationResult result, string prefix) =>
        new(result.ErrorMessage, result.MemberNames.Select(m => $"{prefix}:{m}").ToList());
}

/// <summary>The noise schedule of <c>PixArt:Training:Schedule</c> (reference 3.1).</summary>
public sealed class ScheduleOptions : IValidatableObject
{
    /// <summary>Diffusion steps T.</summary>
    public int TrainTimesteps { get; set; } = 1000;

    /// <summary>First β.</summary>
    public double BetaStart { get; set; } = 0.0001;

    /// <summary>Last β.</summary>
    public double BetaEnd { get; set; } = 0.02;

    /// <summary><c>linear</c> or <c>scaled_linear</c>.</summary>
    public string BetaSchedule { get; set; } = "linear";

    /// <summary>The schedule.</summary>
    public NoiseSchedule ToSchedule() => new(TrainTimesteps, BetaStart, BetaEnd, BetaSchedule);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TrainTimesteps is < 2 or > 100_000) yield return new ValidationResult("must be between 2 and 100000", [nameof(TrainTimesteps)]);
        if (!(BetaStart > 0 && BetaStart < BetaEnd && BetaEnd <= 1)) yield return new ValidationResult("need 0 < BetaStart < BetaEnd <= 1", [nameof(BetaStart), nameof(BetaEnd)]);
        if (!NoiseSchedule.Kinds.Contains(BetaSchedule)) yield return new ValidationResult($"allowed: {string.Join(", ", NoiseSchedule.Kinds)}", [nameof(BetaSchedule)]);
    }
}

/// <summary>The sample grids of <c>PixArt:Training:Samples</c>: fixed prompts (or classes) and seeds, one row per prompt.</summary>
public sealed class SampleGridOptions : IValidatableObject
{
    /// <summary>Prompts of the caption stages' grids (rows).</summary>
    public List<string> Prompts { get; set; } = [];

    /// <summary>Class indices of the class-conditional stages' grids (rows); empty: the first classes of the data set.</summary>
    public List<int> Classes { get; set; } = [];

    /// <summary>Seeds used when <see cref="Seeds"/> is empty.</summary>
    public static readonly IReadOnlyList<long> DefaultSeeds = [0, 1, 2, 3];

    /// <summary>
    /// Seeds (columns); empty: <see cref="DefaultSeeds"/>. The default is not the property's initial value because the
    /// configuration binder appends a configured list to an existing one (<c>[0, 1, 2, 3]</c> plus <c>[0, 1]</c> would give six columns).
    /// </summary>
    public List<long> Seeds { get; set; } = [];

    /// <summary>The seeds a grid uses: <see cref="Seeds"/>, or <see cref="DefaultSeeds"/> when none are configured.</summary>
    public IReadOnlyList<long> ColumnSeeds => Seeds.Count > 0 ? Seeds : DefaultSeeds;

    /// <summary>Sampler type id.</summary>
    public string Sampler { get; set; } = "dpm-solver";

    /// <summary>Sampler steps.</summary>
    public int Steps { get; set; } = 20;

    /// <summary>Classifier-free guidance scale.</summary>
    public double GuidanceScale { get; set; } = 4.5;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Seeds.Count > 16) yield return new ValidationResult("at most 16 seeds (columns)", [nameof(Seeds)]);
        if (Prompts.Count > 16) yield return new ValidationResult("at most 16 prompts (rows)", [nameof(Prompts)]);
        if (Classes.Count > 16 || Classes.Any(c => c < 0)) yield return new ValidationResult("at most 16 class indices, none negative", [nameof(Classes)]);
        if (Steps is < 1 or > 1000) yield return new ValidationResult("must be between 1 and 1000", [nameof(Steps)]);
        if (GuidanceScale is < 0 or > 100) yield return new ValidationResult("must be between 0 and 100", [nameof(GuidanceScale)]);
    }
}
