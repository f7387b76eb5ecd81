using System.Diagnostics;
using PixArt.Plugins.Datasets.Emoji.Output;

namespace PixArt.Plugins.Datasets.Emoji.Tests;

/// <summary>
/// The real thing: npm downloads the two packages (about 136 MB, once; the cache is reused) and the full dataset is built
/// and checked against the counts of the 16.0.0 build. Opt-in (PIXART_EMOJI_NPM_TESTS=1) so that the suite never
/// depends on the network; also skipped when npm or the registry is unreachable.
/// </summary>
public sealed class RealNpmTests
{
    [SkippableFact]
    public async Task BuildsTheFullDatasetFromNpm()
    {
        Skip.If(Environment.GetEnvironmentVariable("PIXART_EMOJI_NPM_TESTS") != "1",
            "set PIXART_EMOJI_NPM_TESTS=1 to run: it downloads ~136 MB from the npm registry (once, into the pixart cache)");
        Skip.IfNot(RegistryReachable(), "npm is not installed or the npm registry is unreachable");
        var output = Path.Combine(TestSupport.TempFolder(), "emoji");
        var manifest = await new EmojiDatasetBuilder(new EmojiDatasetBuildOptions
        {
            CacheDirectory = Environment.GetEnvironmentVariable("PIXART_EMOJI_CACHE"),
        }).BuildAsync(output);
        Assert.Empty(EmojiDatasetValidator.Validate(output));
        Assert.Equal(4458, manifest.Counts.Images);
        Assert.Equal(98, manifest.Counts.Classes);
        Assert.Equal(1906, manifest.Counts.Emoji);
        Assert.Equal(398, manifest.Counts.BySplit["eval"]);
        Assert.Equal(0, manifest.Counts.SkippedMissingImage["twemoji"] + manifest.Counts.SkippedMissingImage["noto"]);
    }

    private static bool RegistryReachable()
    {
        try
        {
            using var npm = Process.Start(new ProcessStartInfo("npm", "view emoji-datasource-twitter@16.0.0 version")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            });
            if (npm is null) return false;
            var done = npm.WaitForExit(60_000);
            return done && npm.ExitCode == 0 && npm.StandardOutput.ReadToEnd().Trim() == "16.0.0";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
