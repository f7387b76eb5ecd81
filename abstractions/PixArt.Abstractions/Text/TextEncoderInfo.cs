namespace PixArt.Abstractions.Text;

/// <summary>What a text encoder will be, known from its configuration before any weight is read.</summary>
/// <param name="HiddenSize">Width of each token embedding; must equal the denoiser's caption channels.</param>
/// <param name="MaxLength">Tokens every embedding is padded or truncated to.</param>
/// <param name="ParameterCount">Number of parameters it loads.</param>
public sealed record TextEncoderInfo(int HiddenSize, int MaxLength, long ParameterCount);
