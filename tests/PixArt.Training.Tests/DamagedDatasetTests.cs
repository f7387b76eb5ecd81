using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace PixArt.Training.Tests;

/// <summary>A data set with a corrupt, a truncated, a zero-byte and a huge-dimension image trains on the rest and counts them.</summary>
[Collection("training")]
public sealed class DamagedDatasetTests
{
    [Fact]
    public void Damaged_files_are_skipped_with_one_warning_each_and_counted()
    {
        var folder = TinyExperiment.TempFolder("damaged");
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);
        var captions = new StringBuilder();
        var good = File.ReadAllLines(Path.Combine(TinyExperiment.EmojiMini, "captions.jsonl")).Take(8).Select(l => JsonNode.Parse(l)!).ToList();
        foreach (var (line, i) in good.Select((l, i) => (l, i)))
        {
            File.Copy(Path.Combine(TinyExperiment.EmojiMini, line["file"]!.GetValue<string>()), Path.Combine(data, $"good{i}.png"));
            captions.AppendLine(new JsonObject { ["file"] = $"good{i}.png", ["caption"] = line["caption"]!.GetValue<string>() }.ToJsonString());
        }
        var sample = File.ReadAllBytes(Path.Combine(data, "good0.png"));
        File.WriteAllBytes(Path.Combine(data, "corrupt.png"), [.. sample.Take(16), .. Enumerable.Repeat((byte)0x5A, 400)]);
        File.WriteAllBytes(Path.Combine(data, "truncated.png"), sample.Take(sample.Length * 2 / 3).ToArray());
        File.WriteAllBytes(Path.Combine(data, "empty.png"), []);
        File.WriteAllBytes(Path.Combine(data, "huge.png"), HugePngHeader(100_000, 100_000));
        foreach (var name in new[] { "corrupt.png", "truncated.png", "empty.png", "huge.png" })
            captions.AppendLine(new JsonObject { ["file"] = name, ["caption"] = "a damaged file" }.ToJsonString());
        File.WriteAllText(Path.Combine(data, "captions.jsonl"), captions.ToString());
        // Batches of 3 over the usable items: every item is loaded within the 3 steps of one epoch.
        var experiment = TinyExperiment.Write(folder, [TinyExperiment.Stage("text-alignment", 3, 16, TinyExperiment.Dataset(data), s => s["BatchSize"] = 3)]);
        var run = Path.Combine(folder, "run");

        var (code, output, error) = PixArtCli.Run("train", "--experiment", experiment, "--output", run);

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var metrics = TinyExperiment.Metrics(run);
        Assert.Equal(3, metrics.Count);
        Assert.Equal(4, metrics[3]["skipped_items"]!.GetValue<int>());
        foreach (var name in new[] { "corrupt.png", "truncated.png", "empty.png", "huge.png" })
            Assert.True(CountOf(error, $"skipped {name}") == 1, $"{name}: expected one warning\n{error}");
        Directory.Delete(folder, recursive: true);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }

    // A PNG whose header claims width × height (a tiny IDAT follows): decoding it would allocate 40 GB.
    private static byte[] HugePngHeader(int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 6; // RGBA
        Chunk(stream, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(new byte[1024]);
            Chunk(stream, "IDAT", compressed.ToArray());
        }
        Chunk(stream, "IEND", []);
        return stream.ToArray();
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typed));
        stream.Write(length);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
