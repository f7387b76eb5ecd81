using static TorchSharp.torch;

namespace PixArt.Abstractions.Sampling;

/// <summary>
/// A diffusion sampler with the diffusers scheduler shape. Stateful: one instance per run.
/// Returned tensors are fresh and owned by the caller; arguments are never disposed.
/// </summary>
public interface ISampler : IDisposable
{
    /// <summary>Number of model evaluations the method combines (1 first order, 2 for 2M, ...).</summary>
    int Order { get; }

    /// <summary>Standard deviation of the initial noise (1 for VP samplers).</summary>
    float InitNoiseSigma { get; }

    /// <summary>The model timesteps of the run, in call order; empty until <see cref="SetTimesteps"/>. Float so continuous-time samplers fit.</summary>
    IReadOnlyList<float> Timesteps { get; }

    /// <summary>Prepares a run of <paramref name="inferenceSteps"/> steps; resets the step index and history.</summary>
    void SetTimesteps(int inferenceSteps);

    /// <summary>Scales the sample before the model sees it (identity for most samplers).</summary>
    Tensor ScaleModelInput(Tensor sample, float timestep);

    /// <summary>
    /// Advances one step: the previous sample from the model output at <paramref name="timestep"/> (ε channels only,
    /// or ε then the learned variance when the factory's <see cref="SamplerInfo.UsesLearnedVariance"/> says so). Computes in float32
    /// and returns the dtype of <paramref name="sample"/>. Throws <see cref="InvalidOperationException"/> before <see cref="SetTimesteps"/>.
    /// </summary>
    Tensor Step(Tensor modelOutput, float timestep, Tensor sample);

    /// <summary>Forward process for training: noises <paramref name="clean"/> to integer <paramref name="timesteps"/> <c>[B]</c>.</summary>
    Tensor AddNoise(Tensor clean, Tensor noise, Tensor timesteps);
}
