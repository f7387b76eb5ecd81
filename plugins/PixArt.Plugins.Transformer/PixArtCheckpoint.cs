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

    /// <summary>
    /// Guesses the layout from the keys; throws <see cref="WeightFormatException"/> naming the source and a few of its keys
    /// when it does not look like a PixArt (or DiT) transformer at all (e.g. a VAE or text-encoder file).
    /// </summary>
    public static CheckpointLayout DetectLayout(IWeightSource source)
    {
        var keys = source.Keys;
        if (keys.Any(k => k.StartsWith("timestep_conditioning.", StringComparison.Ordinal) || k.StartsWith("text_conditioning.", StringComparison.Ordinal)))
            return CheckpointLayout.Native;
        if (keys.Any(k => k.StartsWith("transformer_blocks.", StringComparison.Ordinal) || k.StartsWith("adaln_single.", StringComparison.Ordinal)
                          || k.StartsWith("caption_projection.", StringComparison.Ordinal)) && keys.Contains("pos_embed.proj.weight"))
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
    public static CheckpointLayout? ParseLayout(string? value) => value?.ToLowerInvariant() switch
    {
        null or "" or "auto" => null,
        "diffusers" => CheckpointLayout.Diffusers,
        "official" => CheckpointLayout.Official,
        "native" => CheckpointLayout.Native,
        _ => throw new ArgumentException($"WeightsLayout '{value}' is unknown; allowed: {string.Join(", ", PixArtTransformerOptions.Layouts)}"),
    };

    /// <summary>
    /// Loads <paramref name="source"/> strictly into <paramref name="model"/> (layout detected when null), converting to the
    /// model's dtype and device. Missing, unexpected and shape-mismatched keys are reported together with the source path.
    /// A stored official <c>pos_embed</c> is ignored; the null caption is optional in the diffusers layout (it has none).
    /// </summary>
    public static CheckpointLayout Load(DenoiserModule model, IWeightSource source, CheckpointLayout? layout = null)
    {
        var resolved = layout ?? DetectLayout(source);
        if (resolved == CheckpointLayout.Native)
        {
            ModuleWeights.LoadStrict(model, source);
            return resolved;
        }
        var map = model.KeyMap(resolved);
        ModuleWeights.LoadStrict(model, source, map);
        // A layout without the learned null caption (diffusers): guidance must encode a negative prompt instead.
        if (model.state_dict().Keys.Any(k => k.StartsWith("text_conditioning.", StringComparison.Ordinal) && map.IsAbsent(k)))
            model.TextConditioning.HasLearnedNullCondition = false;
        return resolved;
    }

    /// <summary>
    /// Saves <paramref name="model"/> in <paramref name="layout"/> through <paramref name="store"/> (safetensors). A path ending in
    /// <c>.safetensors</c> is written as that file; any other path is a folder that receives <see cref="DiffusersWeightsFile"/>
    /// plus a diffusers <c>config.json</c> (diffusers layout) or <see cref="ModelFile"/> (official, native).
    /// The diffusers layout has no learned null caption: it is dropped, as both reference converters do.
    /// Returns the weights file written.
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
            if (layout == CheckpointLayout.Diffusers && model is PixArtTransformer transformer)
                File.WriteAllText(Path.Combine(path, "config.json"), DiffusersConfigJson(transformer));
        }
        else
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["pixart.layout"] = layout.ToString().ToLowerInvariant() };
        store.Save(file, tensors, metadata);
        return file;
    }

    /// <summary>The model's tensors under <paramref name="layout"/>'s keys (views owned by the model; fused tensors split).</summary>
    public static Dictionary<string, Tensor> Export(DenoiserModule model, CheckpointLayout layout) =>
        ModuleWeights.Export(model, layout == CheckpointLayout.Native ? null : model.KeyMap(layout));

    /// <summary>The diffusers <c>config.json</c> text for <paramref name="model"/> (reference 2.4 fields).</summary>
    public static string DiffusersConfigJson(PixArtTransformer model)
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
        return JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true });
    }

    [GeneratedRegex(@"^blocks\.\d+\.(attn|mlp|cross_attn|adaLN_modulation)\.")]
    private static partial Regex OfficialBlockKey();
}
