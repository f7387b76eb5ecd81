namespace PixArt.Hosting.Training;

/// <summary>
/// Where a run is, written into every checkpoint (<c>state.json</c>) next to the tensors: enough to continue so that the
/// losses after resuming equal an uninterrupted run's.
/// </summary>
public sealed record TrainingState
{
    /// <summary>Format of the file.</summary>
    public string Format { get; init; } = "pixart-training-state/1";

    /// <summary>The stage being trained (0-based).</summary>
    public int Stage { get; init; }

    /// <summary>The stage's name.</summary>
    public string StageName { get; init; } = "";

    /// <summary>Optimizer steps done in the stage.</summary>
    public long StageStep { get; init; }

    /// <summary>Optimizer steps done in the whole run.</summary>
    public long GlobalStep { get; init; }

    /// <summary>The next batch of the stage's data order.</summary>
    public int Epoch { get; init; }

    /// <summary>Index of the next batch within <see cref="Epoch"/>.</summary>
    public int Batch { get; init; }

    /// <summary>The training generator's state (timesteps, noise, dropout), base64.</summary>
    public string Random { get; init; } = "";

    /// <summary>AdamW's step count per parameter, in parameter order.</summary>
    public IReadOnlyList<long> OptimizerSteps { get; init; } = [];

    /// <summary>Items skipped so far (undecodable files), by key.</summary>
    public IReadOnlyList<string> SkippedItems { get; init; } = [];

    /// <summary>True for the checkpoint written when the stage finished.</summary>
    public bool StageComplete { get; init; }

    /// <summary>Fingerprint of the resolved experiment; resuming under another configuration is refused.</summary>
    public string Experiment { get; init; } = "";
}
