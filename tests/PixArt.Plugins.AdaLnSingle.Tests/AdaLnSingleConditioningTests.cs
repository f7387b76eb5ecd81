using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Weights;
using PixArt.Nn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Plugins.AdaLnSingle.Tests;

public sealed class AdaLnSingleConditioningTests
{
    private static readonly DenoiserDimensions Dims = new(24, 3, 2, 16, 5);

    [Fact]
    public void Sinusoid_is_cos_first_with_the_reference_frequencies()
    {
        using var scope = NewDisposeScope();
        var e = TimestepSinusoid.Embed(tensor(new float[] { 0, 1 }));
        Assert.Equal(new long[] { 2, 256 }, e.shape);
        Assert.Equal(128f, e[0, ..128].sum().item<float>());
        Assert.Equal(0f, e[0, 128..].abs().sum().item<float>());
        // Reference 1.5 sanity: f_1 = 0.930572, f_127 = 1.0746e-4 (row t = 1 holds cos(f_k), sin(f_k)).
        Assert.Equal(Math.Cos(0.930572), e[1, 1].item<float>(), 5);
        Assert.Equal(Math.Sin(1.0746e-4), e[1, 128 + 127].item<float>(), 6);
    }

    [Fact]
    public void Block_modulation_is_table_plus_shared_projection()
    {
        manual_seed(5);
        using var module = new AdaLnSingleConditioning(Dims, microConditions: false);
        using var scope = NewDisposeScope();
        var emb = module.Embed(tensor(new float[] { 3, 500 }), new ConditionInput(), null);
        var m1 = module.BlockModulation(emb, 1);
        Assert.Equal(new long[] { 2, 6, 24 }, m1.shape);
        var table = module.state_dict()["blocks.1.scale_shift_table"];
        TensorAssert.Close(m1 - emb.Projected!.view(2, 6, 24), table.unsqueeze(0).expand(2, -1, -1), 1e-6, "table");
        var f = module.FinalModulation(emb);
        TensorAssert.Close(f - emb.Embedding.unsqueeze(1), module.state_dict()["final_scale_shift_table"].unsqueeze(0).expand(2, -1, -1), 1e-6, "final table");
    }

    [Fact]
    public void Micro_conditions_are_required_when_enabled()
    {
        using var module = new AdaLnSingleConditioning(Dims, microConditions: true);
        Assert.True(module.UsesMicroConditions);
        var error = Assert.Throws<ArgumentException>(() => module.Embed(tensor(new float[] { 1 }), new ConditionInput(), null));
        Assert.Contains("Resolution", error.Message);
    }

    [Theory]
    [InlineData(CheckpointLayout.Official, false)]
    [InlineData(CheckpointLayout.Official, true)]
    [InlineData(CheckpointLayout.Diffusers, false)]
    [InlineData(CheckpointLayout.Diffusers, true)]
    public void Key_maps_cover_every_tensor(CheckpointLayout layout, bool micro)
    {
        using var module = new AdaLnSingleConditioning(Dims, micro);
        var plan = module.KeyMap(layout).PlanSave(module.state_dict().Keys, out var unmatched);
        Assert.Empty(unmatched);
        Assert.Equal(layout == CheckpointLayout.Official ? "t_block.1.weight" : "adaln_single.linear.weight", plan["t_block.weight"].Single());
        Assert.Equal(layout == CheckpointLayout.Official ? "final_layer.scale_shift_table" : "scale_shift_table", plan["final_scale_shift_table"].Single());
    }
}
