using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Weights;
using PixArt.Nn.Layers;

namespace PixArt.Plugins.AdaLnSingle;

/// <summary>Creates <see cref="AdaLnSingleConditioning"/> for the denoiser's dimensions.</summary>
public sealed class AdaLnSingleFactory : ITimestepConditioningFactory
{
    /// <inheritdoc />
    public TimestepConditioningInfo Describe(ComponentContext context, DenoiserDimensions dimensions, ComponentCheckpoint? checkpoint)
    {
        var micro = UsesMicroConditions(context, dimensions, checkpoint);
        return new TimestepConditioningInfo(micro, AdaLnSingleConditioning.ParameterCount(dimensions, micro));
    }

    /// <inheritdoc />
    public TimestepConditioningModule Create(ComponentContext context, DenoiserDimensions dimensions, ComponentCheckpoint? checkpoint) =>
        new AdaLnSingleConditioning(dimensions, UsesMicroConditions(context, dimensions, checkpoint));

    // The option wins; else the checkpoint (its size embedder present or not); else the denoiser's configuration.
    private static bool UsesMicroConditions(ComponentContext context, DenoiserDimensions dimensions, ComponentCheckpoint? checkpoint)
    {
        var options = context.GetOptions<AdaLnSingleOptions>();
        var micro = options.MicroConditions ?? (checkpoint is null ? (bool?)null : HasSizeEmbedder(checkpoint)) ?? dimensions.MicroConditions ?? false;
        if (micro && dimensions.HiddenSize % 3 != 0)
            throw new ArgumentException(
                $"{context.ConfigPath}: micro-conditions need a hidden size divisible by 3 (three embeddings of C/3), got {dimensions.HiddenSize}");
        return micro;
    }

    private static bool HasSizeEmbedder(ComponentCheckpoint checkpoint) => checkpoint.Source.Keys.Contains(checkpoint.Layout switch
    {
        CheckpointLayout.Official => "csize_embedder.mlp.0.weight",
        CheckpointLayout.Diffusers => "adaln_single.emb.resolution_embedder.linear_1.weight",
        _ => "csize_embedder.linear_1.weight",
    });
}
