using PixArt.Abstractions.Training;

namespace PixArt.Plugins.Stages;

/// <summary>The conditioning components the stages pair with, and the name a stage gets when its options give none.</summary>
internal static class StageNames
{
    public const string AdaLnZero = "adaln-zero";
    public const string ClassLabel = "class-label";
    public const string AdaLnSingle = "adaln-single";
    public const string CrossAttention = "cross-attention";

    public static string Of(TrainingStageOptions options, string typeId) => string.IsNullOrWhiteSpace(options.Name) ? typeId : options.Name;

    /// <summary>adaLN-single with micro-conditions exactly when the stage trains on multi-scale buckets.</summary>
    public static ComponentChoice AdaLnSingleFor(TrainingStageOptions options) =>
        new(AdaLnSingle, new Dictionary<string, string> { ["MicroConditions"] = options.MultiScale ? "true" : "false" });

    public static ComponentChoice CrossAttentionChoice { get; } = new(CrossAttention, new Dictionary<string, string>());
}
