using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;
using static TorchSharp.torch;

namespace Acme.EulerAncestral;

/// <summary>
/// Euler ancestral sampling in σ-space (Karras et al. 2022, k-diffusion's <c>sample_euler_ancestral</c>; the numerics of
/// diffusers' <c>EulerAncestralDiscreteScheduler</c>, v0.40.0). With σ(t) = √((1 − ᾱₜ)/ᾱₜ), interpolated linearly between
/// training timesteps, and the latents kept at scale σ: the model sees x/√(σ² + 1); x̂₀ = x − σ·ε; from σ to the next σ'
/// the step splits into σ↑ = √(σ'²(σ² − σ'²)/σ²) of fresh noise and σ↓ = √(σ'² − σ↑²):
/// x' = x + ε·(σ↓ − σ) + σ↑·z with z ~ N(0, 1) from the injected noise source (one draw per step, the last included, as
/// diffusers draws it). Computes in float32 and returns the sample's dtype.
/// </summary>
public sealed class EulerAncestralSampler : ISampler
{
    private readonly EulerAncestralOptions _options;
    private readonly INoiseSource _noise;
    private readonly double[] _trainingSigmas;
    private float[] _timesteps = [];
    private double[] _sigmas = [];
    private int? _stepIndex;

    /// <summary>A sampler for <paramref name="options"/>' schedule drawing from <paramref name="noise"/>.</summary>
    public EulerAncestralSampler(EulerAncestralOptions options, INoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(noise);
        _options = options;
        _noise = noise;
        var n = options.TrainTimesteps;
        _trainingSigmas = new double[n];
        var product = 1.0;
        for (var i = 0; i < n; i++)
        {
            var fraction = n == 1 ? 0 : (double)i / (n - 1);
            var beta = options.BetaSchedule == "scaled_linear"
                ? Math.Pow(Math.Sqrt(options.BetaStart) + fraction * (Math.Sqrt(options.BetaEnd) - Math.Sqrt(options.BetaStart)), 2)
                : options.BetaStart + fraction * (options.BetaEnd - options.BetaStart);
            product *= 1 - beta;
            _trainingSigmas[i] = Math.Sqrt((1 - product) / product);
        }
    }

    /// <inheritdoc />
    public int Order => 1;

    /// <inheritdoc />
    /// <remarks>The largest σ for <c>linspace</c> and <c>trailing</c> spacing, √(σ²max + 1) for <c>leading</c> (as diffusers).</remarks>
    public float InitNoiseSigma
    {
        get
        {
            var max = _sigmas.Length > 0 ? _sigmas.Max() : _trainingSigmas[^1];
            return (float)(_options.TimestepSpacing == "leading" ? Math.Sqrt(max * max + 1) : max);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<float> Timesteps => _timesteps;

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 1 or more than <c>TrainTimesteps</c> steps.</exception>
    public void SetTimesteps(int inferenceSteps)
    {
        var train = _options.TrainTimesteps;
        ArgumentOutOfRangeException.ThrowIfLessThan(inferenceSteps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inferenceSteps, train);
        _timesteps = _options.TimestepSpacing switch
        {
            "leading" => Enumerable.Range(0, inferenceSteps).Reverse().Select(i => (float)(i * (train / inferenceSteps) + _options.StepsOffset)).ToArray(),
            "trailing" => Enumerable.Range(0, inferenceSteps).Select(i => (float)(Math.Round(train - i * ((double)train / inferenceSteps)) - 1)).ToArray(),
            _ => Enumerable.Range(0, inferenceSteps).Reverse()
                .Select(i => (float)(inferenceSteps == 1 ? 0 : i == inferenceSteps - 1 ? train - 1 : i * ((train - 1.0) / (inferenceSteps - 1)))).ToArray(),
        };
        _sigmas = [.. _timesteps.Select(t => (double)(float)Sigma(t)), 0.0];
        _stepIndex = null;
    }

    /// <inheritdoc />
    public Tensor ScaleModelInput(Tensor sample, float timestep)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var sigma = _sigmas[StepIndex(timestep)];
        return sample.div(Math.Sqrt(sigma * sigma + 1));
    }

    /// <inheritdoc />
    public Tensor Step(Tensor modelOutput, float timestep, Tensor sample)
    {
        ArgumentNullException.ThrowIfNull(modelOutput);
        ArgumentNullException.ThrowIfNull(sample);
        var index = StepIndex(timestep);
        var (from, to) = (_sigmas[index], _sigmas[index + 1]);
        var up = Math.Sqrt(to * to * (from * from - to * to) / (from * from));
        var down = Math.Sqrt(to * to - up * up);
        using var scope = NewDisposeScope();
        var x = sample.to(ScalarType.Float32);
        var eps = modelOutput.to(ScalarType.Float32);
        // (x − x̂₀)/σ is ε itself for an ε-prediction model.
        var next = x + eps * (down - from);
        var z = _noise.StandardNormal(modelOutput.shape, ScalarType.Float32, modelOutput.device);
        next = next + z * up;
        _stepIndex = index + 1;
        return scope.MoveToOuter(next.to(sample.dtype));
    }

    /// <inheritdoc />
    /// <remarks>x_t = x₀ + σ(t)·noise: the latents at scale σ, as this sampler keeps them.</remarks>
    public Tensor AddNoise(Tensor clean, Tensor noise, Tensor timesteps)
    {
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(noise);
        ArgumentNullException.ThrowIfNull(timesteps);
        using var scope = NewDisposeScope();
        var values = timesteps.to(ScalarType.Float64, CPU).data<double>().Select(t => (float)Sigma(t)).ToArray();
        var shape = Enumerable.Repeat(1L, (int)clean.dim()).ToArray();
        shape[0] = -1;
        var sigma = tensor(values, device: clean.device).view(shape);
        return scope.MoveToOuter((clean.to(ScalarType.Float32) + sigma * noise.to(ScalarType.Float32)).to(clean.dtype));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The noise source belongs to the generation.
    }

    // The step index: the first call finds the timestep in the schedule (the second match for a repeated first timestep,
    // as diffusers does), later calls advance with Step.
    private int StepIndex(float timestep)
    {
        if (_timesteps.Length == 0) throw new InvalidOperationException("call SetTimesteps before ScaleModelInput or Step");
        if (_stepIndex is { } known) return known;
        var matches = Enumerable.Range(0, _timesteps.Length).Where(i => _timesteps[i] == timestep).ToList();
        if (matches.Count == 0) throw new ArgumentException($"timestep {timestep} is not in the schedule", nameof(timestep));
        _stepIndex = matches.Count > 1 ? matches[1] : matches[0];
        return _stepIndex.Value;
    }

    // σ at a (fractional) training timestep: linear interpolation of the training σ table.
    private double Sigma(double t)
    {
        var clamped = Math.Clamp(t, 0, _trainingSigmas.Length - 1);
        var low = (int)Math.Floor(clamped);
        var high = Math.Min(low + 1, _trainingSigmas.Length - 1);
        return _trainingSigmas[low] + (clamped - low) * (_trainingSigmas[high] - _trainingSigmas[low]);
    }
}
