using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PixArt.Training.Tests;

/// <summary>
/// The feature cache (<c>pixart extract</c>, reference 7.6): training from it equals training without it, an item changed
/// since extraction is encoded again (and only it), and a changed resolution or text encoder does not read features of
/// the old configuration.
/// </summary>
[Collection("training")]
public sealed partial class FeatureCacheTests
{
    [Fact]
    public void Training_from_extracted_features_equals_training_without_them_bit_for_bit()
    {
        var folder = TinyExperiment.TempFolder("features");
        var experiment = TinyExperiment.Write(folder, TinyExperiment.ThreeStages(steps: 3));
        var plain = Path.Combine(folder, "plain");
        var cached = Path.Combine(folder, "cached");
        var reference = PixArtCli.Run("train", "--experiment", experiment, "--output", plain);
        Assert.True(reference.ExitCode == 0, reference.Error);
        Assert.DoesNotContain("feature cache", reference.Error);

        var extract = PixArtCli.Run("extract", "--experiment", experiment);
        Assert.True(extract.ExitCode == 0, $"{extract.Out}\n{extract.Error}");
        // Stage 1 (classes file) and stage 2 read the data set differently configured, stage 3 at its buckets: three latent
        // folders; stages 2 and 3 share captions, data set and encoder: one text folder.
        var summary = extract.Out.Split('\n').Where(l => l.Contains("items current", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, summary.Count);
        Assert.Equal(3, summary.Count(l => l.StartsWith("latents", StringComparison.Ordinal)));
        Assert.Equal(4, Directory.GetDirectories(Path.Combine(folder, "features")).Length);

        var train = PixArtCli.Run("train", "--experiment", experiment, "--output", cached);
        Assert.True(train.ExitCode == 0, train.Error);
        var latentLines = CacheLines(train.Error, "latents");
        Assert.Equal(3, latentLines.Count);
        Assert.All(latentLines, m => Assert.Equal(m.Groups["count"].Value, m.Groups["current"].Value));
        Assert.Equal(2, CacheLines(train.Error, "caption embeddings").Count);

        TinyExperiment.AssertSameTraining(plain, cached, ["loss", "mse", "vb", "grad_norm"]);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void With_a_vae_in_bfloat16_training_from_extracted_latents_equals_training_without_them()
    {
        var folder = TinyExperiment.TempFolder("features-vae");
        var experiment = TinyExperiment.Write(folder, [TinyExperiment.Stage("text-alignment", 3, 32, TinyExperiment.Dataset())], edit: root =>
        {
            var pixart = root["PixArt"]!;
            pixart["Runtime"]!["DType"] = "bfloat16";
            pixart["Codec"] = new JsonObject { ["Type"] = "sd-vae", ["Path"] = Path.Combine(TinyExperiment.TinyModel, "vae") };
            pixart["Denoiser"]!["InChannels"] = 4;
            pixart["Denoiser"]!["OutChannels"] = 8;
        });
        var plain = PixArtCli.Run("train", "--experiment", experiment, "--output", Path.Combine(folder, "plain"));
        Assert.True(plain.ExitCode == 0, plain.Error);
        Assert.Equal(0, PixArtCli.Run("extract", "--experiment", experiment).ExitCode);
        var cached = PixArtCli.Run("train", "--experiment", experiment, "--output", Path.Combine(folder, "cached"));
        Assert.True(cached.ExitCode == 0, cached.Error);
        var latents = Assert.Single(CacheLines(cached.Error, "latents"));
        Assert.Equal(latents.Groups["count"].Value, latents.Groups["current"].Value);

        TinyExperiment.AssertSameTraining(Path.Combine(folder, "plain"), Path.Combine(folder, "cached"), ["loss", "grad_norm"]);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void A_changed_image_is_encoded_again_and_another_resolution_or_encoder_does_not_read_old_features()
    {
        var folder = TinyExperiment.TempFolder("features-stale");
        var data = Path.Combine(folder, "data");
        TinyExperiment.CopyFolder(TinyExperiment.EmojiMini, data);
        var experiment = TinyExperiment.Write(folder, [TinyExperiment.Stage("text-alignment", 1, 16, TinyExperiment.Dataset(data))]);
        Assert.Equal(0, PixArtCli.Run("extract", "--experiment", experiment).ExitCode);

        // An image replaced in place (same size): its latents are stale, the others still current.
        var image = Directory.GetFiles(Path.Combine(data, "images"), "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.SetLastWriteTimeUtc(image, File.GetLastWriteTimeUtc(image).AddMinutes(1));
        var train = PixArtCli.Run("train", "--experiment", experiment, "--output", Path.Combine(folder, "run"));
        Assert.True(train.ExitCode == 0, train.Error);
        var latents = Assert.Single(CacheLines(train.Error, "latents"));
        Assert.Equal(int.Parse(latents.Groups["count"].Value) - 1, int.Parse(latents.Groups["current"].Value));
        var text = Assert.Single(CacheLines(train.Error, "caption embeddings"));
        Assert.Equal(text.Groups["count"].Value, text.Groups["current"].Value);
        var again = PixArtCli.Run("extract", "--experiment", experiment);
        var summary = again.Out.Split('\n').Where(l => l.Contains("items current", StringComparison.Ordinal)).ToList();
        Assert.Contains("(1 encoded now)", summary.Single(l => l.StartsWith("latents", StringComparison.Ordinal)));
        Assert.Contains("(0 encoded now)", summary.Single(l => l.StartsWith("text", StringComparison.Ordinal)));

        // Another resolution, another text encoder setting: nothing of the old features is read.
        var other = PixArtCli.Run("train", "--experiment", experiment, "--output", Path.Combine(folder, "run-32"),
            "--set", "PixArt:Training:Stages:0:Resolution=32", "--set", "PixArt:TextEncoder:MaxLength=12", "--set", "PixArt:Denoiser:CaptionTokens=12");
        Assert.True(other.ExitCode == 0, other.Error);
        Assert.Empty(CacheLines(other.Error, "latents"));
        Assert.Empty(CacheLines(other.Error, "caption embeddings"));
        // Each miss names what differs from the nearest folder.
        Assert.Contains("'size = 16x16, ShortSideAndCenterCrop' where this run has 'size = 32x32, ShortSideAndCenterCrop'", other.Error);
        Assert.Contains("'text encoder:MaxLength = 16' where this run has 'text encoder:MaxLength = 12'", other.Error);
        Directory.Delete(folder, recursive: true);
    }

    // The trainer's "<kind> of N of M items from the feature cache" lines.
    private static List<Match> CacheLines(string log, string kind) =>
        CacheLine().Matches(log).Where(m => m.Groups["kind"].Value == kind).ToList();

    [GeneratedRegex(@"(?<kind>latents|caption embeddings) of (?<current>\d+) of (?<count>\d+) items from the feature cache")]
    private static partial Regex CacheLine();
}
