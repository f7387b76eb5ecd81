using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Hosting.Evaluation;

/// <summary>The size of an <see cref="ImageClassifier"/>, stored in <c>classifier.json</c> so the weights load into the same shape.</summary>
/// <param name="InputSize">Side of the square input in pixels; a multiple of 8.</param>
/// <param name="Width">Channels of the first convolution, a multiple of 8; the feature vector is <c>4 × Width</c> wide.</param>
/// <param name="Classes">Number of classes of the head.</param>
public sealed record ClassifierShape(int InputSize, int Width, int Classes)
{
    /// <summary>Width of the penultimate (pooled) feature vector.</summary>
    public int FeatureWidth => 4 * Width;

    /// <summary>Throws <see cref="ArgumentException"/> naming every value out of range.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (InputSize < 8 || InputSize % 8 != 0) problems.Add($"input size {InputSize} must be a positive multiple of 8");
        if (Width < 8 || Width % 8 != 0) problems.Add($"width {Width} must be a positive multiple of 8");
        if (Classes < 2) problems.Add($"{Classes} classes: a classifier needs at least 2");
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems));
    }
}

/// <summary>
/// The evaluation classifier: three resolution levels of 3×3 convolutions (each followed by GroupNorm and SiLU, a stride-2
/// convolution between levels, the first one already at stride 2), global average pooling to the penultimate feature vector
/// (<see cref="ClassifierShape.FeatureWidth"/> wide), and a linear head over the classes. GroupNorm keeps training and
/// inference identical (no running statistics), so features of real and generated images are computed the same way.
/// </summary>
public sealed class ImageClassifier : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d stem;
    private readonly GroupNorm stem_norm;
    private readonly Conv2d conv1;
    private readonly GroupNorm norm1;
    private readonly Conv2d down1;
    private readonly GroupNorm down1_norm;
    private readonly Conv2d conv2;
    private readonly GroupNorm norm2;
    private readonly Conv2d down2;
    private readonly GroupNorm down2_norm;
    private readonly Conv2d conv3;
    private readonly GroupNorm norm3;
    private readonly Linear head;

    private ImageClassifier(ClassifierShape shape) : base(nameof(ImageClassifier))
    {
        Shape = shape;
        var (w1, w2, w3) = (shape.Width, 2 * shape.Width, 4 * shape.Width);
        stem = nn.Conv2d(3, w1, 3, stride: 2, padding: 1);
        stem_norm = Norm(w1);
        conv1 = nn.Conv2d(w1, w1, 3, padding: 1);
        norm1 = Norm(w1);
        down1 = nn.Conv2d(w1, w2, 3, stride: 2, padding: 1);
        down1_norm = Norm(w2);
        conv2 = nn.Conv2d(w2, w2, 3, padding: 1);
        norm2 = Norm(w2);
        down2 = nn.Conv2d(w2, w3, 3, stride: 2, padding: 1);
        down2_norm = Norm(w3);
        conv3 = nn.Conv2d(w3, w3, 3, padding: 1);
        norm3 = Norm(w3);
        head = nn.Linear(w3, shape.Classes);
        RegisterComponents();
    }

    /// <summary>The network's size.</summary>
    public ClassifierShape Shape { get; }

    /// <summary>
    /// A classifier initialised as PyTorch initialises these layers (convolution and linear weights and biases uniform in
    /// ±1/√fan_in, norm scales 1 and shifts 0), drawn from a generator seeded with <paramref name="seed"/>, so the start
    /// does not depend on the global generator. Throws <see cref="ArgumentException"/> for an invalid shape.
    /// </summary>
    public static ImageClassifier Create(ClassifierShape shape, long seed = 0)
    {
        shape.Validate();
        var classifier = new ImageClassifier(shape);
        using var generator = new Generator((ulong)seed, CPU);
        using var noGrad = no_grad();
        foreach (var (module, fanIn) in classifier.WeightedLayers())
        {
            var bound = 1.0 / Math.Sqrt(fanIn);
            foreach (var (_, parameter) in module.named_parameters())
            {
                using var draw = rand(parameter.shape, ScalarType.Float32, CPU, generator: generator).mul_(2 * bound).sub_(bound);
                parameter.copy_(draw);
            }
        }
        // Set explicitly: TorchSharp 0.107's GroupNorm leaves its affine parameters uninitialised (NaN seen in practice).
        foreach (var norm in classifier.Norms())
        {
            norm.weight!.fill_(1.0);
            norm.bias!.zero_();
        }
        return classifier;
    }

    private IEnumerable<GroupNorm> Norms() => [stem_norm, norm1, down1_norm, norm2, down2_norm, norm3];

    // Convolutions and the head with their fan-in (in channels × kernel area).
    private IEnumerable<(nn.Module Module, long FanIn)> WeightedLayers()
    {
        foreach (var conv in new[] { stem, conv1, down1, conv2, down2, conv3 })
            yield return (conv, conv.weight!.shape[1] * conv.weight.shape[2] * conv.weight.shape[3]);
        yield return (head, head.weight!.shape[1]);
    }

    /// <summary>
    /// Penultimate features <c>[B, 4·Width]</c> float32 of images <c>[B, 3, InputSize, InputSize]</c> float32 in [−1, 1];
    /// throws <see cref="ArgumentException"/> for another shape.
    /// </summary>
    public Tensor Features(Tensor images)
    {
        CheckInput(images);
        using var scope = NewDisposeScope();
        var x = Block(images, stem, stem_norm);
        x = Block(x, conv1, norm1);
        x = Block(x, down1, down1_norm);
        x = Block(x, conv2, norm2);
        x = Block(x, down2, down2_norm);
        x = Block(x, conv3, norm3);      // [B, 4W, S/8, S/8]
        return scope.MoveToOuter(x.mean([2, 3])); // [B, 4W]
    }

    /// <summary>Class logits <c>[B, Classes]</c> float32 of images <c>[B, 3, InputSize, InputSize]</c> float32 in [−1, 1].</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(Logits(Features(images)));
    }

    /// <summary>Class logits <c>[B, Classes]</c> of penultimate features <c>[B, 4·Width]</c>.</summary>
    public Tensor Logits(Tensor features) => head.forward(features);

    private void CheckInput(Tensor images)
    {
        var s = Shape.InputSize;
        if (images.dim() != 4 || images.shape[1] != 3 || images.shape[2] != s || images.shape[3] != s)
            throw new ArgumentException($"expected images [B, 3, {s}, {s}], got [{string.Join(", ", images.shape)}]", nameof(images));
    }

    private static Tensor Block(Tensor x, Conv2d conv, GroupNorm norm) => nn.functional.silu(norm.forward(conv.forward(x)));

    private static GroupNorm Norm(int channels) => nn.GroupNorm(8, channels);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var module in new nn.Module[] { stem, stem_norm, conv1, norm1, down1, down1_norm, conv2, norm2, down2, down2_norm, conv3, norm3, head })
                module.Dispose();
        }
        base.Dispose(disposing);
    }
}
