using System.Text.Json.Serialization;

namespace PixArt.Hosting.Training;

/// <summary>One line of <c>metrics.jsonl</c>: averages over the optimizer steps since the previous line.</summary>
public sealed record TrainingMetrics
{
    /// <summary>Stage name.</summary>
    [JsonPropertyName("stage")] public string Stage { get; init; } = "";

    /// <summary>Optimizer steps done in the stage.</summary>
    [JsonPropertyName("step")] public long Step { get; init; }

    /// <summary>Optimizer steps done in the run.</summary>
    [JsonPropertyName("global_step")] public long GlobalStep { get; init; }

    /// <summary>Mean loss (MSE + VB).</summary>
    [JsonPropertyName("loss")] public double Loss { get; init; }

    /// <summary>Mean ε MSE.</summary>
    [JsonPropertyName("mse")] public double Mse { get; init; }

    /// <summary>Mean variational-bound term (bits per dimension).</summary>
    [JsonPropertyName("vb")] public double Vb { get; init; }

    /// <summary>Mean global gradient norm before clipping.</summary>
    [JsonPropertyName("grad_norm")] public double GradNorm { get; init; }

    /// <summary>Learning rate of the last step.</summary>
    [JsonPropertyName("lr")] public double LearningRate { get; init; }

    /// <summary>Training images per second over the interval.</summary>
    [JsonPropertyName("images_per_second")] public double ImagesPerSecond { get; init; }

    /// <summary>Peak memory in bytes (process working set on the CPU, device memory in use on CUDA).</summary>
    [JsonPropertyName("peak_memory_bytes")] public long PeakMemory { get; init; }

    /// <summary>Items skipped so far because their file could not be decoded.</summary>
    [JsonPropertyName("skipped_items")] public int SkippedItems { get; init; }

    /// <summary>Mean seconds per optimizer step by phase (data, encode, model, update).</summary>
    [JsonPropertyName("seconds_per_step")] public StepTimings Seconds { get; init; }
}
