using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Weights;
using PixArt.Nn.Weights;
using static TorchSharp.torch;

namespace PixArt.Plugins.Transformer.Tests;

/// <summary>Bad inputs and wrong checkpoints fail with messages that say what was expected.</summary>
public sealed class BadInputTests
{
    private static PixArtTransformer TinyModel(GoldenCase golden, out PixArtTransformerConfig config)
    {
        config = TestComponents.Config(golden);
        using var source = new PrefixedWeightSource(golden.Data, "official.");
        return PixArtTransformerFactory.Create(TestComponents.Context(), config, source);
    }

    [Fact]
    public void Wrong_latent_channel_count_names_the_expected_count()
    {
        using var golden = GoldenData.Open("transformer_tiny");
        using var model = TinyModel(golden, out var config);
        using var x = golden.Tensor("input.x");
        using var wrong = cat(new[] { x, x[.., ..1] }, 1);
        var error = Assert.Throws<ArgumentException>(() => model.Forward(wrong, golden.Tensor("input.timestep"), TestComponents.Condition(golden)));
        Assert.Contains($"{config.InChannels} latent channels", error.Message);
    }

    [Fact]
    public void Latent_size_not_divisible_by_the_patch_is_rejected()
    {
        using var golden = GoldenData.Open("transformer_tiny");
        using var model = TinyModel(golden, out var config);
        using var x = golden.Tensor("input.x");
        using var odd = x[.., .., ..(int)(x.shape[2] - 1), ..];
        var error = Assert.Throws<ArgumentException>(() => model.Forward(odd, golden.Tensor("input.timestep"), TestComponents.Condition(golden)));
        Assert.Contains($"patch size {config.PatchSize}", error.Message);
    }

    [Fact]
    public void Caption_width_mismatch_names_the_expected_width()
    {
        using var golden = GoldenData.Open("transformer_tiny");
        using var model = TinyModel(golden, out var config);
        using var y = golden.Tensor("input.y");
        using var wide = cat(new[] { y, y }, 2);
        var condition = TestComponents.Condition(golden) with { Caption = wide };
        var error = Assert.Throws<ArgumentException>(() => model.Forward(golden.Tensor("input.x"), golden.Tensor("input.timestep"), condition));
        Assert.Contains($"expects {config.CaptionChannels}", error.Message);
    }

    [Fact]
    public void Missing_micro_conditions_are_reported()
    {
        using var golden = GoldenData.Open("transformer_tiny_ms");
        using var model = TinyModel(golden, out _);
        var condition = TestComponents.Condition(golden) with { Resolution = null };
        var error = Assert.Throws<ArgumentException>(() => model.Forward(golden.Tensor("input.x"), golden.Tensor("input.timestep"), condition));
        Assert.Contains("Resolution", error.Message);
    }

    [Fact]
    public void A_vae_checkpoint_given_as_weights_is_not_a_pixart_transformer()
    {
        using var vae = GoldenData.Open("vae_tiny");
        using var transformer = GoldenData.Open("transformer_tiny");
        var folder = Directory.CreateTempSubdirectory("pixart-vae-");
        try
        {
            var file = Path.Combine(folder.FullName, "vae.safetensors");
            using (var weights = new PrefixedWeightSource(vae.Data, "weights."))
            using (var scope = NewDisposeScope())
                SafetensorsWriter.Write(file, weights.Keys.ToDictionary(k => k, weights.Read));
            var options = TestComponents.OptionsFrom(TestComponents.Config(transformer), file);
            var error = Assert.Throws<WeightFormatException>(() => new PixArtTransformerFactory().Create(TestComponents.Context(options)));
            Assert.Contains("does not look like a PixArt transformer", error.Message);
            Assert.Contains(file, error.Message);
            Assert.Contains("decoder.", error.Message); // lists some of the file's keys
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Checkpoint_of_other_dimensions_lists_the_shape_mismatches_with_the_file()
    {
        using var golden = GoldenData.Open("transformer_tiny");
        var path = Path.Combine(golden.Folder, "official.pth");
        var options = TestComponents.OptionsFrom(TestComponents.Config(golden), path);
        options.Depth = options.Depth + 1;
        var error = Assert.Throws<WeightFormatException>(() => new PixArtTransformerFactory().Create(TestComponents.Context(options)));
        Assert.Contains(path, error.Message);
        Assert.Contains($"the checkpoint has {options.Depth - 1} transformer blocks but PixArt:Denoiser gives depth {options.Depth}", error.Message);
    }

    [Fact]
    public void Options_validation_names_the_property_and_the_allowed_values()
    {
        var options = new PixArtTransformerOptions { Preset = "XL-3", WeightsLayout = "pickle", HiddenSize = 10, Heads = 3 };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);
        Assert.Contains(results, r => r.MemberNames.Contains("Preset") && r.ErrorMessage!.Contains("XL-2-1024-MS"));
        Assert.Contains(results, r => r.MemberNames.Contains("WeightsLayout") && r.ErrorMessage!.Contains("diffusers"));
        Assert.Contains(results, r => r.MemberNames.Contains("HiddenSize") && r.ErrorMessage!.Contains("divisible"));
    }
}
