using System.ComponentModel.DataAnnotations;
using PixArt.Abstractions.Runtime;
using PixArt.Plugins.Datasets.Emoji.Planning;

namespace PixArt.Plugins.Datasets.Emoji;

/// <summary>
/// Options of the <c>emoji</c> data set builder component, bound from configuration (for <c>pixart data emoji</c>). They
/// map onto <see cref="EmojiDatasetBuildOptions"/>; whether an existing data set is replaced is the
/// <c>overwrite</c> argument of the build, not an option, so a configuration file can never delete a folder.
/// </summary>
public sealed class EmojiBuilderOptions : IValidatableObject
{
    /// <summary>Where the npm packages are kept; relative paths resolve against the configuration file's folder. Default: <c>$XDG_CACHE_HOME/pixart/emoji</c> or <c>~/.cache/pixart/emoji</c>.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>The npm executable: a name looked up on PATH, or a path (relative paths resolve like <see cref="CacheDirectory"/>). Default <c>npm</c>.</summary>
    public string NpmCommand { get; set; } = "npm";

    /// <summary>Longest one npm install may take, 1 s to 1 day. Default 10 minutes (<c>00:10:00</c>).</summary>
    public TimeSpan NpmTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Which skin-tone variants enter the data set: <c>None</c>, <c>OneRotating</c> (default), <c>Uniform</c>, <c>All</c>.</summary>
    public SkinToneSelection SkinTones { get; set; } = SkinToneSelection.OneRotating;

    /// <summary>Fraction of emoji groups held out for evaluation, in [0, 1). Default 0.1.</summary>
    public double EvalFraction { get; set; } = EmojiSplit.DefaultEvalFraction;

    /// <summary>Images decoded and encoded at once, 1–1024. Default: the processor count.</summary>
    [Range(1, 1024)]
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CacheDirectory is not null && string.IsNullOrWhiteSpace(CacheDirectory))
            yield return new ValidationResult("CacheDirectory, when set, must name a folder for the npm packages", new[] { nameof(CacheDirectory) });
        if (string.IsNullOrWhiteSpace(NpmCommand))
            yield return new ValidationResult("NpmCommand must name the npm executable (a name on PATH or a path)", new[] { nameof(NpmCommand) });
        if (NpmTimeout < TimeSpan.FromSeconds(1) || NpmTimeout > TimeSpan.FromDays(1))
            yield return new ValidationResult("NpmTimeout must be between 00:00:01 and 1.00:00:00", new[] { nameof(NpmTimeout) });
        if (!Enum.IsDefined(SkinTones))
            yield return new ValidationResult($"SkinTones must be one of {string.Join(", ", Enum.GetNames<SkinToneSelection>())}", new[] { nameof(SkinTones) });
        if (double.IsNaN(EvalFraction) || EvalFraction is < 0 or >= 1)
            yield return new ValidationResult("EvalFraction must be in [0, 1)", new[] { nameof(EvalFraction) });
    }

    /// <summary>The builder's settings, paths resolved against <paramref name="context"/>.</summary>
    internal EmojiDatasetBuildOptions ToBuildOptions(ComponentContext context, bool overwrite) => new()
    {
        CacheDirectory = CacheDirectory is null ? null : context.ResolvePath(CacheDirectory),
        NpmCommand = NpmCommand.Contains('/') || NpmCommand.Contains(Path.DirectorySeparatorChar) ? context.ResolvePath(NpmCommand) : NpmCommand,
        NpmTimeout = NpmTimeout,
        SkinTones = SkinTones,
        EvalFraction = EvalFraction,
        MaxDegreeOfParallelism = MaxDegreeOfParallelism,
        Overwrite = overwrite,
    };
}
