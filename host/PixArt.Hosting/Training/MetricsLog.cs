using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Training;

/// <summary>
/// Accumulates the metrics of optimizer steps and writes one averaged line every <c>LogEvery</c> steps to
/// <c>RUN/metrics.jsonl</c> (appended, flushed) and to a progress line on the console (through <paramref name="report"/>).
/// </summary>
public sealed class MetricsLog(string runFolder, Action<string> report, Device device)
{
    private readonly string _path = Path.Combine(runFolder, FileName);
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private (int Steps, double Loss, double Mse, double Vb, double GradNorm, long Images, double LearningRate, StepTimings Timings) _sum;

    /// <summary>Adds one optimizer step: its losses, the gradient norm before clipping, the images it saw, the rate it used and its timings.</summary>
    public void Add(double loss, double mse, double vb, double gradNorm, long images, double learningRate, StepTimings timings) =>
        _sum = (_sum.Steps + 1, _sum.Loss + loss, _sum.Mse + mse, _sum.Vb + vb, _sum.GradNorm + gradNorm, _sum.Images + images, learningRate, _sum.Timings + timings);

    /// <summary>Writes the averages since the last line (nothing when no step was added) and starts a new interval.</summary>
    public TrainingMetrics? Flush(string stage, long step, long globalStep, long totalSteps, int skipped)
    {
        var learningRate = _sum.LearningRate;
        if (_sum.Steps == 0) return null;
        var seconds = Math.Max(1e-9, _watch.Elapsed.TotalSeconds);
        var n = _sum.Steps;
        var metrics = new TrainingMetrics
        {
            Stage = stage, Step = step, GlobalStep = globalStep, Loss = _sum.Loss / n, Mse = _sum.Mse / n, Vb = _sum.Vb / n,
            GradNorm = _sum.GradNorm / n, LearningRate = learningRate, ImagesPerSecond = _sum.Images / seconds,
            PeakMemory = PeakMemory(), SkippedItems = skipped, Seconds = _sum.Timings.Over(n),
        };
        File.AppendAllText(_path, (EndsMidLine() ? "\n" : "") + JsonSerializer.Serialize(metrics) + "\n");
        report(string.Create(CultureInfo.InvariantCulture,
            $"{stage} {step}/{totalSteps}  loss {metrics.Loss:F4} (mse {metrics.Mse:F4}, vb {metrics.Vb:F4})  grad {metrics.GradNorm:F3}  lr {learningRate:E2}  {metrics.ImagesPerSecond:F1} img/s  {metrics.Seconds.Total:F2} s/step (data {metrics.Seconds.Data:F2}, encode {metrics.Seconds.Encode:F2}, model {metrics.Seconds.Model:F2}, update {metrics.Seconds.Update:F2})  {metrics.PeakMemory / (1024.0 * 1024):F0} MiB"));
        _sum = default;
        _watch.Restart();
        return metrics;
    }

    /// <summary>File name of the metrics inside a run folder.</summary>
    public const string FileName = "metrics.jsonl";

    /// <summary>
    /// The metrics of a run folder, one per global step in step order: a resumed run repeats the steps after its checkpoint,
    /// and the last line written for a step wins; a partial line (a killed process) is skipped.
    /// </summary>
    /// <exception cref="FileNotFoundException">When <paramref name="runFolder"/> has no metrics.jsonl.</exception>
    public static IReadOnlyList<TrainingMetrics> Read(string runFolder)
    {
        var path = Path.Combine(runFolder, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: not found; is {runFolder} a run folder of pixart train?", path);
        var byStep = new SortedDictionary<long, TrainingMetrics>();
        foreach (var line in File.ReadLines(path))
        {
            try
            {
                if (JsonSerializer.Deserialize<TrainingMetrics>(line) is { } metrics) byStep[metrics.GlobalStep] = metrics;
            }
            catch (JsonException)
            {
                // the partial last line of a killed process
            }
        }
        return byStep.Values.ToList();
    }

    // A process killed while appending can leave a partial last line; the next line starts on its own.
    private bool EndsMidLine()
    {
        if (!File.Exists(_path)) return false;
        using var stream = File.OpenRead(_path);
        if (stream.Length == 0) return false;
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() != '\n';
    }

    private long PeakMemory() => device.type == DeviceType.CUDA && Runtime.CudaMemory.Query() is { } cuda
        ? cuda.Used
        : Process.GetCurrentProcess().PeakWorkingSet64;
}
