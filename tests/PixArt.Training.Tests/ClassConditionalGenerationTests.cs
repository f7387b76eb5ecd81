namespace PixArt.Training.Tests;

/// <summary>
/// <c>pixart generate</c> on a class-conditional model (what a pixel-dependency stage exports): each prompt is a class index,
/// guidance uses the null class; anything else is refused before any work, naming the prompt and what is allowed.
/// </summary>
[Collection("training")]
public sealed class ClassConditionalGenerationTests
{
    [Fact]
    public void A_stage_one_model_generates_from_class_indices()
    {
        var folder = TinyExperiment.TempFolder("classes");
        var experiment = TinyExperiment.Write(folder, [TinyExperiment.Stage("pixel-dependency", 2, 16, TinyExperiment.Dataset(classes: true))]);
        var run = Path.Combine(folder, "run");
        Assert.Equal(0, PixArtCli.Run("train", "--experiment", experiment, "--output", run).ExitCode);
        var model = Path.Combine(run, "model");
        var images = Path.Combine(folder, "class.png");

        var (code, output, error) = PixArtCli.Run("generate", "--model", model, "-p", "1", "-p", " 0 ", "--steps", "2", "--seed", "3", "--out", images);

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var written = Directory.GetFiles(folder, "class-*.png").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, written.Count);
        var prompts = written.Select(f => PixArt.Hosting.Images.PngImageWriter.ReadParameters(f).First(p => p.Key == "prompt").Value);
        Assert.Equal(["1", " 0 "], prompts);
        // The fixture has 5 classes: 0 … 4.
        (code, _, error) = PixArtCli.Run("generate", "--model", model, "-p", "a cat", "-p", "5", "-p", "-1", "--negative-prompt", "blurry", "--out", Path.Combine(folder, "bad.png"));
        Assert.Equal(2, code);
        Assert.Contains("--prompt = 'a cat': this model is class-conditional: a prompt is a class index from 0 to 4", error);
        Assert.Contains("--prompt = '5': this model is class-conditional", error);
        Assert.Contains("--prompt = '-1': this model is class-conditional", error);
        Assert.Contains("--negative-prompt = 'blurry': a class-conditional model guides with its null class; it takes no negative prompt", error);
        Assert.False(File.Exists(Path.Combine(folder, "bad.png")));
        Directory.Delete(folder, recursive: true);
    }
}
