using PixArt.Hosting.Images;
using PixArt.Hosting.Runtime;

namespace PixArt.Cli.Tests.EndToEnd;

/// <summary>
/// The embedded model's transformer has no zero-initialised projection, so its images depend on the prompt, the negative
/// prompt and the guidance scale: these tests would catch a broken encoder, conditioning or guidance end to end.
/// </summary>
[Collection("cli")]
public sealed class EmbeddedModelSensitivityTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    // A change of conditioning moves many pixels; a mean under one grey level is rounding, not a different image.
    private const double Different = 1.0;
    private readonly string _out = Path.Combine(Path.GetTempPath(), "pixart-sensitivity-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out)) Directory.Delete(_out, true);
    }

    private string Generate(string name, params string[] extra)
    {
        var target = Path.Combine(_out, name + ".png");
        var args = new[] { "generate", "--seed", "1", "--steps", "4", "--out", target }.Concat(extra).ToArray();
        var (code, output, error) = PixArtCli.Run(args);
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        return target;
    }

    [Fact]
    public void EqualInputsGiveEqualImages()
    {
        var first = Generate("first", "--prompt", "a small red fox in the snow");
        var second = Generate("second", "--prompt", "a small red fox in the snow");
        Assert.Equal(PngPixels.Hash(first), PngPixels.Hash(second));
    }

    [Fact]
    public void ThePromptChangesTheImage()
    {
        var fox = Generate("fox", "--prompt", "a small red fox in the snow");
        var empty = Generate("empty", "--prompt", "");
        var emoji = Generate("emoji", "--prompt", "🦊");
        Assert.True(PngPixels.MeanDifference(fox, empty) > Different, $"'fox' and '' differ by {PngPixels.MeanDifference(fox, empty):F2} grey levels");
        Assert.True(PngPixels.MeanDifference(fox, emoji) > Different, $"'fox' and '🦊' differ by {PngPixels.MeanDifference(fox, emoji):F2} grey levels");
    }

    [Fact]
    public void TheNegativePromptChangesTheImage()
    {
        var plain = Generate("plain", "--prompt", "a lighthouse");
        var negative = Generate("negative", "--prompt", "a lighthouse", "--negative-prompt", "fog, blur");
        Assert.True(PngPixels.MeanDifference(plain, negative) > Different, $"differ by {PngPixels.MeanDifference(plain, negative):F2} grey levels");
    }

    [Fact]
    public void TheGuidanceScaleChangesTheImage()
    {
        var unguided = Generate("unguided", "--prompt", "a lighthouse", "--guidance", "1");
        var guided = Generate("guided", "--prompt", "a lighthouse", "--guidance", "7");
        Assert.True(PngPixels.MeanDifference(unguided, guided) > Different, $"differ by {PngPixels.MeanDifference(unguided, guided):F2} grey levels");
    }

    [Fact]
    public void TheDefaultDTypeFollowsTheCpuIsRecordedAndBfloat16DrawsTheSameImage()
    {
        var byDefault = Generate("default", "--prompt", "a small red fox in the snow");
        var float32 = Generate("float32", "--prompt", "a small red fox in the snow", "--dtype", "float32");
        var bfloat16 = Generate("bfloat16", "--prompt", "a small red fox in the snow", "--dtype", "bfloat16");
        string DType(string png) => PngImageWriter.ReadParameters(png).Single(p => p.Key == "dtype").Value;

        var expected = RuntimeOptions.DTypeName(AutoDTypePolicy.Generation.Resolve(TorchSharp.torch.CPU, CpuDescription.Current()));
        Assert.Equal(expected, DType(byDefault));
        Assert.Equal(PngPixels.Hash(expected == "float32" ? float32 : bfloat16), PngPixels.Hash(byDefault));
        Assert.Equal(("float32", "bfloat16"), (DType(float32), DType(bfloat16)));
        // bf16 rounds every layer's output (docs/numerics.md): the same image within a grey level on average, not another one.
        var difference = PngPixels.MeanDifference(float32, bfloat16);
        output.WriteLine($"bfloat16 vs float32: {difference:F2} grey levels on average (default here: {expected})");
        Assert.True(difference < Different, $"bfloat16 differs from float32 by {difference:F2} grey levels on average");
        Assert.NotEqual(PngPixels.Hash(float32), PngPixels.Hash(bfloat16));
    }

    [Fact]
    public void GenerateWritesThePinnedPixels()
    {
        // Fixtures/pinned holds this image as `pixart generate` wrote it before the composition refactor (issue 8); on the
        // machine that wrote it the pixels are bit-identical (the hash line below says so). Another x86-64 CPU's float32
        // kernels sum in another order, which moves a few values across an 8-bit rounding boundary: at most one grey level.
        // The pinned image is float32; without --dtype a CPU with native bf16 would draw in bfloat16 (the next test).
        var pinned = Path.Combine(AppContext.BaseDirectory, "Fixtures", "pinned", "embedded-fox-seed1-steps4-64x64.png");
        var image = Generate("pinned", "--prompt", "a small red fox in the snow", "--width", "64", "--height", "64", "--dtype", "float32");
        var (expected, actual) = (PngPixels.Rgb(pinned), PngPixels.Rgb(image));
        Assert.Equal(expected.Length, actual.Length);
        var (differing, largest) = (0, 0);
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = Math.Abs(expected[i] - actual[i]);
            if (difference > 0) differing++;
            largest = Math.Max(largest, difference);
        }
        output.WriteLine($"pinned pixels: {(differing == 0 ? "bit-identical" : $"{differing} of {expected.Length} values differ, by at most {largest}")} " +
                         $"(hash {PngPixels.Hash(image)[..16]} vs pinned {PngPixels.Hash(pinned)[..16]})");
        Assert.True(largest <= 1 && differing <= expected.Length / 100, $"{differing} values differ from the pinned image, by up to {largest} grey levels");
    }
}
