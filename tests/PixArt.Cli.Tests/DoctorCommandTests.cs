namespace PixArt.Cli.Tests;

[Collection("cli")]
public sealed class DoctorCommandTests
{
    [Fact]
    public void ReportsCpuLibTorchAndTheBuiltInPluginsAndExitsZero()
    {
        var (code, output, error) = PixArtCli.Run("doctor");
        Assert.True(code == 0, $"doctor exited {code}\n{output}\n{error}");
        Assert.Contains("libtorch       2.10", output);
        Assert.Contains("packaged CPU build", output);
        Assert.Contains("check cpu      256x256 float32 matmul ok", output);
        Assert.Contains("Configuration: ok", output);
        Assert.Contains("Result: ok", output);
        foreach (var id in new[] { "pixart-transformer", "adaln-single", "cross-attention", "iddpm", "ddim", "dpm-solver", "sa-solver", "lcm", "t5", "sd-vae" })
            Assert.Contains($" {id} ", output);
    }

    [Fact]
    public void BadConfigurationIsReportedWithKeyPathsAndNonZeroExit()
    {
        var (code, output, _) = PixArtCli.Run("doctor", "--set", "PixArt:Runtime:DType=float8", "--set", "PixArt:Sampler:Type=nope");
        Assert.NotEqual(0, code);
        Assert.Contains("PixArt:Runtime:DType = 'float8': allowed: auto, float32, bfloat16, float16", output);
        Assert.Contains("PixArt:Sampler:Type = 'nope': unknown sampler; loaded:", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void CudaRequestOnTheCpuBuildIsAProblemNotACrash()
    {
        var (code, output, error) = PixArtCli.Run("doctor", "--device", "cuda");
        Assert.NotEqual(0, code);
        Assert.Contains("device cuda    not available", output);
        Assert.DoesNotContain("   at ", output + error);
    }
}
