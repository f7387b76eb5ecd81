using static TorchSharp.torch;

namespace PixArt.Nn.Layers;

/// <summary>The normalisation and modulation PixArt and DiT blocks share.</summary>
public static class AdaptiveNorm
{
    /// <summary>The epsilon of every LayerNorm inside the PixArt/DiT backbone.</summary>
    public const double Epsilon = 1e-6;

    /// <summary>LayerNorm over the last dimension without learnable affine, eps 1e-6.</summary>
    public static Tensor LayerNorm(Tensor x) => nn.functional.layer_norm(x, new[] { x.shape[^1] }, null, null, Epsilon);

    /// <summary><c>x ⊙ (1 + scale) + shift</c> (PixArt's <c>t2i_modulate</c>, DiT's <c>modulate</c>); shift and scale broadcast over tokens.</summary>
    public static Tensor Modulate(Tensor x, Tensor shift, Tensor scale)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(addcmul(shift, x, scale + 1.0, 1));
    }

    /// <summary>LayerNorm then <see cref="Modulate"/>.</summary>
    public static Tensor NormModulate(Tensor x, Tensor shift, Tensor scale)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(Modulate(LayerNorm(x), shift, scale));
    }
}
