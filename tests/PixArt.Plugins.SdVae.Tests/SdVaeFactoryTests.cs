using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Weights;
using PixArt.Plugins.SdVae.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Tests;

/// <summary>Creating the codec from files on disk, as the host does.</summary>
public sealed class SdVaeFactoryTests(ITestOutputHelper output)
{
    [Fact]
    public void Folder_WithConfigAndSafetensors_GivesReferenceOutputs()
    {
        using var golden = VaeCase.Open();
        using var temp = new TempFolder();
        VaeCase.WriteFolder(golden, temp.Path);
        using var codec = VaeCase.CreateThroughFactory(temp.Path);
        AssertMatchesReference(golden, codec, "folder");
    }

    [Fact]
    public void OldAttentionNames_LoadToTheSameModel()
    {
        using var golden = VaeCase.Open();
        using var temp = new TempFolder();
        var renamed = 0;
        VaeCase.WriteFolder(golden, temp.Path, key =>
        {
            var old = VaeWeightKeys.OldName(key);
            if (old is null) return key;
            renamed++;
            return old;
        });
        // Every attention linear (q, k, v, out: weight and bias) of both mid blocks must have been renamed,
        // otherwise this test would only repeat the one above.
        var attentionLinears = golden.KeysWithPrefix(VaeCase.WeightPrefix).Count(k => k.Contains(".attentions.") && !k.Contains("group_norm"));
        Assert.True(attentionLinears > 0, "the reference case has no mid-block attention keys to rename");
        Assert.Equal(attentionLinears, renamed);
        using var codec = VaeCase.CreateThroughFactory(temp.Path);
        AssertMatchesReference(golden, codec, "old attention names");
    }

    [Fact]
    public void WeightFile_WithConfigBeside_IsAccepted()
    {
        using var golden = VaeCase.Open();
        using var temp = new TempFolder();
        VaeCase.WriteFolder(golden, temp.Path, weightFile: "vae.safetensors");
        using var codec = VaeCase.CreateThroughFactory(temp.Combine("vae.safetensors"));
        AssertMatchesReference(golden, codec, "weight file");
    }

    [Fact]
    public void PipelineFolder_UsesItsVaeSubfolder_AndRelativePathsResolveAgainstBaseDirectory()
    {
        using var golden = VaeCase.Open();
        using var temp = new TempFolder();
        VaeCase.WriteFolder(golden, temp.Combine("model", "vae"));
        using var codec = VaeCase.CreateThroughFactory("model", baseDirectory: temp.Path);
        Assert.Equal(golden.Get("config").GetProperty("latent_channels").GetInt32(), codec.LatentChannels);
    }

    [Fact]
    public void ScalingFactorOption_OverridesConfig()
    {
        using var golden = VaeCase.Open();
        using var temp = new TempFolder();
        VaeCase.WriteFolder(golden, temp.Path);
        var fromConfig = golden.Get("config").GetProperty("scaling_factor").GetDouble();
        var overridden = fromConfig * 2 + 0.5;
        using var codec = VaeCase.CreateThroughFactory(temp.Path, overridden);
        Assert.Equal(overridden, codec.ScalingFactor);
    }

    [Fact]
    public void BothAttentionNamings_InOneFile_AreRejected()
    {
        using var golden = VaeCase.Open();
        using var temp = new TempFolder();
        VaeCase.WriteFolder(golden, temp.Path);
        using (var scope = NewDisposeScope())
        {
            // Add an old-named duplicate of one attention weight.
            var file = temp.Combine("diffusion_pytorch_model.safetensors");
            var attentionKey = golden.KeysWithPrefix(VaeCase.WeightPrefix).First(k => VaeWeightKeys.OldName(k) is not null);
            var tensors = golden.KeysWithPrefix(VaeCase.WeightPrefix).ToDictionary(k => k, k => golden.Tensor(VaeCase.WeightPrefix + k));
            tensors[VaeWeightKeys.OldName(attentionKey)!] = tensors[attentionKey];
            PixArt.Nn.Weights.SafetensorsWriter.Write(file, tensors);
        }
        var error = Assert.Throws<WeightFormatException>(() => VaeCase.CreateThroughFactory(temp.Path));
        Assert.Contains("both the current and the old name", error.Message);
    }

    private void AssertMatchesReference(GoldenCase golden, ILatentCodec codec, string what)
    {
        using var scope = NewDisposeScope();
        using var posterior = codec.Encode(golden.Tensor("image"));
        var decoded = codec.Decode(golden.Tensor("latent"));
        foreach (var (name, actual, expected) in new[]
                 {
                     ("latent_mean", posterior.Mean, golden.Tensor("latent_mean")),
                     ("latent_logvar", posterior.LogVariance, golden.Tensor("latent_logvar")),
                     ("decoded", decoded, golden.Tensor("decoded")),
                 })
        {
            output.WriteLine($"{what} {name}: relative error {TensorAssert.RelativeError(actual, expected):E3}");
            TensorAssert.Close(actual, expected, golden.ToleranceRel, $"{what} {name}");
        }
    }
}
