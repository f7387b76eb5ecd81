using PixArt.Hosting.Training.Features;
using static TorchSharp.torch;

namespace PixArt.Training.Tests;

/// <summary>The feature folder's storage: appended shards survive reopening, stale stamps are not current, a foreign manifest is refused by name.</summary>
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
            folder.Append([Item("a.png", "s2", 3f)]); // re-extracted after a change
        }

        using var reopened = FeatureFolder.Open(path, Identity)!;
        Assert.Equal(2, reopened.Count);
        Assert.True(reopened.Has("a.png", "s2"));
        Assert.False(reopened.Has("a.png", "s1"));
        Assert.False(reopened.Has("c.png", "s1"));
        using var a = reopened.Read("a.png", "mean");
        using var b = reopened.Read("b.png", "mean");
        Assert.Equal(3f, a[1, 0].item<float>());
        Assert.Equal(2f, b[0, 1].item<float>());
        Assert.Equal(2, Directory.GetFiles(path, "shard-*.safetensors").Length);
        Assert.Empty(Directory.GetFiles(path, "*.tmp-*"));
        Directory.Delete(path, recursive: true);
    }

    [Fact]
    public void A_missing_folder_is_no_cache_and_a_manifest_of_another_identity_is_refused_by_name()
    {
        var path = TinyExperiment.TempFolder("feature-folder-foreign");
        Assert.Null(FeatureFolder.Open(Path.Combine(path, "absent"), Identity));
        using (var folder = FeatureFolder.OpenForWriting(path, Identity, force: false)) folder.Append([Item("a.png", "s", 1f)]);

        var error = Assert.Throws<InvalidDataException>(() => FeatureFolder.Open(path, ["features = test", "codec = sd-vae"]));
        Assert.Contains(Path.Combine(path, FeatureFolder.ManifestFile), error.Message);
        using (var forced = FeatureFolder.OpenForWriting(path, ["features = test", "codec = sd-vae"], force: true)) Assert.Equal(0, forced.Count);
        Directory.Delete(path, recursive: true);
    }

    private static FeatureItem Item(string key, string stamp, float value) =>
        new(key, stamp, new Dictionary<string, Tensor> { ["mean"] = full(2, 2, value), ["logvar"] = zeros(2, 2) });
}
