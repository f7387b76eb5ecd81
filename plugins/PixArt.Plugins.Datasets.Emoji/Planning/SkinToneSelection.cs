namespace PixArt.Plugins.Datasets.Emoji.Planning;

/// <summary>Which skin-tone variants of an emoji that has them enter the dataset (the default-yellow base always does).</summary>
public enum SkinToneSelection
{
    /// <summary>Base emoji only.</summary>
    None,

    /// <summary>
    /// The base plus one uniform-tone variant, the tone rotating through the five in emoji order (light, medium-light,
    /// medium, medium-dark, dark, light, …), so every tone is equally represented while each emoji appears at most twice
    /// per style. Default.
    /// </summary>
    OneRotating,

    /// <summary>The base plus all five uniform-tone variants (for two-person emoji: both people in the same tone).</summary>
    Uniform,

    /// <summary>The base plus every variant, mixed-tone pairs included (up to 25 per two-person emoji).</summary>
    All,
}
