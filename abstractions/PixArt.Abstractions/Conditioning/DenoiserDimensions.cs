namespace PixArt.Abstractions.Conditioning;

/// <summary>The backbone dimensions conditioning components are built for.</summary>
/// <param name="HiddenSize">Token width C (XL: 1152).</param>
/// <param name="Depth">Number of transformer blocks (XL: 28).</param>
/// <param name="Heads">Attention heads (XL: 16).</param>
/// <param name="CaptionChannels">Text-encoder feature width (T5-XXL: 4096).</param>
/// <param name="CaptionTokens">Caption length the learned null caption has (120).</param>
public sealed record DenoiserDimensions(int HiddenSize, int Depth, int Heads, int CaptionChannels, int CaptionTokens);
