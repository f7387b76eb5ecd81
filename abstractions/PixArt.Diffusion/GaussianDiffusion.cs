using PixArt.Abstractions.Sampling;
using static TorchSharp.torch;

namespace PixArt.Diffusion;

/// <summary>
/// The official IDDPM diffusion process with learned-range σ and ε prediction (PixArt's <c>GaussianDiffusion</c>):
/// float64 tables, each value cast to float32 when looked up (as <c>_extract_into_tensor</c> does), so the tensor
/// arithmetic runs in float32. Used by the <c>iddpm</c> sampler (on respaced β) and by training (on the full schedule).
/// Holds no tensors; thread-safe.
/// </summary>
public sealed class GaussianDiffusion
{
    private readonly double[] _sqrtAlphasCumprod;
    private readonly double[] _sqrtOneMinusAlphasCumprod;
    private readonly double[] _sqrtRecipAlphasCumprod;
    private readonly double[] _sqrtRecipm1AlphasCumprod;
    private readonly double[] _posteriorLogVarianceClipped;
    private readonly double[] _posteriorMeanCoef1;
    private readonly double[] _posteriorMeanCoef2;
    private readonly double[] _logBetas;

    /// <summary>Builds the tables from <paramref name="betas"/> (float64, each in (0, 1]).</summary>
    public GaussianDiffusion(double[] betas)
    {
        ArgumentNullException.ThrowIfNull(betas);
        if (betas.Length < 2 || betas.Any(b => !(b > 0 && b <= 1)))
            throw new ArgumentException("betas must hold at least 2 values in (0, 1]", nameof(betas));
        Betas = betas;
        var n = betas.Length;
        AlphasCumprod = BetaSchedule.AlphasCumprod(betas);
        var prev = new double[n];
        prev[0] = 1.0;
        Array.Copy(AlphasCumprod, 0, prev, 1, n - 1);

        _sqrtAlphasCumprod = AlphasCumprod.Select(Math.Sqrt).ToArray();
        _sqrtOneMinusAlphasCumprod = AlphasCumprod.Select(a => Math.Sqrt(1.0 - a)).ToArray();
        _sqrtRecipAlphasCumprod = AlphasCumprod.Select(a => Math.Sqrt(1.0 / a)).ToArray();
        _sqrtRecipm1AlphasCumprod = AlphasCumprod.Select(a => Math.Sqrt(1.0 / a - 1)).ToArray();
        var posteriorVariance = new double[n];
        _posteriorMeanCoef1 = new double[n];
        _posteriorMeanCoef2 = new double[n];
        for (var i = 0; i < n; i++)
        {
            posteriorVariance[i] = betas[i] * (1.0 - prev[i]) / (1.0 - AlphasCumprod[i]);
            _posteriorMeanCoef1[i] = betas[i] * Math.Sqrt(prev[i]) / (1.0 - AlphasCumprod[i]);
            _posteriorMeanCoef2[i] = (1.0 - prev[i]) * Math.Sqrt(1.0 - betas[i]) / (1.0 - AlphasCumprod[i]);
        }
        // β̃_0 is 0: the log uses β̃_1 in its place.
        _posteriorLogVarianceClipped = posteriorVariance.Select((v, i) => Math.Log(i == 0 ? posteriorVariance[1] : v)).ToArray();
        _logBetas = betas.Select(b => Math.Log(b)).ToArray();
    }

    /// <summary>The process of <paramref name="schedule"/>: IDDPM's float64 linear (or scaled-linear) β over its steps.</summary>
    public static GaussianDiffusion FromSchedule(NoiseSchedule schedule) => new(BetaSchedule.BetasFloat64(schedule));

    /// <summary>β_t (float64).</summary>
    public IReadOnlyList<double> Betas { get; }

    /// <summary>ᾱ_t (float64).</summary>
    public double[] AlphasCumprod { get; }

    /// <summary>Number of diffusion steps.</summary>
    public int NumTimesteps => Betas.Count;

    /// <summary>x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε for integer <paramref name="t"/> <c>[B]</c>.</summary>
    public Tensor QSample(Tensor xStart, Tensor t, Tensor noise)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(Extract(_sqrtAlphasCumprod, t, xStart) * xStart + Extract(_sqrtOneMinusAlphasCumprod, t, xStart) * noise);
    }

    /// <summary>Mean and clipped log-variance of q(x_{t−1} | x_t, x₀).</summary>
    public (Tensor Mean, Tensor LogVarianceClipped) QPosterior(Tensor xStart, Tensor xT, Tensor t)
    {
        using var scope = NewDisposeScope();
        var mean = Extract(_posteriorMeanCoef1, t, xT) * xStart + Extract(_posteriorMeanCoef2, t, xT) * xT;
        var logVariance = Extract(_posteriorLogVarianceClipped, t, xT).expand_as(xT);
        return (scope.MoveToOuter(mean), scope.MoveToOuter(logVariance));
    }

    /// <summary>
    /// p(x_{t−1} | x_t) from a model output <c>[B, 2C, ...]</c> (ε̂ then v): log σ² = frac·log β_t + (1−frac)·log β̃_t with
    /// frac = (v+1)/2, x̂₀ = √(1/ᾱ)·x_t − √(1/ᾱ−1)·ε̂ (optionally clamped to [−1, 1]), μ = c1·x̂₀ + c2·x_t.
    /// </summary>
    public (Tensor Mean, Tensor LogVariance, Tensor PredictedXStart) PMeanVariance(Tensor modelOutput, Tensor xT, Tensor t, bool clipDenoised) =>
        PMeanVariance(modelOutput, xT, (table, x) => Extract(table, t, x) * x, clipDenoised);

    /// <summary>
    /// <see cref="PMeanVariance(Tensor, Tensor, Tensor, bool)"/> at one timestep index <paramref name="t"/> shared by the whole
    /// batch (sampling): the coefficients are host scalars, so no table lookup or host-to-device copy happens per step.
    /// </summary>
    public (Tensor Mean, Tensor LogVariance, Tensor PredictedXStart) PMeanVariance(Tensor modelOutput, Tensor xT, int t, bool clipDenoised) =>
        PMeanVariance(modelOutput, xT, (table, x) => x * (float)table[t], clipDenoised);

    // `scaled(table, x)` is table[t]·x, per sample or for one shared t; values are float32 as _extract_into_tensor gives.
    private (Tensor Mean, Tensor LogVariance, Tensor PredictedXStart) PMeanVariance(Tensor modelOutput, Tensor xT, Func<double[], Tensor, Tensor> scaled, bool clipDenoised)
    {
        var channels = xT.shape[1];
        if (modelOutput.shape[1] != 2 * channels)
            throw new ArgumentException($"the learned-range model output needs 2×{channels} channels (ε then v) but has {modelOutput.shape[1]}", nameof(modelOutput));
        using var scope = NewDisposeScope();
        var eps = modelOutput.narrow(1, 0, channels);
        var v = modelOutput.narrow(1, channels, channels);
        var frac = (v + 1) / 2;
        var logVariance = scaled(_logBetas, frac) + scaled(_posteriorLogVarianceClipped, 1 - frac);
        var xStart = scaled(_sqrtRecipAlphasCumprod, xT) - scaled(_sqrtRecipm1AlphasCumprod, eps);
        if (clipDenoised) xStart = xStart.clamp(-1, 1);
        var mean = scaled(_posteriorMeanCoef1, xStart) + scaled(_posteriorMeanCoef2, xT);
        return (scope.MoveToOuter(mean), scope.MoveToOuter(logVariance), scope.MoveToOuter(xStart));
    }

    /// <summary>
    /// The variational bound term in bits per dimension, <c>[B]</c>: KL(q posterior ‖ p) for t &gt; 0, the discretised
    /// Gaussian decoder NLL of x₀ at t = 0 (x̂₀ not clipped).
    /// </summary>
    public Tensor VbTermsBpd(Tensor modelOutput, Tensor xStart, Tensor xT, Tensor t)
    {
        using var scope = NewDisposeScope();
        var (trueMean, trueLogVariance) = QPosterior(xStart, xT, t);
        var (mean, logVariance, _) = PMeanVariance(modelOutput, xT, t, clipDenoised: false);
        var kl = MeanFlat(DiscretizedGaussian.NormalKl(trueMean, trueLogVariance, mean, logVariance)) / Math.Log(2.0);
        var nll = MeanFlat(-DiscretizedGaussian.LogLikelihood(xStart, mean, 0.5 * logVariance)) / Math.Log(2.0);
        var isZero = t.to(ScalarType.Int64).eq(0).to(kl.device);
        return scope.MoveToOuter(where(isZero, nll, kl));
    }

    /// <summary>
    /// PixArt's training loss (section 3.3): x_t from <paramref name="noise"/>, model output <c>[B, 2C, ...]</c>,
    /// MSE on ε plus the VB term fed with the stop-gradient ε̂ (so it trains only the variance channels).
    /// </summary>
    public TrainingLosses TrainingLosses(Func<Tensor, Tensor, Tensor> model, Tensor xStart, Tensor t, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        var xT = QSample(xStart, t, noise);
        var output = model(xT, t);
        var channels = xT.shape[1];
        if (output.shape[1] != 2 * channels)
            throw new ArgumentException($"the model returned {output.shape[1]} channels; learned-range σ needs 2×{channels}");
        var eps = output.narrow(1, 0, channels);
        var v = output.narrow(1, channels, channels);
        var frozen = cat([eps.detach(), v], 1);
        var vb = VbTermsBpd(frozen, xStart, xT, t);
        var mse = MeanFlat((noise - eps).pow(2));
        var loss = mse + vb;
        return new TrainingLosses(scope.MoveToOuter(loss), scope.MoveToOuter(mse), scope.MoveToOuter(vb));
    }

    private static Tensor MeanFlat(Tensor x) => x.mean(Enumerable.Range(1, (int)x.dim() - 1).Select(i => (long)i).ToArray());

    // _extract_into_tensor: table[t] as float32, shaped [B, 1, 1, ...] to broadcast against `like`. The table lives on the
    // CPU, so t is brought there for the lookup (t may be on the GPU during training).
    private static Tensor Extract(double[] table, Tensor t, Tensor like)
    {
        var values = tensor(table).index_select(0, t.to(ScalarType.Int64).to(CPU).flatten()).to(ScalarType.Float32).to(like.device);
        var shape = new long[like.dim()];
        Array.Fill(shape, 1L);
        shape[0] = -1;
        return values.view(shape);
    }
}
