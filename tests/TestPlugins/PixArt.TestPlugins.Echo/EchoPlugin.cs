using System.ComponentModel.DataAnnotations;
using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;
using static TorchSharp.torch;

namespace PixArt.TestPlugins.Echo;

/// <summary>A well-formed plugin with one sampler component whose step returns the model output.</summary>
public sealed class EchoPlugin : IPixArtPlugin
{
    public PluginManifest Manifest { get; } = new("echo", new Version(1, 2, 3), new[] { ComponentKind.Sampler }, "test sampler that echoes the model output");

    public void Register(PluginRegistrationContext context) =>
        context.AddComponent<ISamplerFactory, EchoSamplerFactory, EchoOptions>(ComponentKind.Sampler, "echo-sampler", "returns the model output");
}

public sealed class EchoOptions : SamplerOptions
{
    [Range(0.0, 1.0)]
    public double Mix { get; set; } = 0.5;

    public string Mode { get; set; } = "plain";

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var r in base.Validate(validationContext)) yield return r;
        if (Mode is not ("plain" or "fancy")) yield return new ValidationResult("allowed: plain, fancy", new[] { nameof(Mode) });
    }
}

public sealed class EchoSamplerFactory : ISamplerFactory
{
    public SamplerInfo Describe(ComponentContext context) => new(UsesLearnedVariance: false, Stochastic: false);

    public ISampler Create(ComponentContext context, INoiseSource noise) => new EchoSampler(context.GetOptions<EchoOptions>());
}

public sealed class EchoSampler : ISampler
{
    private readonly EchoOptions _options;
    private float[] _timesteps = Array.Empty<float>();

    public EchoSampler(EchoOptions options) => _options = options;

    public int Order => 1;
    public float InitNoiseSigma => 1f;
    public IReadOnlyList<float> Timesteps => _timesteps;

    public void SetTimesteps(int inferenceSteps) =>
        _timesteps = Enumerable.Range(0, inferenceSteps).Select(i => (float)(_options.TrainTimesteps - 1 - i)).ToArray();

    public Tensor ScaleModelInput(Tensor sample, float timestep) => sample.alias();

    public Tensor Step(Tensor modelOutput, float timestep, Tensor sample)
    {
        if (_timesteps.Length == 0) throw new InvalidOperationException("SetTimesteps must be called before Step");
        return modelOutput.mul(_options.Mix).add(sample.mul(1 - _options.Mix));
    }

    public Tensor AddNoise(Tensor clean, Tensor noise, Tensor timesteps) => clean.add(noise);

    public void Dispose() { }
}
