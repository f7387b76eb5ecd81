using PixArt.Abstractions.Runtime;
using PixArt.Diffusion;
using PixArt.Diffusion.Sampling;
using static TorchSharp.torch;

namespace PixArt.Plugins.Samplers.SaSolver;

/// <summary>
/// SA-Solver as diffusers' <c>SASolverScheduler</c> (data prediction): each step first corrects the sample it is
/// given (Adams–Moulton, restarting from the previous sample with the previous noise, using the new model
/// output), then predicts the next one (Adams–Bashforth) with one fresh draw. τ(t) is looked up at the integer
/// timestep the predictor starts from (the corrector uses its own start). The end point is σ at timestep 0.
/// </summary>
internal sealed class SaSolverSampler : SamplerBase
{
    private readonly SaSolverOptions _options;
    private readonly float[] _trainSigmas;
    private readonly float[] _alphasCumprod;
    private readonly List<Tensor> _outputs = new();   // x̂₀ history, oldest first
    private readonly int _historySize;
    private float[] _sigmas = [];
    private Tensor? _lastSample;
    private Tensor? _lastNoise;
    private float _lastTimestep;
    private int _lowerOrderNums;
    private int _correctorOrder;

    public SaSolverSampler(SaSolverOptions options, INoiseSource noise) : base(options, noise, "sa-solver")
    {
        _options = options;
        _alphasCumprod = BetaSchedule.AlphasCumprodFloat32(options.Schedule);
        _trainSigmas = BetaSchedule.Sigmas(_alphasCumprod);
        _historySize = Math.Max(options.PredictorOrder, options.CorrectorOrder - 1);
    }

    public override int Order => _options.PredictorOrder;

    protected override float[] BuildTimesteps(int inferenceSteps)
    {
        var timesteps = TimestepSpacing.Multistep(_options.TimestepSpacing, inferenceSteps, _options.TrainTimesteps, _options.StepsOffset);
        if (timesteps.Any(t => t < 0 || t >= _options.TrainTimesteps))
            throw new ArgumentOutOfRangeException(nameof(inferenceSteps), $"sa-solver: timesteps [{string.Join(", ", timesteps)}] leave 0..{_options.TrainTimesteps - 1} (check StepsOffset)");
        _sigmas = timesteps.Select(t => _trainSigmas[t]).Append(_trainSigmas[0]).ToArray();
        return timesteps.Select(t => (float)t).ToArray();
    }

    private double Alpha(int point) => 1.0 / Math.Sqrt((double)_sigmas[point] * _sigmas[point] + 1.0);

    private double Sigma(int point) => _sigmas[point] * Alpha(point);

    private double Lambda(int point) => Math.Log(Alpha(point)) - Math.Log(Sigma(point));

    protected override Tensor StepCore(Tensor modelOutput, Tensor sample)
    {
        var i = StepIndex;
        var steps = Timesteps.Count;
        var timestep = Timesteps[i];
        var x0 = (sample - (float)Sigma(i) * modelOutput) / (float)Alpha(i);

        var x = sample;
        if (i > 0 && _lastSample is not null)
            x = Corrector(x0, i, _correctorOrder, _options.TauAt(_lastTimestep));

        _outputs.Add(Keep(x0));
        if (_outputs.Count > _historySize)
        {
            Release(_outputs[0]);
            _outputs.RemoveAt(0);
        }
        _lastTimestep = timestep;

        var noise = DrawNoise(modelOutput);
        var predictorOrder = _options.LowerOrderFinal ? Math.Min(_options.PredictorOrder, steps - i) : _options.PredictorOrder;
        var correctorOrder = _options.LowerOrderFinal ? Math.Min(_options.CorrectorOrder, steps - i + 1) : _options.CorrectorOrder;
        predictorOrder = Math.Min(predictorOrder, _lowerOrderNums + 1);
        _correctorOrder = Math.Min(correctorOrder, _lowerOrderNums + 2);

        Release(_lastSample);
        Release(_lastNoise);
        _lastSample = Keep(x);
        _lastNoise = Keep(noise);

        var next = Predictor(x, noise, i, predictorOrder, _options.TauAt(timestep));
        if (_lowerOrderNums < _historySize) _lowerOrderNums++;
        return next;
    }

    // Adams–Bashforth from point s to s+1 over the newest `order` outputs.
    private Tensor Predictor(Tensor x, Tensor noise, int s, int order, double tau)
    {
        var t = s + 1;
        var lambdaT = Lambda(t);
        var lambdaS = Lambda(s);
        var h = lambdaT - lambdaS;
        var nodes = Enumerable.Range(0, order).Select(j => Lambda(s - j)).ToArray();
        var b = ExponentialIntegrals.Coefficients(nodes, lambdaS, lambdaT, tau);
        if (order == 2)
        {
            // The few-step O(h³) adjustment of the reference (data prediction only).
            var c = 1 + tau * tau;
            var delta = Math.Exp(c * lambdaT) * (h * h / 2 - (h * c - 1 + Math.Exp(-c * h)) / (c * c)) / (lambdaS - Lambda(s - 1));
            b[0] += delta;
            b[1] -= delta;
        }
        var history = Enumerable.Range(0, order).Select(j => _outputs[_outputs.Count - 1 - j]).ToArray();
        return Combine(x, noise, s, t, h, tau, b, history);
    }

    // Adams–Moulton from point s−1 to s = current, restarting from the stored sample and noise.
    private Tensor Corrector(Tensor current, int t, int order, double tau)
    {
        var s = t - 1;
        var lambdaT = Lambda(t);
        var lambdaS = Lambda(s);
        var h = lambdaT - lambdaS;
        var nodes = Enumerable.Range(0, order).Select(j => Lambda(t - j)).ToArray();
        var b = ExponentialIntegrals.Coefficients(nodes, lambdaS, lambdaT, tau);
        if (order == 2)
        {
            var c = 1 + tau * tau;
            var delta = Math.Exp(c * lambdaT) * (h / 2 - (h * c - 1 + Math.Exp(-c * h)) / (c * c * h));
            b[0] += delta;
            b[1] -= delta;
        }
        var history = new Tensor[order];
        history[0] = current;
        for (var j = 1; j < order; j++) history[j] = _outputs[_outputs.Count - j];
        return Combine(_lastSample!, _lastNoise!, s, t, h, tau, b, history);
    }

    // x_t = e^{−τ²h}(σ_t/σ_s)x + Σ c·σ_t·e^{−τ²λ_t}·b_i·D_i + σ_t√(1 − e^{−2τ²h})·ξ
    private Tensor Combine(Tensor x, Tensor noise, int s, int t, double h, double tau, double[] b, Tensor[] outputs)
    {
        var tau2 = tau * tau;
        var sigmaT = Sigma(t);
        var scale = (1 + tau2) * sigmaT * Math.Exp(-tau2 * Lambda(t));
        var result = (float)(Math.Exp(-tau2 * h) * (sigmaT / Sigma(s))) * x;
        for (var j = 0; j < outputs.Length; j++)
            result = result + (float)(scale * b[j]) * outputs[j];
        if (tau2 > 0)
            result = result + (float)(sigmaT * Math.Sqrt(1 - Math.Exp(-2 * tau2 * h))) * noise;
        return result;
    }

    protected override (Tensor Signal, Tensor Noise) ForwardCoefficients(Tensor timesteps) => Float32Coefficients(_alphasCumprod, timesteps);

    protected override void ClearHistory()
    {
        _outputs.Clear();
        _lastSample = null;
        _lastNoise = null;
        _lowerOrderNums = 0;
        _correctorOrder = 0;
        base.ClearHistory();
    }
}
