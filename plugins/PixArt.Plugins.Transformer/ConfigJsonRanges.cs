using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using PixArt.Abstractions.Weights;

namespace PixArt.Plugins.Transformer;

/// <summary>
/// The ranges of <see cref="PixArtTransformerOptions"/> applied to the diffusers <c>config.json</c> fields that set the same
/// dimensions, so a model folder cannot ask for what an option may not (<c>num_layers: 1000000000</c> against Depth's
/// 1..1024). The ranges are read from the options' <see cref="RangeAttribute"/>s: one place states them.
/// </summary>
internal static class ConfigJsonRanges
{
    /// <summary>config.json field → the option whose range applies.</summary>
    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>
    {
        ["num_attention_heads"] = nameof(PixArtTransformerOptions.Heads),
        ["num_layers"] = nameof(PixArtTransformerOptions.Depth),
        ["patch_size"] = nameof(PixArtTransformerOptions.PatchSize),
        ["in_channels"] = nameof(PixArtTransformerOptions.InChannels),
        ["out_channels"] = nameof(PixArtTransformerOptions.OutChannels),
        ["sample_size"] = nameof(PixArtTransformerOptions.SampleSize),
        ["caption_channels"] = nameof(PixArtTransformerOptions.CaptionChannels),
        ["interpolation_scale"] = nameof(PixArtTransformerOptions.InterpolationScale),
    };

    /// <summary>Throws <see cref="WeightFormatException"/> naming <paramref name="source"/> and the field when <paramref name="value"/> is out of its option's range.</summary>
    public static void Check(string source, string field, double value)
    {
        var option = Fields.TryGetValue(field, out var name) ? name : nameof(PixArtTransformerOptions.HiddenSize);
        var range = Range(option);
        if (value >= Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture) && value <= Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture)) return;
        throw new WeightFormatException(string.Create(CultureInfo.InvariantCulture,
            $"{source}: {field} = {value}: must be between {range.Minimum} and {range.Maximum} (the range of the {option} option)"));
    }

    /// <summary>The hidden size a config gives (heads × head width) checked against the HiddenSize option's range.</summary>
    public static void CheckHiddenSize(string source, long heads, long headDim)
    {
        var range = Range(nameof(PixArtTransformerOptions.HiddenSize));
        var hidden = heads * headDim;
        if (headDim >= 1 && hidden >= Convert.ToInt64(range.Minimum, CultureInfo.InvariantCulture) && hidden <= Convert.ToInt64(range.Maximum, CultureInfo.InvariantCulture)) return;
        throw new WeightFormatException(
            $"{source}: num_attention_heads × attention_head_dim = {heads} × {headDim} = {hidden}: the hidden size must be between {range.Minimum} and {range.Maximum} (the range of the HiddenSize option)");
    }

    private static RangeAttribute Range(string option) =>
        typeof(PixArtTransformerOptions).GetProperty(option)!.GetCustomAttribute<RangeAttribute>()
        ?? throw new InvalidOperationException($"{option} has no range");
}
