namespace PixArt.Abstractions.Conditioning;

/// <summary>What a text conditioning will be, known from configuration and checkpoint headers before it is built.</summary>
/// <param name="CaptionChannels">Caption feature width it expects (the text encoder's hidden size), or null when it uses no captions.</param>
/// <param name="NullConditionTokens">Token count of its learned null caption, or null when it has none.</param>
/// <param name="HasLearnedNullCondition">
/// Whether its null condition will hold trained values: true when the checkpoint carries them, false for a fresh
/// initialisation or a checkpoint without them (diffusers files have no null caption). Guidance then encodes a negative prompt.
/// </param>
/// <param name="ParameterCount">Number of parameters it allocates.</param>
/// <param name="NumClasses">Classes of a class-label conditioning (labels 0 … NumClasses − 1), or null when it conditions on captions.</param>
public sealed record TextConditioningInfo(int? CaptionChannels, int? NullConditionTokens, bool HasLearnedNullCondition, long ParameterCount, int? NumClasses = null);
