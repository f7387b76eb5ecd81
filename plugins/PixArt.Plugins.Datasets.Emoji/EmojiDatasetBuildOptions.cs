using PixArt.Plugins.Datasets.Emoji.Planning;

namespace PixArt.Plugins.Datasets.Emoji;

/// <summary>Settings of <see cref="EmojiDatasetBuilder"/>; the defaults build the documented dataset.</summary>
public sealed class EmojiDatasetBuildOptions
{
    /// <summary>Where the npm packages are kept; null: <c>$XDG_CACHE_HOME/pixart/emoji</c> or <c>~/.cache/pixart/emoji</c>.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>The npm executable: a name looked up on PATH, or a path. Default <c>npm</c>.</summary>
    public string NpmCommand { get; set; } = "npm";

    /// <summary>Longest one npm install may take. Default 10 minutes.</summary>
    public TimeSpan NpmTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Which skin-tone variants enter the dataset. Default <see cref="SkinToneSelection.OneRotating"/>.</summary>
    public SkinToneSelection SkinTones { get; set; } = SkinToneSelection.OneRotating;

    /// <summary>Fraction of emoji groups held out for evaluation, in [0, 1). Default 0.1.</summary>
    public double EvalFraction { get; set; } = EmojiSplit.DefaultEvalFraction;

    /// <summary>Replace an existing dataset in the output folder (only a folder holding a <c>dataset.json</c> is ever deleted). Default false.</summary>
    public bool Overwrite { get; set; }

    /// <summary>Images decoded and encoded at once. Default: the processor count.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;
}
