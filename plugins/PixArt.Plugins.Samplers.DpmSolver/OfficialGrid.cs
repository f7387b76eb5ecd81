using PixArt.Diffusion;
using PixArt.Diffusion.Sampling;
using static TorchSharp.torch;

namespace PixArt.Plugins.Samplers.DpmSolver;

/// <summary>
/// PixArt's <c>NoiseScheduleVP('discrete')</c>: log α_k = ½·Σ ln(1−β) from float64 β, stored in float32 at
/// continuous times (k+1)/T and linearly interpolated; grid <c>linspace(1, 1/T, N+1)</c> in float32; model time
/// <c>(t − 1/T)·1000</c>; φ₁ with <c>expm1</c>; lower-order final only below 10 steps.
/// </summary>
internal sealed class OfficialGrid : SolverGrid
{
    private const double ClippedLambda = -5.1;
    private readonly float[] _logAlphas;
    private readonly float[] _times;
    private readonly double[] _alphasCumprod;
    private readonly DpmSolverOptions _options;
    private float[] _grid = [];

    public OfficialGrid(DpmSolverOptions options)
    {
        _options = options;
        var betas = BetaSchedule.BetasFloat64(options.Schedule);
        _alphasCumprod = BetaSchedule.AlphasCumprod(betas);
        using var scope = NewDisposeScope();
        var logAlphas = 0.5 * (1.0 - tensor(betas)).log().cumsum(0);
        // numerical_clip_alpha: drop the tail whose λ falls below −5.1 (nothing for the linear PixArt schedule).
        var lambdas = logAlphas - 0.5 * (1.0 - (2.0 * logAlphas).exp()).log();
        var values = lambdas.data<double>().ToArray();
        var drop = values.Count(l => l < ClippedLambda);
        var kept = logAlphas.narrow(0, 0, values.Length - drop);
        _logAlphas = kept.to(ScalarType.Float32).data<float>().ToArray();
        _times = linspace(0.0, 1.0, _logAlphas.Length + 1, ScalarType.Float32).narrow(0, 1, _logAlphas.Length).data<float>().ToArray();
    }

    private int TotalN => _logAlphas.Length;

    public override float[] Build(int steps)
    {
        if (steps < _options.SolverOrder)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"dpm-solver (official): the multistep solver needs at least SolverOrder ({_options.SolverOrder}) steps");
        using var scope = NewDisposeScope();
        var grid = linspace(1.0, 1.0 / TotalN, steps + 1, ScalarType.Float32);
        _grid = grid.data<float>().ToArray();
        var modelTimes = (grid.narrow(0, 0, steps) - 1.0 / TotalN) * 1000.0;
        return modelTimes.data<float>().ToArray();
    }

    public override Tensor Alpha(int point) => LogAlpha(point).exp();

    public override Tensor Sigma(int point) => (1.0f - (2.0f * LogAlpha(point)).exp()).sqrt();

    public override Tensor Lambda(int point)
    {
        var logAlpha = LogAlpha(point);
        return logAlpha - 0.5f * (1.0f - (2.0f * logAlpha).exp()).log();
    }

    public override Tensor Phi1(Tensor h) => (-h).expm1();

    public override int OrderAt(int step, int steps, int solverOrder, int lowerOrderNums)
    {
        // The official loop warms up with order min(step, order) and caps at steps + 1 − step below 10 steps
        // (its step counter is ours + 1).
        var order = Math.Min(solverOrder, step + 1);
        if (_options.LowerOrderFinal && steps < 10) order = Math.Min(order, steps - step);
        return order;
    }

    // interpolate_fn: piecewise-linear in float32 with linear extrapolation beyond the keypoints.
    private Tensor LogAlpha(int point)
    {
        var t = _grid[point];
        var k = Array.BinarySearch(_times, t);
        int start;
        if (k >= 0) start = Math.Min(k, TotalN - 2);
        else
        {
            var insert = ~k;
            start = insert == 0 ? 0 : insert == TotalN ? TotalN - 2 : insert - 1;
        }
        var x = tensor(t);
        var x0 = tensor(_times[start]);
        var x1 = tensor(_times[start + 1]);
        var y0 = tensor(_logAlphas[start]);
        var y1 = tensor(_logAlphas[start + 1]);
        return y0 + (x - x0) * (y1 - y0) / (x1 - x0);
    }

    public override (Tensor Signal, Tensor Noise) ForwardCoefficients(Tensor timesteps)
    {
        // Training uses the IDDPM float64 table, cast to float32 as _extract_into_tensor does.
        var ac = tensor(_alphasCumprod).index_select(0, timesteps.to(ScalarType.Int64).flatten());
        return (ac.sqrt().to(ScalarType.Float32), (1.0 - ac).sqrt().to(ScalarType.Float32));
    }
}
