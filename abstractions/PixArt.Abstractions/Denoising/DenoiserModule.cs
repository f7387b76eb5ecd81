using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Denoising;

/// <summary>
/// A denoising backbone: (latents, timesteps, condition) to model output. Works under inference mode and with autograd.
/// </summary>
public abstract class DenoiserModule : nn.Module
{
    /// <summary>Creates the module.</summary>
    protected DenoiserModule(string name) : base(name) { }

    /// <summary>Static facts (channels, patch size, learned σ, dimensions).</summary>
    public abstract DenoiserInfo Info { get; }

    /// <summary>The timestep-conditioning component in use.</summary>
    public abstract TimestepConditioningModule TimestepConditioning { get; }

    /// <summary>The text-conditioning component in use.</summary>
    public abstract TextConditioningModule TextConditioning { get; }

    /// <summary>
    /// Predicts <c>[B, OutChannels, H, W]</c> from latents <c>[B, InChannels, H, W]</c> and timesteps <c>[B]</c>
    /// (float; fractional allowed). Throws <see cref="ArgumentException"/> with the expected shape on bad input.
    /// </summary>
    public abstract Tensor Forward(Tensor latents, Tensor timesteps, ConditionInput condition);

    /// <summary>
    /// Prepares <paramref name="condition"/> once for many forwards (a generation's steps, guidance batch included).
    /// The default precomputes nothing; a denoiser that overrides it must give results identical to
    /// <see cref="Forward(Tensor, Tensor, ConditionInput)"/> to the bit, since generation always takes this path.
    /// </summary>
    public virtual PreparedCondition Prepare(ConditionInput condition) => new(this, condition, null);

    /// <summary>
    /// <see cref="Forward(Tensor, Tensor, ConditionInput)"/> with a condition <see cref="Prepare"/>d by this denoiser.
    /// Throws <see cref="ArgumentException"/> for a condition prepared by another denoiser.
    /// </summary>
    public virtual Tensor Forward(Tensor latents, Tensor timesteps, PreparedCondition condition)
    {
        RequirePreparedHere(condition);
        return Forward(latents, timesteps, condition.Input);
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="condition"/> was prepared by this denoiser (for overrides of the prepared forward).</summary>
    protected void RequirePreparedHere(PreparedCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (!ReferenceEquals(condition.Owner, this)) throw new ArgumentException("the condition was prepared by another denoiser", nameof(condition));
    }

    /// <summary>The unconditional input for classifier-free guidance (delegates to the text conditioning).</summary>
    public ConditionInput NullCondition(ConditionInput like) => TextConditioning.NullCondition(like);

    /// <summary>Key map of the whole model for <paramref name="layout"/> (backbone plus both conditioning components).</summary>
    public abstract WeightKeyMap KeyMap(CheckpointLayout layout);

    /// <summary>Re-initialises every weight as for training from scratch (conditioning components included).</summary>
    public abstract void InitializeWeights();

    /// <summary>
    /// Stage 1 → stage 2 transfer (reference 7.3): copies the backbone of <paramref name="source"/> (same dimensions, another
    /// conditioning), initialises this model's timestep conditioning from the source's at <paramref name="timestep"/>
    /// (<see cref="TimestepConditioningModule.InitializeFrom"/>) and its text conditioning fresh. Throws
    /// <see cref="ArgumentException"/> naming mismatched backbone tensors.
    /// </summary>
    public abstract void InitializeFrom(DenoiserModule source, float timestep);
}
