using PixArt.Hosting.Training.Features;
using static TorchSharp.torch;

namespace PixArt.Training.Tests;

/// <summary>
/// The feature folder's storage: appended shards survive reopening, a newer entry replaces an older one, items share
/// tensors, a broken shard is left out by name, a foreign or malformed manifest is refused by name, and --force cannot
/// empty a folder a reader holds.
/// </summary>
public sealed class FeatureFolderTests
{
    private static readonly string[] Identity = ["features = test", "codec = identity"];

    [Fact]
    public void Appended_shards_are_read_back_after_reopening_and_a_newer_entry_replaces_an_older_one()
    {
        var path = TinyExperiment.TempFolder("feature-folder");
        using (var folder = FeatureFolder.OpenForWriting(path, Identity, force: false))
        {
            folder.Append([Item("a.png", "s1", 1f), Item("b.png", "s1", 2f)]);
            folder.Append([Item("a.png", "s2", 3f), new FeatureItem("c.png", "s1", "b.png", null)]); // a re-extracted; c shares b's tensors
        }

        using var reopened = FeatureFolder.Open(path, Identity)!;
        Assert.Empty(reopened.Problems);
        Assert.Equal(3, reopened.Count);
        Assert.True(reopened.Has("a.png", "s2"));
        Assert.False(reopened.Has("a.png", "s1"));
        Assert.False(reopened.Has("d.png", "s1"));
        using var a = reopened.Read("a.png", "mean");
        using var c = reopened.Read("c.png", "mean");
        Assert.Equal(3f, a[1, 0].item<float>());
        Assert.Equal(2f, c[0, 1].item<float>());
        Assert.Equal(2, Directory.GetFiles(path, "shard-*.safetensors").Length);
        Assert.Empty(Directory.GetFiles(path, "*.tmp-*"));
        Directory.Delete(path, recursive: true);
    }

    [Fact]
    public void A_truncated_shard_is_left_out_by_name_and_its_items_are_missing_not_broken()
    {
        var path = TinyExperiment.TempFolder("feature-folder-broken");
        using (var folder = FeatureFolder.OpenForWriting(path, Identity, force: false))
        {
            folder.Append([Item("a.png", "s", 1f)]);
            folder.Append([Item("b.png", "s", 2f)]);
        }
        var second = Path.Combine(path, "shard-00001.safetensors");
        File.WriteAllBytes(second, File.ReadAllBytes(second)[..40]);

        using (var reopened = FeatureFolder.Open(path, Identity)!)
        {
            Assert.Contains(Path.Combine(path, "shard-00001"), Assert.Single(reopened.Problems));
            Assert.True(reopened.Has("a.png", "s"));
            Assert.False(reopened.Has("b.png", "s"));
        }
        // An extraction continues after it: the next shard gets a new number, the item is current again.
        using (var writer = FeatureFolder.OpenForWriting(path, Identity, force: false)) writer.Append([Item("b.png", "s", 2f)]);
        using var repaired = FeatureFolder.Open(path, Identity)!;
        Assert.True(repaired.Has("b.png", "s"));
        Assert.True(File.Exists(Path.Combine(path, "shard-00002.safetensors")));
        Directory.Delete(path, recursive: true);
    }

    [Fact]
    public void A_missing_folder_is_no_cache_and_a_foreign_or_malformed_manifest_is_refused_by_name()
    {
        var path = TinyExperiment.TempFolder("feature-folder-foreign");
        Assert.Null(FeatureFolder.Open(Path.Combine(path, "absent"), Identity));
        using (var folder = FeatureFolder.OpenForWriting(path, Identity, force: false)) folder.Append([Item("a.png", "s", 1f)]);
        var manifest = Path.Combine(path, FeatureFolder.ManifestFile);

        var foreign = Assert.Throws<InvalidDataException>(() => FeatureFolder.Open(path, ["features = test", "codec = sd-vae"]));
        Assert.Contains(manifest, foreign.Message);
        File.WriteAllText(manifest, """{"Identity": null}""");
        Assert.Contains(manifest, Assert.Throws<InvalidDataException>(() => FeatureFolder.Open(path, Identity)).Message);
        File.WriteAllText(manifest, "{ not json");
        Assert.Contains(manifest, Assert.Throws<InvalidDataException>(() => FeatureFolder.Open(path, Identity)).Message);

        using (var forced = FeatureFolder.OpenForWriting(path, Identity, force: true)) Assert.Equal(0, forced.Count);
        Directory.Delete(path, recursive: true);
    }

    [Fact]
    public void Force_refuses_a_folder_a_reader_holds_and_two_writers_exclude_each_other()
    {
        var path = TinyExperiment.TempFolder("feature-folder-locks");
        using (var folder = FeatureFolder.OpenForWriting(path, Identity, force: false)) folder.Append([Item("a.png", "s", 1f)]);
        using (var reader = FeatureFolder.Open(path, Identity)!)
        {
            var error = Assert.Throws<IOException>(() => FeatureFolder.OpenForWriting(path, Identity, force: true));
            Assert.Contains("a training run is reading it", error.Message);
            using var writer = FeatureFolder.OpenForWriting(path, Identity, force: false); // adding beside a reader is safe
            Assert.Contains("another pixart extract", Assert.Throws<IOException>(() => FeatureFolder.OpenForWriting(path, Identity, force: false)).Message);
        }
        Assert.True(File.Exists(Path.Combine(path, "shard-00000.safetensors")));
        Directory.Delete(path, recursive: true);
    }

    private static FeatureItem Item(string key, string stamp, float value) =>
        new(key, stamp, key, new Dictionary<string, Tensor> { ["mean"] = full(2, 2, value), ["logvar"] = zeros(2, 2) });
}
