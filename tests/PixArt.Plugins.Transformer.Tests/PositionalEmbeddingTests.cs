using PixArt.Nn.Layers;
using static TorchSharp.torch;

namespace PixArt.Plugins.Transformer.Tests;

/// <summary>The 2-D sin-cos positional embedding (reference 1.4) and its cache.</summary>
public sealed class PositionalEmbeddingTests
{
    [Fact]
    public void Origin_token_is_sin0_cos1_and_axes_are_column_then_row()
    {
        using var pe = new SinCosPositionalEmbedding(16, 4, 1);
        using var table = pe.Build(3, 5); // [1, 15, 16]
        var q = 4;
        using var origin = table[0, 0];
        var expected = new float[] { 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1 };
        Assert.Equal(expected, origin.data<float>().ToArray());
        // Token (i=0, j=1): column coordinate 1/(5/4) = 0.8 in the first half, row 0 in the second.
        using var right = table[0, 1];
        Assert.Equal(Math.Sin(0.8f), right[0].item<float>(), 5);
        Assert.Equal(0f, right[2 * q].item<float>(), 6);
        // Token (i=1, j=0): row coordinate 1/(3/4) in the second half.
        using var down = table[0, 5];
        Assert.Equal(0f, down[0].item<float>(), 6);
        Assert.Equal(Math.Sin((float)(1 / (3.0 / 4))), down[2 * q].item<float>(), 5);
    }

    [Fact]
    public void Interpolation_scale_halves_the_coordinates_and_the_table_is_cached()
    {
        using var pe = new SinCosPositionalEmbedding(8, 4, 2);
        using var table = pe.Build(4, 4);
        Assert.Equal(Math.Sin(0.5), table[0, 1, 0].item<float>(), 5);
        var first = pe.Get(4, 4, CPU, ScalarType.Float32);
        var second = pe.Get(4, 4, CPU, ScalarType.Float32);
        Assert.Same(first, second);
        Assert.NotSame(first, pe.Get(4, 6, CPU, ScalarType.Float32));
    }
}
