using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Weights;

namespace PixArt.Plugins.SdVae;

/// <summary>Creates <see cref="SdVaeCodec"/>s from <see cref="SdVaeOptions"/>; weights are opened through the host's <see cref="IWeightStore"/>.</summary>
public sealed class SdVaeFactory : ILatentCodecFactory
{
    private const string ConfigFile = "config.json";

    /// <inheritdoc />
    public LatentCodecInfo Describe(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.GetOptions<SdVaeOptions>();
        var (configPath, weightsPath) = Locate(context, options);
        var config = VaeConfig.Load(configPath);
        var problems = config.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException($"{context.ConfigPath}: invalid VAE config: {string.Join("; ", problems)}");
        if (!options.RandomWeights && context.Services?.GetService<IWeightStore>() is { } store)
        {
            // The config's widths must be those of the weights, known from the headers before the VAE is counted or built.
            using var weights = store.Open(weightsPath);
            VaeCheckpointCheck.Check(config, weights, configPath);
        }
        return new LatentCodecInfo(config.LatentChannels, config.DownsampleFactor, options.ScalingFactor ?? config.ScalingFactor, config.ParameterCount)
        {
            DecodeActivationsPerPixel = config.DecodeActivationsPerPixel,
        };
    }

    /// <inheritdoc />
    public ILatentCodec Create(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.GetOptions<SdVaeOptions>();
        var (configPath, weightsPath) = Locate(context, options);
        var config = VaeConfig.Load(configPath);
        if (options.RandomWeights) return SdVaeCodec.CreateRandom(config, context.Runtime, options.ScalingFactor);
        var store = context.Services?.GetService<IWeightStore>()
            ?? throw new InvalidOperationException($"{context.ConfigPath}: the sd-vae codec needs an {nameof(IWeightStore)} service to open '{weightsPath}'");
        using var weights = store.Open(weightsPath);
        VaeCheckpointCheck.Check(config, weights, configPath);
        return SdVaeCodec.Load(config, weights, context.Runtime, options.ScalingFactor);
    }

    private static (string Config, string Weights) Locate(ComponentContext context, SdVaeOptions options)
    {
        var key = string.IsNullOrEmpty(context.ConfigPath) ? nameof(SdVaeOptions.Path) : $"{context.ConfigPath}:{nameof(SdVaeOptions.Path)}";
        if (string.IsNullOrWhiteSpace(options.Path))
            throw new ArgumentException($"{key} is empty; set it to the VAE folder (config.json + weights) or weight file");
        var path = context.ResolvePath(options.Path);
        if (File.Exists(path))
        {
            var beside = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, ConfigFile);
            return File.Exists(beside) ? (beside, path)
                : throw new FileNotFoundException($"{key}: weight file '{path}' has no {ConfigFile} beside it; the VAE architecture is read from there", beside);
        }
        if (!Directory.Exists(path))
            throw new DirectoryNotFoundException($"{key}: '{path}' is neither a VAE folder nor a weight file");
        var own = System.IO.Path.Combine(path, ConfigFile);
        if (File.Exists(own)) return (own, path);
        // A whole Hugging Face pipeline folder keeps the VAE in vae/.
        var sub = System.IO.Path.Combine(path, "vae");
        if (File.Exists(System.IO.Path.Combine(sub, ConfigFile))) return (System.IO.Path.Combine(sub, ConfigFile), sub);
        throw new FileNotFoundException(
            $"{key}: folder '{path}' has no {ConfigFile} (nor vae/{ConfigFile}); a diffusers AutoencoderKL folder holds {ConfigFile} and diffusion_pytorch_model.safetensors", own);
    }
}
