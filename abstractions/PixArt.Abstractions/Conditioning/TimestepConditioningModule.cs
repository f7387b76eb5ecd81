using PixArt.Abstractions.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Conditioning;

/// <summary>
/// Timestep (and micro-condition) embedding that modulates every block and the final layer. The denoiser
/// registers it as its submodule <c>timestep_conditioning</c>.
/// </summary>
public abstract class TimestepConditioningModule : nn.Module
{
    /// <summary>Creates the module.</summary>
    protected TimestepConditioningModule(string name) : base(name) { }

    /// <summary>
    /// Embeds the timesteps <c>[B]</c> (float, may be fractional) and the micro-conditions of <paramref name="condition"/>;
    /// <paramref name="conditionVector"/> <c>[B, C]</c> (e.g. a class embedding) is added to the embedding when given.
    /// </summary>
    public abstract TimestepEmbedding Embed(Tensor timesteps, ConditionInput condition, Tensor? conditionVector);

    /// <summary>Modulation of block <paramref name="block"/>: <c>[B, 6, C]</c> rows shift, scale, gate (attention) then shift, scale, gate (MLP).</summary>
    public abstract Tensor BlockModulation(TimestepEmbedding embedding, int block);

    /// <summary>Modulation of the final layer: <c>[B, 2, C]</c> rows shift, scale.</summary>
    public abstract Tensor FinalModulation(TimestepEmbedding embedding);

    /// <summary>How an external checkpoint layout's keys map onto this module's state-dict keys.</summary>
    public abstract WeightKeyMap KeyMap(CheckpointLayout layout);

    /// <summary>True when the module uses the resolution/aspect-ratio micro-conditions.</summary>
    public abstract bool UsesMicroConditions { get; }

    /// <summary>
    /// The sinusoid → MLP timestep embedder (reference 1.5), which DiT and PixArt share, so a stage transfer can carry it
    /// over without knowing the source's keys; null when the module has none.
    /// </summary>
    public abstract nn.Module? TimestepEmbedder { get; }

    /// <summary>Applies the re-initialisation a module gets when training starts from scratch.</summary>
    public abstract void InitializeWeights();

    /// <summary>
    /// Initialises this module from another kind of timestep conditioning (stage 1 → stage 2, reference 7.3) so that its
    /// block and final modulations equal <paramref name="source"/>'s at <paramref name="timestep"/> without a condition
    /// vector. Throws <see cref="NotSupportedException"/> naming both kinds when this module cannot be initialised that way.
    /// </summary>
    public virtual void InitializeFrom(TimestepConditioningModule source, float timestep) =>
        throw new NotSupportedException($"{GetType().Name} cannot be initialised from {source.GetType().Name}");
}

/// <summary>The per-forward result of <see cref="TimestepConditioningModule.Embed"/> (tensors live in the forward's scope).</summary>
/// <param name="Embedding">The embedding <c>[B, C]</c> (PixArt: raw timestep MLP output plus micro-conditions).</param>
/// <param name="Projected">An optional shared projection (adaLN-single: <c>[B, 6C]</c>).</param>
public sealed record TimestepEmbedding(Tensor Embedding, Tensor? Projected);
