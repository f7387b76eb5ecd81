using PixArt.Abstractions.Training;

namespace PixArt.Hosting.Training;

/// <summary>
/// The learning-rate factor of a stage (reference 7.1: diffusers' <c>get_constant_schedule_with_warmup</c>, factor
/// <c>step / warmup</c> during warm-up, then 1; or a cosine decay to 0 at the last step), as the function a TorchSharp
/// <c>LambdaLR</c> scheduler steps through (the same construction diffusers uses).
/// </summary>
public static class LearningRate
{
    /// <summary>The factor of the peak rate at optimizer step <paramref name="step"/> (0 = before the first update).</summary>
    public static double Factor(TrainingStageOptions options, long step)
    {
        if (step < options.WarmupSteps) return (double)step / Math.Max(1, options.WarmupSteps);
        if (options.LearningRateSchedule != "cosine") return 1.0;
        var progress = (double)(step - options.WarmupSteps) / Math.Max(1, options.Steps - options.WarmupSteps);
        return 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1.0, progress)));
    }
}
