using System.Text.RegularExpressions;
using PixArt.Abstractions.Weights;

namespace PixArt.Plugins.SdVae;

/// <summary>
/// Compares a VAE config.json with the checkpoint's tensor headers before the VAE is built: the number of down and up
/// blocks, the resnets per block, and the convolutions that carry each width (conv_in, each block's first resnet, conv_out,
/// the quant convolutions). Every width and count of the config is pinned by one of them, so the model allocated afterwards
/// is the one the file holds. Reads headers only.
/// </summary>
public static partial class VaeCheckpointCheck
{
    /// <summary>Throws <see cref="WeightFormatException"/> when <paramref name="source"/> does not hold the VAE <paramref name="config"/> (from <paramref name="configPath"/>) describes.</summary>
    public static void Check(VaeConfig config, IWeightSource source, string configPath)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(source);
        var keys = source.Keys;
        int Count(Regex pattern) => keys.Select(k => pattern.Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();
        var down = Count(DownBlock());
        var up = Count(UpBlock());
        if (down != config.BlockCount || up != config.BlockCount)
            throw new WeightFormatException($"{source.Path}: holds {down} down and {up} up blocks but {configPath} lists {config.BlockCount} block_out_channels");
        var resnets = Count(FirstBlockResnet());
        if (resnets != config.LayersPerBlock)
            throw new WeightFormatException($"{source.Path}: holds {resnets} resnets per down block but {configPath} gives layers_per_block {config.LayersPerBlock}");

        long latent = config.LatentChannels;
        var widths = config.BlockOutChannels.Select(w => (long)w).ToArray();
        var expected = new List<(string Key, long[] Shape)>
        {
            ("encoder.conv_in.weight", [widths[0], config.InChannels, 3, 3]),
            ("encoder.conv_out.weight", [2 * latent, widths[^1], 3, 3]),
            ("decoder.conv_in.weight", [widths[^1], latent, 3, 3]),
            ("decoder.conv_out.weight", [config.OutChannels, widths[0], 3, 3]),
        };
        for (var i = 0; i < widths.Length; i++)
            expected.Add(($"encoder.down_blocks.{i}.resnets.0.conv1.weight", [widths[i], i == 0 ? widths[0] : widths[i - 1], 3, 3]));
        if (config.UseQuantConv) expected.Add(("quant_conv.weight", [2 * latent, 2 * latent, 1, 1]));
        if (config.UsePostQuantConv) expected.Add(("post_quant_conv.weight", [latent, latent, 1, 1]));
        var problems = new List<string>();
        foreach (var (key, shape) in expected)
        {
            if (!keys.Contains(key)) { problems.Add($"{key} is missing"); continue; }
            var actual = source.Describe(key).Shape;
            if (!actual.SequenceEqual(shape)) problems.Add($"{key} is [{string.Join(", ", actual)}], but {configPath} gives [{string.Join(", ", shape)}]");
        }
        if (problems.Count > 0)
            throw new WeightFormatException($"{source.Path}: does not match its config: {string.Join("; ", problems.Take(3))}{(problems.Count > 3 ? $" (and {problems.Count - 3} more)" : "")}");
    }

    [GeneratedRegex(@"^encoder\.down_blocks\.(\d+)\.")]
    private static partial Regex DownBlock();

    [GeneratedRegex(@"^decoder\.up_blocks\.(\d+)\.")]
    private static partial Regex UpBlock();

    [GeneratedRegex(@"^encoder\.down_blocks\.0\.resnets\.(\d+)\.")]
    private static partial Regex FirstBlockResnet();
}
