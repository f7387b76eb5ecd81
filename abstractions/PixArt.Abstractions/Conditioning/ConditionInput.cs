using static TorchSharp.torch;

namespace PixArt.Abstractions.Conditioning;

/// <summary>
/// Everything a denoiser is conditioned on besides the timestep. Not an owner: the caller keeps the tensors alive.
/// Which fields are needed depends on the configured conditioning components.
/// </summary>
public sealed record ConditionInput
{
    /// <summary>Caption token features from the text encoder <c>[B, L, Ccap]</c>.</summary>
    public Tensor? Caption { get; init; }

    /// <summary>Caption padding mask <c>[B, L]</c>, 1 = keep.</summary>
    public Tensor? CaptionMask { get; init; }

    /// <summary>Class labels <c>[B]</c> (int64) for class-conditional models.</summary>
    public Tensor? ClassLabels { get; init; }

    /// <summary>Micro-condition: image height and width in pixels <c>[B, 2]</c> (multi-scale models).</summary>
    public Tensor? Resolution { get; init; }

    /// <summary>Micro-condition: aspect ratio <c>[B, 1]</c> (multi-scale models).</summary>
    public Tensor? AspectRatio { get; init; }

    /// <summary>
    /// Samples to replace by the learned null condition <c>[B]</c> (bool), for caption/class dropout in training.
    /// </summary>
    public Tensor? DropMask { get; init; }

    /// <summary>Concatenates two inputs along the batch (for batched classifier-free guidance); null fields stay null.</summary>
    public static ConditionInput Concat(ConditionInput first, ConditionInput second) => new()
    {
        Caption = Cat(first.Caption, second.Caption, nameof(Caption)),
        CaptionMask = Cat(first.CaptionMask, second.CaptionMask, nameof(CaptionMask)),
        ClassLabels = Cat(first.ClassLabels, second.ClassLabels, nameof(ClassLabels)),
        Resolution = Cat(first.Resolution, second.Resolution, nameof(Resolution)),
        AspectRatio = Cat(first.AspectRatio, second.AspectRatio, nameof(AspectRatio)),
        DropMask = Cat(first.DropMask, second.DropMask, nameof(DropMask)),
    };

    private static Tensor? Cat(Tensor? a, Tensor? b, string name)
    {
        if (a is null && b is null) return null;
        if (a is null || b is null) throw new ArgumentException($"cannot concatenate condition inputs: {name} is set on one side only");
        return cat(new[] { a, b }, 0);
    }
}
