using System.Text.Json;
using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Weights;
using PixArt.Nn.Layers;
using TorchSharp;

namespace PixArt.Plugins.Transformer;

/// <summary>
/// Creates <see cref="PixArtTransformer"/>: resolves the dimensions (preset, config.json, options), creates the conditioning
/// children (<c>TimestepConditioning</c>, <c>TextConditioning</c>), loads the weights strictly or initialises from scratch,
/// and moves the model to the runtime device and dtype.
/// </summary>
public sealed class PixArtTransformerFactory : IDenoiserFactory
{
    /// <summary>Child section of the timestep conditioning.</summary>
    public const string TimestepChild = "TimestepConditioning";

    /// <summary>Child section of the text conditioning.</summary>
    public const string TextChild = "TextConditioning";

    /// <inheritdoc />
    public DenoiserModule Create(ComponentContext context)
    {
        var options = context.GetOptions<PixArtTransformerOptions>();
        var config = options.Preset is null ? PixArtTransformerConfig.Default : PixArtTransformerConfig.FromPreset(options.Preset);
        var layout = PixArtCheckpoint.ParseLayout(options.WeightsLayout);
        IWeightSource? source = null;
        try
        {
            if (options.Weights is not null)
            {
                var path = ResolveWeightsFolder(context.ResolvePath(options.Weights));
                var configJson = Directory.Exists(path) ? Path.Combine(path, "config.json") : null;
                if (configJson is not null && File.Exists(configJson))
                {
                    using var doc = JsonDocument.Parse(File.ReadAllBytes(configJson));
                    config = PixArtTransformerConfig.FromDiffusersConfig(doc.RootElement, config, configJson);
                }
                var store = context.Services?.GetService(typeof(IWeightStore)) as IWeightStore
                    ?? throw new InvalidOperationException($"{context.ConfigPath}: loading Weights needs an {nameof(IWeightStore)} service from the host");
                source = store.Open(path);
            }
            config = config.With(options);
            return Create(context, config, source, layout);
        }
        finally
        {
            source?.Dispose();
        }
    }

    /// <summary>
    /// Builds the model for <paramref name="config"/> with the context's conditioning children, then loads <paramref name="source"/>
    /// (layout detected when <paramref name="layout"/> is null) or, without a source, initialises from scratch (reference 1.11).
    /// A null <see cref="PixArtTransformerConfig.CaptionTokens"/> is taken from the checkpoint's null caption, else 120.
    /// The model ends on the runtime device and dtype.
    /// </summary>
    public static PixArtTransformer Create(ComponentContext context, PixArtTransformerConfig config, IWeightSource? source, CheckpointLayout? layout = null)
    {
        CheckpointLayout? resolved = source is null ? null : layout ?? PixArtCheckpoint.DetectLayout(source);
        if (config.CaptionTokens is null)
            config = config with { CaptionTokens = source is null ? null : NullCaptionTokens(source, resolved!.Value) };
        if (config.MicroConditions is null && source is not null)
            config = config with { MicroConditions = HasMicroConditions(source) };
        var model = Build(context, config);
        try
        {
            model.to(context.Runtime.Device);
            model.to(context.Runtime.DType);
            if (source is null)
            {
                model.InitializeWeights();
                model.TextConditioning.HasLearnedNullCondition = false; // initialised, not learned
            }
            else PixArtCheckpoint.Load(model, source, resolved);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Builds the randomly initialised model (CPU, float32) with the conditioning children of <paramref name="context"/>.</summary>
    public static PixArtTransformer Build(ComponentContext context, PixArtTransformerConfig config)
    {
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            // Dimensions come from a preset, config.json and the options: name the section they were resolved for.
            throw new ArgumentException($"{context.ConfigPath}: {e.Message}", e);
        }
        var dims = new DenoiserDimensions(config.HiddenSize, config.Depth, config.Heads, config.CaptionChannels,
            config.CaptionTokens ?? PixArtTransformerConfig.DefaultCaptionTokens, config.MicroConditions);
        var timestepChild = context.Child(TimestepChild);
        var textChild = context.Child(TextChild);
        var timestep = timestepChild.FactoryAs<ITimestepConditioningFactory>().Create(timestepChild.Context, dims);
        TextConditioningModule text;
        try
        {
            text = textChild.FactoryAs<ITextConditioningFactory>().Create(textChild.Context, dims);
        }
        catch
        {
            timestep.Dispose();
            throw;
        }
        return new PixArtTransformer(config with { CaptionTokens = dims.CaptionTokens }, timestep, text);
    }

    // A Hugging Face model root (model_index.json + transformer/) stands for its transformer folder.
    private static string ResolveWeightsFolder(string path)
    {
        var transformer = Path.Combine(path, "transformer");
        return Directory.Exists(path) && File.Exists(Path.Combine(path, "model_index.json")) && Directory.Exists(transformer) ? transformer : path;
    }

    private static int? NullCaptionTokens(IWeightSource source, CheckpointLayout layout)
    {
        var key = layout switch
        {
            CheckpointLayout.Official => "y_embedder.y_embedding",
            CheckpointLayout.Native => "text_conditioning.y_embedding",
            _ => null,
        };
        if (key is null || !source.Keys.Contains(key)) return null;
        var shape = source.Describe(key).Shape;
        return shape.Length == 2 ? (int)shape[0] : null;
    }

    // A checkpoint holding size/aspect-ratio embedders (any layout) was trained with micro-conditions.
    private static bool HasMicroConditions(IWeightSource source) => source.Keys.Any(k =>
        k.StartsWith("csize_embedder.", StringComparison.Ordinal)
        || k.StartsWith("adaln_single.emb.resolution_embedder.", StringComparison.Ordinal)
        || k.StartsWith("timestep_conditioning.csize_embedder.", StringComparison.Ordinal));
}
