using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Weights;
using PixArt.Nn.Weights;
using PixArt.Plugins.SdVae.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae;

/// <summary>
/// The Stable Diffusion VAE (diffusers <c>AutoencoderKL</c>) as an <see cref="ILatentCodec"/>. Runs in the runtime's
/// device and dtype (norm statistics and attention softmax in float32); returns tensors in the runtime's
/// <see cref="IRuntimeContext.ComputeDType"/> on its device. Inference only (no autograd graph is built).
/// </summary>
public sealed class SdVaeCodec : ILatentCodec
{
    private readonly AutoencoderKl _model;
    private readonly IRuntimeContext _runtime;

    private SdVaeCodec(AutoencoderKl model, VaeConfig config, double scalingFactor, IRuntimeContext runtime)
    {
        _model = model;
        _runtime = runtime;
        Config = config;
        ScalingFactor = scalingFactor;
    }

    /// <summary>The module itself (per-layer precision tests hook its layers).</summary>
    internal AutoencoderKl Model => _model;

    /// <summary>The architecture the codec was built from.</summary>
    public VaeConfig Config { get; }

    /// <inheritdoc />
    public int LatentChannels => Config.LatentChannels;

    /// <inheritdoc />
    public int DownsampleFactor => Config.DownsampleFactor;

    /// <inheritdoc />
    public double ScalingFactor { get; }

    /// <summary>
    /// Builds the VAE described by <paramref name="config"/> and loads <paramref name="weights"/> strictly (current or old
    /// diffusers attention names); <paramref name="scalingFactor"/> overrides the config's when set.
    /// Throws <see cref="WeightFormatException"/> listing every missing, unexpected or mis-shaped key with the file.
    /// </summary>
    public static SdVaeCodec Load(VaeConfig config, IWeightSource weights, IRuntimeContext runtime, double? scalingFactor = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(runtime);
        var problems = config.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException("invalid VAE config: " + string.Join("; ", problems), nameof(config));
        if (scalingFactor is { } s && !(s > 0)) throw new ArgumentOutOfRangeException(nameof(scalingFactor), s, "the scaling factor must be positive");

        var model = new AutoencoderKl(config);
        try
        {
            var nativeKeys = model.state_dict().Keys.ToList();
            var both = nativeKeys.Where(k => VaeWeightKeys.OldName(k) is { } old && weights.Keys.Contains(k) && weights.Keys.Contains(old)).ToList();
            if (both.Count > 0)
                throw new WeightFormatException($"{weights.Path}: holds both the current and the old name of {string.Join(", ", both)}; keep one");
            ModuleWeights.LoadStrict(model, weights, VaeWeightKeys.For(nativeKeys));
            model.to(runtime.Device, runtime.DType);
            model.eval();
            return new SdVaeCodec(model, config, scalingFactor ?? config.ScalingFactor, runtime);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Builds the VAE described by <paramref name="config"/> with random weights (benchmarks and smoke tests).</summary>
    public static SdVaeCodec CreateRandom(VaeConfig config, IRuntimeContext runtime, double? scalingFactor = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(runtime);
        var problems = config.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException("invalid VAE config: " + string.Join("; ", problems), nameof(config));
        var model = new AutoencoderKl(config);
        try
        {
            model.to(runtime.Device, runtime.DType);
            ModuleWeights.InitializeRandomly(model);
            model.eval();
            return new SdVaeCodec(model, config, scalingFactor ?? config.ScalingFactor, runtime);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public LatentDistribution Encode(Tensor images)
    {
        CheckInput(images, Config.InChannels, "images");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var x = images.to(_runtime.DType, _runtime.Device);             // [B, 3, H, W]
        var moments = _model.EncodeMoments(x).to(_runtime.ComputeDType); // [B, 2C, h, w]
        var halves = moments.chunk(2, 1);
        return scope.KeepPosterior(new LatentDistribution(halves[0].contiguous(), halves[1].contiguous()));
    }

    /// <inheritdoc />
    public Tensor Decode(Tensor latents)
    {
        CheckInput(latents, Config.LatentChannels, "latents");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var z = latents.to(_runtime.DType, _runtime.Device); // [B, C, h, w]
        return scope.MoveToOuter(_model.Decode(z).to(_runtime.ComputeDType)); // [B, 3, h·f, w·f]
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();

    private static void CheckInput(Tensor t, int channels, string what)
    {
        ArgumentNullException.ThrowIfNull(t, what);
        if (t.dim() != 4 || t.shape[1] != channels)
            throw new ArgumentException($"{what} must be [B, {channels}, H, W]; got [{string.Join(", ", t.shape)}]", what);
        if (t.shape[2] < 1 || t.shape[3] < 1)
            throw new ArgumentException($"{what} must have a positive height and width; got [{string.Join(", ", t.shape)}]", what);
    }
}
