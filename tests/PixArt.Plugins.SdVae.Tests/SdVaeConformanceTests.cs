using PixArt.Abstractions.Testing.Golden;
using PixArt.Hosting.Runtime;
using PixArt.Plugins.SdVae.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Tests;

/// <summary>The codec against diffusers' AutoencoderKL on the <c>vae_tiny</c> reference case.</summary>
public sealed class SdVaeConformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Encode_MatchesReferenceMeanAndLogVariance()
    {
        using var golden = VaeCase.Open();
        using var codec = VaeCase.Codec(golden);
        using var scope = NewDisposeScope();
        using var posterior = codec.Encode(golden.Tensor("image"));
        Report("latent_mean", posterior.Mean, golden.Tensor("latent_mean"), golden.ToleranceRel);
        // The contract clamps the log-variance to [-30, 20]; the reference is diffusers' clamped value too.
        Report("latent_logvar", posterior.LogVariance, golden.Tensor("latent_logvar"), golden.ToleranceRel);
    }

    [Fact]
    public void Decode_OfReferenceSample_MatchesReferenceImage()
    {
        // In this case `latent` is an unscaled posterior sample z = mean + std·ε and `decoded` = decode(z): no scaling
        // factor is involved, which matches the contract (Decode takes latents already divided by ScalingFactor).
        using var golden = VaeCase.Open();
        using var codec = VaeCase.Codec(golden);
        using var scope = NewDisposeScope();
        var decoded = codec.Decode(golden.Tensor("latent"));
        Report("decoded", decoded, golden.Tensor("decoded"), golden.ToleranceRel);
    }

    [Fact]
    public void Properties_FollowConfigAndReferenceShapes()
    {
        using var golden = VaeCase.Open();
        using var codec = VaeCase.Codec(golden);
        using var scope = NewDisposeScope();
        var config = golden.Get("config");
        var image = golden.Tensor("image");
        var mean = golden.Tensor("latent_mean");
        Assert.Equal(config.GetProperty("latent_channels").GetInt32(), codec.LatentChannels);
        Assert.Equal(mean.shape[1], codec.LatentChannels);
        Assert.Equal(image.shape[2] / mean.shape[2], codec.DownsampleFactor);
        Assert.Equal(config.GetProperty("scaling_factor").GetDouble(), codec.ScalingFactor);
    }

    [Fact]
    public void EncodeAndDecode_LeaveNoTensorsBehind()
    {
        using var golden = VaeCase.Open();
        using var codec = VaeCase.Codec(golden);
        using var image = golden.Tensor("image");
        using var latent = golden.Tensor("latent");
        var before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var decoded = codec.Decode(latent)) { }
        var afterDecode = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var posterior = codec.Encode(image)) { }
        var afterEncode = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.True(before == afterDecode && afterDecode == afterEncode, $"live tensors: {before} before, {afterDecode} after decode, {afterEncode} after encode");
    }

    [Fact]
    public void Decode_RejectsWrongChannelCount()
    {
        using var golden = VaeCase.Open();
        using var codec = VaeCase.Codec(golden);
        using var wrong = zeros(1, codec.LatentChannels + 1, 4, 4);
        var error = Assert.Throws<ArgumentException>(() => codec.Decode(wrong));
        Assert.Contains($"[B, {codec.LatentChannels}, H, W]", error.Message);
    }

    private void Report(string what, Tensor actual, Tensor expected, double tolerance)
    {
        output.WriteLine($"{what}: relative error {TensorAssert.RelativeError(actual, expected):E3} (tolerance {tolerance:E1})");
        TensorAssert.Close(actual, expected, tolerance, what);
    }
}
