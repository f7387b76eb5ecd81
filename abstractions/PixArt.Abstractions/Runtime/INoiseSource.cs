using static TorchSharp.torch;

namespace PixArt.Abstractions.Runtime;

/// <summary>
/// Every random draw of a run goes through one of these, so a seed reproduces a run and tests can feed
/// recorded noise. Draws are consumed in call order.
/// </summary>
public interface INoiseSource
{
    /// <summary>Draws a standard normal tensor of <paramref name="shape"/>, returned in <paramref name="dtype"/> on <paramref name="device"/>.</summary>
    Tensor StandardNormal(long[] shape, ScalarType dtype, Device device);

    /// <summary>Draws uniform values in [0, 1) (for timestep sampling and dropout decisions).</summary>
    Tensor Uniform(long[] shape, ScalarType dtype, Device device);
}
