using System.Text.Json;
using System.Text.Json.Nodes;

namespace PixArt.Training.Tests;

/// <summary>
/// A tiny experiment on real data (the emoji-mini fixture): pixel space (identity codec), a 2-block transformer, the tiny
/// random T5; stages at 16 px and 32 px. Runs in seconds on the CPU.
/// </summary>
internal static class TinyExperiment
{
    public static string EmojiMini => Path.Combine(AppContext.BaseDirectory, "Fixtures", "emoji-mini");

    public static string TinyModel => Path.Combine(AppContext.BaseDirectory, "models", "pixart-tiny-random");

    public static string TempFolder(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pixart-train-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Copies every file under <paramref name="from"/> to the same relative path under <paramref name="to"/>.</summary>
    public static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public static JsonObject Dataset(string? path = null, bool classes = false)
    {
        var dataset = new JsonObject { ["Type"] = "image-folder", ["Path"] = path ?? EmojiMini };
        if (classes) dataset["Classes"] = "classes.json";
        return dataset;
    }

    public static JsonObject Stage(string type, int steps, int resolution, JsonObject dataset, Action<JsonObject>? edit = null)
    {
        var stage = new JsonObject
        {
            ["Type"] = type, ["Steps"] = steps, ["Resolution"] = resolution, ["BatchSize"] = 4, ["WarmupSteps"] = 1,
            ["LearningRate"] = 1e-3, ["EmaDecay"] = 0.9, ["GradientClip"] = 1.0, ["Dataset"] = dataset,
        };
        edit?.Invoke(stage);
        return stage;
    }

    /// <summary>The three stages of the curriculum: classes at 16 px, captions at 16 px, captions at 32 px on buckets with accumulation.</summary>
    public static JsonObject[] ThreeStages(int steps) =>
    [
        Stage("pixel-dependency", steps, 16, Dataset(classes: true)),
        Stage("text-alignment", steps, 16, Dataset()),
        Stage("high-res-aesthetic", steps, 32, Dataset(), s =>
        {
            s["MultiScale"] = true;
            s["BatchSize"] = 2;
            s["GradientAccumulation"] = 2;
            s["LoadFrom"] = "ema";
        }),
    ];

    /// <summary>Writes the experiment file into <paramref name="folder"/> (after <paramref name="edit"/> changes the whole file) and returns its path.</summary>
    public static string Write(string folder, IEnumerable<JsonObject> stages, Action<JsonObject>? editTraining = null, Action<JsonObject>? edit = null)
    {
        var training = new JsonObject
        {
            ["Seed"] = 7, ["LogEvery"] = 1, ["CheckpointEvery"] = 2, ["KeepCheckpoints"] = 2,
            ["Samples"] = new JsonObject { ["Seeds"] = new JsonArray(0, 1), ["Steps"] = 4 },
            ["Stages"] = new JsonArray(stages.Select(s => (JsonNode)s).ToArray()),
        };
        editTraining?.Invoke(training);
        var root = new JsonObject
        {
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning" } },
            ["PixArt"] = new JsonObject
            {
                ["Runtime"] = new JsonObject { ["Device"] = "cpu", ["DType"] = "float32" },
                ["TextEncoder"] = new JsonObject
                {
                    ["Type"] = "t5", ["Path"] = Path.Combine(TinyModel, "text_encoder"), ["TokenizerPath"] = Path.Combine(TinyModel, "tokenizer"), ["MaxLength"] = 16,
                },
                ["Codec"] = new JsonObject { ["Type"] = "identity" },
                ["Sampler"] = new JsonObject { ["Type"] = "dpm-solver" },
                ["Denoiser"] = new JsonObject
                {
                    ["Type"] = "pixart-transformer", ["HiddenSize"] = 48, ["Depth"] = 2, ["Heads"] = 2, ["PatchSize"] = 2,
                    ["InChannels"] = 3, ["OutChannels"] = 6, ["CaptionChannels"] = 64, ["CaptionTokens"] = 16,
                },
                ["Training"] = training,
            },
        };
        edit?.Invoke(root);
        var path = Path.Combine(folder, "experiment.json");
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>
    /// Asserts that run <paramref name="actual"/> logged the same global steps as <paramref name="expected"/> with the same
    /// <paramref name="keys"/> to the last bit, and (when <paramref name="exportedModel"/>) wrote the same exported transformer bytes.
    /// </summary>
    public static void AssertSameTraining(string expected, string actual, string[] keys, bool exportedModel = true)
    {
        var reference = Metrics(expected);
        var other = Metrics(actual);
        Assert.Equal(reference.Keys, other.Keys);
        foreach (var (step, line) in reference)
            foreach (var key in keys)
                Assert.True(line[key]!.GetValue<double>() == other[step][key]!.GetValue<double>(),
                    $"step {step} {key}: {Path.GetFileName(expected)} {line[key]}, {Path.GetFileName(actual)} {other[step][key]}");
        if (!exportedModel) return;
        foreach (var file in Directory.GetFiles(Path.Combine(expected, "model", "transformer"), "*.safetensors"))
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, "model", "transformer", Path.GetFileName(file)))),
                $"exported {Path.GetFileName(file)} differs");
    }

    /// <summary>The metrics lines of a run folder, the last one written for each global step (a resumed run repeats steps).</summary>
    public static SortedDictionary<long, JsonObject> Metrics(string run)
    {
        var result = new SortedDictionary<long, JsonObject>();
        foreach (var line in File.ReadAllLines(Path.Combine(run, "metrics.jsonl")))
        {
            JsonObject? entry;
            try
            {
                entry = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException)
            {
                continue; // the partial last line of a killed process
            }
            if (entry is not null) result[entry["global_step"]!.GetValue<long>()] = entry;
        }
        return result;
    }

}

[CollectionDefinition("training", DisableParallelization = true)]
public sealed class TrainingCollection { }
