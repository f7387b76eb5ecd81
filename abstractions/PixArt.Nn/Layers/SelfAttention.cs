using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Nn.Layers;

/// <summary>
/// Multi-head self-attention with one fused q/k/v projection (<c>qkv</c>: features q, then k, then v) and an output
/// projection (<c>proj</c>), computed with <c>scaled_dot_product_attention</c> (scale 1/√head_dim).
/// </summary>
public sealed class SelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly FusedLinear qkv;
    private readonly FusedLinear proj;
    private readonly long _heads;

    /// <summary>Creates the layer for width <paramref name="hiddenSize"/> split into <paramref name="heads"/> heads.</summary>
    public SelfAttention(long hiddenSize, long heads, string name = "attn") : base(name)
    {
        if (hiddenSize % heads != 0)
            throw new ArgumentException($"hidden size {hiddenSize} is not divisible by the head count {heads}", nameof(heads));
        _heads = heads;
        qkv = new FusedLinear(hiddenSize, 3 * hiddenSize);
        proj = new FusedLinear(hiddenSize, hiddenSize);
        RegisterComponents();
    }

    /// <summary>The fused q/k/v projection.</summary>
    public FusedLinear Qkv => qkv;

    /// <summary>The output projection.</summary>
    public FusedLinear Proj => proj;

    /// <inheritdoc />
    public override Tensor forward(Tensor x) // [B, T, C]
    {
        using var scope = NewDisposeScope();
        var (b, t, c) = (x.shape[0], x.shape[1], x.shape[2]);
        var parts = qkv.forward(x).view(b, t, 3, _heads, c / _heads).permute(2, 0, 3, 1, 4); // [3, B, H, T, D]
        var attended = nn.functional.scaled_dot_product_attention(parts[0], parts[1], parts[2]); // [B, H, T, D]
        var merged = attended.transpose(1, 2).reshape(b, t, c);                                  // [B, T, C]
        return scope.MoveToOuter(proj.forward(merged));
    }
}
