using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Weights;
using PixArt.Nn.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.ClassConditioning;

/// <summary>
/// DiT class conditioning: <c>embedding_table [NumClasses + 1, C]</c> (last row = the null class) gives a vector added to
/// the timestep embedding; blocks are left unchanged.
/// </summary>
public sealed class ClassLabelConditioning : TextConditioningModule
{
    private readonly Embedding embedding_table;
    private bool _learnedNull;

    /// <summary>
    /// Creates the module (N(0, 0.02) initialisation as DiT); <paramref name="learnedNullClass"/> says whether a checkpoint
    /// with the trained null-class row is about to be loaded.
    /// </summary>
    public ClassLabelConditioning(DenoiserDimensions dimensions, int numClasses, bool learnedNullClass = false) : base("class_label")
    {
        _numClasses = numClasses;
        embedding_table = nn.Embedding(numClasses + 1, dimensions.HiddenSize);
        RegisterComponents();
        InitializeWeights();
        _learnedNull = learnedNullClass;
    }

    /// <summary>Parameters the module allocates: one row per class plus the null class.</summary>
    public static long ParameterCount(DenoiserDimensions dimensions, int numClasses) => (numClasses + 1L) * dimensions.HiddenSize;

    /// <summary>Number of real classes; index <see cref="NumClasses"/> is the null class.</summary>
    public override int? NumClasses => _numClasses;

    private readonly int _numClasses;

    /// <inheritdoc />
    public override int? CaptionChannels => null;

    /// <inheritdoc />
    public override int? NullConditionTokens => null;

    /// <inheritdoc />
    public override bool HasLearnedNullCondition => _learnedNull;

    /// <inheritdoc />
    public override void MarkNullConditionTrained() => _learnedNull = true;

    /// <inheritdoc />
    public override TextConditioningState Prepare(ConditionInput condition)
    {
        var labels = condition.ClassLabels ?? throw new ArgumentException("class-label conditioning needs ConditionInput.ClassLabels [B] (int64)");
        if (labels.dim() != 1) throw new ArgumentException($"ConditionInput.ClassLabels must be [B], got [{string.Join(", ", labels.shape)}]");
        var device = embedding_table.weight!.device;
        labels = labels.to(ScalarType.Int64, device);
        if (condition.DropMask is { } drop)
            labels = where(drop.to(ScalarType.Bool, device), full_like(labels, _numClasses), labels);
        return new TextConditioningState(null, null, embedding_table.forward(labels)); // Vector [B, C]
    }

    /// <inheritdoc />
    public override Tensor ApplyToBlock(int block, Tensor tokens, TextConditioningState state) => tokens.alias();

    /// <inheritdoc />
    public override ConditionInput NullCondition(ConditionInput like)
    {
        var labels = like.ClassLabels ?? throw new ArgumentException("NullCondition needs the prompt condition's ClassLabels to know the batch");
        return like with { ClassLabels = full(labels.shape[0], (long)_numClasses, ScalarType.Int64, labels.device), DropMask = null };
    }

    /// <inheritdoc />
    public override WeightKeyMap KeyMap(CheckpointLayout layout) => layout switch
    {
        CheckpointLayout.Native => NativeKeyMap.For(this),
        CheckpointLayout.Official => new WeightKeyMap().Rename("y_embedder.embedding_table.weight", "embedding_table.weight"),
        CheckpointLayout.Diffusers => throw new NotSupportedException(
            "class-label has no diffusers layout (diffusers' DiT embeds the class inside every block's norm); use the official (DiT) or native layout"),
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "unknown checkpoint layout"),
    };

    /// <inheritdoc />
    public override void InitializeWeights()
    {
        using var noGrad = no_grad();
        nn.init.normal_(embedding_table.weight!, 0, 0.02);
        _learnedNull = false;
    }
}
