using static TorchSharp.torch;

namespace PixArt.Plugins.Samplers.DpmSolver;

/// <summary>
/// The discretisation a flavour contributes: the model timesteps, the per-point α, σ, λ (as float32 0-dim tensors
/// so the arithmetic follows the reference op by op), φ₁ = e^{−h} − 1, and the order rule.
/// Point i is where the model is evaluated at step i; point N is the end.
/// </summary>
internal abstract class SolverGrid
{
    /// <summary>Prepares <paramref name="steps"/> steps; returns the model timesteps (N values).</summary>
    public abstract float[] Build(int steps);

    public abstract Tensor Alpha(int point);

    public abstract Tensor Sigma(int point);

    public abstract Tensor Lambda(int point);

    public abstract Tensor Phi1(Tensor h);

    /// <summary>The order of step <paramref name="step"/> (0-based) of <paramref name="steps"/>, given the solver order and warm-up count.</summary>
    public abstract int OrderAt(int step, int steps, int solverOrder, int lowerOrderNums);

    /// <summary>√ᾱ_t and √(1−ᾱ_t) for integer training timesteps.</summary>
    public abstract (Tensor Signal, Tensor Noise) ForwardCoefficients(Tensor timesteps);
}
