using System.Text.Json;
using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Weights;

namespace PixArt.Plugins.Transformer;

/// <summary>
/// The architecture and the (opened, not yet read) checkpoint a <c>pixart-transformer</c> section asks for: dimensions
/// from the defaults, the preset, the <c>config.json</c> beside the weights and the explicit options, in that order of
/// precedence; the checkpoint's layout from the option, its metadata or its keys. Disposing closes the checkpoint.
/// </summary>
internal sealed class ResolvedWeights : IDisposable
{
    private ResolvedWeights(PixArtTransformerConfig config, IWeightSource? source, CheckpointLayout? layout, string origin)
    {
        Config = config;
        Source = source;
        Layout = layout;
        Origin = origin;
    }

    /// <summary>Where the dimensions came from, for messages (the section, and the config.json when one was read).</summary>
    public string Origin { get; }

    public PixArtTransformerConfig Config { get; }

    public IWeightSource? Source { get; }

    public CheckpointLayout? Layout { get; }

    public static ResolvedWeights Open(ComponentContext context)
    {
        var options = context.GetOptions<PixArtTransformerOptions>();
        var config = options.Preset is null ? PixArtTransformerConfig.Default : PixArtTransformerConfig.FromPreset(options.Preset);
        if (options.Weights is null) return new ResolvedWeights(config.With(options), null, null, context.ConfigPath);

        var path = ModelRootToTransformer(context.ResolvePath(options.Weights));
        var configJson = Directory.Exists(path) ? Path.Combine(path, "config.json") : null;
        var origin = context.ConfigPath;
        if (configJson is not null && File.Exists(configJson))
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(File.ReadAllBytes(configJson));
            }
            catch (JsonException e)
            {
                throw new WeightFormatException($"{configJson}: not valid JSON ({e.Message})", e);
            }
            using (doc)
            {
                config = PixArtTransformerConfig.FromDiffusersConfig(doc.RootElement, config, configJson);
                CheckRecordedConditioning(context, doc.RootElement, configJson);
            }
            origin = $"{configJson} with {context.ConfigPath}";
        }
        var store = context.Services?.GetService(typeof(IWeightStore)) as IWeightStore
            ?? throw new InvalidOperationException($"{context.ConfigPath}: loading Weights needs an {nameof(IWeightStore)} service from the host");
        var source = store.Open(path);
        try
        {
            var layout = PixArtCheckpoint.ParseLayout(options.WeightsLayout) ?? PixArtCheckpoint.DetectLayout(source);
            return new ResolvedWeights(config.With(options), source, layout, origin);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    // A folder saved by this plugin records the conditioning it was made with; another one cannot load its weights.
    private static void CheckRecordedConditioning(ComponentContext context, JsonElement json, string configJson)
    {
        if (!json.TryGetProperty(PixArtCheckpoint.ConditioningKey, out var recorded) || recorded.ValueKind != JsonValueKind.Object) return;
        foreach (var child in new[] { PixArtTransformerFactory.TimestepChild, PixArtTransformerFactory.TextChild })
        {
            if (!recorded.TryGetProperty(child, out var type) || type.ValueKind != JsonValueKind.String) continue;
            if (!context.Children.TryGetValue(child, out var configured) || configured.TypeId == type.GetString()) continue;
            throw new WeightFormatException(
                $"{configJson}: the weights were saved with {child} '{type.GetString()}' but {context.ConfigPath}:{child}:Type is '{configured.TypeId}'; set it to '{type.GetString()}'");
        }
    }

    /// <summary>What a conditioning component under <paramref name="prefix"/> sees of the checkpoint (its own keys in the native layout).</summary>
    public ComponentCheckpoint? For(string prefix) => Source is null ? null : PixArtTransformerFactory.CheckpointFor(Source, Layout!.Value, prefix);

    public void Dispose() => Source?.Dispose();

    // A Hugging Face model root (model_index.json + transformer/) stands for its transformer folder.
    private static string ModelRootToTransformer(string path)
    {
        var transformer = Path.Combine(path, "transformer");
        return Directory.Exists(path) && File.Exists(Path.Combine(path, "model_index.json")) && Directory.Exists(transformer) ? transformer : path;
    }
}
