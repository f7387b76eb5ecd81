using System.Buffers.Binary;
using System.Text.Json;
using PixArt.Abstractions.Data;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Sampling;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PixArt.Plugins.Datasets.Folders.Tests;

/// <summary>Temp folders, small images written with ImageSharp, damaged files made by hand, and contexts for the factories.</summary>
internal static class TestImages
{
    public const string ConfigPath = "PixArt:Training:Data";

    private static readonly string TempRoot = Path.Combine(Path.GetTempPath(), "pixart-folders-tests", Guid.NewGuid().ToString("N"));

    static TestImages() =>
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { if (Directory.Exists(TempRoot)) Directory.Delete(TempRoot, recursive: true); }
            catch (IOException) { }
        };

    public static string TempFolder()
    {
        var dir = Path.Combine(TempRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static string EmojiMini => Path.Combine(AppContext.BaseDirectory, "Fixtures", "emoji-mini");

    public static ComponentContext Context(object options, string? baseDirectory = null) =>
        new(options, new MinimalCpuRuntime(), ConfigPath, baseDirectory: baseDirectory);

    public static IDataset OpenImageFolder(ImageFolderOptions options) => new ImageFolderDatasetFactory().Create(Context(options));

    public static IDataset OpenClassFolders(ClassFoldersOptions options) => new ClassFoldersDatasetFactory().Create(Context(options));

    /// <summary>A <paramref name="width"/> × <paramref name="height"/> image whose pixel (x, y) is <paramref name="pixel"/>(x, y).</summary>
    public static Image<Rgba32> Make(int width, int height, Func<int, int, Rgba32> pixel)
    {
        var image = new Image<Rgba32>(width, height);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
            image[x, y] = pixel(x, y);
        return image;
    }

    /// <summary>Pseudo-random opaque colours from a seed.</summary>
    public static Image<Rgba32> Noise(int width, int height, int seed)
    {
        var random = new Random(seed);
        return Make(width, height, (_, _) => new Rgba32((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), 255));
    }

    public static string WritePng(string folder, string relative, Image<Rgba32> image)
    {
        var path = Prepare(folder, relative);
        image.SaveAsPng(path);
        return path;
    }

    public static string WritePng(string folder, string relative, int width, int height, int seed = 1)
    {
        using var image = Noise(width, height, seed);
        return WritePng(folder, relative, image);
    }

    public static string WriteJpeg(string folder, string relative, int width, int height, int seed = 1)
    {
        using var image = Noise(width, height, seed);
        var path = Prepare(folder, relative);
        image.SaveAsJpeg(path);
        return path;
    }

    public static string WriteBytes(string folder, string relative, byte[] bytes)
    {
        var path = Prepare(folder, relative);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Writes <c>captions.jsonl</c> with one serialized object per line (or a raw line when given a string).</summary>
    public static void WriteCaptions(string folder, params object[] lines) =>
        File.WriteAllLines(Path.Combine(folder, "captions.jsonl"), lines.Select(l => l as string ?? JsonSerializer.Serialize(l)));

    /// <summary>
    /// A real PNG whose IHDR is rewritten by hand to claim <paramref name="width"/> × <paramref name="height"/> (with a valid
    /// CRC), followed by the original tiny image data: a decoder trusting it would allocate width × height pixels.
    /// </summary>
    public static byte[] PngClaiming(int width, int height)
    {
        using var stream = new MemoryStream();
        using (var image = Noise(2, 2, 7)) image.SaveAsPng(stream);
        var bytes = stream.ToArray();
        // signature (8) | length (4) | "IHDR" (4) | width (4) | height (4) | depth, colour, compression, filter, interlace (5) | CRC (4)
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), Crc32(bytes.AsSpan(12, 17)));
        return bytes;
    }

    public static byte[] Truncated(string path, double fraction) => File.ReadAllBytes(path)[..(int)(new FileInfo(path).Length * fraction)];

    /// <summary>The PNG chunk CRC (ISO-HDLC CRC-32) over type and data.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>Channel <paramref name="c"/> at (<paramref name="y"/>, <paramref name="x"/>) of a loaded sample.</summary>
    public static float At(DatasetSample sample, int c, int y, int x) => sample.Image[c, y, x].item<float>();

    private static string Prepare(string folder, string relative)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
