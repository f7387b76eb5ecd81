using PixArt.Abstractions.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Conditioning;

/// <summary>
/// How the condition reaches the backbone: per-block operations on the token stream (cross-attention) and/or a
/// vector added to the timestep embedding (class label). Owns the null condition used for guidance and dropout.
/// The denoiser registers it as its submodule <c>text_conditioning</c>.
/// </summary>
public abstract class TextConditioningModule : nn.Module
{
    /// <summary>Creates the module.</summary>
    protected TextConditioningModule(string name) : base(name) { }

    /// <summary>Prepares the condition once per forward (projection, null substitution for <see cref="ConditionInput.DropMask"/>).</summary>
    public abstract TextConditioningState Prepare(ConditionInput condition);

    /// <summary>Applies the block-<paramref name="block"/> operation to tokens <c>[B, T, C]</c>; returns the new tokens.</summary>
    public abstract Tensor ApplyToBlock(int block, Tensor tokens, TextConditioningState state);

    /// <summary>The unconditional input matching <paramref name="like"/> (same batch, device, mask semantics).</summary>
    public abstract ConditionInput NullCondition(ConditionInput like);

    /// <summary>How an external checkpoint layout's keys map onto this module's state-dict keys.</summary>
    public abstract WeightKeyMap KeyMap(CheckpointLayout layout);

    /// <summary>Caption feature width expected in <see cref="ConditionInput.Caption"/>, or null when captions are not used.</summary>
    public abstract int? CaptionChannels { get; }

    /// <summary>Token count of the learned null caption, or null when the module has none (class labels).</summary>
    public abstract int? NullConditionTokens { get; }

    /// <summary>
    /// Number of classes of a class-label conditioning (<see cref="ConditionInput.ClassLabels"/> take 0 … NumClasses − 1), or
    /// null when the module conditions on captions.
    /// </summary>
    public virtual int? NumClasses => null;

    /// <summary>
    /// Whether the null condition holds trained values: decided when the module is created (the checkpoint carried them)
    /// and false after <see cref="InitializeWeights"/>. Without them, guidance encodes a negative prompt instead.
    /// </summary>
    public abstract bool HasLearnedNullCondition { get; }

    /// <summary>
    /// Records that training with condition dropout has taught the model its null condition (the null caption or class it
    /// substitutes for dropped samples), so <see cref="HasLearnedNullCondition"/> becomes true: checkpoints written from the
    /// module then carry it and guidance uses it. The default does nothing (a module without a null condition of its own).
    /// </summary>
    public virtual void MarkNullConditionTrained() { }

    /// <summary>Applies the re-initialisation a module gets when training starts from scratch (the null condition is then not learned).</summary>
    public abstract void InitializeWeights();
}

/// <summary>
/// The prepared condition: per forward (tensors in the forward's scope), or per generation inside a
/// <see cref="Denoising.PreparedCondition"/> (which owns and disposes them).
/// </summary>
/// <param name="Tokens">Projected caption tokens <c>[B, L, C]</c>, when the module uses tokens.</param>
/// <param name="Mask">Their mask <c>[B, L]</c>.</param>
/// <param name="Vector">A vector <c>[B, C]</c> to add to the timestep embedding, when the module produces one.</param>
/// <param name="AttentionBias">The additive attention bias <c>[B, 1, 1, L]</c> built from <paramref name="Mask"/> once per forward, when masked.</param>
public sealed record TextConditioningState(Tensor? Tokens, Tensor? Mask, Tensor? Vector, Tensor? AttentionBias = null) : IDisposable
{
    /// <summary>
    /// Per-block context computed from <see cref="Tokens"/> once rather than in every block's call (cross-attention: each
    /// block's keys and values <c>[2, B, H, L, D]</c>), indexed by block; null when the module precomputes nothing.
    /// </summary>
    public IReadOnlyList<Tensor>? BlockContext { get; init; }

    /// <summary>Every tensor the state holds.</summary>
    public IEnumerable<Tensor> Tensors =>
        new[] { Tokens, Mask, Vector, AttentionBias }.Concat(BlockContext ?? []).OfType<Tensor>();

    /// <summary>Disposes every tensor (for a state owned beyond a forward's scope).</summary>
    public void Dispose()
    {
        foreach (var tensor in Tensors) tensor.Dispose();
    }
}
