using System.Diagnostics;
using PixArt.Hosting.Images;
using SixLabors.ImageSharp;

namespace PixArt.Cli.Tests.EndToEnd;

/// <summary>
/// The README's first command on the model that ships as the default (models/pixart-emoji), in a child process without the
/// suites' <c>PIXART_DEFAULT_MODEL</c> (which points every other test at the tiny random model).
/// </summary>
public sealed class ShippedDefaultModelTests
{
    [Fact]
    public void TheReadmeCommandDrawsWithTheShippedEmojiModel()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pixart-default-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var cat = Path.Combine(folder, "cat.png");
            var (code, output, error) = Run(folder, "generate", "--prompt", "a smiling cat face", "--out", cat);

            Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
            var parameters = PngImageWriter.ReadParameters(cat).ToDictionary(p => p.Key, p => p.Value);
            Assert.Equal(EmbeddedDefaultModel.Name, parameters["model"]);
            Assert.Equal("a smiling cat face", parameters["prompt"]);
            var image = Image.Identify(cat);
            Assert.Equal((32, 32), (image.Width, image.Height));

            // The shipped transformer: float16, its key layout recorded.
            (code, output, error) = Run(folder, "info", Path.Combine(AppContext.BaseDirectory, "models", EmbeddedDefaultModel.Name, "transformer"));
            Assert.True(code == 0, error);
            Assert.Contains("layout: official", output);
            Assert.Contains("dtypes: Float16", output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (int Code, string Out, string Error) Run(string folder, params string[] args)
    {
        var info = PixArtCli.StartInfo(args);
        info.WorkingDirectory = folder;
        info.Environment.Remove("PIXART_DEFAULT_MODEL");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "pixart did not finish within two minutes");
        return (process.ExitCode, stdout.Result, stderr);
    }
}
