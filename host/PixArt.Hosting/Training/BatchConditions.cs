using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Data;
using PixArt.Abstractions.Training;
using PixArt.Hosting.Conditioning;
using static TorchSharp.torch;

namespace PixArt.Hosting.Training;

/// <summary>
/// The condition of one training batch: class labels or encoded captions (the text encoder is frozen), which samples are
/// dropped to the null condition (caption or class dropout, for guidance), which clauses of each caption are left out
/// (<c>CaptionClauseDropout</c>), and for multi-scale stages the micro-conditions
/// of each item's original size and its bucket's ratio (the official training's <c>img_hw</c> and <c>aspect_ratio</c>).
/// </summary>
public sealed class BatchConditions(TrainingStage stage, CaptionEmbeddings? captions, bool microConditions, Device device)
{
    /// <summary>Builds the condition; tensors live in the caller's dispose scope. Draws the dropout from <paramref name="random"/>.</summary>
    public ConditionInput Build(IReadOnlyList<DatasetItem> items, BatchPlan batch, TrainingRandom random)
    {
        var count = items.Count;
        var drop = stage.Options.ConditionDropout > 0 ? random.Dropout(count, stage.Options.ConditionDropout, device) : null;
        ConditionInput condition;
        if (stage.Condition == TrainingCondition.ClassLabel)
        {
            var labels = items.Select(i => (long)(i.ClassLabel ?? throw new InvalidDataException($"{i.Key}: has no class label, but stage '{stage.Name}' trains on classes"))).ToArray();
            condition = new ConditionInput { ClassLabels = tensor(labels, device: device) };
        }
        else
        {
            var text = captions ?? throw new InvalidOperationException($"stage '{stage.Name}' trains on captions but no text encoder is loaded");
            var (tokens, mask) = stage.Options.CaptionClauseDropout > 0
                ? text.Encode(DropClauses(items, random)) // tensors join the caller's scope
                : text.Encode(items);
            condition = new ConditionInput { Caption = tokens, CaptionMask = mask };
        }
        if (microConditions)
            condition = MicroConditions.Add(condition, items.Select(i => (i.Height, i.Width)).ToList(), Enumerable.Repeat(batch.AspectRatio, count).ToList(), device);
        return condition with { DropMask = drop };
    }

    // The items' captions with clause dropout applied; draws CaptionClauses.MaxClauses uniforms per item.
    private string[] DropClauses(IReadOnlyList<DatasetItem> items, TrainingRandom random)
    {
        using var draws = random.Uniform([items.Count, CaptionClauses.MaxClauses], ScalarType.Float32, CPU);
        var values = draws.data<float>().ToArray();
        return items.Select((item, i) => CaptionClauses.Drop(item.Caption ?? "",
            values.AsSpan(i * CaptionClauses.MaxClauses, CaptionClauses.MaxClauses), stage.Options.CaptionClauseDropout)).ToArray();
    }
}
