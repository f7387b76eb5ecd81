using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Nn.Layers;

/// <summary>
/// Multi-head cross-attention from image tokens to context tokens: <c>q_linear</c> on the tokens, one fused
/// <c>kv_linear</c> on the context (features k, then v), <c>proj</c> on the result. Padding is excluded through an
/// additive bias (see <see cref="AttentionBias"/>).
/// </summary>
public sealed class CrossAttention : nn.Module<Tensor, Tensor, Tensor?, Tensor>
{
    private readonly FusedLinear q_linear;
    private readonly FusedLinear kv_linear;
    private readonly FusedLinear proj;
    private readonly long _heads;

    /// <summary>Creates the layer; the context has already been projected to <paramref name="hiddenSize"/>.</summary>
    public CrossAttention(long hiddenSize, long heads, string name = "cross_attn") : base(name)
    {
        if (hiddenSize % heads != 0)
            throw new ArgumentException($"hidden size {hiddenSize} is not divisible by the head count {heads}", nameof(heads));
        _heads = heads;
        q_linear = new FusedLinear(hiddenSize, hiddenSize);
        kv_linear = new FusedLinear(hiddenSize, 2 * hiddenSize);
        proj = new FusedLinear(hiddenSize, hiddenSize);
        RegisterComponents();
    }

    /// <summary>The output projection (zero-initialised when training from scratch).</summary>
    public FusedLinear Proj => proj;

    /// <summary>
    /// Attends <paramref name="x"/> <c>[B, T, C]</c> to <paramref name="context"/> <c>[B, L, C]</c>;
    /// <paramref name="bias"/> is an additive bias broadcastable to <c>[B, H, T, L]</c> (usually <c>[B, 1, 1, L]</c>).
    /// Returns the attention output only (the caller adds the residual).
    /// </summary>
    public override Tensor forward(Tensor x, Tensor context, Tensor? bias)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(Attend(x, KeysValues(context), bias));
    }

    /// <summary>
    /// The keys and values of <paramref name="context"/> <c>[B, L, C]</c>: <c>[2, B, H, L, D]</c> (a view of one fused
    /// projection). They depend on the context only, so a generation computes them once for all its steps.
    /// </summary>
    public Tensor KeysValues(Tensor context)
    {
        var (b, l, c) = (context.shape[0], context.shape[1], context.shape[2]);
        return kv_linear.forward(context).view(b, l, 2, _heads, c / _heads).permute(2, 0, 3, 1, 4);
    }

    /// <summary>Attends <paramref name="x"/> <c>[B, T, C]</c> to precomputed <paramref name="keysValues"/> (<see cref="KeysValues"/>); as <see cref="forward"/>.</summary>
    public Tensor Attend(Tensor x, Tensor keysValues, Tensor? bias)
    {
        using var scope = NewDisposeScope();
        var (b, t, c) = (x.shape[0], x.shape[1], x.shape[2]);
        var q = q_linear.forward(x).view(b, t, _heads, c / _heads).transpose(1, 2);               // [B, H, T, D]
        var attended = nn.functional.scaled_dot_product_attention(q, keysValues[0], keysValues[1], bias); // [B, H, T, D]
        var merged = attended.transpose(1, 2).reshape(b, t, c);                                  // [B, T, C]
        return scope.MoveToOuter(proj.forward(merged));
    }
}
