using System.Collections;
using System.IO.Compression;
using System.Numerics;
using PixArt.Abstractions.Weights;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;
using static TorchSharp.torch;

namespace PixArt.Hosting.Weights;

/// <summary>
/// Reads the structure of a <c>torch.save</c> zip archive (<c>data.pkl</c> + <c>data/N</c> storages) without reading a
/// tensor: the pickle is unpickled into plain objects where every tensor is a <see cref="PickledTensor"/> (storage key,
/// dtype, offset, shape, stride), each checked against the archive before anything is allocated: the storage exists, its
/// element count times its element size is the size of its entry, and the view stays inside it. Problems name the file and
/// the key. Nothing of the pickle runs code; classes other than tensors and dicts are refused by name.
/// </summary>
internal sealed class PyTorchZipArchive : IDisposable
{
    /// <summary>Largest <c>data.pkl</c> read: a state dict's pickle holds names and shapes, not data.</summary>
    public const long MaxPickleBytes = 256L << 20;

    /// <summary>Most a deflated entry can expand (deflate's limit is about 1032:1).</summary>
    private const long MaxDeflateRatio = 1032;

    private static readonly (string Name, ScalarType Type, int Size)[] Storages =
    {
        ("DoubleStorage", ScalarType.Float64, 8), ("FloatStorage", ScalarType.Float32, 4), ("HalfStorage", ScalarType.Float16, 2),
        ("BFloat16Storage", ScalarType.BFloat16, 2), ("LongStorage", ScalarType.Int64, 8), ("IntStorage", ScalarType.Int32, 4),
        ("ShortStorage", ScalarType.Int16, 2), ("CharStorage", ScalarType.Int8, 1), ("ByteStorage", ScalarType.Byte, 1),
        ("BoolStorage", ScalarType.Bool, 1),
    };

    private readonly FileStream _file;
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _storages;

    static PyTorchZipArchive()
    {
        // Global registrations of the pickle library: the host is its only user (TorchSharp.PyBridge is not referenced).
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", new TensorConstructor());
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor", new TensorConstructor());
        Unpickler.registerConstructor("collections", "OrderedDict", new DictConstructor());
        Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", new RefusedConstructor(
            "holds nn.Parameter objects (a whole pickled model), not a state dict; save model.state_dict() instead"));
    }

    private PyTorchZipArchive(string path, FileStream file, ZipArchive zip, Dictionary<string, ZipArchiveEntry> storages, object root)
    {
        Path = path;
        _file = file;
        _zip = zip;
        _storages = storages;
        Root = root;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The unpickled object: dicts as <see cref="Hashtable"/>, tensors as <see cref="PickledTensor"/>.</summary>
    public object Root { get; }

    /// <summary>Opens and checks <paramref name="path"/>; throws <see cref="WeightFormatException"/> naming it and what is wrong.</summary>
    public static PyTorchZipArchive Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            Span<byte> magic = stackalloc byte[4];
            var read = file.Read(magic);
            if (read < 4 || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3 || magic[3] != 4)
            {
                file.Dispose();
                throw new WeightFormatException(read > 0 && magic[0] == 0x80
                    ? $"{path}: a PyTorch file in the legacy (pre-1.6, non-zip) format, which is not supported; re-save it with a current torch.save, or convert it to safetensors"
                    : $"{path}: not a PyTorch checkpoint (a torch.save zip archive was expected)");
            }
            file.Position = 0;
            var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            var pickles = zip.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) || e.FullName == "data.pkl").ToList();
            if (pickles.Count != 1)
                throw new WeightFormatException($"{path}: not a PyTorch checkpoint ({(pickles.Count == 0 ? "no data.pkl" : "several data.pkl entries")} in the archive)");
            var pickle = pickles[0];
            var prefix = pickle.FullName[..^"data.pkl".Length];
            if (zip.GetEntry(prefix + "byteorder") is { } order)
            {
                using var reader = new StreamReader(order.Open());
                var text = reader.ReadToEnd().Trim();
                if (text != "little") throw new WeightFormatException($"{path}: byte order '{text}' is not supported (little-endian only)");
            }
            CheckLength(path, pickle, MaxPickleBytes, file.Length);
            var storages = zip.Entries.Where(e => e.FullName.StartsWith(prefix + "data/", StringComparison.Ordinal))
                .ToDictionary(e => e.FullName[(prefix.Length + "data/".Length)..], StringComparer.Ordinal);
            var unpickler = new CheckpointUnpickler(path, storages, file.Length);
            object root;
            using (var stream = pickle.Open())
                root = unpickler.load(stream);
            return new PyTorchZipArchive(path, file, zip, storages, root);
        }
        catch (WeightFormatException)
        {
            file.Dispose();
            throw;
        }
        catch (Exception e) when (e is InvalidDataException or PickleException or InvalidCastException or IOException or NotSupportedException
                                      or InvalidOperationException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            file.Dispose();
            throw new WeightFormatException($"{path}: not a readable PyTorch checkpoint ({Describe(e)})", e);
        }
    }

    /// <summary>Reads <paramref name="tensor"/> (named <paramref name="key"/> in messages) into a new contiguous CPU tensor.</summary>
    public Tensor Read(string key, PickledTensor tensor)
    {
        var entry = _storages[tensor.Storage.Key];
        var needed = tensor.Extent;
        var storage = empty(new[] { needed }, tensor.Storage.DType);
        try
        {
            lock (_file)
            {
                using var stream = entry.Open();
                ReadInto(stream, storage, needed * tensor.Storage.ElementSize, key);
            }
            using var view = storage.as_strided(tensor.Shape, tensor.Stride, tensor.Offset);
            return view.contiguous().clone();
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new WeightFormatException($"{Path}: tensor '{key}': its storage could not be read ({e.Message.TrimEnd('.')})", e);
        }
        finally
        {
            storage.Dispose();
        }
    }

    private static void ReadInto(Stream stream, Tensor storage, long bytes, string key)
    {
        if (bytes == 0) return;
        using var flat = storage.view(-1);
        var elementSize = bytes / flat.shape[0];
        var perChunk = Math.Max(1, (1L << 30) / elementSize);
        for (long start = 0; start < flat.shape[0]; start += perChunk)
        {
            using var slice = flat.narrow(0, start, Math.Min(perChunk, flat.shape[0] - start));
            var span = slice.bytes;
            var filled = 0;
            while (filled < span.Length)
            {
                var n = stream.Read(span[filled..]);
                if (n == 0) throw new InvalidDataException($"the storage of '{key}' ends early");
                filled += n;
            }
        }
    }

    private static void CheckLength(string path, ZipArchiveEntry entry, long limit, long fileLength)
    {
        if (entry.Length > limit)
            throw new WeightFormatException($"{path}: {entry.FullName} claims {entry.Length:N0} bytes; at most {limit:N0} are read");
        if (entry.Length > Math.Max(entry.CompressedLength, 1) * MaxDeflateRatio || entry.CompressedLength > fileLength)
            throw new WeightFormatException($"{path}: {entry.FullName} claims {entry.Length:N0} bytes from {entry.CompressedLength:N0} stored; the archive is damaged");
    }

    private static string Describe(Exception e)
    {
        var message = e.GetBaseException().Message;
        // The pickle library's advice is for its own users; say what the file holds instead.
        var marker = message.IndexOf("(for ", StringComparison.Ordinal);
        if (message.Contains("IObjectConstructor", StringComparison.Ordinal) && marker >= 0)
        {
            var name = message[(marker + 5)..].Split(')')[0];
            return $"it holds a Python object of class '{name}', which cannot be read without Python; only tensors, dicts, lists, numbers and strings are supported (save the state dict alone)";
        }
        return message.Split('\n')[0].TrimEnd('.');
    }

    public void Dispose()
    {
        _zip.Dispose();
        _file.Dispose();
    }

    /// <summary>A storage as the pickle names it: its archive entry, dtype and element count (checked against the entry).</summary>
    internal sealed record PickledStorage(string Key, ScalarType DType, int ElementSize, long Numel)
    {
        /// <summary>What is wrong with it, when something is.</summary>
        public string? Problem { get; init; }
    }

    private sealed class CheckpointUnpickler(string path, IReadOnlyDictionary<string, ZipArchiveEntry> storages, long fileLength) : Unpickler
    {
        protected override object persistentLoad(object pid)
        {
            if (pid is not object[] { Length: >= 5 } id || id[0] is not string kind || kind != "storage")
                throw new WeightFormatException($"{path}: the pickle refers to an unknown persistent object; only tensor storages are supported");
            var typeName = id[1] switch { ClassDictConstructor c => c.name, string s => s, var other => other?.ToString() ?? "" };
            var key = id[2] as string ?? throw new WeightFormatException($"{path}: a storage has no key");
            var (dtype, size) = Storages.FirstOrDefault(s => s.Name == typeName) is { Name: not null } hit ? (hit.Type, hit.Size)
                : throw new WeightFormatException($"{path}: storage '{key}' has type '{typeName}', which is not supported; supported: {string.Join(", ", Storages.Select(s => s.Name))}");
            var numel = Whole(id[4], $"storage '{key}' element count");
            // Problems that concern one tensor are recorded and reported with the tensor's key once it is known.
            string? problem = null;
            if (!storages.TryGetValue(key, out var entry))
                problem = $"its storage '{key}' is named by the pickle but not in the archive (data/{key})";
            else if (numel < 0 || numel > long.MaxValue / size || numel * size != entry.Length)
                problem = $"its storage '{key}' claims {numel:N0} elements of {size} bytes but the archive holds {entry.Length:N0} bytes for it; the checkpoint is damaged or not from torch.save";
            else CheckLength(path, entry, fileLength * MaxDeflateRatio, fileLength);
            return new PickledStorage(key, dtype, size, numel) { Problem = problem };
        }

        private long Whole(object? value, string what) => value switch
        {
            int i => i,
            long l => l,
            BigInteger b when b >= long.MinValue && b <= long.MaxValue => (long)b,
            _ => throw new WeightFormatException($"{path}: {what} is not a whole number that fits 64 bits ({value})"),
        };
    }

    private sealed class TensorConstructor : IObjectConstructor
    {
        public object construct(object[] args)
        {
            if (args.Length < 4 || args[0] is not PickledStorage storage)
                throw new PickleException("a tensor without its storage");
            return PickledTensor.Create(storage, Whole(args[1]), Dims(args[2]), Dims(args[3]));
        }

        private static long[] Dims(object value) => value switch
        {
            object[] items => items.Select(Whole).ToArray(),
            ArrayList list => list.Cast<object>().Select(Whole).ToArray(),
            _ => throw new PickleException($"a tensor's shape or stride is not a tuple ({value})"),
        };

        private static long Whole(object value) => value switch
        {
            int i => i,
            long l => l,
            BigInteger b when b >= long.MinValue && b <= long.MaxValue => (long)b,
            _ => throw new OverflowException($"a tensor dimension is not a 64-bit whole number ({value})"),
        };
    }

    private sealed class DictConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new PickledDict();
    }

    private sealed class RefusedConstructor(string reason) : IObjectConstructor
    {
        public object construct(object[] args) => throw new PickleException(reason);
    }

    /// <summary>An <c>OrderedDict</c>: its items, with attributes such as <c>_metadata</c> ignored.</summary>
    private sealed class PickledDict : Hashtable
    {
        // Called by the unpickler's BUILD with the object's attributes; a state dict's _metadata is not needed.
#pragma warning disable CA1822, IDE1006 // the pickle library calls it by this name on an instance
        public void __setstate__(Hashtable state) { }
#pragma warning restore CA1822, IDE1006
    }
}

/// <summary>A tensor as the pickle describes it, checked to lie inside its storage.</summary>
/// <param name="Storage">Its storage.</param>
/// <param name="Offset">Storage offset in elements.</param>
/// <param name="Shape">Shape.</param>
/// <param name="Stride">Stride in elements.</param>
internal sealed record PickledTensor(PyTorchZipArchive.PickledStorage Storage, long Offset, long[] Shape, long[] Stride)
{
    /// <summary>Elements of the storage the view reaches (0 for an empty tensor).</summary>
    public long Extent { get; private init; }

    /// <summary>What is wrong with it (or its storage), when something is: it must not be read then.</summary>
    public string? Problem { get; private init; }

    public static PickledTensor Create(PyTorchZipArchive.PickledStorage storage, long offset, long[] shape, long[] stride)
    {
        var view = $"shape [{string.Join(", ", shape)}], offset {offset}, stride [{string.Join(", ", stride)}]";
        if (storage.Problem is not null) return new PickledTensor(storage, offset, shape, stride) { Problem = storage.Problem };
        if (shape.Length != stride.Length) return new PickledTensor(storage, offset, shape, stride) { Problem = $"{view}: shape and stride differ in length" };
        if (offset < 0 || shape.Any(d => d < 0) || stride.Any(s => s < 0))
            return new PickledTensor(storage, offset, shape, stride) { Problem = $"{view}: negative offset, size or stride" };
        long extent = 0;
        if (shape.All(d => d > 0))
        {
            try
            {
                extent = checked(offset + 1 + shape.Zip(stride).Sum(p => checked((p.First - 1) * p.Second)));
            }
            catch (OverflowException)
            {
                extent = long.MaxValue;
            }
        }
        if (extent > storage.Numel)
            return new PickledTensor(storage, offset, shape, stride)
            {
                Problem = $"{view} reaches element {(extent == long.MaxValue ? "beyond 2^63" : extent.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))} of its storage '{storage.Key}', which holds {storage.Numel:N0}",
            };
        return new PickledTensor(storage, offset, shape, stride) { Extent = extent };
    }
}
