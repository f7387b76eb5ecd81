using static TorchSharp.torch;

namespace PixArt.Hosting.Evaluation;

/// <summary>
/// How often the true class is the classifier's first choice (<see cref="Top1"/>) and among its five best
/// (<see cref="Top5"/>; among all classes when there are fewer than five), over <see cref="Count"/> images.
/// </summary>
/// <param name="Top1">Fraction of images whose highest logit is their class.</param>
/// <param name="Top5">Fraction of images whose class is among the five highest logits.</param>
/// <param name="Count">Images scored.</param>
public sealed record TopKAccuracy(double Top1, double Top5, int Count)
{
    /// <summary>
    /// Scores <paramref name="logits"/> <c>[N, K]</c> (any float dtype) against <paramref name="labels"/> <c>[N]</c> int64.
    /// Throws <see cref="ArgumentException"/> when the shapes disagree or N is 0.
    /// </summary>
    public static TopKAccuracy Of(Tensor logits, Tensor labels)
    {
        if (logits.dim() != 2 || labels.dim() != 1 || logits.shape[0] != labels.shape[0])
            throw new ArgumentException($"expected logits [N, K] and labels [N], got [{string.Join(", ", logits.shape)}] and [{string.Join(", ", labels.shape)}]");
        var count = (int)labels.shape[0];
        if (count == 0) throw new ArgumentException("no images to score", nameof(labels));
        using var scope = NewDisposeScope();
        var k = (int)Math.Min(5, logits.shape[1]);
        var (_, best) = logits.topk(k, dim: 1);                        // [N, k]
        var hits = best.eq(labels.to(best.device).unsqueeze(1));       // [N, k]
        var top1 = hits.select(1, 0).to(ScalarType.Float64).mean().item<double>();
        var top5 = hits.any(1).to(ScalarType.Float64).mean().item<double>();
        return new TopKAccuracy(top1, top5, count);
    }

    /// <summary>The chance level of top-1 and top-5 over <paramref name="classes"/> classes: 1/K and min(5, K)/K.</summary>
    public static (double Top1, double Top5) Chance(int classes) => (1.0 / classes, Math.Min(5, classes) / (double)classes);
}
