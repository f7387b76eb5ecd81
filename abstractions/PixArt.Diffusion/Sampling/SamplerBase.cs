using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;
using static TorchSharp.torch;

namespace PixArt.Diffusion.Sampling;

/// <summary>
/// What every sampler shares: the <see cref="SetTimesteps"/> guard, the step counter, float32 compute with the
/// caller's dtype returned, sampler-owned history freed on reset and dispose, and the forward process for training.
/// Derive from it to write a sampler: implement <see cref="Order"/>, <see cref="BuildTimesteps"/>, <see cref="StepCore"/>
/// and <see cref="ForwardCoefficients"/>.
/// </summary>
public abstract class SamplerBase : ISampler
{
    private readonly List<Tensor> _owned = new();
    private float[] _timesteps = [];
    private bool _disposed;

    /// <summary>Creates the sampler; <paramref name="typeId"/> names it in error messages.</summary>
    protected SamplerBase(SamplerOptions options, INoiseSource noise, string typeId)
    {
        Options = options;
        Noise = noise;
        TypeId = typeId;
    }

    /// <summary>The sampler's options.</summary>
    protected SamplerOptions Options { get; }

    /// <summary>Where every random draw of the run comes from.</summary>
    protected INoiseSource Noise { get; }

    /// <summary>The component type id (e.g. <c>ddim</c>).</summary>
    protected string TypeId { get; }

    /// <summary>Index of the step the next <see cref="Step"/> call performs.</summary>
    protected int StepIndex { get; private set; }

    /// <inheritdoc />
    public abstract int Order { get; }

    /// <inheritdoc />
    public virtual float InitNoiseSigma => 1f;

    /// <inheritdoc />
    public IReadOnlyList<float> Timesteps => _timesteps;

    /// <inheritdoc />
    public void SetTimesteps(int inferenceSteps)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (inferenceSteps < 1 || inferenceSteps > Options.TrainTimesteps)
            throw new ArgumentOutOfRangeException(nameof(inferenceSteps), inferenceSteps,
                $"{TypeId}: inference steps must be between 1 and TrainTimesteps ({Options.TrainTimesteps})");
        ClearHistory();
        StepIndex = 0;
        _timesteps = BuildTimesteps(inferenceSteps);
    }

    /// <summary>Computes the run's schedule; returns the model timesteps in call order.</summary>
    protected abstract float[] BuildTimesteps(int inferenceSteps);

    /// <inheritdoc />
    public virtual Tensor ScaleModelInput(Tensor sample, float timestep) => sample.alias();

    /// <inheritdoc />
    public Tensor Step(Tensor modelOutput, float timestep, Tensor sample)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_timesteps.Length == 0)
            throw new InvalidOperationException($"{TypeId}: Step was called before SetTimesteps; call SetTimesteps(inferenceSteps) first");
        if (StepIndex >= _timesteps.Length)
            throw new InvalidOperationException($"{TypeId}: all {_timesteps.Length} steps are done; call SetTimesteps again for a new run");
        var expected = _timesteps[StepIndex];
        if (Math.Abs(expected - timestep) > 1e-3f * Math.Max(1f, Math.Abs(expected)))
            throw new ArgumentException($"{TypeId}: step {StepIndex} expects timestep {expected} (Timesteps[{StepIndex}]) but got {timestep}", nameof(timestep));

        using var scope = NewDisposeScope();
        var computeType = ComputeType;
        var result = StepCore(modelOutput.to(computeType), sample.to(computeType)).to(sample.dtype);
        StepIndex++;
        return scope.MoveToOuter(result);
    }

    /// <summary>Precision of the step arithmetic (float32 unless the reference computes in float64).</summary>
    protected virtual ScalarType ComputeType => ScalarType.Float32;

    /// <summary>One step at <see cref="StepIndex"/>; runs inside a dispose scope; inputs are already in <see cref="ComputeType"/>.</summary>
    protected abstract Tensor StepCore(Tensor modelOutput, Tensor sample);

    /// <inheritdoc />
    public Tensor AddNoise(Tensor clean, Tensor noise, Tensor timesteps)
    {
        using var scope = NewDisposeScope();
        // The schedule tables live on the CPU: look up there (training draws t on the GPU), then move the coefficients.
        var (signal, noiseScale) = ForwardCoefficients(timesteps.to(ScalarType.Int64).to(CPU));
        var shape = new long[clean.dim()];
        Array.Fill(shape, 1L);
        shape[0] = -1;
        var a = signal.to(clean.dtype, clean.device).view(shape);
        var s = noiseScale.to(clean.dtype, clean.device).view(shape);
        return scope.MoveToOuter(a * clean + s * noise);
    }

    /// <summary>√ᾱ_t and √(1−ᾱ_t) for integer <paramref name="timesteps"/> <c>[B]</c>.</summary>
    protected abstract (Tensor Signal, Tensor Noise) ForwardCoefficients(Tensor timesteps);

    /// <summary>√ᾱ and √(1−ᾱ) looked up from a float32 ᾱ table, as diffusers' <c>add_noise</c> does.</summary>
    protected static (Tensor Signal, Tensor Noise) Float32Coefficients(float[] alphasCumprod, Tensor timesteps)
    {
        var table = tensor(alphasCumprod);
        var ac = table.index_select(0, timesteps.to(ScalarType.Int64).flatten());
        return (ac.sqrt(), (1f - ac).sqrt());
    }

    /// <summary>Keeps <paramref name="tensor"/> beyond the step's scope; the sampler frees it on reset and dispose.</summary>
    protected Tensor Keep(Tensor tensor)
    {
        var kept = tensor.detach().DetachFromDisposeScope();
        _owned.Add(kept);
        return kept;
    }

    /// <summary>Frees a tensor made with <see cref="Keep"/> that is no longer needed.</summary>
    protected void Release(Tensor? tensor)
    {
        if (tensor is null) return;
        if (_owned.Remove(tensor)) tensor.Dispose();
    }

    /// <summary>A standard-normal draw in float32 shaped like <paramref name="like"/>, from the run's noise source.</summary>
    protected Tensor DrawNoise(Tensor like) => Noise.StandardNormal(like.shape, ScalarType.Float32, like.device).to(like.dtype);

    /// <summary>Forgets run state; derived classes clear their references, then call base.</summary>
    protected virtual void ClearHistory()
    {
        foreach (var t in _owned) t.Dispose();
        _owned.Clear();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        ClearHistory();
        _disposed = true;
        GC.SuppressFinalize(this);
    }
}
