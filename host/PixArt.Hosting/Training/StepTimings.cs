using System.Diagnostics;
using System.Text.Json.Serialization;

namespace PixArt.Hosting.Training;

/// <summary>
/// Where one optimizer step's wall time went, in seconds: reading and fitting images (<see cref="Data"/>), the frozen codec
/// and text encoder (<see cref="Encode"/>), the denoiser's forward and backward (<see cref="Model"/>), and clipping, AdamW
/// and the EMA (<see cref="Update"/>). On CUDA a phase ends when its work is queued, so <see cref="Model"/> absorbs waiting.
/// </summary>
public readonly record struct StepTimings(
    [property: JsonPropertyName("data")] double Data,
    [property: JsonPropertyName("encode")] double Encode,
    [property: JsonPropertyName("model")] double Model,
    [property: JsonPropertyName("update")] double Update)
{
    /// <summary>The whole step.</summary>
    [JsonIgnore] public double Total => Data + Encode + Model + Update;

    /// <summary>The sum of two timings (for averages over an interval).</summary>
    public static StepTimings operator +(StepTimings a, StepTimings b) => new(a.Data + b.Data, a.Encode + b.Encode, a.Model + b.Model, a.Update + b.Update);

    /// <summary>Each phase divided by <paramref name="n"/>.</summary>
    public StepTimings Over(double n) => new(Data / n, Encode / n, Model / n, Update / n);

    /// <summary>Seconds since <paramref name="start"/> (a <see cref="Stopwatch.GetTimestamp"/>), and restarts it.</summary>
    public static double Lap(ref long start)
    {
        var now = Stopwatch.GetTimestamp();
        var seconds = Stopwatch.GetElapsedTime(start, now).TotalSeconds;
        start = now;
        return seconds;
    }
}
