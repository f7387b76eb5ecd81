using PixArt.Abstractions.Conditioning;

namespace PixArt.Abstractions.Denoising;

/// <summary>
/// A condition prepared once for many forwards of one denoiser: what does not depend on the latents or the timestep
/// (the caption projection, the attention bias, every block's cross-attention keys and values) computed once per
/// generation instead of once per step. Made by <see cref="DenoiserModule.Prepare"/>, used with
/// <see cref="DenoiserModule.Forward(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, PreparedCondition)"/> on the same
/// denoiser under the same grad mode, with the same weights; owns its tensors (dispose it when the generation ends).
/// </summary>
public sealed class PreparedCondition : IDisposable
{
    /// <summary>Wraps <paramref name="input"/> and the state <paramref name="owner"/> prepared from it (null: nothing precomputed).</summary>
    public PreparedCondition(DenoiserModule owner, ConditionInput input, TextConditioningState? text)
    {
        Owner = owner;
        Input = input;
        Text = text;
    }

    /// <summary>The denoiser that prepared it (another one refuses it).</summary>
    public DenoiserModule Owner { get; }

    /// <summary>The condition as given.</summary>
    public ConditionInput Input { get; }

    /// <summary>The text conditioning's prepared state, owned by this object; null when the denoiser precomputes nothing.</summary>
    public TextConditioningState? Text { get; }

    /// <inheritdoc />
    public void Dispose() => Text?.Dispose();
}
