using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;
using static TorchSharp.torch;

namespace PixArt.Hosting.Generation;

/// <summary>
/// The sampling loop shared by every sampler: scale the input, evaluate the model (once on the doubled batch when
/// guiding), combine with <see cref="ClassifierFreeGuidance"/>, step. Runs synchronously on the calling thread with one
/// dispose scope per step, so only the latents survive a step.
/// </summary>
public static class DenoisingLoop
{
    /// <summary>Stage name reported through progress.</summary>
    public const string Stage = "denoise";

    /// <summary>
    /// Runs every timestep of <paramref name="sampler"/> (which must have had <see cref="ISampler.SetTimesteps"/> called)
    /// from <paramref name="initialLatents"/> (standard-normal draws; scaled by <see cref="ISampler.InitNoiseSigma"/>).
    /// <paramref name="model"/> gets the model input and the sampler timestep; when <paramref name="guidanceScale"/> &gt; 1 it
    /// gets the batch doubled as cat([x, x]) and must pair it with the conditions (unconditional, conditional). The
    /// returned latents are fresh and owned by the caller; the initial latents are not disposed. <paramref name="passVariance"/>
    /// (the sampler's <see cref="SamplerInfo.UsesLearnedVariance"/>) keeps the learned-variance channels for the sampler;
    /// otherwise only the first <paramref name="epsChannels"/> channels reach it.
    /// </summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled between steps.</exception>
    public static Tensor Run(
        ISampler sampler,
        Tensor initialLatents,
        Func<Tensor, float, Tensor> model,
        double guidanceScale,
        int epsChannels,
        bool passVariance,
        IProgress<ProgressUpdate>? progress,
        CancellationToken cancellationToken) =>
        Run(sampler, initialLatents, model, guidanceScale, epsChannels, passVariance, progress, null, cancellationToken);

    /// <summary>
    /// <see cref="Run(ISampler, Tensor, Func{Tensor, float, Tensor}, double, int, bool, IProgress{ProgressUpdate}?, CancellationToken)"/>,
    /// handing the latents to <paramref name="observer"/> after each step (after its progress report).
    /// </summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled between steps.</exception>
    public static Tensor Run(
        ISampler sampler,
        Tensor initialLatents,
        Func<Tensor, float, Tensor> model,
        double guidanceScale,
        int epsChannels,
        bool passVariance,
        IProgress<ProgressUpdate>? progress,
        DenoisingStepObserver? observer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(initialLatents);
        ArgumentNullException.ThrowIfNull(model);
        var timesteps = sampler.Timesteps;
        if (timesteps.Count == 0)
            throw new InvalidOperationException("the sampler has no timesteps; call SetTimesteps before DenoisingLoop.Run");
        if (epsChannels < 1)
            throw new ArgumentOutOfRangeException(nameof(epsChannels), epsChannels, "must be at least 1");

        using var noGrad = no_grad();
        var guide = guidanceScale > 1.0;
        var latents = sampler.InitNoiseSigma == 1f ? initialLatents.alias() : initialLatents * sampler.InitNoiseSigma;
        try
        {
            for (var i = 0; i < timesteps.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var t = timesteps[i];
                Tensor next;
                using (var scope = NewDisposeScope())
                {
                    var input = sampler.ScaleModelInput(latents, t);
                    Tensor eps;
                    if (guide)
                    {
                        var output = model(cat([input, input], 0), t);
                        eps = ClassifierFreeGuidance.Combine(output, guidanceScale, epsChannels, passVariance);
                    }
                    else
                    {
                        var output = model(input, t);
                        eps = passVariance || output.shape[1] <= epsChannels ? output : output.narrow(1, 0, epsChannels);
                    }
                    next = scope.MoveToOuter(sampler.Step(eps, t, latents));
                }
                latents.Dispose();
                latents = next;
                progress?.Report(new ProgressUpdate(Stage, i + 1, timesteps.Count));
                observer?.Invoke(i + 1, timesteps.Count, latents);
            }
            return latents;
        }
        catch
        {
            latents.Dispose();
            throw;
        }
    }
}
