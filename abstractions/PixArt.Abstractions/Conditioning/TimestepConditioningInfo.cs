namespace PixArt.Abstractions.Conditioning;

/// <summary>What a timestep conditioning will be, known from configuration and checkpoint headers before it is built.</summary>
/// <param name="UsesMicroConditions">Whether it embeds the resolution and aspect-ratio micro-conditions (reference 1.6).</param>
/// <param name="ParameterCount">Number of parameters it allocates.</param>
public sealed record TimestepConditioningInfo(bool UsesMicroConditions, long ParameterCount);
