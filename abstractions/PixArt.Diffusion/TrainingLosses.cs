using static TorchSharp.torch;

namespace PixArt.Diffusion;

/// <summary>Per-sample losses <c>[B]</c> of <see cref="GaussianDiffusion.TrainingLosses"/>; the caller owns (and disposes) the tensors.</summary>
/// <param name="Loss">MSE + VB, to be averaged over the batch.</param>
/// <param name="Mse">Mean squared error of ε̂.</param>
/// <param name="Vb">Variational bound term in bits per dimension.</param>
public sealed record TrainingLosses(Tensor Loss, Tensor Mse, Tensor Vb) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        Loss.Dispose();
        Mse.Dispose();
        Vb.Dispose();
    }
}
