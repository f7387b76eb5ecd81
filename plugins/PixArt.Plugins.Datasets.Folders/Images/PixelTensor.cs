using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace PixArt.Plugins.Datasets.Folders.Images;

/// <summary>RGB pixels to the training tensor: <c>[3, H, W]</c> float32 on the CPU, <c>(x/255 − 0.5)/0.5</c> (ToTensor + Normalize(0.5, 0.5)).</summary>
internal static class PixelTensor
{
    public static Tensor From(Image<Rgba32> image)
    {
        var height = image.Height;
        var width = image.Width;
        var plane = height * width;
        var data = new float[3 * plane];
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                var offset = y * width;
                for (var x = 0; x < row.Length; x++)
                {
                    data[offset + x] = Normalize(row[x].R);
                    data[plane + offset + x] = Normalize(row[x].G);
                    data[2 * plane + offset + x] = Normalize(row[x].B);
                }
            }
        });
        return tensor(data, new long[] { 3, height, width }, ScalarType.Float32, CPU); // [3, H, W]
    }

    /// <summary>One channel value in [−1, 1], computed as torchvision does in float32.</summary>
    public static float Normalize(byte value) => (value / 255f - 0.5f) / 0.5f;
}
