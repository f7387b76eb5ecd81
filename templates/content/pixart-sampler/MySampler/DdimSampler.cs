using static TorchSharp.torch;

namespace MySampler;

/// <summary>
/// Deterministic DDIM (η = 0) with "leading" timesteps: x̂₀ = (x − √(1−ᾱₜ)·ε)/√ᾱₜ, then x = √ᾱₚ·x̂₀ + √(1−ᾱₚ)·ε with
/// ᾱₚ the previous timestep's (1 before the first). Computes in float32 and returns the sample's dtype.
/// </summary>
public sealed class DdimSampler : PixArt.Abstractions.Sampling.ISampler
{
    private readonly DdimSamplerOptions _options;
    private readonly double[] _alphasCumprod;
    private float[] _timesteps = [];

    /// <summary>A sampler for <paramref name="options"/>' schedule.</summary>
    public DdimSampler(DdimSamplerOptions options)
    {
        _options = options;
        var n = options.TrainTimesteps;
        var product = 1.0;
        _alphasCumprod = new double[n];
        for (var i = 0; i < n; i++)
        {
            var fraction = n == 1 ? 0 : (double)i / (n - 1);
            var beta = options.BetaSchedule == "scaled_linear"
                ? Math.Pow(Math.Sqrt(options.BetaStart) + fraction * (Math.Sqrt(options.BetaEnd) - Math.Sqrt(options.BetaStart)), 2)
                : options.BetaStart + fraction * (options.BetaEnd - options.BetaStart);
            product *= 1 - beta;
            _alphasCumprod[i] = product;
        }
    }

    /// <inheritdoc />
    public int Order => 1;

    /// <inheritdoc />
    public float InitNoiseSigma => 1f;

    /// <inheritdoc />
    public IReadOnlyList<float> Timesteps => _timesteps;

    /// <inheritdoc />
    public void SetTimesteps(int inferenceSteps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inferenceSteps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inferenceSteps, _options.TrainTimesteps);
        var stride = _options.TrainTimesteps / inferenceSteps;
        _timesteps = Enumerable.Range(0, inferenceSteps).Select(i => (float)((inferenceSteps - 1 - i) * stride + _options.StepsOffset)).ToArray();
    }

    /// <inheritdoc />
    public Tensor ScaleModelInput(Tensor sample, float timestep) => sample.alias();

    /// <inheritdoc />
    public Tensor Step(Tensor modelOutput, float timestep, Tensor sample)
    {
        if (_timesteps.Length == 0) throw new InvalidOperationException("call SetTimesteps before Step");
        using var scope = NewDisposeScope();
        var t = (int)timestep;
        var previous = t - _options.TrainTimesteps / _timesteps.Length;
        var alpha = _alphasCumprod[t];
        var alphaPrevious = previous >= 0 ? _alphasCumprod[previous] : 1.0;
        var x = sample.to(ScalarType.Float32);
        var eps = modelOutput.to(ScalarType.Float32);
        var x0 = (x - Math.Sqrt(1 - alpha) * eps) / Math.Sqrt(alpha);
        var next = Math.Sqrt(alphaPrevious) * x0 + Math.Sqrt(1 - alphaPrevious) * eps;
        return scope.MoveToOuter(next.to(sample.dtype));
    }

    /// <inheritdoc />
    public Tensor AddNoise(Tensor clean, Tensor noise, Tensor timesteps)
    {
        using var scope = NewDisposeScope();
        var alphas = tensor(_alphasCumprod.Select(a => (float)a).ToArray(), device: clean.device).index_select(0, timesteps.to(ScalarType.Int64, clean.device));
        var shape = Enumerable.Repeat(1L, (int)clean.dim()).ToArray();
        shape[0] = -1;
        var a = alphas.view(shape);
        return scope.MoveToOuter((a.sqrt() * clean.to(ScalarType.Float32) + (1 - a).sqrt() * noise.to(ScalarType.Float32)).to(clean.dtype));
    }

    /// <inheritdoc />
    public void Dispose() { }
}
