using static TorchSharp.torch;

namespace PixArt.Nn.Layers;

/// <summary>Turns a 0/1 keep-mask into the additive attention bias diffusers uses for PixArt: <c>(1 − m)·(−10000)</c>.</summary>
public static class AttentionBias
{
    /// <summary>The masked-out value; exp(−10000) is exactly 0 in fp16/bf16/fp32, as in diffusers.</summary>
    public const double MaskedValue = -10000.0;

    /// <summary>Bias <c>[B, 1, 1, L]</c> in <paramref name="dtype"/> from <paramref name="mask"/> <c>[B, L]</c> (1 = keep; bool or numeric).</summary>
    public static Tensor FromMask(Tensor mask, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var keep = mask.to_type(dtype);                                  // [B, L]
        var bias = (1.0 - keep) * MaskedValue;                           // [B, L]
        return scope.MoveToOuter(bias.view(mask.shape[0], 1, 1, mask.shape[1]));
    }
}
