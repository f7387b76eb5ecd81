namespace PixArt.Nn.Layers;

/// <summary>
/// Parameter counts of the layers here, for a factory's <c>Describe</c>: the size of a model is known (and its memory
/// estimated) before anything is allocated. Each count equals what the layer's constructor allocates.
/// </summary>
public static class ParameterCounts
{
    /// <summary>A linear layer (<see cref="FusedLinear"/>): <c>in·out</c> weights plus <c>out</c> biases.</summary>
    public static long Linear(long inFeatures, long outFeatures, bool bias = true) => inFeatures * outFeatures + (bias ? outFeatures : 0);

    /// <summary><see cref="Mlp"/>: two linears.</summary>
    public static long Mlp(long inFeatures, long hiddenFeatures, long outFeatures) =>
        Linear(inFeatures, hiddenFeatures) + Linear(hiddenFeatures, outFeatures);

    /// <summary><see cref="TimestepEmbedder"/>: sinusoid features → width → width.</summary>
    public static long TimestepEmbedder(long outFeatures, int frequencyDim = TimestepSinusoid.DefaultDim) =>
        Linear(frequencyDim, outFeatures) + Linear(outFeatures, outFeatures);

    /// <summary><see cref="SelfAttention"/>: fused qkv and the output projection.</summary>
    public static long SelfAttention(long hiddenSize) => Linear(hiddenSize, 3 * hiddenSize) + Linear(hiddenSize, hiddenSize);

    /// <summary><see cref="CrossAttention"/>: q, fused kv and the output projection.</summary>
    public static long CrossAttention(long hiddenSize) =>
        Linear(hiddenSize, hiddenSize) + Linear(hiddenSize, 2 * hiddenSize) + Linear(hiddenSize, hiddenSize);
}
