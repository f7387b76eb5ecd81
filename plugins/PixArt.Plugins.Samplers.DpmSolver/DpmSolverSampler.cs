using PixArt.Abstractions.Runtime;
using PixArt.Diffusion;
using PixArt.Diffusion.Sampling;
using static TorchSharp.torch;

namespace PixArt.Plugins.Samplers.DpmSolver;

/// <summary>
/// DPM-Solver++ multistep in data prediction: at step i the model output becomes x̂₀ = (x − σ_i ε̂)/α_i, and x moves
/// from point i to point i+1 with the first- or second-order update. Keeps the last two x̂₀ as history.
/// </summary>
internal sealed class DpmSolverSampler : SamplerBase
{
    private readonly DpmSolverOptions _options;
    private readonly SolverGrid _grid;
    private readonly bool _heun;
    private Tensor? _previous;   // x̂₀ at point i−1
    private Tensor? _current;    // x̂₀ at point i
    private int _lowerOrderNums;

    public DpmSolverSampler(DpmSolverOptions options, INoiseSource noise, SolverGrid grid) : base(options, noise, "dpm-solver")
    {
        _options = options;
        _grid = grid;
        _heun = options.SolverType is "heun" or "taylor";
    }

    public override int Order => _options.SolverOrder;

    protected override float[] BuildTimesteps(int inferenceSteps) => _grid.Build(inferenceSteps);

    protected override Tensor StepCore(Tensor modelOutput, Tensor sample)
    {
        var i = StepIndex;
        var steps = Timesteps.Count;
        var x0 = (sample - _grid.Sigma(i) * modelOutput) / _grid.Alpha(i);

        Release(_previous);
        _previous = _current;
        _current = Keep(x0);

        var order = _grid.OrderAt(i, steps, _options.SolverOrder, _lowerOrderNums);
        var next = order == 1 || _previous is null ? FirstOrder(sample, i, _current) : SecondOrder(sample, i, _current, _previous);
        if (_lowerOrderNums < _options.SolverOrder) _lowerOrderNums++;
        return next;
    }

    private Tensor FirstOrder(Tensor x, int s, Tensor model)
    {
        var t = s + 1;
        var h = _grid.Lambda(t) - _grid.Lambda(s);
        var alphaT = _grid.Alpha(t);
        return (_grid.Sigma(t) / _grid.Sigma(s)) * x - (alphaT * _grid.Phi1(h)) * model;
    }

    private Tensor SecondOrder(Tensor x, int s0, Tensor model0, Tensor model1)
    {
        var t = s0 + 1;
        var lambdaT = _grid.Lambda(t);
        var lambdaS0 = _grid.Lambda(s0);
        var h = lambdaT - lambdaS0;
        var h0 = lambdaS0 - _grid.Lambda(s0 - 1);
        var r0 = h0 / h;
        var d1 = (1f / r0) * (model0 - model1);
        var alphaT = _grid.Alpha(t);
        var phi1 = _grid.Phi1(h);
        var linear = (_grid.Sigma(t) / _grid.Sigma(s0)) * x - (alphaT * phi1) * model0;
        return _heun
            ? linear + (alphaT * (phi1 / h + 1f)) * d1
            : linear - 0.5f * (alphaT * phi1) * d1;
    }

    protected override (Tensor Signal, Tensor Noise) ForwardCoefficients(Tensor timesteps) => _grid.ForwardCoefficients(timesteps);

    protected override void ClearHistory()
    {
        _previous = null;
        _current = null;
        _lowerOrderNums = 0;
        base.ClearHistory();
    }
}
