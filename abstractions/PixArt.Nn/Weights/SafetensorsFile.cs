using System.Text.Json;
using PixArt.Abstractions.Weights;
using static TorchSharp.torch;

namespace PixArt.Nn.Weights;

/// <summary>
/// One <c>.safetensors</c> file read lazily: the JSON header is parsed on open, each tensor's bytes are read
/// straight into a new tensor on <see cref="Read"/>, so a whole model never sits in memory twice.
/// </summary>
public sealed class SafetensorsFile : IWeightSource
{
    private readonly FileStream _stream;
    private readonly long _dataStart;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);

    private SafetensorsFile(string path, FileStream stream, long dataStart)
    {
        Path = path;
        _stream = stream;
        _dataStart = dataStart;
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Keys => _entries.Keys;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Metadata => _metadata;

    /// <summary>Opens <paramref name="path"/>; throws <see cref="WeightFormatException"/> naming it when the header is malformed.</summary>
    public static SafetensorsFile Open(string path)
    {
        if (!File.Exists(path)) throw new WeightFormatException($"{path}: file not found");
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        try
        {
            Span<byte> lenBytes = stackalloc byte[8];
            if (stream.Read(lenBytes) != 8) throw new WeightFormatException($"{path}: not a safetensors file (shorter than 8 bytes)");
            var headerLength = BitConverter.ToInt64(lenBytes);
            if (headerLength <= 0 || headerLength > stream.Length - 8 || headerLength > 100_000_000)
                throw new WeightFormatException($"{path}: not a safetensors file (header length {headerLength} does not fit a file of {stream.Length} bytes)");
            var header = new byte[headerLength];
            stream.ReadExactly(header);
            var file = new SafetensorsFile(path, stream, 8 + headerLength);
            file.ParseHeader(header);
            return file;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            stream.Dispose();
            throw new WeightFormatException($"{path}: malformed safetensors header: {e.Message}", e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private void ParseHeader(byte[] header)
    {
        using var doc = JsonDocument.Parse(header);
        var dataLength = _stream.Length - _dataStart;
        foreach (var prop in doc.RootElement.EnumerateObject())
        {
            if (prop.Name == "__metadata__")
            {
                foreach (var m in prop.Value.EnumerateObject()) _metadata[m.Name] = m.Value.GetString() ?? "";
                continue;
            }
            var dtype = SafetensorsDTypes.Parse(prop.Value.GetProperty("dtype").GetString()!, Path);
            var shape = prop.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var offsets = prop.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            // Checked: a shape whose element count overflows must not wrap around to a size that happens to fit the offsets.
            long expected;
            try
            {
                if (shape.Any(d => d < 0)) throw new OverflowException();
                expected = checked(shape.Aggregate(1L, (a, b) => checked(a * b)) * SafetensorsDTypes.ElementSize(dtype));
            }
            catch (OverflowException)
            {
                throw new WeightFormatException($"{Path}: tensor '{prop.Name}' has shape [{string.Join(", ", shape)}], which is negative or too large to exist");
            }
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] - offsets[0] != expected || offsets[1] > dataLength)
                throw new WeightFormatException($"{Path}: tensor '{prop.Name}' has data offsets [{string.Join(", ", offsets)}] that do not fit its shape [{string.Join(", ", shape)}] ({dtype}) or the file");
            _entries[prop.Name] = new Entry(dtype, shape, offsets[0], expected);
        }
    }

    /// <inheritdoc />
    public WeightInfo Describe(string key) =>
        _entries.TryGetValue(key, out var e) ? new WeightInfo(key, e.Shape, e.DType, Path)
        : throw new KeyNotFoundException($"{Path}: no tensor '{key}'");

    /// <inheritdoc />
    public Tensor Read(string key)
    {
        if (!_entries.TryGetValue(key, out var e)) throw new KeyNotFoundException($"{Path}: no tensor '{key}'");
        Tensor tensor;
        try
        {
            tensor = empty(e.Shape, e.DType);
        }
        catch (System.Runtime.InteropServices.ExternalException error)
        {
            throw new WeightFormatException($"{Path}: tensor '{key}' [{string.Join(", ", e.Shape)}] could not be allocated: {NativeErrorText.FirstLine(error.Message)}", error);
        }
        try
        {
            lock (_stream)
            {
                _stream.Position = _dataStart + e.Offset;
                ReadInto(tensor, e.Length);
            }
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    private void ReadInto(Tensor tensor, long length)
    {
        if (length <= int.MaxValue)
        {
            _stream.ReadExactly(tensor.bytes);
            return;
        }
        // Spans are limited to 2 GiB: fill huge tensors through contiguous 1-D slices.
        using var flat = tensor.view(-1);
        var elementSize = length / flat.shape[0];
        var perChunk = (1L << 30) / elementSize;
        for (long start = 0; start < flat.shape[0]; start += perChunk)
        {
            using var slice = flat.narrow(0, start, Math.Min(perChunk, flat.shape[0] - start));
            _stream.ReadExactly(slice.bytes);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    private sealed record Entry(ScalarType DType, long[] Shape, long Offset, long Length);
}
