using System.Security.Cryptography;
using System.Text.Json;
using PixArt.Abstractions.Weights;
using static TorchSharp.torch;

namespace PixArt.Hosting.Training;

/// <summary>
/// The checkpoints of a run (<c>RUN/checkpoints/step-NNNNNNNN/</c>): <c>model.safetensors</c> (native layout),
/// <c>ema.safetensors</c>, <c>optimizer.safetensors</c> (AdamW's moments), <c>state.json</c> (<see cref="TrainingState"/>)
/// and <c>manifest.json</c> with the SHA-256 of each. A checkpoint is written into a temporary folder, every file flushed
/// to disk, and only then renamed into place, so a crash at any moment leaves the previous checkpoints intact. The
/// newest <c>keep</c> are kept, and every stage's last one.
/// </summary>
public sealed class CheckpointStore(string runFolder, IWeightStore store, int keep)
{
    /// <summary>Files of a checkpoint.</summary>
    public const string ModelFile = "model.safetensors", EmaFile = "ema.safetensors", OptimizerFile = "optimizer.safetensors",
        StateFile = "state.json", ManifestFile = "manifest.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The folder holding the checkpoints.</summary>
    public string Folder { get; } = Path.Combine(runFolder, "checkpoints");

    /// <summary>Writes a checkpoint atomically and prunes old ones; returns its folder.</summary>
    public string Write(TrainingState state, IReadOnlyDictionary<string, Tensor> model, IReadOnlyDictionary<string, Tensor> ema,
        IReadOnlyDictionary<string, Tensor> optimizer)
    {
        Directory.CreateDirectory(Folder);
        var name = $"step-{state.GlobalStep:D8}";
        var final = Path.Combine(Folder, name);
        var temp = Path.Combine(Folder, $".{name}.tmp-{Environment.ProcessId}");
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        try
        {
            store.Save(Path.Combine(temp, ModelFile), model);
            store.Save(Path.Combine(temp, EmaFile), ema);
            store.Save(Path.Combine(temp, OptimizerFile), optimizer);
            WriteDurably(Path.Combine(temp, StateFile), JsonSerializer.SerializeToUtf8Bytes(state, Json));
            var manifest = new[] { ModelFile, EmaFile, OptimizerFile, StateFile }.ToDictionary(f => f, f => Sha256(Path.Combine(temp, f)));
            WriteDurably(Path.Combine(temp, ManifestFile), JsonSerializer.SerializeToUtf8Bytes(manifest, Json));
            if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
            Directory.Move(temp, final);
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
        Prune();
        return final;
    }

    /// <summary>
    /// The newest checkpoint whose files match its manifest; every newer one that does not is returned in
    /// <paramref name="rejected"/> with the reason (and left on disk for inspection).
    /// </summary>
    public (string Folder, TrainingState State)? Latest(out IReadOnlyList<string> rejected)
    {
        var problems = new List<string>();
        rejected = problems;
        if (!Directory.Exists(Folder)) return null;
        // Half-written checkpoints of a process that died while writing were never renamed into place: remove them.
        foreach (var temporary in Directory.GetDirectories(Folder, ".step-*.tmp-*")) Directory.Delete(temporary, recursive: true);
        foreach (var folder in Directory.GetDirectories(Folder, "step-*").Order(StringComparer.Ordinal).Reverse())
        {
            var problem = Verify(folder);
            if (problem is not null)
            {
                problems.Add($"{folder}: {problem}");
                continue;
            }
            var state = JsonSerializer.Deserialize<TrainingState>(File.ReadAllBytes(Path.Combine(folder, StateFile)))!;
            return (folder, state);
        }
        return null;
    }

    /// <summary>Reads the tensors of one checkpoint file into a dictionary the caller owns.</summary>
    public Dictionary<string, Tensor> Read(string folder, string file)
    {
        using var source = store.Open(Path.Combine(folder, file));
        return source.Keys.ToDictionary(k => k, k => source.Read(k), StringComparer.Ordinal);
    }

    private static string? Verify(string folder)
    {
        var manifestPath = Path.Combine(folder, ManifestFile);
        if (!File.Exists(manifestPath)) return "no manifest.json (an interrupted write?)";
        Dictionary<string, string>? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllBytes(manifestPath));
        }
        catch (JsonException e)
        {
            return $"manifest.json is not valid JSON: {e.Message}";
        }
        foreach (var file in new[] { ModelFile, EmaFile, OptimizerFile, StateFile })
        {
            var path = Path.Combine(folder, file);
            if (manifest is null || !manifest.TryGetValue(file, out var expected)) return $"the manifest does not list {file}";
            if (!File.Exists(path)) return $"{file} is missing";
            if (Sha256(path) != expected) return $"{file} does not match its SHA-256 in the manifest (corrupted)";
        }
        return null;
    }

    private void Prune()
    {
        var all = Directory.GetDirectories(Folder, "step-*").Order(StringComparer.Ordinal).ToList();
        foreach (var old in all.Take(Math.Max(0, all.Count - keep)))
        {
            var statePath = Path.Combine(old, StateFile);
            var stageEnd = File.Exists(statePath) && (JsonSerializer.Deserialize<TrainingState>(File.ReadAllBytes(statePath))?.StageComplete ?? false);
            if (!stageEnd) Directory.Delete(old, recursive: true);
        }
    }

    private static void WriteDurably(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }
}
