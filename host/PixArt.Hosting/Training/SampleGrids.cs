using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Text;
using PixArt.Abstractions.Training;
using PixArt.Hosting.Conditioning;
using PixArt.Hosting.Generation;
using PixArt.Hosting.Images;
using PixArt.Hosting.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Training;

/// <summary>
/// The sample grids of a run (<c>RUN/samples/</c>): the same prompts (or classes) and seeds every time, one row each, one
/// column per seed, generated with the EMA weights and guided with the model's learned null condition (what caption or
/// class dropout trained it on).
/// </summary>
public sealed class SampleGrids(SampleGridOptions options, string runFolder, SamplerChoice sampler, ILatentCodec codec, ITextEncoder? encoder, IRuntimeContext runtime)
{
    /// <summary>How many rows a grid shows when its options name no prompts or classes.</summary>
    public const int DefaultRows = 4;

    /// <summary>Generates and writes the grid of <paramref name="model"/> (EMA weights) for <paramref name="stage"/>; returns the file.</summary>
    public string Write(StagePlan stage, DenoiserModule model, long step)
    {
        using var inference = inference_mode();
        using var scope = NewDisposeScope();
        var rows = Rows(stage).Select(row => (row.Label, Images: Generate(stage, model, row.Condition))).ToList();
        var grid = LabelledGrid.Draw(rows);
        var folder = Path.Combine(runFolder, "samples");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{stage.Slug}-step{step:D8}.png");
        var chunks = new Dictionary<string, string>
        {
            ["stage"] = stage.Stage.Name, ["step"] = step.ToString(System.Globalization.CultureInfo.InvariantCulture), ["sampler"] = sampler.TypeId,
            ["steps"] = options.Steps.ToString(System.Globalization.CultureInfo.InvariantCulture), ["guidance"] = options.GuidanceScale.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["seeds"] = string.Join(",", options.ColumnSeeds), ["rows"] = string.Join(" | ", rows.Select(r => r.Label)),
            [GenerationParameters.DTypeChunk] = RuntimeOptions.DTypeName(runtime.DType),
        };
        new ImageOutput([file], folder).WriteAll([PngImageWriter.Encode(grid, chunks)]);
        return file;
    }

    private IEnumerable<(string Label, Func<int, ConditionInput> Condition)> Rows(StagePlan stage)
    {
        var count = options.ColumnSeeds.Count;
        if (stage.Stage.Condition == TrainingCondition.ClassLabel)
        {
            var names = stage.Dataset.ClassNames;
            var classes = options.Classes.Count > 0 ? options.Classes.Where(c => c < names.Count).ToList() : Enumerable.Range(0, Math.Min(DefaultRows, names.Count)).ToList();
            return classes.Select(c => ($"{c}: {names[c]}", (Func<int, ConditionInput>)(_ =>
                new ConditionInput { ClassLabels = full(count, (long)c, ScalarType.Int64, runtime.Device) })));
        }
        var prompts = options.Prompts.Count > 0 ? options.Prompts
            : Enumerable.Range(0, Math.Min(DefaultRows, stage.Dataset.Count)).Select(i => stage.Dataset.Item(i).Caption ?? "").ToList();
        var text = encoder ?? throw new InvalidOperationException("caption sample grids need the text encoder");
        return prompts.Select(p => (p, (Func<int, ConditionInput>)(_ =>
        {
            var embedding = text.Encode(Enumerable.Repeat(p, count).ToList());
            return new ConditionInput { Caption = embedding.Tokens, CaptionMask = embedding.Mask };
        })));
    }

    private Tensor Generate(StagePlan stage, DenoiserModule model, Func<int, ConditionInput> build)
    {
        var seeds = options.ColumnSeeds;
        var condition = build(seeds.Count);
        var side = stage.Options.Resolution;
        if (model.Info.UsesMicroConditions) condition = MicroConditions.Add(condition, side, side, seeds.Count, runtime.Device);
        var unconditional = model.NullCondition(condition);
        var latentSide = side / codec.DownsampleFactor;
        var initial = InitialNoise.Latents(seeds, codec.LatentChannels, latentSide, latentSide, runtime);
        using var noise = new BatchNoiseSource(InitialNoise.SamplerSeeds(seeds));
        var latents = GuidedDenoising.Run(model, sampler.Factory, sampler.Context, sampler.Info, initial, condition, unconditional,
            options.GuidanceScale, options.Steps, noise, runtime.DType);
        return GuidedDenoising.Decode(codec, latents, runtime.DType); // [S, 3, H, W] in [0, 1]
    }
}
