using System.Globalization;
using System.Text.RegularExpressions;

namespace PixArt.Cli.Tests;

/// <summary>
/// <c>pixart bench denoiser</c> times the whole forward and the prepared-condition step run by run in turn and reports
/// both, their ratio per pair, each warm-up and the GEMM probe. Not a timed test: it checks what is reported, not how fast.
/// </summary>
[Collection("cli")]
public sealed class BenchDenoiserTests
{
    [Fact]
    public void Reports_the_forward_the_step_and_their_ratio_run_by_run()
    {
        var (code, output, error) = PixArtCli.Run("bench", "denoiser", "--preset", "XL-2-256", "--size", "64", "--tokens", "8",
            "--batch", "1", "--warmup", "1", "--iterations", "2");

        Assert.True(code == 0, $"{output}\n{error}");
        var results = Regex.Matches(output, @"^RESULT (denoiser-step|denoiser) preset=XL-2-256 size=64 batch=1 tokens=8 .* n=2$", RegexOptions.Multiline);
        Assert.Equal(["denoiser-step", "denoiser"], results.Select(m => m.Groups[1].Value)); // the forward last, for the anchor scripts
        var ratio = Regex.Match(output, @"denoiser-step / denoiser, run by run: median ([0-9.]+) \(min ([0-9.]+), max ([0-9.]+)\)");
        Assert.True(ratio.Success, output);
        var (median, min, max) = (Parse(ratio.Groups[1].Value), Parse(ratio.Groups[2].Value), Parse(ratio.Groups[3].Value));
        Assert.True(min > 0 && min <= median && median <= max, output);
        Assert.Contains("  denoiser: warm-up: 1 run", output);
        Assert.Contains("  denoiser-step: warm-up: 1 run", output);
        Assert.Matches(@"  GEMM probe: 1024x1024 (float32|bfloat16) matmul [0-9]+ GFLOP/s", output);
    }

    private static double Parse(string value) => double.Parse(value, CultureInfo.InvariantCulture);
}
