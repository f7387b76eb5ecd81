using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Weights;
using PixArt.Nn.Weights;
using TorchSharp;

namespace PixArt.Plugins.Transformer;

/// <summary>
/// Creates <see cref="PixArtTransformer"/>: resolves the dimensions (preset, config.json, options), creates the conditioning
/// children (<c>TimestepConditioning</c>, <c>TextConditioning</c>) sized for the checkpoint, loads the weights strictly or
/// initialises from scratch, and moves the model to the runtime device and dtype. Also describes such a model without
/// building it, and writes checkpoints.
/// </summary>
public sealed class PixArtTransformerFactory : IDenoiserFactory
{
    /// <summary>Child section of the timestep conditioning.</summary>
    public const string TimestepChild = "TimestepConditioning";

    /// <summary>Child section of the text conditioning.</summary>
    public const string TextChild = "TextConditioning";

    /// <inheritdoc />
    public DenoiserInfo Describe(ComponentContext context)
    {
        using var weights = ResolvedWeights.Open(context);
        var config = Validated(context, weights.Config);
        // The dimensions must be those of the weights: checked from the headers before anything is counted or built.
        if (weights.Source is not null) BackboneCheckpoint.Check(weights.Source, weights.Layout!.Value, config, weights.Origin);
        var timestepChild = context.Child(TimestepChild);
        var textChild = context.Child(TextChild);
        var timestep = timestepChild.FactoryAs<ITimestepConditioningFactory>()
            .Describe(timestepChild.Context, config.Dimensions(), weights.For(PixArtTransformer.TimestepConditioningPrefix));
        var text = textChild.FactoryAs<ITextConditioningFactory>()
            .Describe(textChild.Context, config.Dimensions(), weights.For(PixArtTransformer.TextConditioningPrefix));
        return new DenoiserInfo(config.InChannels, config.OutChannels, config.PatchSize, config.SampleSize,
            config.Dimensions(text.NullConditionTokens, timestep.UsesMicroConditions), timestep, text,
            PixArtTransformer.BackboneParameterCount(config) + timestep.ParameterCount + text.ParameterCount);
    }

    /// <inheritdoc />
    public DenoiserModule Create(ComponentContext context)
    {
        using var weights = ResolvedWeights.Open(context);
        return Create(context, weights.Config, weights.Source, weights.Layout, weights.Origin);
    }

    /// <summary>
    /// Builds the model for <paramref name="config"/> with the context's conditioning children sized for
    /// <paramref name="source"/>, then loads it (layout detected when <paramref name="layout"/> is null) or, without a source,
    /// initialises from scratch (reference 1.11). The model ends on the runtime device and dtype. The checkpoint's headers are
    /// checked against <paramref name="config"/> first (<paramref name="origin"/> names where the dimensions came from).
    /// </summary>
    public static PixArtTransformer Create(ComponentContext context, PixArtTransformerConfig config, IWeightSource? source, CheckpointLayout? layout = null, string? origin = null)
    {
        var resolved = source is null ? (CheckpointLayout?)null : layout ?? PixArtCheckpoint.DetectLayout(source);
        if (source is not null) BackboneCheckpoint.Check(source, resolved!.Value, Validated(context, config), origin ?? context.ConfigPath);
        ComponentCheckpoint? For(string prefix) => source is null ? null : CheckpointFor(source, resolved!.Value, prefix);
        var model = Build(context, config, For(PixArtTransformer.TimestepConditioningPrefix), For(PixArtTransformer.TextConditioningPrefix));
        try
        {
            model.to(context.Runtime.Device);
            model.to(context.Runtime.DType);
            if (source is null) model.InitializeWeights();
            else PixArtCheckpoint.Load(model, source, resolved);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public string Save(DenoiserModule model, IWeightStore store, string path, CheckpointLayout layout) =>
        PixArtCheckpoint.Save(model, store, path, layout);

    /// <summary>
    /// Builds the randomly initialised model (CPU, float32) for <paramref name="config"/> with the conditioning children of
    /// <paramref name="context"/>, each sized for its part of the checkpoint when one will be loaded.
    /// </summary>
    public static PixArtTransformer Build(ComponentContext context, PixArtTransformerConfig config,
        ComponentCheckpoint? timestepCheckpoint = null, ComponentCheckpoint? textCheckpoint = null)
    {
        config = Validated(context, config);
        var timestepChild = context.Child(TimestepChild);
        var textChild = context.Child(TextChild);
        var timestep = timestepChild.FactoryAs<ITimestepConditioningFactory>().Create(timestepChild.Context, config.Dimensions(), timestepCheckpoint);
        TextConditioningModule text;
        try
        {
            text = textChild.FactoryAs<ITextConditioningFactory>().Create(textChild.Context, config.Dimensions(), textCheckpoint);
        }
        catch
        {
            timestep.Dispose();
            throw;
        }
        return new PixArtTransformer(config, timestep, text) { ConditioningTypes = (timestepChild.TypeId, textChild.TypeId) };
    }

    /// <summary>What the conditioning component under <paramref name="prefix"/> sees of <paramref name="source"/>: its own keys in the native layout, all keys otherwise.</summary>
    internal static ComponentCheckpoint CheckpointFor(IWeightSource source, CheckpointLayout layout, string prefix) =>
        new(layout == CheckpointLayout.Native ? new PrefixedWeightSource(source, prefix) : source, layout);

    private static PixArtTransformerConfig Validated(ComponentContext context, PixArtTransformerConfig config)
    {
        try
        {
            config.Validate();
            return config;
        }
        catch (ArgumentException e)
        {
            // Dimensions come from a preset, config.json and the options: name the section they were resolved for.
            throw new ArgumentException($"{context.ConfigPath}: {e.Message}", e);
        }
    }
}
