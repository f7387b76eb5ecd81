using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Weights;
using PixArt.Nn.Weights;
using PixArt.Plugins.SdVae.Tests.Support;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Tests;

/// <summary>Bad paths, configs, checkpoints and options fail early with messages naming what is wrong.</summary>
public sealed class SdVaeErrorTests
{
    [Fact]
    public void MissingFolder_NamesOptionAndPath()
    {
        using var temp = new TempFolder();
        var missing = temp.Combine("no-such-vae");
        var error = Assert.Throws<DirectoryNotFoundException>(() => VaeCase.CreateThroughFactory(missing));
        Assert.Contains("PixArt:Codec:Path", error.Message);
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void FolderWithoutConfig_SaysConfigJsonIsMissing()
    {
        using var golden = VaeCase.Open();
        using var temp = new TempFolder();
        VaeCase.WriteWeights(golden, temp.Combine("diffusion_pytorch_model.safetensors"));
        var error = Assert.Throws<FileNotFoundException>(() => VaeCase.CreateThroughFactory(temp.Path));
        Assert.Contains("config.json", error.Message);
        Assert.Contains(temp.Path, error.Message);
    }

    [Fact]
    public void WeightFileWithoutConfigBeside_SaysConfigJsonIsMissing()
    {
        using var golden = VaeCase.Open();
        using var temp = new TempFolder();
        var file = temp.Combine("vae.safetensors");
        VaeCase.WriteWeights(golden, file);
        var error = Assert.Throws<FileNotFoundException>(() => VaeCase.CreateThroughFactory(file));
        Assert.Contains("config.json", error.Message);
    }

    [Fact]
    public void CheckpointOfAnotherModel_IsReportedFromItsHeadersWithTheFile()
    {
        using var golden = VaeCase.Open();
        using var other = GoldenData.Open("transformer_tiny");
        using var temp = new TempFolder();
        File.WriteAllText(temp.Combine("config.json"), golden.Get("config").GetRawText());
        var file = temp.Combine("diffusion_pytorch_model.safetensors");
        using (var scope = NewDisposeScope())
            SafetensorsWriter.Write(file, other.KeysWithPrefix("weights.").ToDictionary(k => k, k => other.Tensor("weights." + k)));

        var error = Assert.Throws<WeightFormatException>(() => VaeCase.CreateThroughFactory(temp.Path));
        Assert.Contains(file, error.Message);
        // Found from the headers before the VAE is built (issue 9, item 2): the file has none of a VAE's blocks.
        Assert.Contains("holds 0 down and 0 up blocks but", error.Message);
        Assert.Contains("block_out_channels", error.Message);
    }

    [Fact]
    public void WeightsOfAnotherWidth_AreReportedFromTheHeadersBeforeBuilding()
    {
        using var golden = VaeCase.Open();
        using var temp = new TempFolder();
        VaeCase.WriteFolder(golden, temp.Path);
        // Same architecture, doubled widths: every key is present but no shape fits.
        var config = JsonNode.Parse(golden.Get("config").GetRawText())!.AsObject();
        config["block_out_channels"] = new JsonArray(config["block_out_channels"]!.AsArray().Select(w => (JsonNode)JsonValue.Create(w!.GetValue<int>() * 2)).ToArray());
        File.WriteAllText(temp.Combine("config.json"), config.ToJsonString());
        var error = Assert.Throws<WeightFormatException>(() => VaeCase.CreateThroughFactory(temp.Path));
        Assert.Contains("does not match its config: encoder.conv_in.weight is [", error.Message);
        Assert.Contains(temp.Combine("config.json"), error.Message);
    }

    [Theory]
    [InlineData("_class_name", "\"PixArtTransformer2DModel\"", "AutoencoderKL")]
    [InlineData("act_fn", "\"gelu\"", "silu")]
    [InlineData("up_block_types", "[\"UpBlock2D\", \"UpBlock2D\"]", "UpDecoderBlock2D")]
    [InlineData("block_out_channels", "[30, 64]", "norm_num_groups")]
    public void UnsupportedConfig_NamesFileAndField(string field, string value, string expected)
    {
        using var golden = VaeCase.Open();
        using var temp = new TempFolder();
        VaeCase.WriteFolder(golden, temp.Path);
        var config = JsonNode.Parse(golden.Get("config").GetRawText())!.AsObject();
        config[field] = JsonNode.Parse(value);
        File.WriteAllText(temp.Combine("config.json"), config.ToJsonString());
        var error = Assert.Throws<WeightFormatException>(() => VaeCase.CreateThroughFactory(temp.Path));
        Assert.Contains(temp.Combine("config.json"), error.Message);
        Assert.Contains(field, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Options_RequirePath_AndPositiveScalingFactor()
    {
        var options = new SdVaeOptions { Path = "", ScalingFactor = -1 };
        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(SdVaeOptions.Path)));

        // IValidatableObject runs only once the attributes pass.
        options.Path = "vae";
        results.Clear();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(SdVaeOptions.ScalingFactor)));

        options.ScalingFactor = null;
        results.Clear();
        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
    }

    [Fact]
    public void ConfigDefaults_AreDiffusers()
    {
        using var doc = JsonDocument.Parse("{}");
        var config = VaeConfig.Parse(doc.RootElement, "empty");
        Assert.Equal(0.18215, config.ScalingFactor);
        Assert.Equal(new[] { 64 }, config.BlockOutChannels);
        Assert.Equal(1, config.DownsampleFactor);
    }
}
