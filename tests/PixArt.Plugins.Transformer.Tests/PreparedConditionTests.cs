using PixArt.Abstractions.Conditioning;
using PixArt.Nn.Weights;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Plugins.ClassConditioning;
using static TorchSharp.torch;

namespace PixArt.Plugins.Transformer.Tests;

/// <summary>
/// A condition prepared once per generation (caption projection, attention bias, every block's keys and values) gives
/// the same output as preparing it in every forward, to the bit, over several timesteps; a condition prepared by another
/// denoiser is refused.
/// </summary>
public sealed class PreparedConditionTests
{
    [Theory]
    [InlineData("transformer_tiny")]
    [InlineData("transformer_tiny_ms")]
    public void Prepared_once_equals_prepared_per_forward_bit_for_bit(string caseName)
    {
        using var golden = GoldenData.Open(caseName);
        using var source = new PrefixedWeightSource(golden.Data, "weights.");
        using var model = PixArtTransformerFactory.Create(TestComponents.Context(), TestComponents.Config(golden), source);
        var condition = TestComponents.Condition(golden);
        using var x = golden.Tensor("input.x");
        using var noGrad = inference_mode();
        using var prepared = model.Prepare(condition);
        foreach (var step in new[] { 999f, 500f, 1f })
        {
            using var t = full(new[] { x.shape[0] }, step, ScalarType.Float32);
            using var perForward = model.Forward(x, t, condition);
            using var once = model.Forward(x, t, prepared);
            Assert.True(perForward.equal(once).all().item<bool>(), $"t = {step}: max difference {(perForward - once).abs().max().item<float>()}");
        }

        // The prepared state really is reused: with the caption projection changed afterwards, the prepared forward still
        // sees the keys and values computed before, a per-forward one does not.
        using var t500 = full(new[] { x.shape[0] }, 500f, ScalarType.Float32);
        using var before = model.Forward(x, t500, prepared);
        foreach (var (name, p) in model.TextConditioning.named_parameters())
            if (name.StartsWith("y_proj.", StringComparison.Ordinal)) p.mul_(0.5);
        using var after = model.Forward(x, t500, prepared);
        using var fresh = model.Forward(x, t500, condition);
        Assert.True(before.equal(after).all().item<bool>());
        Assert.False(before.equal(fresh).all().item<bool>());
    }

    [Fact]
    public void Class_conditioning_prepares_too_and_a_foreign_condition_is_refused()
    {
        var options = new PixArtTransformerOptions { HiddenSize = 32, Heads = 2, Depth = 2, SampleSize = 8, InChannels = 4, OutChannels = 8 };
        var factory = new PixArtTransformerFactory();
        using var model = factory.Create(TestComponents.Context(options, "adaln-zero", "class-label", textOptions: new ClassLabelOptions { NumClasses = 5 }));
        using var other = factory.Create(TestComponents.Context(options, "adaln-zero", "class-label", textOptions: new ClassLabelOptions { NumClasses = 5 }));
        var condition = new ConditionInput { ClassLabels = tensor(new long[] { 1, 3 }) };
        using var x = randn(2, 4, 8, 8);
        using var t = tensor(new[] { 10f, 700f });
        using var noGrad = inference_mode();
        using var prepared = model.Prepare(condition);
        using var perForward = model.Forward(x, t, condition);
        using var once = model.Forward(x, t, prepared);
        Assert.True(perForward.equal(once).all().item<bool>());

        var error = Assert.Throws<ArgumentException>(() => other.Forward(x, t, prepared));
        Assert.Contains("prepared by another denoiser", error.Message);
    }
}
