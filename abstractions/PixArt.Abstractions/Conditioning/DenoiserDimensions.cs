namespace PixArt.Abstractions.Conditioning;

/// <summary>The backbone dimensions conditioning components are built for.</summary>
/// <param name="HiddenSize">Token width C (XL: 1152).</param>
/// <param name="Depth">Number of transformer blocks (XL: 28).</param>
/// <param name="Heads">Attention heads (XL: 16).</param>
/// <param name="CaptionChannels">Text-encoder feature width (T5-XXL: 4096).</param>
/// <param name="CaptionTokens">Caption length the learned null caption has (120).</param>
/// <param name="MicroConditions">
/// Whether the checkpoint or configuration of the backbone asks for the resolution/aspect-ratio micro-conditions
/// (multi-scale models); null when unknown. A timestep conditioning's own option takes precedence.
/// </param>
public sealed record DenoiserDimensions(int HiddenSize, int Depth, int Heads, int CaptionChannels, int CaptionTokens, bool? MicroConditions = null);
