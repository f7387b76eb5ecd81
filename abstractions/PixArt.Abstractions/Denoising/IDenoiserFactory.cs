using PixArt.Abstractions.Runtime;

namespace PixArt.Abstractions.Denoising;

/// <summary>Creates denoisers. The context's children <c>TimestepConditioning</c> and <c>TextConditioning</c> give the conditioning components.</summary>
public interface IDenoiserFactory
{
    /// <summary>
    /// What <see cref="Create"/> would build (dimensions, conditioning, parameter count), from the options, the model
    /// configuration and the checkpoint's key names and headers: no tensor is read or allocated. Throws
    /// <see cref="ArgumentException"/> or <see cref="Weights.WeightFormatException"/> naming the option, file or key at fault.
    /// </summary>
    DenoiserInfo Describe(ComponentContext context);

    /// <summary>Builds the denoiser, loads its weights when the options name any, and moves it to the runtime device and dtype.</summary>
    DenoiserModule Create(ComponentContext context);

    /// <summary>
    /// Writes <paramref name="model"/> (one this factory built) to <paramref name="path"/> in <paramref name="layout"/>: a
    /// <c>.safetensors</c> path is that file; any other path is a folder receiving the weights and a <c>config.json</c>, so
    /// <c>Weights</c> can point at it alone. The layout is recorded in the file's metadata (<c>pixart.layout</c>) and read
    /// back on load. Returns the weights file written.
    /// </summary>
    string Save(DenoiserModule model, Weights.IWeightStore store, string path, Weights.CheckpointLayout layout);
}
