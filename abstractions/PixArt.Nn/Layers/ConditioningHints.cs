namespace PixArt.Nn.Layers;

/// <summary>
/// What a denoiser knows about its checkpoint that its conditioning components may need but the
/// <c>DenoiserDimensions</c> contract does not carry (e.g. whether a diffusers <c>config.json</c> enables the
/// resolution/aspect-ratio micro-conditions). A denoiser factory offers it through the child component's
/// <c>ComponentContext.Services</c>; components treat it as a default their own options override.
/// </summary>
/// <param name="MicroConditions">True/false when the checkpoint configuration decides it; null when unknown.</param>
public sealed record ConditioningHints(bool? MicroConditions);
