using PixArt.Plugins.SdVae.Modules;
using PixArt.Plugins.SdVae.Tests.Support;

namespace PixArt.Plugins.SdVae.Tests;

/// <summary>The parameter count a VAE config describes (what <c>Describe</c> reports before loading) equals what the model allocates.</summary>
public sealed class VaeParameterCountTests
{
    [Fact]
    public void ConfigCountEqualsTheModuleForTheReferenceAndTheEmbeddedVae()
    {
        using var golden = VaeCase.Open();
        var folder = Path.Combine(PixArt.Abstractions.Testing.Golden.GoldenData.RepositoryRoot(), "models", "pixart-tiny-random", "vae");
        foreach (var config in new[] { VaeCase.Config(golden), VaeConfig.Load(Path.Combine(folder, "config.json")),
                     VaeConfig.Load(Path.Combine(folder, "config.json")) with { MidBlockAddAttention = false, UseQuantConv = false } })
        {
            using var model = new AutoencoderKl(config);
            Assert.Equal(model.parameters().Sum(p => p.numel()), config.ParameterCount);
        }
    }

    [Fact]
    public void DescribeReadsTheConfigWithoutLoading()
    {
        var folder = Path.Combine(PixArt.Abstractions.Testing.Golden.GoldenData.RepositoryRoot(), "models", "pixart-tiny-random", "vae");
        var info = new SdVaeFactory().Describe(VaeCase.Context(new SdVaeOptions { Path = folder }));
        var config = VaeConfig.Load(Path.Combine(folder, "config.json"));
        Assert.Equal((config.LatentChannels, config.DownsampleFactor, config.ScalingFactor, config.ParameterCount),
            (info.LatentChannels, info.DownsampleFactor, info.ScalingFactor, info.ParameterCount));
    }
}
