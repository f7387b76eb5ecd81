namespace PixArt.Cli.Tests;

[Collection("cli")]
public sealed class PluginsCommandTests
{
    [Fact]
    public void ListsEveryBuiltInComponentWithOptionsAndDefaults()
    {
        var (code, output, error) = PixArtCli.Run("plugins", "list");
        Assert.True(code == 0, $"plugins list exited {code}\n{output}\n{error}");
        foreach (var sampler in new[] { "iddpm", "ddim", "dpm-solver", "sa-solver", "lcm" })
            Assert.Contains($"sampler \"Type\": \"{sampler}\"", output);
        Assert.Contains("Steps (int) = ", output);
        Assert.Contains("GuidanceScale (number) = 4.5", output);
        Assert.Contains("denoiser \"Type\": \"pixart-transformer\"", output);
    }

    [Fact]
    public void UnknownCommandShowsUsageAndFails()
    {
        var (code, _, error) = PixArtCli.Run("plugins", "frobnicate");
        Assert.NotEqual(0, code);
        Assert.Contains("frobnicate", error);
    }
}
