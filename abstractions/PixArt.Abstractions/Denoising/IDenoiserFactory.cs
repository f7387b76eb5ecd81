using PixArt.Abstractions.Runtime;

namespace PixArt.Abstractions.Denoising;

/// <summary>Creates denoisers. The context's children <c>TimestepConditioning</c> and <c>TextConditioning</c> give the conditioning components.</summary>
public interface IDenoiserFactory
{
    /// <summary>Builds the denoiser, loads its weights when the options name any, and moves it to the runtime device and dtype.</summary>
    DenoiserModule Create(ComponentContext context);
}
