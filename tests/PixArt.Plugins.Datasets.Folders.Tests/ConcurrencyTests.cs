using PixArt.Abstractions.Data;

namespace PixArt.Plugins.Datasets.Folders.Tests;

/// <summary>The trainer may prefetch on other threads: parallel loads give the same pixels as sequential ones.</summary>
[Collection(FoldersCollection.Name)]
public sealed class ConcurrencyTests
{
    [Fact]
    public void ParallelLoadsEqualSequentialLoads()
    {
        var folder = TestImages.TempFolder();
        var records = new List<object>();
        for (var i = 0; i < 6; i++)
        {
            if (i % 2 == 0) TestImages.WritePng(folder, $"{i}.png", 30 + i * 7, 40 - i * 3, seed: i);
            else TestImages.WriteJpeg(folder, $"{i}.jpg", 30 + i * 7, 40 - i * 3, seed: i);
            records.Add(new { file = i % 2 == 0 ? $"{i}.png" : $"{i}.jpg", caption = $"image {i}" });
        }
        TestImages.WriteCaptions(folder, records.ToArray());
        using var data = TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder });

        var requests = Enumerable.Range(0, 48).Select(k => (Index: k % data.Count, Size: 8 + k % 3 * 4, Fit: k % 2 == 0 ? ImageFit.ShortSideAndCenterCrop : ImageFit.CoverAndCenterCrop)).ToList();
        float[] LoadOne((int Index, int Size, ImageFit Fit) r)
        {
            using var sample = data.Load(r.Index, r.Size, r.Size, r.Fit);
            Assert.Equal($"image {r.Index}", sample.Item.Caption);
            return sample.Image.data<float>().ToArray();
        }
        var sequential = requests.Select(LoadOne).ToList();
        var parallel = new float[requests.Count][];
        Parallel.For(0, requests.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k => parallel[k] = LoadOne(requests[k]));
        for (var k = 0; k < requests.Count; k++) Assert.Equal(sequential[k], parallel[k]);
    }
}
