using PixArt.Abstractions.Testing.Golden;
using PixArt.Nn.Weights;

namespace PixArt.Cli.Tests.EndToEnd;

[Collection("cli")]
public sealed class ConvertCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pixart-convert-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    [Fact]
    public void OfficialCheckpointConvertsToTheDiffusersLayoutExactly()
    {
        using var golden = GoldenData.Open("transformer_tiny");
        var config = golden.Get("config");
        var output = Path.Combine(_dir, "tiny.safetensors");
        var (code, stdout, error) = PixArtCli.Run("convert", "--in", Path.Combine(golden.Folder, "official.pth"), "--out", output, "--layout", "diffusers",
            "--set", $"PixArt:Denoiser:HiddenSize={config.GetProperty("num_attention_heads").GetInt32() * config.GetProperty("attention_head_dim").GetInt32()}",
            "--set", $"PixArt:Denoiser:Depth={config.GetProperty("num_layers").GetInt32()}",
            "--set", $"PixArt:Denoiser:Heads={config.GetProperty("num_attention_heads").GetInt32()}",
            "--set", $"PixArt:Denoiser:SampleSize={config.GetProperty("sample_size").GetInt32()}",
            "--set", $"PixArt:Denoiser:CaptionChannels={config.GetProperty("caption_channels").GetInt32()}");
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{error}");

        using var converted = SafetensorsFile.Open(output);
        var expectedKeys = golden.KeysWithPrefix("weights.");
        Assert.Equal(expectedKeys.Order(), converted.Keys.Order());
        foreach (var key in expectedKeys)
        {
            using var a = converted.Read(key);
            using var e = golden.Tensor("weights." + key);
            Assert.True(a.allclose(e, 0, 0), key);
        }
    }
}
