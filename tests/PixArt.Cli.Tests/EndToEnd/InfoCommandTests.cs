using PixArt.Cli;

namespace PixArt.Cli.Tests.EndToEnd;

/// <summary><c>pixart info</c> on checkpoints: the recorded key layout (written by convert, read back here), counts, dtypes.</summary>
[Collection("cli")]
public sealed class InfoCommandTests
{
    [Theory]
    [InlineData("official")]
    [InlineData("diffusers")]
    [InlineData("native")]
    public void ShowsTheLayoutConvertRecorded(string layout)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pixart-info-{Guid.NewGuid():N}");
        try
        {
            var transformer = Path.Combine(EmbeddedDefaultModel.Shipped(EmbeddedDefaultModel.TinyRandomName), "transformer");
            var converted = PixArtCli.Run("convert", "--in", transformer, "--out", folder, "--layout", layout);
            Assert.True(converted.ExitCode == 0, converted.Error);

            var (code, output, error) = PixArtCli.Run("info", folder);

            Assert.True(code == 0, error);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Contains($"layout: {layout}", lines);
            Assert.Contains(lines, l => l.StartsWith("tensors: ", StringComparison.Ordinal) && int.Parse(l["tensors: ".Length..]) > 10);
            Assert.Contains(lines, l => l.StartsWith("parameters: ", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("dtypes: Float32", StringComparison.Ordinal));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AFileThatIsNoCheckpointIsNamedInTheError()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pixart-info-{Guid.NewGuid():N}.safetensors");
        File.WriteAllText(file, "not weights");
        try
        {
            var (code, _, error) = PixArtCli.Run("info", file);
            Assert.Equal(2, code);
            Assert.Contains(file, error);
            Assert.Contains("not a safetensors file", error);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
