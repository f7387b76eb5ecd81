using System.Text.Json;
using System.Text.RegularExpressions;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Weights;
using PixArt.Nn.Weights;
using static TorchSharp.torch;

namespace PixArt.Plugins.Transformer;

/// <summary>Loading and saving PixArt transformer checkpoints in the official, diffusers and native layouts.</summary>
public static partial class PixArtCheckpoint
{
    /// <summary>File name of the weights inside a diffusers component folder.</summary>
    public const string DiffusersWeightsFile = "diffusion_pytorch_model.safetensors";

    /// <summary>File name of the weights inside a folder saved in the official or native layout.</summary>
    public const string ModelFile = "model.safetensors";

    /// <summary>Key of a saved folder's <c>config.json</c> recording the conditioning children's <c>Type</c> ids.</summary>
    public const string ConditioningKey = "pixart_conditioning";

    /// <summary>The one metadata key a checkpoint's layout is recorded under (written by <see cref="Save"/>, read on load).</summary>
    public const string LayoutMetadataKey = MetadataKeys.Layout;

    /// <summary>
    /// The layout recorded in the metadata (<see cref="LayoutMetadataKey"/>), else guessed from the backbone's keys; throws
    /// <see cref="WeightFormatException"/> naming the source and a few of its keys when it does not look like a PixArt (or DiT)
    /// transformer at all (e.g. a VAE or text-encoder file), or when the recorded layout is unknown.
    /// </summary>
    public static CheckpointLayout DetectLayout(IWeightSource source)
    {
        if (source.Metadata.TryGetValue(LayoutMetadataKey, out var recorded))
            return ParseLayoutOrNull(recorded) ?? throw new WeightFormatException(
                $"{source.Path}: metadata {LayoutMetadataKey} = '{recorded}' is unknown; allowed: diffusers, official, native");
        var keys = source.Keys;
        if (keys.Any(k => k.StartsWith(PixArtTransformer.TimestepConditioningPrefix, StringComparison.Ordinal)
                          || k.StartsWith(PixArtTransformer.TextConditioningPrefix, StringComparison.Ordinal)))
            return CheckpointLayout.Native;
        if (keys.Contains("pos_embed.proj.weight") && keys.Any(k => k.StartsWith("transformer_blocks.", StringComparison.Ordinal)))
            return CheckpointLayout.Diffusers;
        if (keys.Contains("x_embedder.proj.weight") && keys.Any(k => OfficialBlockKey().IsMatch(k)))
            return CheckpointLayout.Official;
        var sample = keys.Order(StringComparer.Ordinal).Take(8);
        throw new WeightFormatException(
            $"{source.Path}: does not look like a PixArt transformer checkpoint (expected official keys such as x_embedder.proj.weight and " +
            $"blocks.0.attn.qkv.weight, or diffusers keys such as pos_embed.proj.weight and transformer_blocks.0.attn1.to_q.weight); " +
            $"it has {keys.Count} keys, e.g. {string.Join(", ", sample)}");
    }

    /// <summary>Parses a <c>WeightsLayout</c> option value; null for <c>auto</c>.</summary>
    public static CheckpointLayout? ParseLayout(string? value) => value is null or "" || value.Equals("auto", StringComparison.OrdinalIgnoreCase) ? null
        : ParseLayoutOrNull(value) ?? throw new ArgumentException($"WeightsLayout '{value}' is unknown; allowed: {string.Join(", ", PixArtTransformerOptions.Layouts)}");

    private static CheckpointLayout? ParseLayoutOrNull(string value) => value.ToLowerInvariant() switch
    {
        "diffusers" => CheckpointLayout.Diffusers,
        "official" => CheckpointLayout.Official,
        "native" => CheckpointLayout.Native,
        _ => null,
    };

    /// <summary>
    /// Loads <paramref name="source"/> strictly into <paramref name="model"/> (layout detected when null), converting to the
    /// model's dtype and device. Missing, unexpected and shape-mismatched keys are reported together with the source path.
    /// A stored official <c>pos_embed</c> is ignored; the null caption is optional in the diffusers layout (it has none).
    /// </summary>
    public static CheckpointLayout Load(DenoiserModule model, IWeightSource source, CheckpointLayout? layout = null)
    {
        var resolved = layout ?? DetectLayout(source);
        ModuleWeights.LoadStrict(model, source, model.KeyMap(resolved));
        return resolved;
    }

    /// <summary>
    /// Saves <paramref name="model"/> in <paramref name="layout"/> through <paramref name="store"/> (safetensors, atomically) with
    /// the layout in the metadata (<see cref="LayoutMetadataKey"/>). A path ending in <c>.safetensors</c> is written as that
    /// file; any other path is a folder that receives <see cref="DiffusersWeightsFile"/> (diffusers layout) or
    /// <see cref="ModelFile"/> (official, native) plus a diffusers-style <c>config.json</c> with the dimensions, so a
    /// <c>Weights</c> option naming the folder loads it without further settings. The diffusers layout has no learned null
    /// caption: it is dropped, as both reference converters do. Returns the weights file written.
    /// </summary>
    public static string Save(DenoiserModule model, IWeightStore store, string path, CheckpointLayout layout)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(store);
        var tensors = Export(model, layout);
        var isFile = path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);
        var file = path;
        if (!isFile)
        {
            Directory.CreateDirectory(path);
            file = Path.Combine(path, layout == CheckpointLayout.Diffusers ? DiffusersWeightsFile : ModelFile);
            if (model is PixArtTransformer transformer)
                File.WriteAllText(Path.Combine(path, "config.json"), DiffusersConfigJson(transformer, layout) + "\n");
        }
        else
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        var metadata = new Dictionary<string, string> { ["format"] = "pt", [LayoutMetadataKey] = layout.ToString().ToLowerInvariant() };
        store.Save(file, tensors, metadata);
        return file;
    }

    /// <summary>The model's tensors under <paramref name="layout"/>'s keys (views owned by the model; fused tensors split).</summary>
    public static Dictionary<string, Tensor> Export(DenoiserModule model, CheckpointLayout layout) =>
        ModuleWeights.Export(model, model.KeyMap(layout));

    /// <summary>
    /// The diffusers <c>config.json</c> text for <paramref name="model"/> (reference 2.4 fields). Only the diffusers layout,
    /// which exists for adaLN-single models alone, names a <c>norm_type</c>: the other layouts' folders describe the
    /// dimensions and leave the conditioning to the configuration.
    /// </summary>
    public static string DiffusersConfigJson(PixArtTransformer model, CheckpointLayout layout = CheckpointLayout.Diffusers)
    {
        var c = model.Config;
        var config = new Dictionary<string, object?>
        {
            ["_class_name"] = "PixArtTransformer2DModel",
            ["activation_fn"] = "gelu-approximate",
            ["attention_bias"] = true,
            ["attention_head_dim"] = c.HiddenSize / c.Heads,
            ["attention_type"] = "default",
            ["caption_channels"] = c.CaptionChannels,
            ["cross_attention_dim"] = c.HiddenSize,
            ["double_self_attention"] = false,
            ["dropout"] = 0.0,
            ["in_channels"] = c.InChannels,
            ["interpolation_scale"] = c.EffectiveInterpolationScale,
            ["norm_elementwise_affine"] = false,
            ["norm_eps"] = 1e-6,
            ["norm_num_groups"] = 32,
            ["norm_type"] = "ada_norm_single",
            ["num_attention_heads"] = c.Heads,
            ["num_embeds_ada_norm"] = 1000,
            ["num_layers"] = c.Depth,
            ["num_vector_embeds"] = null,
            ["only_cross_attention"] = false,
            ["out_channels"] = c.OutChannels,
            ["patch_size"] = c.PatchSize,
            ["sample_size"] = c.SampleSize,
            ["upcast_attention"] = false,
            ["use_additional_conditions"] = model.TimestepConditioning.UsesMicroConditions,
            ["use_linear_projection"] = false,
        };
        if (layout != CheckpointLayout.Diffusers) config.Remove("norm_type");
        // The conditioning children's Type ids, so PixArt:Denoiser:Weights naming the folder is all a configuration needs
        // (the host reads this key); diffusers ignores keys it does not know.
        if (model.ConditioningTypes is { } types)
            config[ConditioningKey] = new Dictionary<string, string> { ["TimestepConditioning"] = types.Timestep, ["TextConditioning"] = types.Text };
        return JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true });
    }

    [GeneratedRegex(@"^blocks\.\d+\.(attn|mlp)\.")]
    private static partial Regex OfficialBlockKey();
}
