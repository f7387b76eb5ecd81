using System.Text.Json.Nodes;

namespace PixArt.Evaluation.Tests;

/// <summary>
/// What <c>pixart eval</c> is run on in CI, made once per test class: a copy of the emoji-mini fixture with its classifier
/// (<c>pixart eval train-classifier</c>, a narrow network for a few steps) and a tiny emoji model trained for two steps
/// (<c>pixart train</c>: one text-alignment stage at 16 px in pixel space, a 2-block transformer and the tiny random T5).
/// </summary>
public sealed class TinyEmojiRun : IDisposable
{
    public TinyEmojiRun()
    {
        Data = EmojiMini.Copy();
        Root = Path.GetDirectoryName(Data)!;
        var classifier = PixArtCli.Run("eval", "train-classifier", "--data", Data, "--steps", "30", "--width", "8", "--batch-size", "8", "--set", "PixArt:Runtime:Threads=1");
        if (classifier.ExitCode != 0) throw new InvalidOperationException($"train-classifier failed ({classifier.ExitCode}):\n{classifier.Out}\n{classifier.Error}");
        ClassifierLog = classifier.Out;
        var experiment = WriteExperiment(Path.Combine(Root, "experiment.json"), Data);
        var run = Path.Combine(Root, "run");
        var train = PixArtCli.Run("train", "--experiment", experiment, "--output", run);
        if (train.ExitCode != 0) throw new InvalidOperationException($"pixart train failed ({train.ExitCode}):\n{train.Out}\n{train.Error}");
        Model = Path.Combine(run, "model");
    }

    /// <summary>The fixture copy, with <c>classifier/</c>.</summary>
    public string Data { get; }

    /// <summary>The trained model folder (<c>RUN/model</c>).</summary>
    public string Model { get; }

    /// <summary>Standard output of <c>train-classifier</c>.</summary>
    public string ClassifierLog { get; }

    /// <summary>The temporary folder holding everything.</summary>
    public string Root { get; }

    private static string TinyModel => Path.Combine(AppContext.BaseDirectory, "models", "pixart-tiny-random");

    private static string WriteExperiment(string path, string data)
    {
        var root = new JsonObject
        {
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning" } },
            ["PixArt"] = new JsonObject
            {
                ["Runtime"] = new JsonObject { ["Device"] = "cpu", ["DType"] = "float32", ["Threads"] = 1 },
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
                ["Training"] = new JsonObject
                {
                    ["Seed"] = 1, ["LogEvery"] = 1, ["CheckpointEvery"] = 100, ["KeepCheckpoints"] = 1,
                    ["Stages"] = new JsonArray(new JsonObject
                    {
                        ["Type"] = "text-alignment", ["Steps"] = 2, ["Resolution"] = 16, ["BatchSize"] = 4, ["WarmupSteps"] = 1,
                        ["LearningRate"] = 1e-3, ["EmaDecay"] = 0.9, ["GradientClip"] = 1.0,
                        ["Dataset"] = new JsonObject { ["Type"] = "image-folder", ["Path"] = data, ["Split"] = "train" },
                    }),
                },
            },
        };
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}
